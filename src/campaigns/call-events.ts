import type { WebhookEvent } from '../contract/events'
import type { Bindings } from '../env'
import { campaignObject } from './access'

const FINAL = new Set(['completed', 'failed', 'no_answer', 'busy', 'voicemail', 'canceled'])

/**
 * A call event reached the gateway (a vendor's hook, or the sandbox through the delivery queue).
 * For a call a campaign placed, the event's Call names the campaign (vendors do not know it), and a
 * final status settles that campaign's contact now rather than at its next read. Settling is
 * idempotent in the campaign; an event that overtook its call's record is left to that read.
 */
export async function campaignCallEvent(env: Bindings, event: WebhookEvent): Promise<WebhookEvent> {
  const call = event.data.call
  const campaignId =
    call.campaignId ??
    (
      await env.DB.prepare('SELECT campaign_id FROM calls WHERE id = ?')
        .bind(call.id)
        .first<{ campaign_id: string | null }>()
    )?.campaign_id
  if (!campaignId) return event
  if (FINAL.has(call.status)) await campaignObject(env, campaignId).callEvent(call.id, call.status)
  return { ...event, data: { call: { ...call, campaignId } } }
}
