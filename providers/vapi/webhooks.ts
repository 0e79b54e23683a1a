import type { CallStatus } from '../../src/contract/call'
import { FINAL_STATUSES } from '../../src/contract/call'
import { isRoutedHookFor } from '../kit/hook-url'
import { callEvent, readPayload } from '../kit/inbound'
import type { ProviderContext, WebhookOperations } from '../kit/types'
import { vendorTimestamp } from '../kit/vendor-values'
import { fromVendorCall } from './calls'
import { type VendorApi, vendor } from './client'
import {
  ServerMessageSchema,
  scrub,
  type VapiAssistant,
  type VapiAssistantBody,
  type VapiCall,
} from './vendor'

const PROVIDER_ID = vendor.id

export const STATUS_UPDATE = 'status-update'
export const END_OF_CALL_REPORT = 'end-of-call-report'
/** The server messages Switchboard asks for; Vapi sends only the types listed on the assistant. */
export const SERVER_MESSAGES = [STATUS_UPDATE, END_OF_CALL_REPORT]

/**
 * Vapi does not redeliver a rejected server message unless a backoffPlan says so (its default is
 * none; a third-party blog claims 3 retries: unconfirmed), so one is set explicitly.
 */
export const HOOK_BACKOFF_PLAN = { type: 'exponential', maxRetries: 3, baseDelaySeconds: 1 } as const

/** The `server` and `serverMessages` that make Vapi post a call's events to Switchboard. */
export const hookServer = (url: string): Pick<VapiAssistantBody, 'server' | 'serverMessages'> => ({
  server: { url, backoffPlan: HOOK_BACKOFF_PLAN },
  serverMessages: [...SERVER_MESSAGES],
})

/**
 * The assistant's hook, bound to that assistant: Switchboard's inbound URL for the agent's
 * webhookUrl, or routed per call (then WEBHOOK_URL) when it has none, so per-call webhookUrls work
 * on every assistant created through Switchboard. Undefined leaves the hook as it is; without a
 * usable origin only a webhookUrl the client named is refused (src/webhooks/inbound-url.ts).
 */
export async function assistantHook(
  ctx: ProviderContext,
  webhookUrl: string | null | undefined,
  assistantId: string,
): Promise<Pick<VapiAssistantBody, 'server' | 'serverMessages'> | undefined> {
  if (webhookUrl === undefined || (!webhookUrl && !ctx.hooks.canBuild())) return undefined
  return hookServer(await ctx.hooks.inboundUrl(PROVIDER_ID, webhookUrl, assistantId))
}

/**
 * Creates an assistant with its hook. The token must name the assistant, whose id Vapi assigns on
 * create: so it is created first and its hook PATCHed right after, in the same request. Should that
 * second write fail, the assistant is deleted again rather than left without the hook the client
 * asked for (and the client, seeing an error, would create another).
 */
export async function createHookedAssistant(
  ctx: ProviderContext,
  client: VendorApi,
  body: VapiAssistantBody,
  webhookUrl: string | null | undefined,
): Promise<VapiAssistant> {
  // Every assistant gets a hook when the deployment can build one; a named webhookUrl requires it.
  const wanted = webhookUrl === undefined ? (ctx.hooks.canBuild() ? null : undefined) : webhookUrl
  if (wanted) ctx.hooks.requireConfig() // refuses before anything is written
  const created = await client.createAssistant({ body })
  const hook = await assistantHook(ctx, wanted, created.id)
  if (!hook) return created
  try {
    return await client.updateAssistant({ id: created.id, body: hook })
  } catch (error) {
    await client.deleteAssistant({ id: created.id }).catch(() => undefined)
    throw error
  }
}

/**
 * A call's own server URL, bound to the call's assistant (Vapi assigns the call id): Switchboard's
 * inbound URL for its webhookUrl (Vapi prefers the call's server over the assistant's), or one
 * routed to WEBHOOK_URL when the assistant's hook is not Switchboard's for it. None otherwise: the
 * assistant's hook already reaches the client.
 */
export async function callHookUrl(
  ctx: ProviderContext,
  assistant: VapiAssistant,
  webhookUrl: string | undefined,
): Promise<string | undefined> {
  if (webhookUrl) return ctx.hooks.inboundUrl(PROVIDER_ID, webhookUrl, assistant.id)
  if (isRoutedHookFor(assistant.server?.url, PROVIDER_ID, assistant.id)) return undefined
  if (ctx.config.webhookUrl && ctx.hooks.canBuild())
    return ctx.hooks.inboundUrl(PROVIDER_ID, null, assistant.id)
  return undefined
}

/** The Vapi status a server message reports, or undefined for one that is no lifecycle step. */
const reportedStatus = (message: { type: string; status?: string | null }) =>
  message.type === END_OF_CALL_REPORT ? 'ended' : message.type === STATUS_UPDATE ? message.status : undefined

/**
 * Units of a server message's numeric `timestamp` per millisecond: the spec types it a number
 * without a unit; epoch milliseconds is what the payloads seen carry (unconfirmed). An ISO string
 * is read too.
 */
export const MESSAGE_TIMESTAMP_PER_MS = 1

const whenItHappened = (
  timestamp: number | string | null | undefined,
  call: VapiCall,
  status: CallStatus,
) => {
  if (typeof timestamp === 'number') return new Date(timestamp / MESSAGE_TIMESTAMP_PER_MS).toISOString()
  return (
    vendorTimestamp(timestamp) ??
    (FINAL_STATUSES.has(status) ? vendorTimestamp(call.endedAt) : null) ??
    new Date().toISOString()
  )
}

export const webhooks: WebhookOperations = {
  async parse(_ctx, { body }) {
    const { message } = readPayload(
      PROVIDER_ID,
      ServerMessageSchema,
      body,
      'The body is not a Vapi server message.',
    )
    const status = reportedStatus(message)
    const reported = message.call
    // Anything else (tool calls, transcripts, speech updates …) is acknowledged and ignored.
    if (!status || !reported) return null
    // forwarding is a transfer in progress: the call stays in_progress, which it already reported.
    if (status === 'forwarding') return null
    const vendorCall: VapiCall = {
      ...reported,
      status,
      endedReason: message.endedReason ?? reported.endedReason,
      artifact: message.artifact ?? reported.artifact,
      analysis: message.analysis ?? reported.analysis,
      cost: message.cost ?? reported.cost,
      startedAt: message.startedAt ?? reported.startedAt,
      endedAt: message.endedAt ?? reported.endedAt,
    }
    const call = fromVendorCall(vendorCall)
    return callEvent({
      // Vapi sends no event id. The ended status-update and the end-of-call-report are one
      // terminal event (whichever arrives first); every other status is one event per call.
      vendorEventKey: `${reported.id}:${status}`,
      callVendorId: reported.id,
      createdAt: whenItHappened(message.timestamp, vendorCall, call.status),
      call,
      providerEvent: scrub(body as Record<string, unknown>),
    })
  },
}
