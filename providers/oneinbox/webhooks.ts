import { z } from 'zod'
import type { CallStatus } from '../../src/schemas/call'
import { eventTypeFor } from '../../src/webhooks/events'
import { canBuildHooks, inboundWebhookUrl } from '../../src/webhooks/inbound-url'
import { invalidPayload } from '../invalid-payload'
import type { ProviderContext, WebhookOperations } from '../types'
import { vendorTimestamp } from '../vendor-values'
import { PROVIDER_ID } from './map'
import { fromVendorCall } from './map-call'
import { CallResponseSchema, type OneInboxCall } from './vendor'

/**
 * The status word each lifecycle event stands for when its payload carries none. OneInbox
 * documents `call.started`, `call.ended`, `call.failed`; `call.analyzed`, `call.recording.available`
 * and `transcript.*` add no lifecycle step and are acknowledged without an event.
 */
export const STATUS_WORD_BY_EVENT: Readonly<Record<string, string>> = {
  'call.started': 'in_progress',
  'call.ended': 'completed',
  'call.failed': 'failed',
}

/**
 * OneInbox's payload is flat: `event`, `call_id`, `agent_id`, the numbers and `created_at`;
 * `call.ended` adds `status`, `duration_seconds`, `outcome` and a summary. The rest of the call
 * object is read where present (the docs leave it open). `timestamp` (when the event happened) is
 * unconfirmed: without it the call's own start or end time is used.
 */
export const OneInboxEventSchema = CallResponseSchema.partial()
  .omit({ id: true })
  .extend({
    event: z.string().min(1),
    call_id: z.string().min(1),
    agent_id: z.string().min(1),
    summary: z.string().nullish(),
    outcome: z.string().nullish(),
    timestamp: z.string().nullish(),
  })
export type OneInboxEvent = z.infer<typeof OneInboxEventSchema>

const whenItHappened = (payload: OneInboxEvent, status: CallStatus) =>
  vendorTimestamp(payload.timestamp) ??
  (status === 'in_progress' ? vendorTimestamp(payload.started_at) : vendorTimestamp(payload.ended_at)) ??
  new Date().toISOString()

export const oneInboxWebhooks: WebhookOperations = {
  async parse(_ctx, { body }) {
    const parsed = OneInboxEventSchema.safeParse(body)
    if (!parsed.success)
      throw invalidPayload(PROVIDER_ID, 'The body is not a OneInbox call event.', parsed.error)
    const payload = parsed.data
    const statusWord = payload.status ?? STATUS_WORD_BY_EVENT[payload.event]
    if (!STATUS_WORD_BY_EVENT[payload.event] || !statusWord) return null
    const { event: _event, call_id, summary, outcome: _outcome, timestamp: _timestamp, ...fields } = payload
    const vendorCall: OneInboxCall = {
      ...fields,
      id: call_id,
      status: statusWord,
      ai_summary: payload.ai_summary ?? summary,
    }
    const call = fromVendorCall(vendorCall, Date.now())
    const type = eventTypeFor(call.status)
    if (!type) return null
    return {
      vendorEventKey: `${call_id}:${payload.event}`,
      callVendorId: call_id,
      type,
      createdAt: whenItHappened(payload, call.status),
      call,
      providerEvent: payload,
    }
  },
}

/**
 * The `webhook_url` to give OneInbox for a call: Switchboard's inbound URL for the call's own
 * webhookUrl, or one routed to WEBHOOK_URL when the deployment has a default; none otherwise.
 * The call id is OneInbox's to assign, so the token names the call's agent, known beforehand.
 */
export async function callHookUrl(ctx: ProviderContext, webhookUrl: string | undefined, agentId: string) {
  if (webhookUrl) return inboundWebhookUrl(ctx, PROVIDER_ID, webhookUrl, agentId)
  if (ctx.config.webhookUrl && canBuildHooks(ctx)) return inboundWebhookUrl(ctx, PROVIDER_ID, null, agentId)
  return undefined
}
