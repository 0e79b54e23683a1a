import { z } from 'zod'
import { FINAL_STATUSES } from '../../src/contract/call'
import { decodeCursor, encodeCursor } from '../../src/contract/cursor'
import { ApiError } from '../../src/contract/errors'
import { cancelAfterRead } from '../kit/cancel'
import { mapWithConcurrency } from '../kit/concurrency'
import { AGENT_FIELDS, CALL_FIELDS } from '../kit/field-support'
import { log } from '../kit/log'
import { offsetFrom, offsetPage } from '../kit/offset-page'
import { type AgentField, fieldsOf, type ParamMap, unsupported } from '../kit/param-map'
import { reconcileByList } from '../kit/reconcile-by-list'
import type { AgentPatch, FieldSupport, Operation, Provider } from '../kit/types'
import {
  attachModel,
  fromVendorAgent,
  ownsModel,
  PROVIDER_ID,
  toAgentCreate,
  toAgentPatch,
  toModelCreate,
  toModelPatch,
} from './agents'
import { callParams, fromVendorCall, toVendorCall } from './calls'
import { type VendorApi, vendor, vendorApi } from './client'
import { AgentOptionsSchema, CallOptionsSchema } from './options'
import { statusMap, vendorStatusFilter } from './statuses'
import type { OneInboxAgent } from './vendor'
import { callHookUrl, webhooks } from './webhooks'

/** Model reads per agent-list page in flight at once. */
const MODEL_READ_CONCURRENCY = 8
const VendorCursor = z.object({ after: z.string().min(1) })

/** Each unified agent field: an agent field, a field of its LLM model (agents.ts maps both), or none. */
const agentParams: ParamMap<AgentField, AgentPatch> = {
  name: {},
  description: { note: 'OneInbox agents have no description; Switchboard keeps it in the agent metadata.' },
  enabled: { note: 'OneInbox agents cannot be disabled: enabled: false is refused, true is accepted.' },
  language: {},
  prompt: {
    note: "Stored as the system prompt of the agent's OneInbox LLM model, which Switchboard creates with the agent.",
  },
  firstMessage: {},
  voice: {},
  llm: {
    note: "The agent's OneInbox LLM model (provider, model, temperature); it cannot be cleared with null.",
  },
  transcriber: {},
  maxDurationSeconds: {},
  variables: {},
  schedule: unsupported('OneInbox has no calling-hours setting.'),
  tools: unsupported(
    'OneInbox api_call tools live on the LLM model, but their payload is not in the reference Switchboard builds from; refused rather than guessed.',
  ),
  webhookUrl: unsupported(
    'OneInbox agents take hooks only as account webhook objects (webhook_id), which Switchboard does not manage: name webhookUrl on each call, or set WEBHOOK_URL.',
  ),
  'voice.model': unsupported('OneInbox agents have no TTS model setting (a call can override it).'),
  'llm.maxTokens': unsupported('OneInbox LLM models have no max-tokens setting.'),
}

const agentSupport = fieldsOf(AGENT_FIELDS, agentParams)

const fields: Partial<Record<Operation, FieldSupport>> = {
  'agents.create': agentSupport,
  'agents.update': agentSupport,
  'calls.create': fieldsOf(CALL_FIELDS, callParams),
}

/** The agent's LLM model, or undefined when it has none or it is gone (the prompt then comes from the agent). */
async function readModel(client: VendorApi, agent: OneInboxAgent) {
  if (!agent.llm_id) return undefined
  try {
    return await client.getModel({ id: agent.llm_id })
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') return undefined
    throw error
  }
}

/** Best effort: the agent is already gone, so a model left behind is logged rather than failing the delete. */
async function deleteModelQuietly(client: VendorApi, llmId: string, reason: string): Promise<boolean> {
  try {
    await client.deleteModel({ id: llmId })
    return true
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') return true
    log('warn', { provider: PROVIDER_ID, msg: `could not delete LLM model ${llmId} (${reason})` })
    return false
  }
}

export const oneinbox: Provider = {
  ...vendor.identity,
  fields,
  statusMap,
  options: { agents: AgentOptionsSchema, calls: CallOptionsSchema },
  webhooks: webhooks,
  agents: {
    async create(ctx, input, policy) {
      const modelBody = toModelCreate(input, policy)
      const agentBody = toAgentCreate(input)
      const client = vendorApi(ctx)
      const model = await client.createModel({ body: modelBody })
      try {
        return fromVendorAgent(await client.createAgent({ body: attachModel(agentBody, model.id) }), model)
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
      const client = vendorApi(ctx)
      const agent = await client.getAgent({ id })
      return fromVendorAgent(agent, await readModel(client, agent))
    },
    async list(ctx, { limit, cursor }) {
      const offset = offsetFrom(cursor)
      const client = vendorApi(ctx)
      const page = await client.listAgents({ query: { limit, offset } })
      const agents = await mapWithConcurrency(page.items, MODEL_READ_CONCURRENCY, async (agent) =>
        fromVendorAgent(agent, await readModel(client, agent)),
      )
      return offsetPage(agents, offset, page.items.length, page.total)
    },
    async update(ctx, id, patch, policy) {
      const client = vendorApi(ctx)
      const current = await client.getAgent({ id })
      // Everything is mapped (and refused) before the first write.
      const modelPatch = toModelPatch(patch, policy)
      const agentPatch = toAgentPatch(patch, current)
      if (modelPatch && !current.llm_id) {
        throw new ApiError('provider_error', `OneInbox agent ${id} has no LLM model to hold the prompt.`, {
          provider: PROVIDER_ID,
          upstream: 'rejected',
        })
      }
      const agent = agentPatch ? await client.updateAgent({ id, body: agentPatch }) : current
      const model =
        modelPatch && current.llm_id
          ? await client.updateModel({ id: current.llm_id, body: modelPatch })
          : await readModel(client, agent)
      return fromVendorAgent(agent, model)
    },
    async delete(ctx, id) {
      const client = vendorApi(ctx)
      const agent = await client.getAgent({ id })
      await client.deleteAgent({ id })
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
      return fromVendorCall(await vendorApi(ctx).createCall({ body: sent }), Date.now())
    },
    async get(ctx, id) {
      return fromVendorCall(await vendorApi(ctx).getCall({ id }), Date.now())
    },
    async list(ctx, { limit, cursor, agentVendorId, status }) {
      const after = cursor ? decodeCursor(cursor, VendorCursor).after : undefined
      const page = await vendorApi(ctx).listCalls({
        query: {
          limit,
          cursor: after,
          agent_id: agentVendorId,
          status: status ? vendorStatusFilter(status) : undefined,
        },
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
      const client = vendorApi(ctx)
      return cancelAfterRead({
        vendor,
        read: async () => {
          const vendorCall = await client.getCall({ id })
          return { vendorCall, call: fromVendorCall(vendorCall, Date.now()) }
        },
        refuse: ({ call }) =>
          FINAL_STATUSES.has(call.status)
            ? `The call has already ended (${call.status}); nothing was changed.`
            : null,
        // Also the way to withdraw a scheduled call: OneInbox documents no other (unconfirmed).
        send: async () => fromVendorCall(await client.stopCall({ id }), Date.now()),
        // A 400 to stop means OneInbox refused the state change (the call ended meanwhile).
        refusedBy: (error) => error.extras.providerStatus === 400,
        // OneInbox accepted the stop; it may still be hanging up, but the call is ours to call canceled.
        tooLate: (call) => FINAL_STATUSES.has(call.status) && call.status !== 'canceled',
      })
    },
  },
}
