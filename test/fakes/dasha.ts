import type { Context } from 'hono'
import { z } from 'zod'
import { AGENT_ID, callResult, fullAgent, ORG_ID } from '../providers/dasha/fixtures'
import {
  AgentQuery,
  AgentRequest,
  CallRequest,
  NoBody,
  NoQuery,
  QueueQuery,
  SearchRequest,
  STATUSES,
} from './dasha-schemas'
import { createFakeVendor, type FakeVendorBase, type InjectedFailure as VendorFailure } from './fake-vendor'

export const FAKE_DASHA_KEY = 'vendor-secret-key'
/** Well-formed, but no object of the fake has it. */
export const UNKNOWN_DASHA_ID = '00000000-0000-4000-8000-00000000dead'

const CANCELABLE = new Set(['Created', 'Pending', 'Queued'])
const QUEUE = new Set(['Created', 'Pending', 'Queued', 'Running'])

type Json = Record<string, any>
export type InjectedFailure = Omit<VendorFailure, 'method' | 'path' | 'after' | 'times'>

export interface FakeDasha extends Omit<FakeVendorBase, 'fail'> {
  /** The agent the fake starts with (the reference's full config). */
  agentId: string
  agents: Map<string, Json>
  calls: Map<string, Json>
  /** Call results (transcript, duration…) by call id, for finished calls. */
  results: Map<string, Json>
  /** A matching request, after `after` matching ones went through, gets this answer instead. */
  fail(method: string, path: string | RegExp, failure: InjectedFailure, after?: number): void
  setStatus(callId: string, status: (typeof STATUSES)[number], extra?: Json): void
  /** Ends a call as Dasha would: status, completedTime and a call result. */
  finish(callId: string, status: 'Completed' | 'Failed', result?: Json): void
}

const problem = (c: Context, status: number, title: string, detail: string) =>
  c.body(
    JSON.stringify({ type: `https://httpstatuses.io/${status}`, title, status, detail }),
    status as never,
    {
      'content-type': 'application/problem+json',
    },
  )

/**
 * A stand-in for Dasha BlackBox under /api/v1: validates every request it receives (bearer auth,
 * strict bodies, the required agentId query, a bare array for bulk, documented query parameters);
 * a violation answers 599 and is recorded in `violations`. Keeps agents and calls like Dasha does.
 */
export function createDashaFake(): FakeDasha {
  const seed = fullAgent()
  const agents = new Map<string, Json>([[AGENT_ID, seed]])
  const calls = new Map<string, Json>()
  const results = new Map<string, Json>()
  let clock = 0
  /** Wall-clock time, strictly increasing so creation order is visible in the timestamps. */
  const tick = () => {
    clock = Math.max(Date.now(), clock + 1)
    return new Date(clock).toISOString()
  }

  const fake = createFakeVendor({
    name: 'Dasha',
    auth: {
      key: FAKE_DASHA_KEY,
      refuse: (c) => problem(c, 401, 'Unauthorized', 'Invalid or expired API key'),
    },
    errorBody: (message) => ({ title: message }),
    requestSchemas: {
      'POST /api/v1/agents': { body: AgentRequest },
      'GET /api/v1/agents': { query: NoQuery },
      'PUT /api/v1/agents/:id': { body: AgentRequest },
      'POST /api/v1/calls': { query: AgentQuery, body: CallRequest },
      // A bare JSON array, never wrapped.
      'POST /api/v1/calls/bulk': { query: AgentQuery, body: z.array(CallRequest).min(1) },
      'GET /api/v1/calls/queue/list': { query: QueueQuery },
      'DELETE /api/v1/calls/:id': { body: NoBody },
      'POST /api/v1/callresults/search': { body: SearchRequest },
    },
    routes: (app, { violation, parsed }) => {
      const saveAgent = (id: string, request: Json, createdTime: string) => {
        const agent = {
          ...request,
          agentId: id,
          orgId: ORG_ID,
          createdTime,
          lastUpdateTime: tick(),
          inboundSipConfig: {
            id: `sip-${id}`,
            phoneNumber: request.inboundSipConfig?.phoneNumber ?? null,
            sipUri: null,
            sipTrunkUri: null,
          },
          schedule: request.schedule ?? { timezone: 'UTC' },
        }
        agents.set(id, agent)
        return agent
      }

      app.post('/api/v1/agents', (c) =>
        c.json(saveAgent(crypto.randomUUID(), parsed<Json>(c).body, tick()), 200),
      )
      app.get('/api/v1/agents', (c) => c.json([...agents.values()], 200))
      app.get('/api/v1/agents/:id', (c) => {
        const agent = agents.get(c.req.param('id'))
        return agent
          ? c.json(agent, 200)
          : problem(c, 404, 'Not Found', `Agent ${c.req.param('id')} not found`)
      })
      app.put('/api/v1/agents/:id', (c) => {
        const current = agents.get(c.req.param('id'))
        if (!current) return problem(c, 404, 'Not Found', `Agent ${c.req.param('id')} not found`)
        // A full replacement: whatever the body leaves out is gone, as the reference's one request type implies.
        return c.json(saveAgent(current.agentId, parsed<Json>(c).body, current.createdTime), 200)
      })
      app.delete('/api/v1/agents/:id', (c) => {
        if (!agents.delete(c.req.param('id')))
          return problem(c, 404, 'Not Found', `Agent ${c.req.param('id')} not found`)
        return c.body(null, 204)
      })

      const enqueue = (agentId: string, request: z.infer<typeof CallRequest>) => {
        const created = tick()
        const call = {
          endpoint: request.endpoint,
          callId: crypto.randomUUID(),
          orgId: ORG_ID,
          agentId,
          createdTime: created,
          status: 'Created',
          nextScheduleTime: created,
          additionalData: request.additionalData ?? {},
          priority: request.priority ?? 1,
          callDeadline: request.callDeadline ?? new Date(clock + 86_400_000).toISOString(),
          timezone: request.timezone ?? null,
          overrideOutboundConfig: request.overrideOutboundConfig ?? null,
        }
        calls.set(call.callId, call)
        return call
      }
      /** The agent the call is for: the fake's, or Dasha's 404. */
      const agentOf = (c: Context): string | Response => {
        const { agentId } = parsed<never, { agentId: string }>(c).query
        if (!agents.has(agentId)) return problem(c, 404, 'Not Found', `Agent ${agentId} not found`)
        return agentId
      }

      app.post('/api/v1/calls', (c) => {
        const agentId = agentOf(c)
        if (typeof agentId !== 'string') return agentId
        return c.json(enqueue(agentId, parsed<z.infer<typeof CallRequest>>(c).body), 200)
      })
      app.post('/api/v1/calls/bulk', (c) => {
        const agentId = agentOf(c)
        if (typeof agentId !== 'string') return agentId
        return c.json(
          parsed<z.infer<typeof CallRequest>[]>(c).body.map((request) => enqueue(agentId, request)),
          200,
        )
      })
      app.get('/api/v1/calls/queue/list', (c) => {
        const url = new URL(c.req.url)
        const { skip = 0, take = 20 } = parsed<never, z.output<typeof QueueQuery>>(c).query
        // Repeated, so read from the URL: the parsed query holds one value per key.
        const statuses = url.searchParams.getAll('status')
        const bad = statuses.find((s) => !(STATUSES as readonly string[]).includes(s))
        if (bad !== undefined) return violation(c, `unknown status "${bad}"`)
        const agentId = url.searchParams.get('agentId')
        const matching = [...calls.values()].filter(
          (call) =>
            QUEUE.has(call.status) &&
            (!statuses.length || statuses.includes(call.status)) &&
            (!agentId || call.agentId === agentId),
        )
        return c.json({ calls: matching.slice(skip, skip + take), total: matching.length }, 200)
      })
      app.get('/api/v1/calls/:id', (c) => {
        const call = calls.get(c.req.param('id'))
        return call ? c.json(call, 200) : problem(c, 404, 'Not Found', `Call ${c.req.param('id')} not found`)
      })
      app.delete('/api/v1/calls/:id', (c) => {
        const call = calls.get(c.req.param('id'))
        if (!call) return problem(c, 404, 'Not Found', `Call ${c.req.param('id')} not found`)
        if (!CANCELABLE.has(call.status)) {
          return problem(c, 400, 'Bad Request', `Call in status ${call.status} cannot be canceled`)
        }
        call.status = 'Canceled'
        call.completedTime = tick()
        return c.body(null, 204)
      })
      app.post('/api/v1/callresults/search', (c) => {
        const { page, size, agentIds, callStatuses, callIds } = parsed<z.output<typeof SearchRequest>>(c).body
        const matching = [...calls.values()]
          .filter((call) => !QUEUE.has(call.status))
          .map((call) => ({
            ...callResult({
              callId: call.callId,
              agentId: call.agentId,
              callAdditionalData: call.additionalData,
              callStatus: call.status,
              createdTime: call.createdTime,
              completedTime: call.completedTime ?? null,
              endpoint: call.endpoint,
              durationSeconds: null,
              result: null,
              transcription: [],
              recordingUrl: null,
            }),
            ...results.get(call.callId),
          }))
          .filter((r) => !agentIds || agentIds.includes(r.agentId))
          .filter((r) => !callStatuses || (callStatuses as string[]).includes(r.callStatus))
          .filter((r) => !callIds || callIds.includes(r.callId))
        return c.json(
          {
            results: matching.slice(page * size, (page + 1) * size),
            totalCount: matching.length,
            page,
            size,
            totalPages: Math.ceil(matching.length / size),
            executionTimeMs: 3,
          },
          200,
        )
      })
    },
  })

  const callOf = (id: string) => {
    const call = calls.get(id)
    if (!call) throw new Error(`fake Dasha has no call ${id}`)
    return call
  }
  return {
    ...fake,
    agentId: AGENT_ID,
    agents,
    calls,
    results,
    fail: (method, path, failure, after = 0) => fake.fail({ method, path, ...failure, after }),
    setStatus: (id, status, extra = {}) => Object.assign(callOf(id), { status, ...extra }),
    finish(id, status, result = {}) {
      Object.assign(callOf(id), { status, completedTime: tick() })
      const { durationSeconds, result: outcome, transcription, recordingUrl, inspectorUrl } = callResult()
      results.set(id, {
        durationSeconds,
        result: outcome,
        transcription,
        recordingUrl,
        inspectorUrl,
        ...result,
      })
    },
  }
}
