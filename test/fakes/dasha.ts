import type { Context } from 'hono'
import { z } from 'zod'
import { AGENT_ID, callResult, fullAgent, ORG_ID } from '../providers/dasha/fixtures'
import { AgentRequest, CallRequest, QUEUE_QUERY_KEYS, SearchRequest, STATUSES } from './dasha-schemas'
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
    routes: (app, { violation, invalid, body }) => {
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

      app.post('/api/v1/agents', (c) => {
        const parsed = AgentRequest.safeParse(body(c))
        if (!parsed.success) return invalid(c, parsed.error)
        return c.json(saveAgent(crypto.randomUUID(), parsed.data, tick()), 200)
      })
      app.get('/api/v1/agents', (c) => {
        if (Object.keys(c.req.query()).length) return violation(c, 'list agents takes no query parameters')
        return c.json([...agents.values()], 200)
      })
      app.get('/api/v1/agents/:id', (c) => {
        const agent = agents.get(c.req.param('id'))
        return agent
          ? c.json(agent, 200)
          : problem(c, 404, 'Not Found', `Agent ${c.req.param('id')} not found`)
      })
      app.put('/api/v1/agents/:id', (c) => {
        const parsed = AgentRequest.safeParse(body(c))
        if (!parsed.success) return invalid(c, parsed.error)
        const current = agents.get(c.req.param('id'))
        if (!current) return problem(c, 404, 'Not Found', `Agent ${c.req.param('id')} not found`)
        // A full replacement: whatever the body leaves out is gone, as the reference's one request type implies.
        return c.json(saveAgent(current.agentId, parsed.data, current.createdTime), 200)
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
      const agentQuery = (c: Context): string | Response => {
        const keys = Object.keys(c.req.query())
        if (keys.some((k) => k !== 'agentId'))
          return violation(c, `undocumented query parameters ${keys.join(', ')}`)
        const agentId = c.req.query('agentId')
        if (!agentId) return violation(c, 'the agentId query parameter is required')
        if (!agents.has(agentId)) return problem(c, 404, 'Not Found', `Agent ${agentId} not found`)
        return agentId
      }

      app.post('/api/v1/calls', (c) => {
        const agentId = agentQuery(c)
        if (typeof agentId !== 'string') return agentId
        const parsed = CallRequest.safeParse(body(c))
        if (!parsed.success) return invalid(c, parsed.error)
        return c.json(enqueue(agentId, parsed.data), 200)
      })
      app.post('/api/v1/calls/bulk', (c) => {
        const agentId = agentQuery(c)
        if (typeof agentId !== 'string') return agentId
        if (!Array.isArray(body(c))) return violation(c, 'the bulk body must be a bare JSON array')
        const parsed = z.array(CallRequest).min(1).safeParse(body(c))
        if (!parsed.success) return invalid(c, parsed.error)
        return c.json(
          parsed.data.map((request) => enqueue(agentId, request)),
          200,
        )
      })
      app.get('/api/v1/calls/queue/list', (c) => {
        const url = new URL(c.req.url)
        const unknown = [...url.searchParams.keys()].filter((k) => !QUEUE_QUERY_KEYS.has(k))
        if (unknown.length) return violation(c, `undocumented query parameters ${unknown.join(', ')}`)
        const skip = Number(url.searchParams.get('skip') ?? 0)
        const take = Number(url.searchParams.get('take') ?? 20)
        if (!Number.isInteger(skip) || skip < 0) return violation(c, `skip ${skip}`)
        if (!Number.isInteger(take) || take < 1 || take > 1000) return violation(c, `take ${take}`)
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
        if (body(c) !== undefined) return violation(c, 'cancel takes no body')
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
        const parsed = SearchRequest.safeParse(body(c))
        if (!parsed.success) return invalid(c, parsed.error)
        const { page, size, agentIds, callStatuses, callIds } = parsed.data
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
