import { z } from 'zod'
import { ATTEMPT_REF_KEY, type Call, FINAL_STATUSES } from '../../src/contract/call'
import { decodeCursor, encodeCursor } from '../../src/contract/cursor'
import { ApiError } from '../../src/contract/errors'
import type { FieldPolicy } from '../../src/contract/field-policy'
import { cancelAfterRead } from '../kit/cancel'
import { mapWithConcurrency } from '../kit/concurrency'
import { AGENT_FIELDS, CALL_FIELDS } from '../kit/field-support'
import { log } from '../kit/log'
import { deepMerge } from '../kit/merge-options'
import { type AgentField, fieldsOf, type ParamMap, unsupported } from '../kit/param-map'
import type {
  AgentPatch,
  BatchOutcome,
  CallInput,
  FieldSupport,
  Operation,
  Provider,
  ProviderContext,
} from '../kit/types'
import {
  fromVendorAgent,
  llmIdOf,
  PROVIDER_ID,
  toAgentCreate,
  toAgentPatch,
  toLlmCreate,
  toLlmPatch,
} from './agents'
import { callParams, fromVendorCall, toVendorCall } from './calls'
import { lookup, type VendorApi, vendor, vendorApi } from './client'
import { AgentOptionsSchema, CallOptionsSchema } from './options'
import { STOPPED_BY_API, statuses, statusMap, vendorStatusFilter } from './statuses'
import type { RetellAgent, RetellCallListRequest } from './vendor'
import { agentHookUrl, callHookUrl, wantedAgentHook, webhooks } from './webhooks'

/**
 * Retell's answer to stopping a call that ended between our read and the stop: its reference lists
 * 400 and 422 for stop-call, and 422 is its "no such call" (unconfirmed): 400 is read as "too late".
 */
export const STOP_REFUSED_STATUS = 400

/** Agent and LLM reads per agent-list page in flight at once. */
const AGENT_READ_CONCURRENCY = 8
const VendorCursor = z.object({ after: z.string().min(1) })
/** Only voice agents: Retell's list also holds chat agents, which place no calls. */
const VOICE_AGENTS = { filter_criteria: { channel: { type: 'string', op: 'eq', value: 'voice' } } } as const

/** What a Retell agent honours; the mapping itself is in providers/retell/agents.ts (two objects). */
const agentParams: ParamMap<AgentField, AgentPatch> = {
  name: { note: "The Retell agent's agent_name." },
  description: unsupported('Retell agents have no description.'),
  enabled: { note: 'Retell agents cannot be disabled: enabled: false is refused, true is accepted.' },
  language: { note: "One of Retell's locales, for speech-to-text and speech alike." },
  prompt: { note: "The general_prompt of the agent's Retell LLM, which Switchboard creates with the agent." },
  firstMessage: {
    note: "The LLM's begin_message (the agent speaks first); null or empty makes the agent wait for the callee.",
  },
  voice: {
    note: "Required on create: voiceId is Retell's voice_id (e.g. 11labs-Adrian), speed 0.5–2; the vendor is implied by the voice.",
  },
  llm: {
    note: 'The Retell LLM model (gpt-*, claude-*, gemini-*, or a gpt-realtime speech-to-speech model); temperature 0–1.',
  },
  transcriber: {
    note: "A vendor (azure, deepgram, soniox, assemblyai) is Retell's custom speech-to-text; language is the agent language.",
  },
  maxDurationSeconds: { note: 'max_call_duration_ms, 60 to 7200 seconds.' },
  variables: { note: "The LLM's default_dynamic_variables, values as strings." },
  schedule: unsupported('Retell agents have no calling hours (only batches take a time window).'),
  tools: { note: 'Custom tools of the Retell LLM; its built-in tools stay in providerData.' },
  webhookUrl: {
    note: "The agent's webhook_url is set to Switchboard's inbound URL; its call_started, call_ended and call_analyzed deliveries arrive as normalized, signed Events.",
  },
  'voice.vendor': unsupported(
    'Retell reads the voice vendor from voiceId (e.g. 11labs-Adrian, openai-Alloy); it has no vendor field',
  ),
  'llm.maxTokens': unsupported('Retell LLMs have no max-tokens setting.'),
  'transcriber.model': unsupported('Retell has no speech-to-text model setting.'),
}
const agentSupport = fieldsOf(AGENT_FIELDS, agentParams)

const fields: Partial<Record<Operation, FieldSupport>> = {
  'agents.create': agentSupport,
  'agents.update': agentSupport,
  'calls.create': fieldsOf(CALL_FIELDS, callParams),
}

/** The agent's Retell LLM, or undefined when it has none or it is gone. */
async function readLlm(client: VendorApi, agent: RetellAgent) {
  const llmId = llmIdOf(agent)
  if (!llmId) return undefined
  try {
    return await lookup(client.getLlm({ id: llmId }), 'LLM')
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') return undefined
    throw error
  }
}

/**
 * Compensation for a create that failed halfway: the agent (if made), then its LLM, are deleted;
 * the error keeps its code and words, and names whatever could not be removed.
 */
async function undoCreate(
  client: VendorApi,
  made: { agentId?: string; llmId: string },
  error: unknown,
): Promise<unknown> {
  const left: string[] = []
  if (made.agentId) {
    try {
      await client.deleteAgent({ id: made.agentId })
    } catch {
      left.push(`agent ${made.agentId}`)
    }
  }
  if (!(await deleteLlmQuietly(client, made.llmId, 'agent create failed'))) left.push(`LLM ${made.llmId}`)
  if (left.length === 0 || !(error instanceof ApiError)) return error
  return new ApiError(
    error.code,
    `${error.message} The Retell ${left.join(' and ')} created for it could not be removed: delete ${left.length > 1 ? 'them' : 'it'} in Retell.`,
    error.extras,
  )
}

/** Best effort: the agent is gone (or never came), so an LLM left behind is logged, not an error. */
async function deleteLlmQuietly(client: VendorApi, llmId: string, reason: string): Promise<boolean> {
  try {
    await lookup(client.deleteLlm({ id: llmId }), 'LLM')
    return true
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') return true
    log('warn', { provider: PROVIDER_ID, msg: `could not delete Retell LLM ${llmId} (${reason})` })
    return false
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Read–merge–write: an object field of the patch is laid over the one Retell holds, not swapped for it. */
const mergedOver = <T extends Record<string, unknown>>(current: Record<string, unknown>, patch: T): T =>
  Object.fromEntries(
    Object.entries(patch).map(([key, value]) => [
      key,
      isPlainObject(value) && isPlainObject(current[key]) ? deepMerge(current[key], value) : value,
    ]),
  ) as T

/** The unified fields that live on the LLM, to name in a refusal. */
const LLM_FIELDS = ['prompt', 'firstMessage', 'llm', 'tools', 'variables'] as const

/** A fault in our own code still reports the item as failed, not as created. */
const asItemError = (error: unknown): ApiError =>
  error instanceof ApiError
    ? error
    : new ApiError('internal', 'This item failed on our side; it was not confirmed as created.', {
        provider: PROVIDER_ID,
        upstream: 'ambiguous',
      })

/** One create-phone-call; `reference` goes in the metadata, so the call can be told apart on Retell's side. */
async function placeCall(ctx: ProviderContext, input: CallInput, policy: FieldPolicy, reference: string) {
  const hookUrl = await callHookUrl(ctx, input.webhookUrl, input.agentVendorId)
  const body = toVendorCall(input, policy, { reference, ...(hookUrl ? { hookUrl } : {}) })
  return fromVendorCall(await vendorApi(ctx).createCall({ body }))
}

/**
 * The call whose metadata holds `value` under `key`, to `to`, or null when Retell lists none: how
 * a create that failed ambiguously (a timeout, a 5xx) is found again before anything is retried.
 * Retell filters on the metadata key itself, so one small page answers. Retell's list may lag a
 * fresh create (unconfirmed), so null is evidence, not proof.
 */
export async function findByMetadata(
  ctx: ProviderContext,
  key: string,
  value: string,
  to: string,
  agentVendorId?: string,
): Promise<Call | null> {
  const page = await vendorApi(ctx).listCalls({
    body: {
      filter_criteria: {
        ...(agentVendorId ? { agent: [{ agent_id: agentVendorId }] } : {}),
        metadata: [{ key, type: 'string', op: 'eq', value }],
        to_number: { type: 'string', op: 'eq', value: to },
      },
      limit: 2,
    },
  })
  const found = page.items.find((call) => call.metadata?.[key] === value && call.to_number === to)
  return found ? fromVendorCall(found) : null
}

/** Retell AI (api.retellai.com): agents as a Retell LLM plus a Retell agent, and outbound phone calls. */
export const retell: Provider = {
  ...vendor.identity,
  fields,
  statusMap,
  options: { agents: AgentOptionsSchema, calls: CallOptionsSchema },
  // Retell's list may not show a call the moment it is created (unconfirmed): a miss proves nothing.
  reconcileLookup: 'best_effort',
  webhooks,
  agents: {
    async create(ctx, input, policy) {
      // Everything is mapped (and refused) before the first write.
      const llmBody = toLlmCreate(input, policy)
      const agentBody = toAgentCreate(input, policy)
      const hook = wantedAgentHook(ctx, input.webhookUrl)
      const client = vendorApi(ctx)
      const llm = await client.createLlm({ body: llmBody })
      let agent: RetellAgent
      try {
        agent = await client.createAgent({
          body: { ...agentBody, response_engine: { type: 'retell-llm', llm_id: llm.llm_id } },
        })
      } catch (error) {
        throw await undoCreate(client, { llmId: llm.llm_id }, error)
      }
      if (hook === undefined) return fromVendorAgent(agent, llm)
      // The hook's token names the agent, whose id Retell assigns on create: so it is set right after.
      try {
        const url = await ctx.hooks.inboundUrl(PROVIDER_ID, hook, agent.agent_id)
        return fromVendorAgent(
          await client.updateAgent({ id: agent.agent_id, body: { webhook_url: url } }),
          llm,
        )
      } catch (error) {
        // Not left without the hook the client asked for (a client seeing an error creates another).
        throw await undoCreate(client, { agentId: agent.agent_id, llmId: llm.llm_id }, error)
      }
    },
    async get(ctx, id) {
      const client = vendorApi(ctx)
      const agent = await lookup(client.getAgent({ id }), 'agent')
      return fromVendorAgent(agent, await readLlm(client, agent))
    },
    async list(ctx, { limit, cursor }) {
      const after = cursor ? decodeCursor(cursor, VendorCursor).after : undefined
      const client = vendorApi(ctx)
      const page = await client.listAgents({
        query: { limit, pagination_key: after, sort_order: 'descending' },
        body: VOICE_AGENTS,
      })
      const agents = await mapWithConcurrency(page.items, AGENT_READ_CONCURRENCY, async ({ agent_id }) => {
        try {
          const agent = await lookup(client.getAgent({ id: agent_id }), 'agent')
          return [fromVendorAgent(agent, await readLlm(client, agent))]
        } catch (error) {
          // Deleted between the list and the read: it is no longer there to list.
          if (error instanceof ApiError && error.code === 'not_found') return []
          throw error
        }
      })
      const hasMore = Boolean(page.has_more && page.pagination_key)
      return {
        data: agents.flat(),
        hasMore,
        nextCursor: hasMore && page.pagination_key ? encodeCursor({ after: page.pagination_key }) : null,
      }
    },
    async update(ctx, id, patch, policy) {
      const client = vendorApi(ctx)
      const current = await lookup(client.getAgent({ id }), 'agent')
      // Everything is mapped (and refused) before the first write.
      const llmPatch = toLlmPatch(patch, policy)
      const agentPatch = toAgentPatch(patch, policy)
      const hook = await agentHookUrl(ctx, patch.webhookUrl, id)
      const llmId = llmIdOf(current)
      if (llmPatch && !llmId) {
        const field =
          LLM_FIELDS.find((name) => patch[name] !== undefined) ?? `providerOptions.${PROVIDER_ID}.llm`
        throw vendor.invalid(
          field,
          "This Retell agent's response engine is not a Retell LLM, which is where Retell keeps it",
        )
      }
      const agentWrite = hook === undefined ? agentPatch : { ...agentPatch, webhook_url: hook }
      const currentLlm = llmPatch && llmId ? await lookup(client.getLlm({ id: llmId }), 'LLM') : undefined
      const llm =
        llmPatch && llmId && currentLlm
          ? await client.updateLlm({ id: llmId, body: mergedOver(currentLlm, llmPatch) })
          : await readLlm(client, current)
      const agent = agentWrite
        ? await client.updateAgent({ id, body: mergedOver(current, agentWrite) })
        : current
      return fromVendorAgent(agent, llm)
    },
    async delete(ctx, id) {
      const client = vendorApi(ctx)
      const agent = await lookup(client.getAgent({ id }), 'agent')
      await lookup(client.deleteAgent({ id }), 'agent')
      const llmId = llmIdOf(agent)
      if (llmId) await deleteLlmQuietly(client, llmId, 'agent deleted')
    },
  },
  calls: {
    async create(ctx, input, policy) {
      return placeCall(ctx, input, policy, ctx.requestId)
    },
    // Retell's batch endpoint answers no call ids: a bounded fan-out of single creates instead.
    async batch(ctx, entries) {
      return mapWithConcurrency(entries, ctx.config.batchConcurrency, async (entry, index) => {
        try {
          const call = await placeCall(ctx, entry.input, entry.policy, `${ctx.requestId}.${index}`)
          return { call } satisfies BatchOutcome
        } catch (error) {
          return { error: asItemError(error) } satisfies BatchOutcome
        }
      })
    },
    async get(ctx, id) {
      return fromVendorCall(await lookup(vendorApi(ctx).getCall({ id }), 'call'))
    },
    // Routing writes its attempt reference into the metadata (src/contract/call.ts ATTEMPT_REF_KEY).
    reconcile(ctx, ref, { to, agentVendorId }) {
      return findByMetadata(ctx, ATTEMPT_REF_KEY, ref, to, agentVendorId)
    },
    async list(ctx, { limit, cursor, agentVendorId, status }) {
      const after = cursor ? decodeCursor(cursor, VendorCursor).after : undefined
      const filter = status ? vendorStatusFilter(status) : {}
      // No Retell call has this status (queued, scheduled, unknown).
      if (filter === null) return { data: [], hasMore: false, nextCursor: null }
      const criteria: NonNullable<RetellCallListRequest['filter_criteria']> = {}
      if (agentVendorId) criteria.agent = [{ agent_id: agentVendorId }]
      if (filter.callStatus) criteria.call_status = { type: 'enum', op: 'in', value: filter.callStatus }
      if (filter.reasons) criteria.disconnection_reason = { type: 'enum', op: 'in', value: filter.reasons }
      const page = await vendorApi(ctx).listCalls({
        body: {
          limit,
          sort_order: 'descending',
          ...(after ? { pagination_key: after } : {}),
          ...(Object.keys(criteria).length > 0 ? { filter_criteria: criteria } : {}),
        },
      })
      const calls = page.items.map(fromVendorCall)
      const hasMore = Boolean(page.has_more && page.pagination_key)
      return {
        // Voicemail read from the analysis, ringing and new reasons are filtered here: a page may hold fewer.
        data: status ? calls.filter((call) => call.status === status) : calls,
        hasMore,
        nextCursor: hasMore && page.pagination_key ? encodeCursor({ after: page.pagination_key }) : null,
      }
    },
    async cancel(ctx, id) {
      const client = vendorApi(ctx)
      const read = async () => {
        const vendorCall = await lookup(client.getCall({ id }), 'call')
        return { vendorCall, call: fromVendorCall(vendorCall) }
      }
      return cancelAfterRead({
        vendor,
        read,
        // Stop-call ends a registered (dialling) or ongoing call; any other is over.
        refuse: ({ vendorCall, call }) => {
          const word = statuses.canonical(vendorCall.call_status)
          return word === 'registered' || word === 'ongoing'
            ? null
            : `The call has already ended (Retell call_status ${vendorCall.call_status}, ${call.status}); nothing was changed.`
        },
        send: async () => void (await lookup(client.stopCall({ id }), 'call')),
        refusedBy: (error) => error.extras.providerStatus === STOP_REFUSED_STATUS,
        readBack: async () => (await read()).call,
        // Ended otherwise (hung up, failed) before our stop landed: too late to call it canceled.
        tooLate: (call) =>
          FINAL_STATUSES.has(call.status) && call.status !== 'canceled' && call.endReason !== STOPPED_BY_API,
      })
    },
  },
}
