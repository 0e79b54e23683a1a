import { z } from 'zod'
import { ATTEMPT_REF_KEY } from '../../src/contract/call'
import { decodeCursor, encodeCursor } from '../../src/contract/cursor'
import { formatId } from '../../src/contract/ids'
import { AGENT_FIELDS, CALL_FIELDS, fieldSupport } from '../kit/field-support'
import type { Provider } from '../kit/types'
import { defineErrors } from '../kit/vendor'
import { fromAgentRecord, toAgentFields, toAgentPatch } from './agents'
import { fromCallRecord, toCallRequest } from './calls'
import { store } from './client'
import { options } from './options'
import { statusMap } from './statuses'
import type { PlaceResult } from './store'
import { interpolate, MAX_RENDERED_CHARS } from './transcript'
import type { SandboxAgentFields } from './vendor'

const AfterCursor = z.object({ before: z.string().min(1).max(64) })

/** The simulator needs no account: configured always, and its errors name it like any vendor's. */
const vendor = {
  id: 'sandbox',
  name: 'Sandbox',
  docsUrl: '/docs',
  configured: () => true,
}
const fail = defineErrors(vendor.id)

const notFound = (resource: 'agent' | 'call', id: string) =>
  fail.notFound(`No sandbox ${resource} ${formatId(vendor.id, id)}.`)

const placeError = (result: Extract<PlaceResult, { error: unknown }>, agentId: string) => {
  const { code, message, field } = result.error
  if (code === 'agent_not_found') return notFound('agent', agentId)
  if (code === 'template_too_long') {
    return fail.fail('validation_failed', `${field}: ${message}.`, {
      errors: [{ path: field ?? 'variables', message }],
      upstream: 'rejected',
    })
  }
  return fail.fail('provider_rejected', message, { upstream: 'rejected', providerCode: code })
}

/**
 * An agent whose first message already renders past the limit with its own default variables
 * could place no call: refused when it is written, naming the agent's own fields.
 */
function refuseAmplifyingAgent(agent: Pick<SandboxAgentFields, 'firstMessage' | 'variables'>) {
  if (!agent.firstMessage) return
  const rendered = interpolate(agent.firstMessage, agent.variables, MAX_RENDERED_CHARS + 1)
  if (rendered.length <= MAX_RENDERED_CHARS) return
  const message = `firstMessage renders to more than ${MAX_RENDERED_CHARS} characters with the agent's variables (the limit on a rendered template)`
  throw fail.fail('validation_failed', `${message}.`, {
    errors: [{ path: 'firstMessage', message }],
    upstream: 'rejected',
  })
}

/** The built-in simulator: honours every field, needs no account, and is the conformance reference. */
export const sandbox: Provider = {
  ...vendor,
  fields: {
    'agents.create': fieldSupport(AGENT_FIELDS),
    'agents.update': fieldSupport(AGENT_FIELDS),
    'calls.create': fieldSupport(CALL_FIELDS, [], {
      webhookUrl: "Events go to the call's webhookUrl, else the agent's, else WEBHOOK_URL",
      timezone: "Reads the agent's schedule windows in the callee's zone",
      overrides: 'Used for this call’s simulated conversation',
    }),
  },
  statusMap,
  options,
  agents: {
    async create(ctx, input) {
      const fields = toAgentFields(input)
      refuseAmplifyingAgent(fields)
      return fromAgentRecord(await store(ctx).createAgent(fields))
    },
    async get(ctx, id) {
      const record = await store(ctx).getAgent(id)
      if (!record) throw notFound('agent', id)
      return fromAgentRecord(record)
    },
    async list(ctx, { limit, cursor }) {
      const before = cursor ? decodeCursor(cursor, AfterCursor).before : null
      const page = await store(ctx).listAgents(limit, before)
      const last = page.items.at(-1)
      return {
        data: page.items.map(fromAgentRecord),
        hasMore: page.hasMore,
        nextCursor: page.hasMore && last ? encodeCursor({ before: last.id }) : null,
      }
    },
    async update(ctx, id, patch) {
      const changes = toAgentPatch(patch)
      if (changes.firstMessage !== undefined || changes.variables !== undefined) {
        const current = await store(ctx).getAgent(id)
        if (!current) throw notFound('agent', id)
        refuseAmplifyingAgent({
          firstMessage: changes.firstMessage === undefined ? current.firstMessage : changes.firstMessage,
          variables: changes.variables ?? current.variables,
        })
      }
      const record = await store(ctx).updateAgent(id, changes)
      if (!record) throw notFound('agent', id)
      return fromAgentRecord(record)
    },
    async delete(ctx, id) {
      if (!(await store(ctx).deleteAgent(id))) throw notFound('agent', id)
    },
  },
  // Every create is stored before it returns: a miss proves no call was made.
  reconcileLookup: 'authoritative',
  calls: {
    async reconcile(ctx, ref, { to, after }) {
      const record = await store(ctx).findCallByRef(ATTEMPT_REF_KEY, ref, to, after)
      return record ? fromCallRecord(record, Date.now()) : null
    },
    async create(ctx, input) {
      const [result] = await store(ctx).placeCalls(
        input.agentVendorId,
        [toCallRequest(input)],
        ctx.config.sandboxTimeScale,
        ctx.config.webhookUrl ?? null,
      )
      if (!result || 'error' in result)
        throw placeError(result as Extract<PlaceResult, { error: unknown }>, input.agentVendorId)
      return fromCallRecord(result.call, Date.now())
    },
    async batch(ctx, entries) {
      const agentId = entries[0]?.input.agentVendorId
      if (agentId === undefined) return []
      const results = await store(ctx).placeCalls(
        agentId,
        entries.map((entry) => toCallRequest(entry.input)),
        ctx.config.sandboxTimeScale,
        ctx.config.webhookUrl ?? null,
      )
      const now = Date.now()
      return results.map((result) =>
        'error' in result
          ? { error: placeError(result, agentId) }
          : { call: fromCallRecord(result.call, now) },
      )
    },
    async get(ctx, id) {
      const record = await store(ctx).getCall(id)
      if (!record) throw notFound('call', id)
      return fromCallRecord(record, Date.now())
    },
    async list(ctx, { limit, cursor, agentVendorId, status }) {
      const before = cursor ? decodeCursor(cursor, AfterCursor).before : null
      const page = await store(ctx).listCalls({
        limit,
        before,
        agentId: agentVendorId ?? null,
        status: status ?? null,
      })
      const now = Date.now()
      const last = page.items.at(-1)
      return {
        data: page.items.map((record) => fromCallRecord(record, now)),
        hasMore: page.hasMore,
        nextCursor: page.hasMore && last ? encodeCursor({ before: last.id }) : null,
      }
    },
    async cancel(ctx, id) {
      const result = await store(ctx).cancelCall(id)
      if ('notFound' in result) throw notFound('call', id)
      if ('conflict' in result) {
        throw fail.conflict(`The call has already ended (${result.conflict}); nothing was changed.`)
      }
      return fromCallRecord(result.call, Date.now())
    },
  },
}
