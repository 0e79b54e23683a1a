import type { Call, CallStatus } from '../contract/call'
import type { Bindings } from '../env'
import { type Keyset, pageOf } from './cursor'
import type { LedgerWrite } from './outbox'
import { applyOrQueue } from './writes'

/** A call about to be sent to its vendor: recorded before the request, so it can never go unrecorded. */
export interface PendingCall {
  ref: string
  provider: string
  agentId: string
  to: string
  campaignId: string | null
  /** A routed call: the vendor agent it is placed with (agentId is then the portable agent). */
  targetAgentId?: string | null
}

export interface CallRecord {
  ref: string
  project: string
  campaignId: string | null
  /** The recorded Call (transcript left out), null while pending. */
  call: Call | null
}

const FINAL: ReadonlySet<CallStatus> = new Set([
  'completed',
  'failed',
  'no_answer',
  'busy',
  'voicemail',
  'canceled',
])
export const isFinal = (status: CallStatus) => FINAL.has(status)

/** The vendor's object is kept for `?include=raw` on lists only while it stays small. */
const MAX_RAW_BYTES = 16_000

/** What lists show: the call without its transcript (read the call for it). */
const summary = (call: Call): Call => {
  const { providerData, warnings: _warnings, ...rest } = call
  const raw = providerData === undefined ? '' : JSON.stringify(providerData)
  return raw.length > 0 && raw.length <= MAX_RAW_BYTES
    ? { ...rest, transcript: null, providerData }
    : { ...rest, transcript: null }
}

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null)
/** When the call ended: the vendor's time, else (a final status without one) when we learned it. */
const endedAt = (call: Call, now: number) => ms(call.endedAt) ?? (isFinal(call.status) ? now : null)

/** The columns a pending row fills (both writers below). */
const PENDING_COLUMNS =
  '(ref, project, provider, agent_id, campaign_id, state, to_number, created_at, updated_at, status_at, target_agent_id)'

export async function recordPendingCalls(
  db: D1Database,
  project: string,
  calls: PendingCall[],
): Promise<void> {
  if (calls.length === 0) return
  const now = Date.now()
  // Multi-row inserts: a batch of 1,000 is 100 statements, not 1,000.
  await db.batch(
    chunked(calls, PENDING_ROW_PARAMS).map((rows) =>
      db
        .prepare(
          `INSERT INTO calls ${PENDING_COLUMNS}
           VALUES ${rows.map(() => "(?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)").join(', ')}`,
        )
        .bind(
          ...rows.flatMap((p) => [
            p.ref,
            project,
            p.provider,
            p.agentId,
            p.campaignId,
            p.to,
            now,
            now,
            now,
            p.targetAgentId ?? null,
          ]),
        ),
    ),
  )
}

/**
 * Records one pending call unless its project has suppressed the number: the check and the row in
 * one statement, so a direct create costs one D1 round trip before its vendor request, not two.
 * False when the number is suppressed (nothing was written).
 */
export async function recordPendingCallUnlessSuppressed(
  db: D1Database,
  project: string,
  call: PendingCall,
): Promise<boolean> {
  const now = Date.now()
  const result = await db
    .prepare(
      `INSERT INTO calls ${PENDING_COLUMNS}
       SELECT ?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7, ?7, ?7, ?8
       WHERE NOT EXISTS (SELECT 1 FROM suppressions WHERE project = ?2 AND number = ?6)`,
    )
    .bind(
      call.ref,
      project,
      call.provider,
      call.agentId,
      call.campaignId,
      call.to,
      now,
      call.targetAgentId ?? null,
    )
    .run()
  return result.meta.changes > 0
}

/** D1 binds at most 100 parameters to one statement (developers.cloudflare.com/d1/platform/limits). */
export const MAX_BOUND_PARAMS = 100
const PENDING_ROW_PARAMS = 10

/** `items` cut into runs whose rows (of `perRow` parameters, plus `fixed` shared ones) fit one statement. */
export function chunked<T>(items: readonly T[], perRow: number, fixed = 0): T[][] {
  const size = Math.max(1, Math.floor((MAX_BOUND_PARAMS - fixed) / perRow))
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}

/** `?, ?, ?`: one bound parameter per item. */
const marks = (count: number) => Array(count).fill('?').join(', ')
const placeholders = (count: number, perRow: number) =>
  Array(count)
    .fill(`(${marks(perRow)})`)
    .join(', ')

/**
 * Writes that turn pending rows into the vendor's calls, with their metadata indexed for filters.
 * They are multi-row statements within D1's parameter limit: a batch of 1,000 calls is about 150
 * statements instead of 4,000 (one D1 batch that large crashed workerd).
 * Moving a vendor id onto its completed row drops any stale row that held it and gives the call's
 * events their project (triggers of migrations/0009_completion_triggers.sql); when one batch holds
 * an id twice, its last call keeps it.
 */
export function completionsWrites(done: readonly { ref: string; call: Call }[]): LedgerWrite[] {
  const now = Date.now()
  const lastById = new Map<string, { ref: string; call: Call }>()
  for (const item of done) lastById.set(item.call.id, item)
  const kept = [...lastById.values()]
  const superseded = done.filter((item) => lastById.get(item.call.id) !== item).map((item) => item.ref)
  const writes: LedgerWrite[] = []
  for (const refs of chunked(superseded, 1)) {
    const list = marks(refs.length)
    writes.push({ sql: `DELETE FROM call_metadata WHERE ref IN (${list})`, params: refs })
    writes.push({ sql: `DELETE FROM calls WHERE ref IN (${list})`, params: refs })
  }
  // v.column1..8: id, status, ended_at, duration_seconds, cost_amount, cost_currency, body, ref.
  for (const rows of chunked(kept, 8, 1)) {
    writes.push({
      sql: `UPDATE calls SET id = v.column1, state = 'recorded', status = v.column2, updated_at = ?,
            ended_at = v.column3, duration_seconds = v.column4, cost_amount = v.column5,
            cost_currency = v.column6, body = v.column7
            FROM (VALUES ${placeholders(rows.length, 8)}) AS v WHERE calls.ref = v.column8`,
      params: [
        now,
        ...rows.flatMap(({ ref, call }) => [
          call.id,
          call.status,
          endedAt(call, now),
          call.durationSeconds,
          call.cost?.amount ?? null,
          call.cost?.currency ?? null,
          JSON.stringify(summary(call)),
          ref,
        ]),
      ],
    })
  }
  const metadata = kept.flatMap(({ ref, call }) =>
    Object.entries(call.metadata ?? {}).map(([key, value]) => [
      ref,
      key,
      value === null ? 'null' : String(value),
    ]),
  )
  for (const rows of chunked(metadata, 3)) {
    writes.push({
      sql: `INSERT OR REPLACE INTO call_metadata (ref, project, key, value, created_at)
            SELECT calls.ref, calls.project, v.column2, v.column3, calls.created_at
            FROM (VALUES ${placeholders(rows.length, 3)}) AS v JOIN calls ON calls.ref = v.column1`,
      params: rows.flat(),
    })
  }
  return writes
}

export async function completeCalls(
  env: Pick<Bindings, 'DB' | 'LEDGER_OUTBOX'>,
  project: string,
  done: { ref: string; call: Call }[],
): Promise<void> {
  await applyOrQueue(
    env,
    completionsWrites(done),
    done.map(({ call }) => ({ id: call.id, project })),
  )
}

/**
 * A create that failed: a refusal made nothing, so its row goes; an ambiguous one (the vendor may
 * have acted) stays, marked, for an operator to reconcile.
 */
export async function abandonPendingCalls(db: D1Database, refs: { ref: string; ambiguous: boolean }[]) {
  if (refs.length === 0) return
  const statements = (sql: string, list: string[]) =>
    chunked(list, 1).map((rows) => db.prepare(`${sql} (${marks(rows.length)})`).bind(...rows))
  await db.batch([
    ...statements(
      "UPDATE calls SET state = 'ambiguous' WHERE ref IN",
      refs.filter((r) => r.ambiguous).map((r) => r.ref),
    ),
    ...statements(
      'DELETE FROM calls WHERE ref IN',
      refs.filter((r) => !r.ambiguous).map((r) => r.ref),
    ),
  ])
}

export async function findCall(db: D1Database, id: string): Promise<CallRecord | null> {
  const row = await db
    .prepare('SELECT ref, project, campaign_id, body FROM calls WHERE id = ?')
    .bind(id)
    .first<{ ref: string; project: string; campaign_id: string | null; body: string | null }>()
  if (!row) return null
  return {
    ref: row.ref,
    project: row.project,
    campaignId: row.campaign_id,
    call: row.body ? (JSON.parse(row.body) as Call) : null,
  }
}

/**
 * The call as a vendor read or event saw it at `observedAt`. An older observation never replaces a
 * newer one, and a final status is never replaced by a live one. `view` is the body stored (the
 * call summarized), passed in when the caller has already made it.
 */
export function refreshWrite(
  call: Call,
  observedAt: number,
  view = JSON.stringify(summary(call)),
): LedgerWrite {
  const final = isFinal(call.status) ? 1 : 0
  return {
    sql: `UPDATE calls SET status = ?, status_at = ?, updated_at = ?, ended_at = ?, duration_seconds = ?,
          cost_amount = ?, cost_currency = ?,
          -- The vendor's view, with what only the ledger knows kept: a routed call's portable agent and attempts.
          body = json_set(?, '$.agentId', agent_id, '$.targetAgentId', target_agent_id,
            '$.attempts', json(json_extract(body, '$.attempts')))
          WHERE id = ? AND (status_at <= ? OR ? = 1)
          AND NOT (status IN ('completed','failed','no_answer','busy','voicemail','canceled') AND ? = 0)`,
    params: [
      call.status,
      observedAt,
      Date.now(),
      endedAt(call, Date.now()),
      call.durationSeconds,
      call.cost?.amount ?? null,
      call.cost?.currency ?? null,
      view,
      call.id,
      observedAt,
      final,
      final,
    ],
  }
}

/**
 * What this isolate last wrote for a call on a read, and when. A client polling a call sees the same
 * view many times: within REWRITE_AFTER_MS of writing it, an identical view is not written again (one
 * D1 write per poll was most of a GET's ledger work). The cost: an event observed inside that window
 * with another live status may stand until the next write (a later read or event); a final status
 * and any change of view are always written.
 */
const written = new Map<string, { view: string; at: number }>()
const REWRITE_AFTER_MS = 5_000
const MAX_WRITTEN = 10_000

export async function refreshCall(db: D1Database, call: Call, observedAt = Date.now()): Promise<void> {
  const view = JSON.stringify(summary(call))
  const last = written.get(call.id)
  if (last && last.view === view && observedAt - last.at < REWRITE_AFTER_MS && !isFinal(call.status)) return
  const w = refreshWrite(call, observedAt, view)
  await db
    .prepare(w.sql)
    .bind(...w.params)
    .run()
  if (written.size >= MAX_WRITTEN) written.clear()
  written.set(call.id, { view, at: observedAt })
}

export interface CallFilters {
  provider?: string
  agentId?: string
  campaignId?: string
  statuses?: CallStatus[]
  to?: string
  createdAfter?: number
  createdBefore?: number
  metadata: [string, string][]
  /** The key's allow-list; null = every provider. */
  providers: readonly string[] | null
}

/** Newest first, keyset-paged on (created_at, ref); reads only the ledger. */
export async function listCalls(
  db: D1Database,
  project: string,
  filters: CallFilters,
  limit: number,
  after: Keyset | null,
) {
  const where = ['project = ?', 'id IS NOT NULL']
  const params: (string | number)[] = [project]
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return
    where.push(`${column} = ?`)
    params.push(value)
  }
  eq('provider', filters.provider)
  eq('agent_id', filters.agentId)
  eq('campaign_id', filters.campaignId)
  eq('to_number', filters.to)
  const inList = (column: string, values: readonly string[] | undefined) => {
    if (!values) return
    where.push(`${column} IN (${values.map(() => '?').join(', ') || 'NULL'})`)
    params.push(...values)
  }
  inList('status', filters.statuses)
  inList('provider', filters.providers ?? undefined)
  if (filters.createdAfter !== undefined) {
    where.push('created_at > ?')
    params.push(filters.createdAfter)
  }
  if (filters.createdBefore !== undefined) {
    where.push('created_at < ?')
    params.push(filters.createdBefore)
  }
  for (const [key, value] of filters.metadata) {
    where.push('ref IN (SELECT ref FROM call_metadata WHERE project = ? AND key = ? AND value = ?)')
    params.push(project, key, value)
  }
  if (after) {
    where.push('(created_at, ref) < (?, ?)')
    params.push(after.t, after.r)
  }
  const { results } = await db
    .prepare(
      `SELECT ref, created_at, campaign_id, body FROM calls WHERE ${where.join(' AND ')}
       ORDER BY created_at DESC, ref DESC LIMIT ?`,
    )
    .bind(...params, limit + 1)
    .all<{ ref: string; created_at: number; campaign_id: string | null; body: string }>()
  return pageOf(
    project,
    results,
    limit,
    (row) => ({ t: row.created_at, r: row.ref }),
    (row) => ({ ...(JSON.parse(row.body) as Call), campaignId: row.campaign_id }),
  )
}
