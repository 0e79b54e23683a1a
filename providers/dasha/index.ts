import { rememberCallHook } from '../kit/agent-hooks'
import { chunkedBatch } from '../kit/batch'
import { cancelAfterRead } from '../kit/cancel'
import { AGENT_FIELDS, CALL_FIELDS } from '../kit/field-support'
import { offsetFrom, offsetPage } from '../kit/offset-page'
import { fieldsOf } from '../kit/param-map'
import { reconcileByList } from '../kit/reconcile-by-list'
import type { Provider } from '../kit/types'
import { agentBodyFrom, agentParams, buildAgentBody, fromVendorAgent } from './agents'
import { BULK_CHUNK_SIZE, callParams, fitsBulk, fromVendorCall, listCalls, toVendorCall } from './calls'
import { vendor, vendorApi } from './client'
import { DashaAgentOptionsSchema, DashaCallOptionsSchema } from './options'
import { FINISHED_STATUSES, statuses, statusMap, UNCANCELABLE_STATUSES } from './statuses'
import {
  batchWithWebhooks,
  createHookedAgent,
  requireRoutedAgent,
  webhooks,
  withResultWebhook,
} from './webhooks'

const agentFields = fieldsOf(AGENT_FIELDS, agentParams)

const callFields = fieldsOf(CALL_FIELDS, callParams)

/** Dasha BlackBox (blackbox.dasha.ai): agents and queued outbound calls. */
export const dasha: Provider = {
  ...vendor.identity,
  fields: {
    'agents.create': agentFields,
    'agents.update': agentFields,
    'calls.create': callFields,
  },
  statusMap,
  options: { agents: DashaAgentOptionsSchema, calls: DashaCallOptionsSchema },
  webhooks: webhooks,
  agents: {
    async create(ctx, { providerOptions, ...fields }) {
      const body = buildAgentBody(undefined, fields, providerOptions)
      return fromVendorAgent(await createHookedAgent(ctx, vendorApi(ctx), body, fields.webhookUrl))
    },
    async get(ctx, id) {
      return fromVendorAgent(await vendorApi(ctx).getAgent({ id }))
    },
    async list(ctx, { limit, cursor }) {
      const offset = offsetFrom(cursor)
      // Dasha answers every agent at once: the gateway pages through the array.
      const all = await vendorApi(ctx).listAgents()
      const agents = all.slice(offset, offset + limit)
      return offsetPage(agents.map(fromVendorAgent), offset, agents.length, all.length)
    },
    // Dasha's update takes the full agent: read it, lay the patch over it, write it back.
    async update(ctx, id, { providerOptions, ...fields }) {
      const client = vendorApi(ctx)
      const current = await client.getAgent({ id })
      const body = buildAgentBody(agentBodyFrom(current), fields, providerOptions)
      const hooked = await withResultWebhook(ctx, body, fields.webhookUrl, id)
      return fromVendorAgent(await client.updateAgent({ id, body: hooked }))
    },
    async delete(ctx, id) {
      await vendorApi(ctx).deleteAgent({ id })
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
      const client = vendorApi(ctx)
      if (input.webhookUrl) await requireRoutedAgent(client, input.agentVendorId)
      const created = await client.createCall({ query: { agentId: input.agentVendorId }, body: request })
      await rememberCallHook(ctx, vendor.id, {
        callVendorId: created.callId,
        webhookUrl: input.webhookUrl,
        agentVendorId: input.agentVendorId,
      })
      return fromVendorCall(created, undefined, Date.now())
    },
    async batch(ctx, entries) {
      const client = vendorApi(ctx)
      const agentId = entries[0]?.input.agentVendorId ?? ''
      return batchWithWebhooks(ctx, client, entries, (placeable) =>
        chunkedBatch(placeable, {
          vendor,
          toRequest: (entry) => toVendorCall(entry.input, entry.policy),
          send: (requests) => client.createCalls({ query: { agentId }, body: requests }),
          toCall: (call) => fromVendorCall(call, undefined, Date.now()),
          chunkSize: BULK_CHUNK_SIZE,
          concurrency: 1,
          single: {
            fits: fitsBulk,
            send: (request) => client.createCall({ query: { agentId }, body: request }),
            concurrency: ctx.config.batchConcurrency,
          },
        }),
      )
    },
    async get(ctx, id) {
      const client = vendorApi(ctx)
      const call = await client.getCall({ id })
      if (!FINISHED_STATUSES.has(statuses.canonical(call.status) ?? ''))
        return fromVendorCall(call, undefined, Date.now())
      const { results } = await client.searchResults({ body: { page: 0, size: 1, callIds: [id] } })
      const result = results.find((r) => r.callId === id)
      return fromVendorCall(call, result, Date.now())
    },
    async list(ctx, query) {
      return listCalls(vendorApi(ctx), query, Date.now())
    },
    async cancel(ctx, id) {
      const client = vendorApi(ctx)
      const read = async () => {
        const vendorCall = await client.getCall({ id })
        return { vendorCall, call: fromVendorCall(vendorCall, undefined, Date.now()) }
      }
      return cancelAfterRead({
        vendor,
        read,
        refuse: ({ vendorCall }) =>
          UNCANCELABLE_STATUSES.has(statuses.canonical(vendorCall.status) ?? '')
            ? `Dasha BlackBox cannot cancel a call that is ${vendorCall.status}; only calls not yet started can be withdrawn. Nothing was changed.`
            : null,
        send: async () => void (await client.cancelCall({ id })),
        // The call may have started between the read and the cancel; Dasha's refusal status is undocumented.
        refusedBy: (error) => error.code === 'provider_rejected' || error.code === 'conflict',
        readBack: async () => (await read()).call,
      })
    },
  },
}
