import type { Call } from '../../src/contract/call'
import { ApiError, validationError } from '../../src/contract/errors'
import { formatId } from '../../src/contract/ids'
import { cancelAfterRead } from '../kit/cancel'
import { mapWithConcurrency } from '../kit/concurrency'
import { AGENT_FIELDS, CALL_FIELDS } from '../kit/field-support'
import { log } from '../kit/log'
import { fieldsOf } from '../kit/param-map'
import { reconcileByList } from '../kit/reconcile-by-list'
import type {
  BatchOutcome,
  CallInput,
  FieldSupport,
  Operation,
  Provider,
  ProviderContext,
} from '../kit/types'
import { agentParams, fromVendorAgent, isDisabled, toAssistantCreate, toAssistantPatch } from './agents'
import { callParams, fromVendorCall, resolveFrom, toVendorCall } from './calls'
import { baseUrlOf, createdAtPage, endLiveCall, type VendorApi, vendor, vendorApi } from './client'
import { AgentOptionsSchema, CallOptionsSchema } from './options'
import { LIVE, NOT_DIALED, statuses, statusMap } from './statuses'
import { VAPI_UUID, type VapiAssistant, type VapiCall } from './vendor'
import { assistantHook, callHookUrl, createHookedAssistant, hookServer, webhooks } from './webhooks'

const agentSupport = fieldsOf(AGENT_FIELDS, agentParams)

const fields: Partial<Record<Operation, FieldSupport>> = {
  'agents.create': agentSupport,
  'agents.update': agentSupport,
  'calls.create': fieldsOf(CALL_FIELDS, callParams),
}

/** Parallel single creates of a batch: Vapi's customers[] answers errors by customer, not by index. */
const batchConcurrency = (ctx: ProviderContext) => Math.max(1, ctx.config.batchConcurrency)

/** Switchboard's reference for a create: the client's Idempotency-Key when it gave one, else the request. */
export const callReference = (ctx: ProviderContext, index?: number) =>
  `${ctx.idempotencyKey ? `idem:${ctx.idempotencyKey}` : `req:${ctx.requestId}`}${index === undefined ? '' : `#${index}`}`

/** Vapi ids are UUIDs (the path `{id}` is `format: uuid`): another id names nothing there, and is not sent. */
function vendorIdOrNotFound(id: string, resource: 'assistant' | 'call'): string {
  if (VAPI_UUID.test(id)) return id
  throw vendor.notFound(`No Vapi ${resource} ${formatId(vendor.id, id)}: Vapi ids are UUIDs.`, {
    upstream: 'not_sent',
  })
}

/** Refuses a call to an agent disabled through Switchboard: Vapi itself would place it. */
function requireEnabled(assistant: VapiAssistant) {
  if (isDisabled(assistant)) {
    throw vendor.conflict(`Agent vapi_${assistant.id} is disabled; enable it to place calls.`, {
      upstream: 'not_sent',
    })
  }
}

/**
 * Logs the concurrency figures Vapi returns on every create, for capacity planning, and hands its
 * account's limit to provider health (`vendorLimit`).
 */
function logLimits(ctx: ProviderContext, call: VapiCall) {
  const limits = call.subscriptionLimits
  if (!limits) return
  const limit = limits.concurrencyLimit
  if (typeof limit === 'number' && Number.isInteger(limit) && limit >= 0)
    ctx.onVendorLimit?.(vendor.id, limit)
  log(limits.concurrencyBlocked ? 'warn' : 'info', {
    requestId: ctx.requestId,
    provider: vendor.id,
    msg: 'vapi subscription limits',
    concurrencyLimit: limits.concurrencyLimit,
    remainingConcurrentCalls: limits.remainingConcurrentCalls,
    concurrencyBlocked: limits.concurrencyBlocked ?? false,
  })
}

async function place(
  ctx: ProviderContext,
  client: VendorApi,
  assistant: VapiAssistant,
  input: CallInput,
  policy: Parameters<typeof toVendorCall>[1],
  reference: string,
): Promise<Call> {
  const phoneNumberId = await resolveFrom(ctx, client, input.from)
  const hookUrl = await callHookUrl(ctx, assistant, input.webhookUrl)
  const body = toVendorCall(input, policy, {
    assistant,
    phoneNumberId,
    reference,
    hook: hookUrl ? hookServer(hookUrl) : undefined,
  })
  const created = await client.createCall({ body })
  logLimits(ctx, created)
  return fromVendorCall(created)
}

/**
 * Hosts a live call's `monitor.controlUrl` may point at, besides the configured API origin: Vapi's
 * call workers (`phone-call-websocket.<region>-backend-production1.vapi.ai` in the answers seen;
 * the docs' own example host was out of date). Unconfirmed as a rule: if Vapi moves control to
 * another domain, live cancels answer 502 saying so, and this is the place to widen.
 */
export const CONTROL_HOST_SUFFIX = '.vapi.ai'

/** A call's live-control URL, only if it is Vapi's (https on a vapi.ai host) or on the configured API origin. */
function controlUrlOf(ctx: ProviderContext, call: VapiCall): URL {
  const raw = call.monitor?.controlUrl
  let url: URL | undefined
  try {
    url = raw ? new URL(raw) : undefined
  } catch {
    url = undefined
  }
  const base = new URL(baseUrlOf(ctx))
  const trusted =
    url &&
    !url.username &&
    !url.password &&
    (url.origin === base.origin || (url.protocol === 'https:' && url.hostname.endsWith(CONTROL_HOST_SUFFIX)))
  if (!url || !trusted || (url.protocol !== 'https:' && url.origin !== base.origin)) {
    throw vendor.providerError(
      'Vapi gave this live call no usable control URL (https on a vapi.ai host); it was not hung up.',
      { upstream: 'not_sent' },
    )
  }
  return url
}

/** Vapi (api.vapi.ai): assistants and outbound phone calls. */
export const vapi: Provider = {
  ...vendor.identity,
  fields,
  statusMap,
  options: { agents: AgentOptionsSchema, calls: CallOptionsSchema },
  webhooks,
  // Vapi's list may lag a create that just returned: a miss does not prove there is no call.
  reconcileLookup: 'best_effort',
  agents: {
    async create(ctx, input, policy) {
      const body = toAssistantCreate(input, policy)
      return fromVendorAgent(await createHookedAssistant(ctx, vendorApi(ctx), body, input.webhookUrl))
    },
    async get(ctx, id) {
      return fromVendorAgent(await vendorApi(ctx).getAssistant({ id: vendorIdOrNotFound(id, 'assistant') }))
    },
    async list(ctx, { limit, cursor }) {
      const client = vendorApi(ctx)
      const page = await createdAtPage(cursor, limit, (asked, createdAtLe) =>
        client.listAssistants({ query: { limit: asked, createdAtLe } }),
      )
      return { data: page.items.map(fromVendorAgent), hasMore: page.hasMore, nextCursor: page.nextCursor }
    },
    // Vapi's PATCH replaces nested objects whole: read, merge, send each touched object complete.
    async update(ctx, id, patch, policy) {
      vendorIdOrNotFound(id, 'assistant')
      const client = vendorApi(ctx)
      const current = await client.getAssistant({ id })
      const hook = await assistantHook(ctx, patch.webhookUrl, id)
      const body = { ...toAssistantPatch(patch, current, policy), ...hook }
      if (Object.keys(body).length === 0) return fromVendorAgent(current)
      return fromVendorAgent(await client.updateAssistant({ id, body }))
    },
    async delete(ctx, id) {
      // 409 assistant_pinned (a published version is pinned) is the kit's conflict.
      await vendorApi(ctx).deleteAssistant({ id: vendorIdOrNotFound(id, 'assistant') })
    },
  },
  calls: {
    reconcile(ctx, ref, query) {
      return reconcileByList(vapi, ctx, ref, query)
    },
    async create(ctx, input, policy) {
      const client = vendorApi(ctx)
      const assistant = await client.getAssistant({
        id: vendorIdOrNotFound(input.agentVendorId, 'assistant'),
      })
      requireEnabled(assistant)
      return place(ctx, client, assistant, input, policy, callReference(ctx))
    },
    /**
     * A bounded fan-out of single creates, outcomes in request order: Vapi's customers[] shares one
     * number and schedule across items and reports errors by customer rather than by index.
     */
    async batch(ctx, entries) {
      const client = vendorApi(ctx)
      const agentId = entries[0]?.input.agentVendorId ?? ''
      const assistant = await client.getAssistant({ id: vendorIdOrNotFound(agentId, 'assistant') })
      requireEnabled(assistant)
      return mapWithConcurrency(
        entries,
        batchConcurrency(ctx),
        async (entry, index): Promise<BatchOutcome> => {
          try {
            return {
              call: await place(ctx, client, assistant, entry.input, entry.policy, callReference(ctx, index)),
            }
          } catch (error) {
            if (error instanceof ApiError) return { error }
            return {
              error: vendor.fail(
                'internal',
                'This item failed on our side; it was not confirmed as created.',
                {
                  upstream: 'ambiguous',
                },
              ),
            }
          }
        },
      )
    },
    async get(ctx, id) {
      return fromVendorCall(await vendorApi(ctx).getCall({ id: vendorIdOrNotFound(id, 'call') }))
    },
    async list(ctx, { limit, cursor, agentVendorId, status }) {
      if (agentVendorId !== undefined && !VAPI_UUID.test(agentVendorId)) {
        throw validationError('agentId', 'A Vapi agent id is vapi_<assistant UUID>')
      }
      const client = vendorApi(ctx)
      const page = await createdAtPage(cursor, limit, (asked, createdAtLe) =>
        client.listCalls({ query: { limit: asked, createdAtLe, assistantId: agentVendorId } }),
      )
      const calls = page.items.map(fromVendorCall)
      // Vapi filters no status: ours, so a page may hold fewer than limit.
      return {
        data: status ? calls.filter((call) => call.status === status) : calls,
        hasMore: page.hasMore,
        nextCursor: page.nextCursor,
      }
    },
    async cancel(ctx, id) {
      vendorIdOrNotFound(id, 'call')
      const client = vendorApi(ctx)
      return cancelAfterRead({
        vendor,
        read: async () => {
          const vendorCall = await client.getCall({ id })
          return { vendorCall, call: fromVendorCall(vendorCall) }
        },
        refuse: ({ vendorCall, call }) => {
          const word = statuses.canonical(vendorCall.status)
          if (word && (NOT_DIALED.has(word) || LIVE.has(word))) return null
          return `The call has already ended (${call.status}, Vapi status ${vendorCall.status}); nothing was changed.`
        },
        send: async ({ vendorCall, call }) => {
          if (NOT_DIALED.has(vendorCall.status ?? '')) {
            // DELETE erases the call's data at Vapi: the answer (or the read before it) is all that remains.
            const deleted = await client.deleteCall({ id })
            return { ...fromVendorCall({ ...vendorCall, ...deleted }), status: 'canceled' }
          }
          await endLiveCall(ctx, controlUrlOf(ctx, vendorCall))
          return { ...call, status: 'canceled' }
        },
        // Vapi refusing the delete or the hang-up means the call moved on meanwhile.
        refusedBy: (error) => error.code === 'provider_rejected' || error.code === 'conflict',
      })
    },
  },
}
