import { ApiError } from '../../src/lib/errors'
import { rememberCallWebhooks } from '../../src/webhooks/routing'
import { AGENT_FIELDS, CALL_FIELDS, fieldSupport } from '../field-support'
import { offsetFrom, offsetPage } from '../offset-page'
import { reconcileByList } from '../reconcile-by-list'
import type { Provider } from '../types'
import { batchCalls } from './batch'
import { dashaClient } from './client'
import { listCalls } from './list-calls'
import { agentBodyFrom, buildAgentBody, fromVendorAgent } from './map-agent'
import { fromVendorCall, toVendorCall } from './map-call'
import { DashaAgentOptionsSchema, DashaCallOptionsSchema } from './options'
import { DASHA_STATUS_MAP, FINISHED_STATUSES, UNCANCELABLE_STATUSES } from './statuses'
import {
  batchWithWebhooks,
  createHookedAgent,
  dashaWebhooks,
  requireRoutedAgent,
  withResultWebhook,
} from './webhooks'

const AGENT_WEBHOOK_NOTE =
  "config.resultWebhook is set to Switchboard's inbound URL (with WEBHOOK_SECRET, even without a webhookUrl, so per-call webhookUrls and WEBHOOK_URL work); Completed, Failed, CallDeadLine and Start payloads arrive as normalized, signed Events."
const CALL_WEBHOOK_NOTE =
  "Dasha's hook lives on the agent: Switchboard remembers the call's webhookUrl and routes the agent hook's events for this call there. The agent's resultWebhook must point at Switchboard (any agent created or updated through it), else 422."

const agentFields = fieldSupport(
  AGENT_FIELDS,
  ['firstMessage', 'transcriber.model', 'transcriber.language'],
  {
    firstMessage:
      'Dasha has no first-message text: the prompt decides what the agent says; whether it speaks first is config.features.talkFirst (providerOptions.dasha).',
    'transcriber.model': 'Dasha\'s sttConfig takes only a vendor ("Auto" picks the engine per language).',
    'transcriber.language': 'Dasha recognizes speech in the agent language; set language instead.',
    webhookUrl: AGENT_WEBHOOK_NOTE,
    voice: 'Required by Dasha (config.ttsConfig).',
    language: 'Required by Dasha (config.primaryLanguage).',
    schedule: 'A window ending at 24:00 is sent as 23:59, Dasha’s end of day.',
  },
)

const callFields = fieldSupport(
  CALL_FIELDS,
  ['metadata', 'scheduledAt', 'maxDurationSeconds', 'language', 'overrides'],
  {
    from: 'overrideOutboundConfig.phoneNumber; E.164 only.',
    callerName: 'overrideOutboundConfig.displayName.',
    deadline: 'callDeadline. Without one, Dasha gives up 24 hours after enqueueing.',
    metadata: 'Dasha keeps no client data outside additionalData, which the agent’s prompt sees.',
    scheduledAt:
      'Dasha has no per-call start time; calls wait only for the agent’s schedule windows and free capacity.',
    maxDurationSeconds: 'Per agent only in Dasha (features.maxDuration).',
    language: 'Per agent only in Dasha (primaryLanguage).',
    overrides: 'Dasha has no per-call agent overrides.',
    webhookUrl: CALL_WEBHOOK_NOTE,
  },
)

/** Dasha BlackBox (blackbox.dasha.ai): agents and queued outbound calls. */
export const dasha: Provider = {
  id: 'dasha',
  name: 'Dasha BlackBox',
  docsUrl: 'https://docs.blackbox.dasha.ai',
  configured: (env) => Boolean(env.DASHA_API_KEY),
  fields: {
    'agents.create': agentFields,
    'agents.update': agentFields,
    'calls.create': callFields,
  },
  statusMap: DASHA_STATUS_MAP,
  options: { agents: DashaAgentOptionsSchema, calls: DashaCallOptionsSchema },
  webhooks: dashaWebhooks,
  agents: {
    async create(ctx, { providerOptions, ...fields }) {
      const body = buildAgentBody(undefined, fields, providerOptions)
      return fromVendorAgent(await createHookedAgent(ctx, dashaClient(ctx), body, fields.webhookUrl))
    },
    async get(ctx, id) {
      return fromVendorAgent(await dashaClient(ctx).getAgent(id))
    },
    async list(ctx, { limit, cursor }) {
      const offset = offsetFrom(cursor)
      // Dasha answers every agent at once: the gateway pages through the array.
      const all = await dashaClient(ctx).listAgents()
      const agents = all.slice(offset, offset + limit)
      return offsetPage(agents.map(fromVendorAgent), offset, agents.length, all.length)
    },
    // Dasha's update takes the full agent: read it, lay the patch over it, write it back.
    async update(ctx, id, { providerOptions, ...fields }) {
      const client = dashaClient(ctx)
      const current = await client.getAgent(id)
      const body = buildAgentBody(agentBodyFrom(current), fields, providerOptions)
      const hooked = await withResultWebhook(ctx, body, fields.webhookUrl, id)
      return fromVendorAgent(await client.updateAgent(id, hooked))
    },
    async delete(ctx, id) {
      await dashaClient(ctx).deleteAgent(id)
    },
  },
  // Its list shows the reference Switchboard wrote, but may lag behind a create: a miss proves nothing.
  reconcileLookup: 'best_effort',
  calls: {
    reconcile(ctx, ref, query) {
      return reconcileByList(dasha, ctx, ref, query)
    },
    async create(ctx, input, policy) {
      const request = toVendorCall(input, policy)
      const client = dashaClient(ctx)
      if (input.webhookUrl) await requireRoutedAgent(client, input.agentVendorId)
      const created = await client.createCall(input.agentVendorId, request)
      await rememberCallWebhooks(ctx, 'dasha', [
        { callVendorId: created.callId, webhookUrl: input.webhookUrl, agentVendorId: input.agentVendorId },
      ])
      return fromVendorCall(created, undefined, Date.now())
    },
    async batch(ctx, entries) {
      const client = dashaClient(ctx)
      return batchWithWebhooks(ctx, client, entries, (placeable) =>
        batchCalls(client, placeable, ctx.config.batchConcurrency, Date.now),
      )
    },
    async get(ctx, id) {
      const client = dashaClient(ctx)
      const call = await client.getCall(id)
      if (!FINISHED_STATUSES.has(call.status)) return fromVendorCall(call, undefined, Date.now())
      const { results } = await client.searchResults({ page: 0, size: 1, callIds: [id] })
      const result = results.find((r) => r.callId === id)
      return fromVendorCall(call, result, Date.now())
    },
    async list(ctx, query) {
      return listCalls(dashaClient(ctx), query, Date.now())
    },
    async cancel(ctx, id) {
      const client = dashaClient(ctx)
      const before = await client.getCall(id)
      if (UNCANCELABLE_STATUSES.has(before.status)) {
        throw new ApiError(
          'conflict',
          `Dasha BlackBox cannot cancel a call that is ${before.status}; only calls not yet started can be withdrawn. Nothing was changed.`,
          { provider: 'dasha', upstream: 'not_sent' },
        )
      }
      try {
        await client.cancelCall(id)
      } catch (error) {
        // The call may have started between the read and the cancel; Dasha's refusal status is undocumented.
        if (error instanceof ApiError && (error.code === 'provider_rejected' || error.code === 'conflict')) {
          const { providerStatus, providerCode } = error.extras
          throw new ApiError('conflict', `Dasha BlackBox refused to cancel the call: ${error.message}`, {
            provider: 'dasha',
            upstream: 'rejected',
            ...(providerStatus !== undefined ? { providerStatus } : {}),
            ...(providerCode ? { providerCode } : {}),
          })
        }
        throw error
      }
      const after = await client.getCall(id)
      const call = fromVendorCall(after, undefined, Date.now())
      // Dasha documents the status becoming Canceled; a read that lags must not undo a done cancel.
      return call.status === 'canceled' ? call : { ...call, status: 'canceled' }
    },
  },
}
