import { ATTEMPT_REF_KEY, type Call, FINAL_STATUSES } from '../../src/contract/call'
import { ApiError } from '../../src/contract/errors'
import { FieldPolicy } from '../../src/contract/field-policy'
import { formatId } from '../../src/contract/ids'
import { cancelAfterRead } from '../kit/cancel'
import { mapWithConcurrency } from '../kit/concurrency'
import { AGENT_FIELDS, CALL_FIELDS } from '../kit/field-support'
import { offsetFrom, offsetPage } from '../kit/offset-page'
import { type AgentField, fieldsOf, type ParamMap, unsupported } from '../kit/param-map'
import type {
  AgentPatch,
  BatchEntry,
  BatchOutcome,
  CallInput,
  Provider,
  ProviderContext,
  ReconcileQuery,
} from '../kit/types'
import {
  type Definition,
  DefinitionSchema,
  definitionOf,
  fromKeptAgent,
  LLM_REFUSAL,
  PROVIDER_ID,
  patchedDefinition,
} from './agents'
import { callParams, fromSendAnswer, fromVendorCall, LANGUAGE_REFUSAL, META, renderCall } from './calls'
import { vendor, vendorApi, WEBHOOK_SECRET_VARIABLE } from './client'
import { BlandOptionsSchema } from './options'
import { statusMap } from './statuses'
import { isCallId } from './vendor'
import { callHookUrl, webhooks } from './webhooks'

/** GET /v1/calls pages we read when looking a call up by its reference. */
export const REFERENCE_SCAN_PAGES = 3
const REFERENCE_SCAN_PAGE_SIZE = 100

const KEPT_NOTE =
  'Bland keeps no agent for outbound calls: Switchboard keeps this agent (bland_<ULID>, per project) and renders it into every call; agent reads and writes never reach Bland'

/** Each unified agent field and where it goes in every call rendered from the agent (agents.ts, calls.ts). */
const agentParams: ParamMap<AgentField, AgentPatch> = {
  name: { note: KEPT_NOTE },
  description: { note: 'Kept by Switchboard; Bland never sees it' },
  enabled: { note: 'Kept by Switchboard: a disabled agent places no calls (422)' },
  language: { note: `Sent as language on each call; ${LANGUAGE_REFUSAL}` },
  prompt: { note: 'Sent as task on each call' },
  firstMessage: { note: 'Sent as first_sentence on each call' },
  voice: {
    note: 'voiceId is sent as voice (a Bland voice name or id); Bland speaks with its own voices only',
  },
  llm: unsupported(LLM_REFUSAL),
  transcriber: unsupported('Bland picks speech-to-text from language'),
  maxDurationSeconds: {
    note: 'Sent as whole minutes (max_duration): strict refuses a remainder, lenient rounds up',
  },
  variables: { note: "Sent as request_data, with the call's variables merged over them" },
  schedule: unsupported('Bland has no calling windows on a call (its dispatch_hours was removed)'),
  tools: { note: 'Sent as inline custom tools on each call' },
  webhookUrl: { note: "Bland posts each ended call to Switchboard's inbound URL; relayed here as Events" },
  'voice.model': unsupported('A Bland voice implies its own TTS model'),
}
const agentSupport = fieldsOf(AGENT_FIELDS, agentParams)

const noAgent = (id: string) =>
  vendor.notFound(`No Bland agent ${formatId(PROVIDER_ID, id)} in this project.`, { upstream: 'not_sent' })

/** A malformed id cannot name a Bland call: 404 without asking Bland. */
function callIdOrNotFound(id: string): string {
  if (isCallId(id)) return id
  throw vendor.notFound(`No Bland call ${formatId(PROVIDER_ID, id)}: Bland call ids are UUIDs.`, {
    upstream: 'not_sent',
  })
}

async function keptDefinition(ctx: ProviderContext, id: string) {
  const kept = await ctx.agentStore.get(PROVIDER_ID, id)
  if (!kept) throw noAgent(id)
  return { kept, definition: DefinitionSchema.parse(kept.body) }
}

/**
 * The definition a call renders: a portable agent's own (an inline target; checked when that agent
 * was written, so what is left to drop is dropped silently), else the kept agent's.
 */
async function definitionFor(ctx: ProviderContext, input: CallInput): Promise<Definition> {
  if (input.agent) return definitionOf(input.agent, new FieldPolicy('lenient', vendor.identity.name))
  return (await keptDefinition(ctx, input.agentVendorId)).definition
}

/** One send: the agent rendered with the call, Switchboard's reference in metadata; never retried. */
async function send(
  ctx: ProviderContext,
  input: CallInput,
  definition: Definition,
  policy: BatchEntry['policy'],
) {
  const webhook = await callHookUrl(ctx, input.webhookUrl ?? definition.webhookUrl, input.agentVendorId)
  const body = renderCall(
    input,
    { agentId: input.agentVendorId, definition, reference: `ref_${crypto.randomUUID()}`, webhook },
    policy,
  )
  const answer = await vendorApi(ctx).sendCall({ body })
  return fromSendAnswer(answer.call_id, body, answer)
}

/**
 * The call a create made, found by the reference in its metadata (routing's attempt id under
 * ATTEMPT_REF_KEY, or Switchboard's own `switchboard_ref`): Bland has no metadata filter, so the
 * calls to `to` since the attempt began are scanned, newest first, REFERENCE_SCAN_PAGES pages at
 * most. Best effort: Bland's list may not show a just-queued call.
 */
export async function findByReference(
  ctx: ProviderContext,
  ref: string,
  query: Pick<ReconcileQuery, 'to' | 'after'>,
): Promise<Call | null> {
  const api = vendorApi(ctx)
  // A minute of slack: Bland's created_at is its clock, not ours.
  const since = new Date(query.after - 60_000).toISOString()
  for (let page = 0; page < REFERENCE_SCAN_PAGES; page++) {
    const from = page * REFERENCE_SCAN_PAGE_SIZE
    const answer = await api.listCalls({
      query: {
        to_number: query.to,
        start_date: since,
        from,
        to: from + REFERENCE_SCAN_PAGE_SIZE,
        limit: REFERENCE_SCAN_PAGE_SIZE,
      },
    })
    const found = answer.calls.find(
      (call) => call.metadata?.[ATTEMPT_REF_KEY] === ref || call.metadata?.[META.reference] === ref,
    )
    if (found) return fromVendorCall(found)
    if (answer.calls.length === 0 || from + answer.calls.length >= answer.total_count) return null
  }
  return null
}

/** Bland AI: the v1 send-call API, with agents kept by Switchboard and rendered into each call. */
export const bland: Provider = {
  ...vendor.identity,
  variables: [WEBHOOK_SECRET_VARIABLE],
  fields: {
    'agents.create': agentSupport,
    'agents.update': agentSupport,
    'calls.create': fieldsOf(CALL_FIELDS, callParams),
  },
  statusMap,
  options: { agents: BlandOptionsSchema, calls: BlandOptionsSchema },
  // A portable agent's Bland target keeps nothing: routing hands its definition to each call.
  agentsInline: true,
  reconcileLookup: 'best_effort',
  webhooks,
  agents: {
    check(input, policy) {
      definitionOf(input, policy)
    },
    async create(ctx, input, policy) {
      return fromKeptAgent(await ctx.agentStore.create(PROVIDER_ID, definitionOf(input, policy)))
    },
    async get(ctx, id) {
      const { kept } = await keptDefinition(ctx, id)
      return fromKeptAgent(kept)
    },
    async list(ctx, query) {
      const page = await ctx.agentStore.list(PROVIDER_ID, query)
      return { ...page, data: page.data.map(fromKeptAgent) }
    },
    async update(ctx, id, patch, policy) {
      const { definition } = await keptDefinition(ctx, id)
      const next = await ctx.agentStore.update(PROVIDER_ID, id, patchedDefinition(definition, patch, policy))
      if (!next) throw noAgent(id)
      return fromKeptAgent(next)
    },
    async delete(ctx, id) {
      if (!(await ctx.agentStore.delete(PROVIDER_ID, id))) throw noAgent(id)
    },
  },
  calls: {
    reconcile(ctx, ref, query) {
      return findByReference(ctx, ref, query)
    },
    async create(ctx, input, policy) {
      return send(ctx, input, await definitionFor(ctx, input), policy)
    },
    /**
     * A bounded fan-out of single sends (BATCH_CONCURRENCY at once), not Bland's v2 batch: that
     * answers only a batch id, and finding its calls by `batch_id` is a list that may lag, so
     * per-item ids in request order could not be promised. A kept agent is read once.
     */
    async batch(ctx, entries): Promise<BatchOutcome[]> {
      const first = entries[0]?.input
      if (!first) return []
      const kept = first.agent ? null : (await keptDefinition(ctx, first.agentVendorId)).definition
      return mapWithConcurrency(entries, ctx.config.batchConcurrency, async ({ input, policy }) => {
        try {
          return { call: await send(ctx, input, kept ?? (await definitionFor(ctx, input)), policy) }
        } catch (error) {
          if (error instanceof ApiError) return { error }
          return {
            error: new ApiError(
              'internal',
              'This item failed on our side; it was not confirmed as created.',
              {
                provider: PROVIDER_ID,
                upstream: 'ambiguous',
              },
            ),
          }
        }
      })
    },
    async get(ctx, id) {
      return fromVendorCall(await vendorApi(ctx).getCall({ id: callIdOrNotFound(id) }))
    },
    /** Bland pages by row index (`from` inclusive, `to` exclusive), newest first: the cursor holds the index. */
    async list(ctx, { limit, cursor, agentVendorId, status }) {
      const from = offsetFrom(cursor)
      const answer = await vendorApi(ctx).listCalls({ query: { from, to: from + limit, limit } })
      const calls = answer.calls
        .map((call) => fromVendorCall(call))
        .filter((call) => !agentVendorId || call.agentId === formatId(PROVIDER_ID, agentVendorId))
        .filter((call) => !status || call.status === status)
      return offsetPage(calls, from, answer.calls.length, answer.total_count)
    },
    async cancel(ctx, id) {
      const callId = callIdOrNotFound(id)
      const api = vendorApi(ctx)
      return cancelAfterRead({
        vendor,
        read: async () => {
          const vendorCall = await api.getCall({ id: callId })
          return { vendorCall, call: fromVendorCall(vendorCall) }
        },
        refuse: ({ call }) =>
          FINAL_STATUSES.has(call.status) ? `The call has ended (${call.status}).` : null,
        send: async () => {
          await api.stopCall({ id: callId })
          return undefined
        },
        // Bland answers a call it can no longer stop with an error ("SID not found for the given c_id.").
        refusedBy: (error) => error.code === 'provider_rejected' || error.code === 'conflict',
        readBack: async () => fromVendorCall(await api.getCall({ id: callId })),
      })
    },
  },
}
