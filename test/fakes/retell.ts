import type { Context } from 'hono'
import type { z } from 'zod'
import { createFakeVendor, type FakeVendorBase, type InjectedFailure as VendorFailure } from './fake-vendor'
import {
  AgentCreate,
  AgentListBody,
  AgentListQuery,
  AgentPatch,
  CallCreate,
  CallListBody,
  LlmCreate,
  LlmPatch,
  NoQuery,
} from './retell-schemas'

/**
 * A stand-in for Retell AI (api.retellai.com), written from its SDK types and docs rather than
 * from the provider's own schemas. Every request is validated (Bearer key, strict snake_case
 * bodies, ranges, enums, string-only dynamic variables); what Retell itself would refuse is
 * answered Retell's way (`{status: "error", message}`, 422 for a missing object), and what shows a
 * gateway bug is answered 599 and recorded in `violations`.
 */

export const RETELL_TEST_KEY = 'retell-secret-key-0123'
/** The numbers the fake account owns: from_number must be one of them. */
export const RETELL_NUMBERS = ['+14155550199', '+14155550198']

type Json = Record<string, unknown>
export type InjectedFailure = Omit<VendorFailure, 'after' | 'headers'> & { path: RegExp }

export interface RetellFake extends Omit<FakeVendorBase, 'fail'> {
  llms: Map<string, Json>
  agents: Map<string, Json>
  calls: Map<string, Json>
  /** The next matching request(s), once validated and recorded, get this answer instead. */
  fail(failure: InjectedFailure): void
  /** Moves a call on as Retell would (call_status, disconnection_reason, transcript_object …). */
  updateCall(id: string, changes: Json): Json
  /** `x-retell-signature` for a body, as Retell computes it (HMAC-SHA256 of body + timestamp). */
  sign(rawBody: string, stamp?: number, key?: string): Promise<string>
}

const MISSING = 'Cannot find requested asset under given api key.'
const error = (message: string) => ({ status: 'error', message })
const randomId = (prefix = '') =>
  prefix +
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')

/** What list-calls leaves out of each item (SDK type diff between v3 items and get-call). */
const LIST_OMITS = [
  'transcript',
  'transcript_object',
  'transcript_with_tool_calls',
  'scrubbed_transcript_with_tool_calls',
]

export function createRetellFake(apiKey = RETELL_TEST_KEY): RetellFake {
  const llms = new Map<string, Json>()
  const agents = new Map<string, Json>()
  const calls = new Map<string, Json>()
  let clock = Date.now()
  const now = () => ++clock
  const missing = (c: Context) => c.json(error(MISSING), 422)

  const fake = createFakeVendor({
    name: 'Retell',
    auth: { key: apiKey },
    errorBody: error,
    injectedBody: error('Injected failure'),
    check: (c, { text }) =>
      text && ['GET', 'DELETE'].includes(c.req.method) ? `${c.req.method} with a body` : undefined,
    requestSchemas: {
      'POST /create-retell-llm': { body: LlmCreate },
      'GET /get-retell-llm/:id': { query: NoQuery },
      'PATCH /update-retell-llm/:id': { body: LlmPatch },
      'POST /create-agent': { body: AgentCreate },
      'GET /get-agent/:id': { query: NoQuery },
      'PATCH /update-agent/:id': { body: AgentPatch },
      'POST /v2/list-agents': { query: AgentListQuery, body: AgentListBody },
      'POST /v2/create-phone-call': { body: CallCreate },
      'GET /v2/get-call/:id': { query: NoQuery },
      'POST /v3/list-calls': { body: CallListBody },
    },
    routes: (app, { parsed }) => {
      const body = <S extends z.ZodType>(c: Context, _schema: S) => parsed<z.output<S>>(c).body
      const query = <S extends z.ZodType>(c: Context, _schema: S) => parsed<never, z.output<S>>(c).query

      // Retell LLMs
      app.post('/create-retell-llm', (c) => {
        const llm: Json = {
          llm_id: randomId('llm_'),
          version: 0,
          is_published: false,
          model: 'gpt-4.1',
          model_temperature: 0,
          start_speaker: 'agent',
          general_tools: null,
          ...body(c, LlmCreate),
          last_modification_timestamp: now(),
        }
        llms.set(llm.llm_id as string, llm)
        return c.json(llm, 201)
      })
      app.get('/get-retell-llm/:id', (c) =>
        llms.has(c.req.param('id')) ? c.json(llms.get(c.req.param('id'))) : missing(c),
      )
      app.patch('/update-retell-llm/:id', (c) => {
        const llm = llms.get(c.req.param('id'))
        if (!llm) return missing(c)
        Object.assign(llm, body(c, LlmPatch), { last_modification_timestamp: now() })
        return c.json(llm)
      })
      app.delete('/delete-retell-llm/:id', (c) => {
        const id = c.req.param('id')
        if (!llms.delete(id)) return missing(c)
        return c.body(null, 204)
      })

      // Agents
      app.post('/create-agent', (c) => {
        const sent = body(c, AgentCreate)
        const engine = sent.response_engine as Json
        if (engine.type === 'retell-llm' && !llms.has(engine.llm_id as string)) return missing(c)
        const agent: Json = {
          agent_id: randomId(),
          version: 0,
          is_published: false,
          language: 'en-US',
          voice_speed: 1,
          max_call_duration_ms: 3_600_000,
          stt_mode: 'fast',
          webhook_url: null,
          ...sent,
          last_modification_timestamp: now(),
        }
        agents.set(agent.agent_id as string, agent)
        return c.json(agent, 201)
      })
      app.get('/get-agent/:id', (c) =>
        agents.has(c.req.param('id')) ? c.json(agents.get(c.req.param('id'))) : missing(c),
      )
      app.patch('/update-agent/:id', (c) => {
        const agent = agents.get(c.req.param('id'))
        if (!agent) return missing(c)
        Object.assign(agent, body(c, AgentPatch), { last_modification_timestamp: now() })
        return c.json(agent)
      })
      app.delete('/delete-agent/:id', (c) => {
        if (!agents.delete(c.req.param('id'))) return missing(c)
        return c.body(null, 204)
      })
      app.post('/v2/list-agents', (c) => {
        const q = query(c, AgentListQuery)
        const channel = body(c, AgentListBody).filter_criteria?.channel?.value
        const all = [...agents.values()].filter((a) => !channel || (a.channel ?? 'voice') === channel)
        const ordered = q.sort_order === 'ascending' ? all : all.reverse()
        const start = q.pagination_key ? ordered.findIndex((a) => a.agent_id === q.pagination_key) + 1 : 0
        const limit = q.limit ?? 50
        const page = ordered.slice(start, start + limit)
        const hasMore = start + limit < ordered.length
        return c.json({
          items: page.map((a) => ({
            agent_id: a.agent_id,
            agent_name: a.agent_name ?? '',
            channel: a.channel ?? 'voice',
            tags: {},
            user_modified_timestamp: a.last_modification_timestamp,
          })),
          has_more: hasMore,
          ...(hasMore ? { pagination_key: page.at(-1)?.agent_id } : {}),
        })
      })

      // Calls
      app.post('/v2/create-phone-call', (c) => {
        const sent = body(c, CallCreate)
        if (!RETELL_NUMBERS.includes(sent.from_number)) {
          return c.json(error('from_number is not a phone number of this workspace.'), 422)
        }
        const agentId = sent.override_agent_id
        if (!agentId || !agents.has(agentId)) return missing(c)
        const call: Json = {
          call_type: 'phone_call',
          call_id: randomId('call_'),
          agent_id: agentId,
          agent_version: 0,
          call_status: 'registered',
          direction: 'outbound',
          from_number: sent.from_number,
          to_number: sent.to_number,
          ...(sent.metadata !== undefined ? { metadata: sent.metadata } : {}),
          ...(sent.retell_llm_dynamic_variables
            ? { retell_llm_dynamic_variables: sent.retell_llm_dynamic_variables }
            : {}),
          // Kept for tests to see which hook this call's events would go to.
          agent_override: sent.agent_override,
          created: now(),
        }
        calls.set(call.call_id as string, call)
        const { agent_override: _override, created: _created, ...answer } = call
        return c.json(answer, 201)
      })
      const view = ({ agent_override: _o, created: _c, ...call }: Json) => call
      app.get('/v2/get-call/:id', (c) => {
        const call = calls.get(c.req.param('id'))
        return call ? c.json(view(call)) : missing(c)
      })
      app.post('/v3/list-calls', (c) => {
        const q = body(c, CallListBody)
        const f = q.filter_criteria ?? {}
        const matching = [...calls.values()].filter((call) => {
          if (f.agent && !f.agent.some((a) => a.agent_id === call.agent_id)) return false
          if (f.call_status && !f.call_status.value.includes(call.call_status as never)) return false
          if (
            f.disconnection_reason &&
            !f.disconnection_reason.value.includes(call.disconnection_reason as string)
          )
            return false
          if (f.to_number && f.to_number.op === 'eq' && call.to_number !== f.to_number.value) return false
          for (const m of f.metadata ?? []) {
            const value = (call.metadata as Json | undefined)?.[m.key]
            if (m.type === 'string' && m.op === 'eq' && value !== m.value) return false
          }
          return true
        })
        const ordered = q.sort_order === 'ascending' ? matching : matching.reverse()
        const start = q.pagination_key
          ? ordered.findIndex((call) => call.call_id === q.pagination_key) + 1
          : 0
        if (q.pagination_key && start === 0) return c.json(error('Invalid pagination key.'), 400)
        const limit = q.limit ?? 50
        const page = ordered.slice(start, start + limit)
        const hasMore = start + limit < ordered.length
        return c.json({
          items: page.map((call) =>
            Object.fromEntries(Object.entries(view(call)).filter(([key]) => !LIST_OMITS.includes(key))),
          ),
          has_more: hasMore,
          ...(hasMore ? { pagination_key: page.at(-1)?.call_id } : {}),
        })
      })
      app.post('/v2/stop-call/:id', (c) => {
        const call = calls.get(c.req.param('id'))
        if (!call) return missing(c)
        if (call.call_status !== 'registered' && call.call_status !== 'ongoing') {
          return c.json(error('Call is not ongoing.'), 400)
        }
        const ended = now()
        const started = (call.start_timestamp as number | undefined) ?? ended
        Object.assign(call, {
          call_status: 'ended',
          disconnection_reason: 'manual_stopped',
          start_timestamp: started,
          end_timestamp: ended,
          duration_ms: ended - started,
        })
        return c.body(null, 204)
      })
    },
  })

  const sign = async (rawBody: string, stamp = Date.now(), key = apiKey) => {
    const hmacKey = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(key),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    const mac = await crypto.subtle.sign('HMAC', hmacKey, new TextEncoder().encode(rawBody + String(stamp)))
    return `v=${stamp},d=${Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, '0')).join('')}`
  }

  return {
    ...fake,
    llms,
    agents,
    calls,
    updateCall(id, changes) {
      const call = calls.get(id)
      if (!call) throw new Error(`fake Retell has no call ${id}`)
      return Object.assign(call, changes)
    },
    sign,
  }
}
