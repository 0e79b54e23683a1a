import { z } from 'zod'
import { validationError } from '../../src/contract/errors'
import { batchRoutedByCall } from '../kit/agent-hooks'
import { isRoutedHookFor } from '../kit/hook-url'
import { callEvent, readPayload } from '../kit/inbound'
import type { BatchEntry, BatchOutcome, ProviderContext, WebhookOperations } from '../kit/types'
import { vendorTimestamp } from '../kit/vendor-values'
import { fromVendorCall } from './calls'
import { type VendorApi, vendor } from './client'
import type { DashaAgent, DashaAgentBody, DashaCall, DashaCallResult } from './vendor'
import { DashaCallResultSchema } from './vendor'

const PROVIDER_ID = vendor.id

/**
 * The call status each payload type stands for (docs/vendors/dasha.md § Webhooks). Start is sent as a call begins,
 * before Dasha reports it Running; Switchboard reads it as the call starting.
 */
export const STATUS_BY_PAYLOAD: Readonly<Record<string, string>> = {
  CompletedWebHookPayload: 'Completed',
  FailedWebHookPayload: 'Failed',
  CallDeadLineWebHookPayload: 'Canceled',
  StartWebHookPayload: 'Running',
}

const result = DashaCallResultSchema.shape

/** Fields every Dasha payload shares, plus what Completed and Failed add; unknown keys are kept. */
export const DashaWebhookSchema = z.looseObject({
  type: z.string().min(1),
  status: z.string().nullish(),
  callId: z.string().min(1),
  agentId: z.string().min(1),
  orgId: z.string().nullish(),
  callAdditionalData: z.record(z.string(), z.unknown()).nullish(),
  agentAdditionalData: z.record(z.string(), z.unknown()).nullish(),
  serverJobId: z.string().nullish(),
  endpoint: z.string().nullish(),
  sip: z.looseObject({ toUser: z.string().nullish(), fromUser: z.string().nullish() }).nullish(),
  createdTime: result.createdTime,
  completedTime: result.completedTime,
  callType: result.callType,
  durationSeconds: result.durationSeconds,
  transcription: result.transcription,
  result: result.result,
  errorMessage: result.errorMessage,
  inspectorUrl: result.inspectorUrl,
  recordingUrl: result.recordingUrl,
})
export type DashaWebhook = z.infer<typeof DashaWebhookSchema>

/** A payload as the call it reports: the queue object and, once the call ended, its result. */
function toVendorObjects(
  payload: DashaWebhook,
  status: string,
): { call: DashaCall; result?: DashaCallResult } {
  const endpoint = payload.endpoint ?? payload.sip?.toUser ?? ''
  const call: DashaCall = {
    callId: payload.callId,
    agentId: payload.agentId,
    endpoint,
    status,
    createdTime: payload.createdTime,
    completedTime: payload.completedTime,
    additionalData: payload.callAdditionalData,
  }
  if (status !== 'Completed' && status !== 'Failed') return { call }
  return {
    call,
    result: {
      callId: payload.callId,
      agentId: payload.agentId,
      endpoint,
      callStatus: status,
      callType: payload.callType,
      createdTime: payload.createdTime,
      completedTime: payload.completedTime,
      durationSeconds: payload.durationSeconds,
      transcription: payload.transcription,
      result: payload.result,
      errorMessage: payload.errorMessage,
      inspectorUrl: payload.inspectorUrl,
      recordingUrl: payload.recordingUrl,
    },
  }
}

export const webhooks: WebhookOperations = {
  async parse(_ctx, { body }) {
    const payload = readPayload(
      PROVIDER_ID,
      DashaWebhookSchema,
      body,
      'The body is not a Dasha BlackBox webhook payload.',
    )
    // Tool, Transfer and Unknown payloads are no call lifecycle step.
    const status = STATUS_BY_PAYLOAD[payload.type]
    if (!status) return null
    const { call: vendorCall, result: vendorResult } = toVendorObjects(payload, status)
    return callEvent({
      // Dasha may deliver a payload twice; a call reports each type once.
      vendorEventKey: `${payload.callId}:${payload.type}`,
      callVendorId: payload.callId,
      createdAt:
        (status === 'Running' ? null : vendorTimestamp(payload.completedTime)) ?? new Date().toISOString(),
      call: fromVendorCall(vendorCall, vendorResult, Date.now()),
      providerEvent: payload,
    })
  },
}

/**
 * Points the agent's resultWebhook at Switchboard, bound to that agent: for the agent's webhookUrl,
 * or routed per call (then WEBHOOK_URL) when it has none, so per-call webhookUrls work on every agent
 * created through Switchboard. An update that does not name webhookUrl leaves the hook as it is;
 * without a usable origin only a webhookUrl the client named is refused (src/webhooks/inbound-url.ts).
 */
export async function withResultWebhook(
  ctx: ProviderContext,
  body: DashaAgentBody,
  webhookUrl: string | null | undefined,
  agentId: string,
): Promise<DashaAgentBody> {
  if (webhookUrl === undefined || (!webhookUrl && !ctx.hooks.canBuild())) return body
  const url = await ctx.hooks.inboundUrl(PROVIDER_ID, webhookUrl, agentId)
  return { ...body, config: { ...body.config, resultWebhook: { url, headers: {} } } }
}

/**
 * Creates an agent with its hook. The token must name the agent, whose id Dasha assigns on create:
 * so the agent is created first and its hook set right after, in the same request. Should that
 * second write fail, the agent is deleted again rather than left without the hook the client asked
 * for (and the client, seeing an error, would create another).
 */
export async function createHookedAgent(
  ctx: ProviderContext,
  client: VendorApi,
  body: DashaAgentBody,
  webhookUrl: string | null | undefined,
): Promise<DashaAgent> {
  // Every agent gets a hook when the deployment can build one; a named webhookUrl requires it.
  const wanted = webhookUrl === undefined ? (ctx.hooks.canBuild() ? null : undefined) : webhookUrl
  if (wanted) ctx.hooks.requireConfig() // refuses before anything is written
  const created = await client.createAgent({ body })
  const hooked = await withResultWebhook(ctx, body, wanted, created.agentId)
  if (hooked === body) return created
  try {
    return await client.updateAgent({ id: created.agentId, body: hooked })
  } catch (error) {
    await client.deleteAgent({ id: created.agentId }).catch(() => undefined)
    throw error
  }
}

/**
 * A call's own webhookUrl reaches the client only through the agent's resultWebhook: refuse it,
 * naming the field, when that hook is not Switchboard's, rather than accept events that never come.
 */
export async function requireRoutedAgent(client: VendorApi, agentVendorId: string) {
  const agent = await client.getAgent({ id: agentVendorId })
  if (!isRoutedHookFor(agent.config.resultWebhook?.url, PROVIDER_ID, agentVendorId)) {
    throw validationError(
      'webhookUrl',
      "Dasha BlackBox sends call events to the agent's resultWebhook, which does not point at Switchboard: update the agent through Switchboard (any webhookUrl, or null) first",
    )
  }
}

/** A Dasha batch: items with their own webhookUrl need the agent's hook to be Switchboard's. */
export const batchWithWebhooks = (
  ctx: ProviderContext,
  client: VendorApi,
  entries: BatchEntry[],
  place: (entries: BatchEntry[]) => Promise<BatchOutcome[]>,
) => batchRoutedByCall(ctx, PROVIDER_ID, entries, (agentId) => requireRoutedAgent(client, agentId), place)
