import { z } from 'zod'
import { mapWithConcurrency } from '../../src/lib/concurrency'
import { decodeCursor, encodeCursor } from '../../src/lib/cursor'
import { ApiError } from '../../src/lib/errors'
import { log } from '../../src/lib/log'
import { FINAL_STATUSES } from '../../src/schemas/call'
import { offsetFrom, offsetPage } from '../offset-page'
import { reconcileByList } from '../reconcile-by-list'
import type { Provider } from '../types'
import { type OneInboxClient, oneInboxClient } from './client'
import { fields } from './fields'
import {
  attachModel,
  fromVendorAgent,
  ownsModel,
  PROVIDER_ID,
  toAgentCreate,
  toAgentPatch,
  toModelCreate,
  toModelPatch,
} from './map'
import { fromVendorCall, toVendorCall } from './map-call'
import { AgentOptionsSchema, CallOptionsSchema } from './options'
import { statusMap, vendorStatusFilter } from './statuses'
import type { OneInboxAgent } from './vendor'
import { callHookUrl, oneInboxWebhooks } from './webhooks'

/** Model reads per agent-list page in flight at once. */
const MODEL_READ_CONCURRENCY = 8
const VendorCursor = z.object({ after: z.string().min(1) })

/** The agent's LLM model, or undefined when it has none or it is gone (the prompt then comes from the agent). */
async function readModel(client: OneInboxClient, agent: OneInboxAgent) {
  if (!agent.llm_id) return undefined
  try {
    return await client.getModel(agent.llm_id)
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') return undefined
    throw error
  }
}

/** Best effort: the agent is already gone, so a model left behind is logged rather than failing the delete. */
async function deleteModelQuietly(client: OneInboxClient, llmId: string, reason: string): Promise<boolean> {
  try {
    await client.deleteModel(llmId)
    return true
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') return true
    log('warn', { provider: PROVIDER_ID, msg: `could not delete LLM model ${llmId} (${reason})` })
    return false
  }
}

const conflict = (detail: string, extras: ApiError['extras'] = {}) =>
  new ApiError('conflict', detail, { provider: PROVIDER_ID, upstream: 'rejected', ...extras })

export const oneinbox: Provider = {
  id: PROVIDER_ID,
  name: 'OneInbox',
  docsUrl: 'https://docs.oneinbox.ai',
  configured: (env) => Boolean(env.ONEINBOX_API_KEY),
  fields,
  statusMap,
  options: { agents: AgentOptionsSchema, calls: CallOptionsSchema },
  webhooks: oneInboxWebhooks,
  agents: {
    async create(ctx, input, policy) {
      const modelBody = toModelCreate(input, policy)
      const agentBody = toAgentCreate(input)
      const client = oneInboxClient(ctx)
      const model = await client.createModel(modelBody)
      try {
        return fromVendorAgent(await client.createAgent(attachModel(agentBody, model.id)), model)
      } catch (error) {
        // Compensation: the agent was not created, so the model made for it must not linger.
        const removed = await deleteModelQuietly(client, model.id, 'agent create failed')
        if (removed || !(error instanceof ApiError)) throw error
        throw new ApiError(
          error.code,
          `${error.message} The LLM model ${model.id} created for it could not be removed.`,
          error.extras,
        )
      }
    },
    async get(ctx, id) {
      const client = oneInboxClient(ctx)
      const agent = await client.getAgent(id)
      return fromVendorAgent(agent, await readModel(client, agent))
    },
    async list(ctx, { limit, cursor }) {
      const offset = offsetFrom(cursor)
      const client = oneInboxClient(ctx)
      const page = await client.listAgents(limit, offset)
      const agents = await mapWithConcurrency(page.items, MODEL_READ_CONCURRENCY, async (agent) =>
        fromVendorAgent(agent, await readModel(client, agent)),
      )
      return offsetPage(agents, offset, page.items.length, page.total)
    },
    async update(ctx, id, patch, policy) {
      const client = oneInboxClient(ctx)
      const current = await client.getAgent(id)
      // Everything is mapped (and refused) before the first write.
      const modelPatch = toModelPatch(patch, policy)
      const agentPatch = toAgentPatch(patch, current)
      if (modelPatch && !current.llm_id) {
        throw new ApiError('provider_error', `OneInbox agent ${id} has no LLM model to hold the prompt.`, {
          provider: PROVIDER_ID,
          upstream: 'rejected',
        })
      }
      const agent = agentPatch ? await client.updateAgent(id, agentPatch) : current
      const model =
        modelPatch && current.llm_id
          ? await client.updateModel(current.llm_id, modelPatch)
          : await readModel(client, agent)
      return fromVendorAgent(agent, model)
    },
    async delete(ctx, id) {
      const client = oneInboxClient(ctx)
      const agent = await client.getAgent(id)
      await client.deleteAgent(id)
      if (ownsModel(agent)) await deleteModelQuietly(client, agent.llm_id, 'agent deleted')
    },
  },
  // Its list shows the reference Switchboard wrote, but may lag behind a create: a miss proves nothing.
  reconcileLookup: 'best_effort',
  calls: {
    reconcile(ctx, ref, query) {
      return reconcileByList(oneinbox, ctx, ref, query)
    },
    async create(ctx, input, policy) {
      const body = toVendorCall(input, policy)
      // OneInbox posts this call's events to Switchboard, which relays them normalized and signed.
      const webhookUrl = await callHookUrl(ctx, input.webhookUrl, input.agentVendorId)
      const sent = webhookUrl ? { ...body, webhook_url: webhookUrl } : body
      return fromVendorCall(await oneInboxClient(ctx).createCall(sent), Date.now())
    },
    async get(ctx, id) {
      return fromVendorCall(await oneInboxClient(ctx).getCall(id), Date.now())
    },
    async list(ctx, { limit, cursor, agentVendorId, status }) {
      const after = cursor ? decodeCursor(cursor, VendorCursor).after : undefined
      const page = await oneInboxClient(ctx).listCalls({
        limit,
        cursor: after,
        agentId: agentVendorId,
        status: status ? vendorStatusFilter(status) : undefined,
      })
      const now = Date.now()
      const calls = page.items.map((call) => fromVendorCall(call, now))
      const hasMore = page.has_more && Boolean(page.next_cursor)
      return {
        // Statuses read from end_reason or the clock are filtered here: a page may hold fewer than limit.
        data: status ? calls.filter((call) => call.status === status) : calls,
        hasMore,
        nextCursor: hasMore && page.next_cursor ? encodeCursor({ after: page.next_cursor }) : null,
      }
    },
    async cancel(ctx, id) {
      const client = oneInboxClient(ctx)
      const before = fromVendorCall(await client.getCall(id), Date.now())
      if (FINAL_STATUSES.has(before.status)) {
        // Decided from a read: no stop was sent.
        throw conflict(`The call has already ended (${before.status}); nothing was changed.`, {
          upstream: 'not_sent',
        })
      }
      let stopped: Awaited<ReturnType<OneInboxClient['stopCall']>>
      try {
        stopped = await client.stopCall(id)
      } catch (error) {
        // A 400 to stop means OneInbox refused the state change (the call ended meanwhile).
        if (error instanceof ApiError && error.extras.providerStatus === 400) {
          throw conflict(error.message, { providerStatus: 400 })
        }
        throw error
      }
      const call = fromVendorCall(stopped, Date.now())
      if (FINAL_STATUSES.has(call.status) && call.status !== 'canceled') {
        throw conflict(`The call ended (${call.status}) before it could be stopped.`)
      }
      // OneInbox accepted the stop; it may still be hanging up, but the call is ours to call canceled.
      return { ...call, status: 'canceled' }
    },
  },
}
