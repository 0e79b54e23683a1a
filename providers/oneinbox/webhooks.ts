import { z } from 'zod'
import type { CallStatus } from '../../src/contract/call'
import { callEvent, readPayload } from '../kit/inbound'
import type { ProviderContext, WebhookOperations } from '../kit/types'
import { vendorTimestamp } from '../kit/vendor-values'
import { PROVIDER_ID } from './agents'
import { fromVendorCall } from './calls'
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

export const webhooks: WebhookOperations = {
  async parse(_ctx, { body }) {
    const payload = readPayload(
      PROVIDER_ID,
      OneInboxEventSchema,
      body,
      'The body is not a OneInbox call event.',
    )
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
    return callEvent({
      vendorEventKey: `${call_id}:${payload.event}`,
      callVendorId: call_id,
      createdAt: whenItHappened(payload, call.status),
      call,
      providerEvent: payload,
    })
  },
}

/**
 * The `webhook_url` to give OneInbox for a call: Switchboard's inbound URL for the call's own
 * webhookUrl, or one routed to WEBHOOK_URL when the deployment has a default; none otherwise.
 * The call id is OneInbox's to assign, so the token names the call's agent, known beforehand.
 */
export async function callHookUrl(ctx: ProviderContext, webhookUrl: string | undefined, agentId: string) {
  if (webhookUrl) return ctx.hooks.inboundUrl(PROVIDER_ID, webhookUrl, agentId)
  if (ctx.config.webhookUrl && ctx.hooks.canBuild()) return ctx.hooks.inboundUrl(PROVIDER_ID, null, agentId)
  return undefined
}
