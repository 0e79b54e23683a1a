import type { Context } from 'hono'
import type { z } from 'zod'
import { createFakeVendor, type FakeVendorBase, type InjectedFailure as VendorFailure } from './fake-vendor'
import {
  CallListQuery,
  DialBatchRequest,
  DialRequest,
  isVendorId,
  NoBody,
  UseCasePatch,
} from './happyrobot-schemas'

export const FAKE_HAPPYROBOT_KEY = 'vendor-secret-key'
export const ORGANIZATION_ID = '64f0a1b2c3d4e5f607182930'
export const USE_CASE_ID = '65a1b2c3d4e5f60718293a4b'
export const NUMBER_ID = '65a1b2c3d4e5f60718293a4c'
export const NUMBER_E164 = '+14155550199'
/** Well-formed, but no object of the fake has it. */
export const UNKNOWN_ID = '65a1b2c3d4e5f6071829ffff'

type Json = Record<string, unknown>
export type InjectedFailure = Omit<VendorFailure, 'method' | 'path' | 'after' | 'times'>

const LIVE = new Set(['Initiated', 'Ringing', 'In progress', 'Transferred'])
const NOT_DIALED = new Set(['Scheduled', 'Queued'])

export interface FakeHappyRobot extends Omit<FakeVendorBase, 'fail'> {
  useCases: Map<string, Json>
  calls: Map<string, Json>
  transcripts: Map<string, Json>
  /** The next request matching method and path (exact, or a pattern) gets this answer instead. */
  fail(method: string, path: string | RegExp, failure: InjectedFailure): void
  /** Moves a call along as HappyRobot would: Completed, with a duration and a transcript. */
  complete(callId: string): void
  setStatus(callId: string, status: string): void
}

const seedUseCase = (): Json => ({
  id: USE_CASE_ID,
  organization_id: ORGANIZATION_ID,
  name: 'Appointment reminders',
  language: 'en-US',
  timezone: 'America/New_York',
  work_start: '09:00',
  work_end: '17:00',
  enable_detailed_work_hours: false,
  detailed_work_hours: null,
  hooks: [{ url: 'https://crm.example/happyrobot', headers: [{ key: 'x-crm-token', value: 'crm-123' }] }],
  params: { clinic: 'Main St Dental', slots: 3, vip: false, address: { street: '1 Main St' } },
  max_duration_mins: 10,
  amd: true,
  amd_behavior: 'Hangup',
  transfer_number: '+14155550123',
  created: '2026-01-10T08:00:00.000Z',
  updated: '2026-02-01T12:30:00.000Z',
})

/**
 * A stand-in for HappyRobot's v1 API, served at the base URL's root: validates every request it
 * receives (auth header, strict bodies, 24-character ids, language enum, UTC scheduled_for, whole
 * minutes, documented query params); a violation answers 599 and is recorded in `violations`.
 */
export function createHappyRobotFake(): FakeHappyRobot {
  const useCases = new Map<string, Json>([[USE_CASE_ID, seedUseCase()]])
  const numbers = new Map([[NUMBER_ID, NUMBER_E164]])
  const calls = new Map<string, Json>()
  const transcripts = new Map<string, Json>()
  let sequence = 0
  const newId = () => `66b0${(++sequence).toString(16).padStart(20, '0')}`
  const idOr599 = (c: Context) => {
    const id = c.req.param('id') ?? ''
    return isVendorId(id) ? id : undefined
  }

  const fake = createFakeVendor({
    name: 'HappyRobot',
    auth: { key: FAKE_HAPPYROBOT_KEY, refuse: (c) => c.json({ message: 'Invalid API key' }, 401) },
    errorBody: (message) => ({ message }),
    requestSchemas: {
      'POST /dial/outbound': { body: DialRequest },
      'POST /dial/outbound-batched': { body: DialBatchRequest },
      'GET /calls': { query: CallListQuery },
      'POST /calls/:id/stop': { body: NoBody },
      'POST /calls/:id/cancel': { body: NoBody },
      'PATCH /use-cases/:id': { body: UseCasePatch },
    },
    routes: (app, { violation, parsed }) => {
      const place = (request: DialRequest): Json | string => {
        // The fake's numbers route to no use case, so a call must name one.
        const useCase = useCases.get(request.use_case_id ?? '')
        if (!useCase) return `Use case ${request.use_case_id ?? '(none)'} not found`
        const from = numbers.get(request.number_id)
        if (!from) return `Number ${request.number_id} not found`
        const id = newId()
        const created = new Date(Date.UTC(2026, 2, 1, 9, 0, sequence)).toISOString()
        const useCaseRef = { id: useCase.id, name: useCase.name }
        calls.set(id, {
          id,
          organization_id: ORGANIZATION_ID,
          type: 'Outbound',
          status: request.scheduled_for ? 'Scheduled' : 'Queued',
          provider: 'Twilio',
          metadata: { from, to: request.phone_number, tags: [], custom: request.metadata ?? {} },
          use_case: useCaseRef,
          agent: request.agent_id ? { id: request.agent_id } : null,
          language: request.language ?? useCase.language,
          created,
          viewed_by: [],
          prompt_id: request.prompt_id ?? null,
          params: request.params ?? null,
          extraction: null,
          classification: null,
          duration: null,
          scheduled_for: request.scheduled_for ?? null,
          campaign_id: request.campaign_id ?? null,
          max_duration_mins: request.max_duration_mins ?? 10,
          costs: null,
        })
        return {
          id,
          organization_id: ORGANIZATION_ID,
          metadata: request.metadata ?? {},
          use_case: useCaseRef,
          created,
          params: request.params ?? {},
        }
      }

      app.post('/dial/outbound', (c) => {
        const stub = place(parsed<DialRequest>(c).body)
        return typeof stub === 'string' ? c.json({ message: stub }, 404) : c.json(stub, 200)
      })

      app.post('/dial/outbound-batched', (c) => {
        const requests = parsed<DialRequest[]>(c).body
        const missing = requests.find((r) => !useCases.has(r.use_case_id ?? '') || !numbers.has(r.number_id))
        if (missing) return c.json({ message: 'Use case or number not found' }, 404)
        return c.json(
          requests.map((request) => place(request)),
          200,
        )
      })

      app.get('/calls', (c) => {
        const query = parsed<never, z.output<typeof CallListQuery>>(c).query
        const limit = query.limit ?? 20
        const skip = query.skip ?? 0
        const statuses = query.statuses?.split(',')
        const useCaseIds = query.use_cases?.split(',')
        const matching = [...calls.values()]
          .filter((call) => !statuses || statuses.includes(call.status as string))
          .filter((call) => !useCaseIds || useCaseIds.includes((call.use_case as Json).id as string))
          .sort(
            (a, b) => String(a.created).localeCompare(String(b.created)) * (query.sort === 'asc' ? 1 : -1),
          )
        return c.json(
          {
            calls: matching.slice(skip, skip + limit),
            count: matching.length,
            currentPage: skip / limit + 1,
          },
          200,
        )
      })

      app.get('/calls/:id', (c) => {
        const id = idOr599(c)
        if (!id) return violation(c, 'call id must be 24 characters')
        const call = calls.get(id)
        return call ? c.json(call, 200) : c.json({ message: 'Call not found' }, 404)
      })

      app.get('/calls/:id/transcript', (c) => {
        const id = idOr599(c)
        if (!id) return violation(c, 'call id must be 24 characters')
        const transcript = transcripts.get(id)
        return transcript ? c.json(transcript, 200) : c.json({ message: 'Transcript not found' }, 404)
      })

      const stateChange = (from: Set<string>, to: string, refusal: string) => (c: Context) => {
        const id = idOr599(c)
        if (!id) return violation(c, 'call id must be 24 characters')
        const call = calls.get(id)
        if (!call) return c.json({ message: 'Call not found' }, 404)
        if (!from.has(call.status as string)) return c.json({ message: refusal }, 400)
        call.status = to
        return c.json({ success: true }, 200)
      }
      // A stopped live call ends like a hung-up one; a withdrawn scheduled call is Canceled.
      app.post('/calls/:id/stop', stateChange(LIVE, 'Completed', 'Call is not in progress'))
      app.post(
        '/calls/:id/cancel',
        stateChange(NOT_DIALED, 'Canceled', 'Only scheduled or queued calls can be canceled'),
      )

      app.get('/use-cases/:id', (c) => {
        const id = idOr599(c)
        if (!id) return violation(c, 'use case id must be 24 characters')
        const useCase = useCases.get(id)
        return useCase ? c.json(useCase, 200) : c.json({ message: 'Use case not found' }, 404)
      })

      app.patch('/use-cases/:id', (c) => {
        const id = idOr599(c)
        if (!id) return violation(c, 'use case id must be 24 characters')
        const useCase = useCases.get(id)
        if (!useCase) return c.json({ message: 'Use case not found' }, 404)
        Object.assign(useCase, parsed<z.output<typeof UseCasePatch>>(c).body, {
          updated: '2026-03-02T10:00:00.000Z',
        })
        return c.json(useCase, 200)
      })
    },
  })

  return {
    ...fake,
    useCases,
    calls,
    transcripts,
    fail: (method, path, failure) => fake.fail({ method, path, ...failure }),
    setStatus(callId, status) {
      const call = calls.get(callId)
      if (!call) throw new Error(`fake HappyRobot has no call ${callId}`)
      call.status = status
    },
    complete(callId) {
      const call = calls.get(callId)
      if (!call) throw new Error(`fake HappyRobot has no call ${callId}`)
      Object.assign(call, { status: 'Completed', duration: 42 })
      transcripts.set(callId, {
        id: newId(),
        organization_id: ORGANIZATION_ID,
        call_id: callId,
        start_time: 1_772_355_600,
        messages: [
          { id: 'm1', role: 'system', content: 'You remind patients of appointments.', start: 0, end: 0 },
          {
            id: 'm2',
            role: 'assistant',
            content: 'Hi, this is Main St Dental calling.',
            start: 0.4,
            end: 2.9,
          },
          { id: 'm3', role: 'user', content: 'Oh hi, yes?', start: 3.2, end: 4 },
          { id: 'm4', role: 'tool', content: null, tool_calls: [{ name: 'lookup' }], start: 4.1, end: 4.2 },
          { id: 'm5', role: 'assistant', content: 'Your cleaning is Tuesday at 10.', start: 4.5, end: 7.1 },
        ],
      })
    },
  }
}
