import type { DeliveryState } from '../contract/event-record'
import type { CampaignEvent } from '../contract/events'

/** An event's delivery state as the ledger keeps it. */
export interface DeliveryUpdate {
  status: DeliveryState
  attempts: number
  lastAttemptAt: number | null
  lastResponseStatus: number | null
  lastError: string | null
  nextAttemptAt: number | null
}

/** A delivery nothing has been tried for yet: waiting for its first send, or with nowhere to go. */
export const idleDelivery = (status: 'pending' | 'no_destination'): DeliveryUpdate => ({
  status,
  attempts: 0,
  lastAttemptAt: null,
  lastResponseStatus: null,
  lastError: null,
  nextAttemptAt: null,
})

/** A later state never lowers the attempts counted, and a redelivery counts on from its base. */
export const UPSERT_DELIVERY = `ON CONFLICT (id) DO UPDATE SET destination = excluded.destination, delivery_status = excluded.delivery_status,
  attempts = MAX(events.attempts, events.attempt_base + excluded.attempts), last_attempt_at = excluded.last_attempt_at,
  last_response_status = excluded.last_response_status, last_error = excluded.last_error,
  next_attempt_at = excluded.next_attempt_at`

/**
 * A campaign event (or its latest delivery state): no call, its project is the campaign's. Apart
 * from src/ledger/events.ts so the campaign's Durable Object can record one without the Worker's env.
 */
export async function recordCampaignEvent(
  db: D1Database,
  event: CampaignEvent,
  destination: string | null,
  state: DeliveryUpdate,
): Promise<void> {
  const campaignId = event.data.campaign.id
  await db
    .prepare(
      `INSERT INTO events (id, project, call_id, campaign_id, type, provider, created_at, destination, delivery_status,
         attempts, last_attempt_at, last_response_status, last_error, next_attempt_at, transcript_truncated, payload)
       VALUES (?, (SELECT project FROM campaigns WHERE id = ?), NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
       ${UPSERT_DELIVERY}`,
    )
    .bind(
      event.id,
      campaignId,
      campaignId,
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
      JSON.stringify(event),
    )
    .run()
}
