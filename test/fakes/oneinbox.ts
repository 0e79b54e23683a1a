import type { Context } from 'hono'
import { z } from 'zod'
import { createFakeVendor, type FakeVendorBase, type InjectedFailure as VendorFailure } from './fake-vendor'
import {
  AgentCreate,
  AgentListQuery,
  AgentPatch,
  CallCreate,
  CallCursorQuery,
  ModelCreate,
  ModelPatch,
  NoQuery,
} from './oneinbox-schemas'

/**
 * A stand-in for OneInbox (api.oneinbox.ai), written from its reference pages rather than from
 * the provider's own schemas, so a field the provider misspells fails here. Every request is
 * validated (auth, strict snake_case bodies, E.164 numbers, query params); a request OneInbox
 * itself would refuse is answered the FastAPI way, one that shows a gateway bug is answered 599
 * and recorded in `violations`.
 */

export const ONEINBOX_TEST_KEY = 'vendor-secret-key'

type Json = Record<string, unknown>
export type InjectedFailure = Omit<VendorFailure, 'after' | 'headers'> & { path: RegExp }

export interface OneInboxFake extends Omit<FakeVendorBase, 'fail'> {
  models: Map<string, Json>
  agents: Map<string, Json>
  calls: Map<string, Json>
  /** The next matching request(s), once validated and recorded, get this answer instead. */
  fail(failure: InjectedFailure): void
  /** Moves a call on as OneInbox would (status, end_reason, messages …). */
  updateCall(id: string, changes: Json): Json
}

const fastApi = (loc: (string | number)[], msg: string, type: string) => ({ detail: [{ loc, msg, type }] })

export function createOneInboxFake(apiKey = ONEINBOX_TEST_KEY): OneInboxFake {
  const models = new Map<string, Json>()
  const agents = new Map<string, Json>()
  const calls = new Map<string, Json>()
  const now = () => new Date().toISOString()

  const fake = createFakeVendor({
    name: 'OneInbox',
    auth: { key: apiKey },
    errorBody: (message) => ({ detail: message }),
    injectedBody: { detail: 'Injected failure' },
    check: (c, { text, path }) => {
      if (!text && ['POST', 'PATCH'].includes(c.req.method) && !path.endsWith('/stop'))
        return 'missing JSON body'
      if (text && ['GET', 'DELETE'].includes(c.req.method)) return `${c.req.method} with a body`
      return undefined
    },
    requestSchemas: {
      'POST /v1/models': { body: ModelCreate },
      'PATCH /v1/models/:id': { body: ModelPatch },
      'POST /v1/agents': { body: AgentCreate },
      'GET /v1/agents': { query: AgentListQuery },
      'PATCH /v1/agents/:id': { body: AgentPatch },
      // The agent id's form is the route's to check: OneInbox answers a malformed one itself (422).
      'POST /v1/calls': { body: CallCreate.extend({ agent_id: z.string() }) },
      'GET /v1/calls/cursor': { query: CallCursorQuery },
      'GET /v1/calls/:id': { query: NoQuery },
    },
    routes: (app, { parsed }) => {
      const body = <S extends z.ZodType>(c: Context, _schema: S) => parsed<z.output<S>>(c).body
      const query = <S extends z.ZodType>(c: Context, _schema: S) => parsed<never, z.output<S>>(c).query

      /** OneInbox ids are UUIDs; a malformed one is the client's, answered as FastAPI would. */
      const byId = (c: Context, store: Map<string, Json>, param: string, noun: string) => {
        const id = c.req.param('id') as string
        if (!z.uuid().safeParse(id).success) {
          return c.json(fastApi(['path', param], 'Input should be a valid UUID', 'uuid_parsing'), 422)
        }
        return store.get(id) ?? c.json({ detail: `${noun} not found` }, 404)
      }

      // LLM models
      app.post('/v1/models', (c) => {
        const model = {
          id: crypto.randomUUID(),
          provider: 'openai',
          model: 'gpt-4o-mini',
          system_prompt: null,
          temperature: 0.7,
          tool_ids: [],
          knowledge_base_ids: [],
          ...body(c, ModelCreate),
          created_at: now(),
          updated_at: now(),
        }
        models.set(model.id, model)
        return c.json(model, 201)
      })
      app.get('/v1/models/:id', (c) => {
        const model = byId(c, models, 'llm_id', 'Model')
        return model instanceof Response ? model : c.json(model)
      })
      app.patch('/v1/models/:id', (c) => {
        const model = byId(c, models, 'llm_id', 'Model')
        if (model instanceof Response) return model
        Object.assign(model, body(c, ModelPatch), { updated_at: now() })
        return c.json(model)
      })
      app.delete('/v1/models/:id', (c) => {
        const model = byId(c, models, 'llm_id', 'Model')
        if (model instanceof Response) return model
        models.delete(model.id as string)
        return c.body(null, 204)
      })

      // Agents
      const agentView = (agent: Json) => ({
        ...agent,
        effective_system_prompt: models.get(agent.llm_id as string)?.system_prompt ?? null,
      })
      app.post('/v1/agents', (c) => {
        const sent = body(c, AgentCreate)
        if (sent.llm_id && !models.has(sent.llm_id)) {
          return c.json(fastApi(['body', 'llm_id'], 'LLM model not found', 'value_error'), 422)
        }
        const agent: Json = {
          id: crypto.randomUUID(),
          transcriber: null,
          tts: null,
          first_message: null,
          max_duration_seconds: 600,
          language: 'en',
          dynamic_variables: {},
          metadata: {},
          webhook_id: null,
          ...sent,
          created_at: now(),
          updated_at: now(),
        }
        agents.set(agent.id as string, agent)
        return c.json(agentView(agent), 201)
      })
      app.get('/v1/agents', (c) => {
        const q = query(c, AgentListQuery)
        const limit = q.limit ?? 20
        const offset = q.offset ?? 0
        const all = [...agents.values()]
        return c.json({
          items: all.slice(offset, offset + limit).map(agentView),
          total: all.length,
          limit,
          offset,
        })
      })
      app.get('/v1/agents/:id', (c) => {
        const agent = byId(c, agents, 'agent_id', 'Agent')
        return agent instanceof Response ? agent : c.json(agentView(agent))
      })
      app.patch('/v1/agents/:id', (c) => {
        const agent = byId(c, agents, 'agent_id', 'Agent')
        if (agent instanceof Response) return agent
        Object.assign(agent, body(c, AgentPatch), { updated_at: now() })
        return c.json(agentView(agent))
      })
      app.delete('/v1/agents/:id', (c) => {
        const agent = byId(c, agents, 'agent_id', 'Agent')
        if (agent instanceof Response) return agent
        agents.delete(agent.id as string)
        return c.body(null, 204)
      })

      // Calls
      app.post('/v1/calls', (c) => {
        const sent = body(c, CallCreate)
        // The agent id is the client's (OneInbox documents UUIDs; its guides show other forms).
        if (!z.uuid().safeParse(sent.agent_id).success) {
          return c.json(fastApi(['body', 'agent_id'], 'Input should be a valid UUID', 'uuid_parsing'), 422)
        }
        if (!agents.has(sent.agent_id)) return c.json({ detail: 'Agent not found' }, 404)
        const call: Json = {
          id: crypto.randomUUID(),
          agent_id: sent.agent_id,
          type: 'outbound',
          status: 'queued',
          from_number: sent.from_number,
          to_number: sent.to_number,
          room_name: null,
          direction: 'outbound',
          scheduled_at: sent.scheduled_at ?? null,
          variables: sent.variables ?? {},
          started_at: null,
          ended_at: null,
          duration_seconds: null,
          end_reason: null,
          transcript: null,
          messages: [],
          recording_url: null,
          analysis: {},
          latency: {},
          cost_cents: null,
          metadata: sent.metadata ?? {},
          created_at: now(),
          updated_at: now(),
          twilio_call_sid: null,
          outcome: null,
          ai_summary: null,
          credits_used: null,
        }
        calls.set(call.id as string, call)
        return c.json(call, 201)
      })
      app.get('/v1/calls/cursor', (c) => {
        const q = query(c, CallCursorQuery)
        if (q.agent_id && !z.uuid().safeParse(q.agent_id).success) {
          return c.json(fastApi(['query', 'agent_id'], 'Input should be a valid UUID', 'uuid_parsing'), 422)
        }
        const newestFirst = [...calls.values()].reverse()
        const matching = newestFirst.filter(
          (call) => (!q.agent_id || call.agent_id === q.agent_id) && (!q.status || call.status === q.status),
        )
        const start = q.cursor ? matching.findIndex((call) => call.id === q.cursor) + 1 : 0
        if (q.cursor && start === 0) return c.json({ detail: 'Invalid cursor' }, 400)
        const limit = q.limit ?? 20
        const items = matching.slice(start, start + limit)
        const hasMore = start + limit < matching.length
        return c.json({
          items,
          next_cursor: hasMore ? (items.at(-1)?.id ?? null) : null,
          has_more: hasMore,
          limit,
        })
      })
      app.get('/v1/calls/:id', (c) => {
        const call = byId(c, calls, 'call_id', 'Call')
        return call instanceof Response ? call : c.json(call)
      })
      app.post('/v1/calls/:id/stop', (c) => {
        const call = byId(c, calls, 'call_id', 'Call')
        if (call instanceof Response) return call
        if (call.status === 'completed' || call.status === 'failed') {
          return c.json({ detail: 'Call is not active' }, 400)
        }
        const ended = now()
        const started = call.started_at as string | null
        Object.assign(call, {
          status: 'completed',
          end_reason: 'api_stop',
          ended_at: ended,
          duration_seconds: started ? (Date.parse(ended) - Date.parse(started)) / 1000 : 0,
          updated_at: ended,
        })
        return c.json(call)
      })
    },
  })

  return {
    ...fake,
    models,
    agents,
    calls,
    fail: (failure) => fake.fail(failure),
    updateCall(id, changes) {
      const call = calls.get(id)
      if (!call) throw new Error(`fake OneInbox has no call ${id}`)
      return Object.assign(call, changes, { updated_at: now() })
    },
  }
}
