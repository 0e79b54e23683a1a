import type { DeliveryState } from '../contract/event-record'
import { type AnyEvent, asDelivered, isCampaignEvent, type WebhookEvent } from '../contract/events'
import { refreshWrite } from './calls'
import { type DeliveryUpdate, recordCampaignEvent, UPSERT_DELIVERY } from './campaign-events'
import { type Keyset, pageOf } from './cursor'

/** Payloads are summaries in D1: past this the transcript goes (and, if still too big, the vendor's payload). */
export const MAX_PAYLOAD_BYTES = 64 * 1024

const bytes = (text: string) => new TextEncoder().encode(text).length

/** The payload as stored: the event, trimmed to fit. */
export function storedPayload(delivered: WebhookEvent): { json: string; truncated: boolean } {
  const event = asDelivered(delivered)
  const json = JSON.stringify(event)
  if (bytes(json) <= MAX_PAYLOAD_BYTES) return { json, truncated: false }
  const trimmed = { ...event, data: { ...event.data, call: { ...event.data.call, transcript: null } } }
  const slim = JSON.stringify(trimmed)
  if (bytes(slim) <= MAX_PAYLOAD_BYTES) return { json: slim, truncated: true }
  const { providerEvent: _dropped, ...rest } = trimmed
  return { json: JSON.stringify(rest), truncated: true }
}

export type { DeliveryUpdate }

/**
 * Records an event (first sight) or its latest delivery state, and applies the call it carries to
 * the call's record. The project is the recorded call's; an event that overtakes its call's
 * completion is adopted when that completion lands (src/ledger/calls.ts).
 */
export async function recordEvent(
  db: D1Database,
  event: AnyEvent,
  destination: string | null,
  state: DeliveryUpdate,
): Promise<void> {
  if (isCampaignEvent(event)) {
    await recordCampaignEvent(db, event, destination, state)
    return
  }
  const payload = storedPayload(event)
  const call = event.data.call
  const refresh = refreshWrite(call, Date.parse(event.createdAt))
  await db.batch([
    db
      .prepare(
        `INSERT INTO events (id, project, call_id, campaign_id, type, provider, created_at, destination, delivery_status,
           attempts, last_attempt_at, last_response_status, last_error, next_attempt_at, transcript_truncated, payload)
         VALUES (?, (SELECT project FROM calls WHERE id = ?), ?, (SELECT campaign_id FROM calls WHERE id = ?), ?, ?, ?, ?, ?,
           ?, ?, ?, ?, ?, ?, ?)
         ${UPSERT_DELIVERY}`,
      )
      .bind(
        event.id,
        call.id,
        call.id,
        call.id,
        event.type,
        event.provider,
        Date.parse(event.createdAt),
        destination,
        state.status,
        state.attempts,
        state.lastAttemptAt,
        state.lastResponseStatus,
        state.lastError,
        state.nextAttemptAt,
        payload.truncated ? 1 : 0,
        payload.json,
      ),
    db.prepare(refresh.sql).bind(...refresh.params),
  ])
}

/** A redelivery starts a fresh round of attempts, counted on from the ones before. */
export async function markRedelivery(db: D1Database, id: string, destination: string) {
  await db
    .prepare(
      "UPDATE events SET delivery_status = 'pending', destination = ?, next_attempt_at = ?, attempt_base = attempts WHERE id = ?",
    )
    .bind(destination, Date.now(), id)
    .run()
}

type Row = {
  id: string
  project: string
  call_id: string | null
  campaign_id: string | null
  type: string
  provider: string | null
  created_at: number
  destination: string | null
  delivery_status: DeliveryState
  attempts: number
  last_attempt_at: number | null
  last_response_status: number | null
  last_error: string | null
  next_attempt_at: number | null
  transcript_truncated: number
  payload: string
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** Only origin and path: a destination's query may carry the client's own secret. */
export const shownDestination = (url: string | null) => {
  if (url === null) return null
  try {
    const { origin, pathname } = new URL(url)
    return `${origin}${pathname}`
  } catch {
    return null
  }
}

export const toRecord = (row: Row, withPayload: boolean) => ({
  id: row.id,
  type: row.type,
  createdAt: new Date(row.created_at).toISOString(),
  provider: row.provider,
  callId: row.call_id,
  campaignId: row.campaign_id,
  destination: shownDestination(row.destination),
  delivery: {
    status: row.delivery_status,
    attempts: row.attempts,
    lastAttemptAt: iso(row.last_attempt_at),
    lastResponseStatus: row.last_response_status,
    lastError: row.last_error,
    nextAttemptAt: iso(row.next_attempt_at),
  },
  ...(row.transcript_truncated ? { transcriptTruncated: true } : {}),
  ...(withPayload ? { payload: JSON.parse(row.payload) as unknown } : {}),
})

export async function findEvent(db: D1Database, project: string, id: string): Promise<Row | null> {
  return db.prepare('SELECT * FROM events WHERE id = ? AND project = ?').bind(id, project).first<Row>()
}

export interface EventFilters {
  callId?: string
  campaignId?: string
  type?: string
  delivery?: DeliveryState
}

/** Newest first (or oldest first for one call's history), keyset-paged on (created_at, id). */
export async function listEvents(
  db: D1Database,
  project: string,
  filters: EventFilters,
  limit: number,
  after: Keyset | null,
  order: 'newest' | 'oldest',
) {
  const where = ['project = ?']
  const params: (string | number)[] = [project]
  for (const [column, value] of [
    ['call_id', filters.callId],
    ['campaign_id', filters.campaignId],
    ['type', filters.type],
    ['delivery_status', filters.delivery],
  ] as const) {
    if (value === undefined) continue
    where.push(`${column} = ?`)
    params.push(value)
  }
  const [cmp, dir] = order === 'newest' ? ['<', 'DESC'] : ['>', 'ASC']
  if (after) {
    where.push(`(created_at, id) ${cmp} (?, ?)`)
    params.push(after.t, after.r)
  }
  const { results } = await db
    .prepare(
      `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY created_at ${dir}, id ${dir} LIMIT ?`,
    )
    .bind(...params, limit + 1)
    .all<Row>()
  return pageOf(
    project,
    results,
    limit,
    (row) => ({ t: row.created_at, r: row.id }),
    (row) => toRecord(row, false),
  )
}
