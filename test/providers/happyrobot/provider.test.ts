import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AgentSchema } from '../../../src/contract/agent'
import { BatchResultSchema, CallSchema } from '../../../src/contract/call'
import { ProviderSchema } from '../../../src/contract/provider'
import { CallListSchema } from '../../../src/routes/calls/calls.routes'
import {
  createHappyRobotFake,
  FAKE_HAPPYROBOT_KEY,
  type FakeHappyRobot,
  NUMBER_ID,
  UNKNOWN_ID,
  USE_CASE_ID,
} from '../../fakes/happyrobot'
import { type ApiResponse, apiClient, expectProblem } from '../../helpers/api'

const ENV = { HAPPYROBOT_API_KEY: FAKE_HAPPYROBOT_KEY, HAPPYROBOT_BASE_URL: 'https://happyrobot.test' }
const AGENT = `happyrobot_${USE_CASE_ID}`
const LENIENT = { prefer: 'handling=lenient' }

let fake: FakeHappyRobot
let api: ReturnType<typeof apiClient>
const sent = (method: string, path: string) =>
  fake.requests.filter((r) => r.method === method && r.path.split('?')[0] === path)
const noSecret = (res: ApiResponse) => {
  expect(JSON.stringify(res.body)).not.toContain(FAKE_HAPPYROBOT_KEY)
  for (const [, value] of res.headers) expect(value).not.toContain(FAKE_HAPPYROBOT_KEY)
}
const call = (extra: Record<string, unknown> = {}) => ({
  agentId: AGENT,
  to: '+14155550100',
  from: NUMBER_ID,
  ...extra,
})

beforeEach(() => {
  fake = createHappyRobotFake()
  api = apiClient({ fetch: fake.fetch }, ENV)
})
afterEach(() => {
  expect(fake.violations, 'requests the fake HappyRobot refused').toEqual([])
})

describe('HappyRobot capability document', () => {
  it('tells the truth about operations, configuration and statuses', async () => {
    const info = ProviderSchema.parse((await api('GET', '/v1/providers/happyrobot')).body)
    expect(info.configured).toBe(true)
    expect(info.operations).toEqual({
      'agents.create': false,
      'agents.get': true,
      'agents.list': false,
      'agents.update': true,
      'agents.delete': false,
      'calls.create': true,
      'calls.batch': true,
      'calls.get': true,
      'calls.list': true,
      'calls.cancel': true,
    })
    expect(info.fields['calls.create']?.unsupported).toEqual([
      'callerName',
      'priority',
      'deadline',
      'timezone',
      'overrides',
    ])
    expect(info.fields['agents.update']?.notes?.webhookUrl).toContain("use case's hooks")
    expect(info.statusMap['AMD Terminated']).toBe('voicemail')
    const keyless = apiClient({ fetch: fake.fetch }, { HAPPYROBOT_API_KEY: '' })
    expect((await keyless('GET', '/v1/providers/happyrobot')).body.configured).toBe(false)
  })
})

describe('HappyRobot use cases as agents', () => {
  it.each([
    ['POST', '/v1/agents', { provider: 'happyrobot', name: 'New' }],
    ['GET', '/v1/agents?source=vendor&provider=happyrobot', undefined],
    ['DELETE', `/v1/agents/${AGENT}`, undefined],
  ])('%s %s is 501 telling the user to create the use case in HappyRobot', async (method, path, body) => {
    const problem = expectProblem(await api(method, path, body), 501, 'unsupported_operation')
    expect(problem.detail).toContain('create the use case in HappyRobot')
    expect(problem.detail).toContain('happyrobot_<useCaseId>')
    expect(fake.requests).toEqual([])
  })

  it('reads a use case, with the raw vendor object on ?include=raw', async () => {
    const res = await api('GET', `/v1/agents/${AGENT}?include=raw`)
    expect(res.status).toBe(200)
    const agent = AgentSchema.parse(res.body)
    expect(agent).toMatchObject({
      id: AGENT,
      name: 'Appointment reminders',
      language: 'en-US',
      maxDurationSeconds: 600,
    })
    expect(agent.schedule?.timezone).toBe('America/New_York')
    expect(agent.providerData).toEqual(fake.useCases.get(USE_CASE_ID))
    expect(sent('GET', `/use-cases/${USE_CASE_ID}`)[0]?.headers.authorization).toBe(
      `Bearer ${FAKE_HAPPYROBOT_KEY}`,
    )
    expect((await api('GET', `/v1/agents/${AGENT}`)).body.providerData).toBeUndefined()
  })

  it('answers 404 for an unknown use case, and for a malformed id without asking HappyRobot', async () => {
    const unknown = expectProblem(await api('GET', `/v1/agents/happyrobot_${UNKNOWN_ID}`), 404, 'not_found')
    expect(unknown.provider).toBe('happyrobot')
    expect(unknown.detail).toContain('Use case not found')
    const before = fake.requests.length
    expectProblem(await api('GET', '/v1/agents/happyrobot_not-an-id'), 404, 'not_found')
    expect(fake.requests.length).toBe(before)
  })

  it('patches the mapped fields and vendor-only options, then reads the use case back', async () => {
    const res = await api('PATCH', `/v1/agents/${AGENT}`, {
      name: 'Reminders v2',
      language: 'fr-FR',
      maxDurationSeconds: 300,
      variables: { clinic: 'Rue Dental' },
      schedule: { timezone: 'Europe/Paris', windows: { mon: [{ start: '09:00', end: '12:00' }] } },
      providerOptions: { happyrobot: { amd: false, keywords: ['rendez-vous'] } },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(sent('PATCH', `/use-cases/${USE_CASE_ID}`)[0]?.body).toEqual({
      name: 'Reminders v2',
      language: 'fr-FR',
      max_duration_mins: 5,
      params: { clinic: 'Rue Dental' },
      timezone: 'Europe/Paris',
      detailed_work_hours: { monday: [{ start: '09:00', end: '12:00' }] },
      enable_detailed_work_hours: true,
      amd: false,
      keywords: ['rendez-vous'],
    })
    expect(AgentSchema.parse(res.body)).toMatchObject({
      name: 'Reminders v2',
      language: 'fr-FR',
      maxDurationSeconds: 300,
      variables: { clinic: 'Rue Dental' },
      schedule: { timezone: 'Europe/Paris', windows: { mon: [{ start: '09:00', end: '12:00' }] } },
    })
  })

  it('refuses a providerOptions key that would overwrite a mapped field, naming it', async () => {
    const res = await api('PATCH', `/v1/agents/${AGENT}`, {
      providerOptions: { happyrobot: { params: { a: 1 } } },
    })
    const problem = expectProblem(res, 422, 'validation_failed')
    expect(problem.errors?.[0]).toEqual({
      path: 'providerOptions.happyrobot.params',
      message: 'params is set from variables; use that field instead',
    })
    expect(sent('PATCH', `/use-cases/${USE_CASE_ID}`)).toEqual([])
  })

  it('refuses fields a use case cannot hold in strict mode, and drops them with warnings when lenient', async () => {
    const body = { name: 'Renamed', prompt: 'Be nice', firstMessage: 'Hi!' }
    const strict = expectProblem(await api('PATCH', `/v1/agents/${AGENT}`, body), 422, 'unsupported_field')
    expect(strict.errors?.map((e) => e.path)).toEqual(['prompt', 'firstMessage'])
    expect(sent('PATCH', `/use-cases/${USE_CASE_ID}`)).toEqual([])

    const res = await api('PATCH', `/v1/agents/${AGENT}`, body, LENIENT)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.warnings.map((w: { field: string }) => w.field)).toEqual(['prompt', 'firstMessage'])
    expect(sent('PATCH', `/use-cases/${USE_CASE_ID}`)[0]?.body).toEqual({ name: 'Renamed' })
  })
})

describe('HappyRobot calls', () => {
  it('dials with the documented body and answers an honest queued Call', async () => {
    const res = await api(
      'POST',
      '/v1/calls?include=raw',
      call({
        variables: { firstName: 'Ada' },
        metadata: { crmId: 'lead_42' },
        maxDurationSeconds: 180,
        language: 'en-GB',
        providerOptions: { happyrobot: { prompt_id: 'reminder-v2', model_id: '65a1b2c3d4e5f60718293a4e' } },
      }),
    )
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const [dial] = sent('POST', '/dial/outbound')
    expect(dial?.headers.authorization).toBe(`Bearer ${FAKE_HAPPYROBOT_KEY}`)
    expect(dial?.body).toEqual({
      number_id: NUMBER_ID,
      phone_number: '+14155550100',
      use_case_id: USE_CASE_ID,
      params: { firstName: 'Ada' },
      metadata: { crmId: 'lead_42' },
      max_duration_mins: 3,
      language: 'en-GB',
      prompt_id: 'reminder-v2',
      model_id: '65a1b2c3d4e5f60718293a4e',
    })
    const created = CallSchema.parse(res.body)
    expect(created).toMatchObject({
      status: 'queued',
      providerStatus: null,
      agentId: AGENT,
      to: '+14155550100',
      from: NUMBER_ID,
    })
    expect(created.id).toBe(`happyrobot_${(created.providerData as { id: string }).id}`)
    noSecret(res)
  })

  it('sends scheduledAt as UTC scheduled_for and answers scheduled', async () => {
    const res = await api('POST', '/v1/calls', call({ scheduledAt: '2026-11-21T10:30:00+01:00' }))
    expect(res.status).toBe(201)
    expect(sent('POST', '/dial/outbound')[0]?.body).toMatchObject({
      scheduled_for: '2026-11-21T09:30:00.000Z',
    })
    expect(res.body).toMatchObject({ status: 'scheduled', scheduledAt: '2026-11-21T09:30:00.000Z' })
  })

  it.each([
    ['an E.164 from', { from: '+14155550199' }],
    ['no from', { from: undefined }],
  ])('refuses %s with 422 validation_failed saying HappyRobot needs its number id', async (_what, extra) => {
    const problem = expectProblem(await api('POST', '/v1/calls', call(extra)), 422, 'validation_failed')
    expect(problem.errors?.[0]?.path).toBe('from')
    expect(problem.detail).toContain("from must be that number's 24-character id")
    expect(fake.requests).toEqual([])
  })

  it('refuses unsupported fields in strict mode and drops them with warnings when lenient', async () => {
    const extra = { priority: 3, deadline: '2027-01-01T00:00:00Z', maxDurationSeconds: 90 }
    const strict = expectProblem(await api('POST', '/v1/calls', call(extra)), 422, 'unsupported_field')
    expect(strict.errors?.map((e) => e.path)).toEqual(['priority', 'deadline'])
    const minutes = expectProblem(
      await api('POST', '/v1/calls', call({ maxDurationSeconds: 90 })),
      422,
      'unsupported_field',
    )
    expect(minutes.errors?.[0]?.path).toBe('maxDurationSeconds')
    expect(fake.requests).toEqual([])

    const res = await api('POST', '/v1/calls', call(extra), LENIENT)
    expect(res.status).toBe(201)
    expect(res.headers.get('preference-applied')).toBe('handling=lenient')
    expect(res.body.warnings.map((w: { field: string }) => w.field)).toEqual([
      'priority',
      'deadline',
      'maxDurationSeconds',
    ])
    expect(sent('POST', '/dial/outbound')[0]?.body).toMatchObject({ max_duration_mins: 2 })
  })

  it('refuses a language outside the ten, listing them', async () => {
    const problem = expectProblem(
      await api('POST', '/v1/calls', call({ language: 'ja-JP' })),
      422,
      'unsupported_field',
    )
    expect(problem.errors?.[0]?.message).toContain(
      'en-US, en-GB, es-MX, es-ES, pt-PT, de-DE, fr-FR, pl-PL, ro-RO, it-IT',
    )
  })

  it('validates providerOptions.happyrobot: id lengths, unknown keys, mapped keys', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ agent_id: 'short' }, 'providerOptions.happyrobot.agent_id'],
      [{ voice_id: 'x' }, 'providerOptions.happyrobot.voice_id'],
      [{ use_case_id: UNKNOWN_ID }, 'providerOptions.happyrobot.use_case_id'],
    ]
    for (const [options, path] of cases) {
      const res = await api('POST', '/v1/calls', call({ providerOptions: { happyrobot: options } }))
      expect(expectProblem(res, 422, 'validation_failed').errors?.[0]?.path).toBe(path)
    }
    expect(fake.requests).toEqual([])
  })

  it('maps vendor failures to typed Problems, keeping its words, never retrying a dial', async () => {
    fake.fail('POST', '/dial/outbound', { status: 500, body: 'dialer exploded' })
    const crash = expectProblem(await api('POST', '/v1/calls', call()), 502, 'provider_error')
    expect(crash).toMatchObject({ provider: 'happyrobot', providerStatus: 500, upstream: 'ambiguous' })
    expect(crash.detail).toContain('dialer exploded')
    expect(sent('POST', '/dial/outbound')).toHaveLength(1)

    fake.fail('POST', '/dial/outbound', { status: 400, body: { message: 'Number is not verified' } })
    const rejected = expectProblem(await api('POST', '/v1/calls', call()), 400, 'provider_rejected')
    expect(rejected).toMatchObject({
      upstream: 'rejected',
      detail: expect.stringContaining('Number is not verified'),
    })

    fake.fail('POST', '/dial/outbound', {
      status: 429,
      body: { message: 'slow down' },
      headers: { 'retry-after': '3' },
    })
    const limited = await api('POST', '/v1/calls', call())
    expectProblem(limited, 429, 'rate_limited')
    expect(limited.headers.get('retry-after')).toBe('3')

    const wrongKey = apiClient({ fetch: fake.fetch }, { ...ENV, HAPPYROBOT_API_KEY: 'stale-key' })
    const auth = await wrongKey('POST', '/v1/calls', call())
    expect(expectProblem(auth, 502, 'provider_auth_failed').detail).toContain('Invalid API key')
    expect(JSON.stringify(auth.body)).not.toContain('stale-key')

    const unknownUseCase = await api('POST', '/v1/calls', call({ agentId: `happyrobot_${UNKNOWN_ID}` }))
    expect(expectProblem(unknownUseCase, 404, 'not_found').detail).toContain(
      `Use case ${UNKNOWN_ID} not found`,
    )
  })

  it('gets a finished call with its transcript', async () => {
    const created = await api('POST', '/v1/calls', call())
    const vendorId = created.body.id.slice('happyrobot_'.length)
    fake.complete(vendorId)
    const res = await api('GET', `/v1/calls/${created.body.id}`)
    expect(res.status).toBe(200)
    const read = CallSchema.parse(res.body)
    expect(read).toMatchObject({
      status: 'completed',
      providerStatus: 'Completed',
      durationSeconds: 42,
      from: '+14155550199',
    })
    expect(read.transcript?.map((t) => t.role)).toEqual(['agent', 'user', 'agent'])
    expect(sent('GET', `/calls/${vendorId}/transcript`)).toHaveLength(1)
  })

  it('reads a call with no transcript yet, and answers 404 for an unknown call', async () => {
    const created = await api('POST', '/v1/calls', call())
    const read = await api('GET', `/v1/calls/${created.body.id}`)
    expect(read.body).toMatchObject({ status: 'queued', providerStatus: 'Queued', transcript: null })
    const unknown = expectProblem(await api('GET', `/v1/calls/happyrobot_${UNKNOWN_ID}`), 404, 'not_found')
    expect(unknown.detail).toContain('Call not found')
  })

  it('lists with limit/skip behind an opaque cursor, status and agent filters', async () => {
    for (const to of ['+14155550100', '+14155550101', '+14155550102'])
      await api('POST', '/v1/calls', call({ to }))
    const first = await api('GET', '/v1/calls?source=vendor&provider=happyrobot&limit=2')
    const page = CallListSchema.parse(first.body)
    expect(page.data.map((c) => c.to)).toEqual(['+14155550102', '+14155550101'])
    expect(page.hasMore).toBe(true)
    expect(page.nextCursor).not.toContain('skip')
    const second = CallListSchema.parse(
      (await api('GET', `/v1/calls?source=vendor&provider=happyrobot&limit=2&cursor=${page.nextCursor}`))
        .body,
    )
    expect(second.data.map((c) => c.to)).toEqual(['+14155550100'])
    expect(second).toMatchObject({ hasMore: false, nextCursor: null })
    expect(fake.requests.at(-1)?.path).toBe('/calls?limit=2&skip=2&sort=desc')

    const ringing = await api('GET', `/v1/calls?source=vendor&agentId=${AGENT}&status=ringing`)
    expect(ringing.body.data).toEqual([])
    const query = new URL(`https://x${fake.requests.at(-1)?.path}`).searchParams
    expect(query.get('statuses')).toBe('Initiated,Ringing')
    expect(query.get('use_cases')).toBe(USE_CASE_ID)

    expectProblem(
      await api('GET', '/v1/calls?source=vendor&provider=happyrobot&cursor=bogus'),
      422,
      'validation_failed',
    )
  })

  it('withdraws a queued call with the cancel endpoint', async () => {
    const created = await api('POST', '/v1/calls', call())
    const vendorId = created.body.id.slice('happyrobot_'.length)
    const res = await api('POST', `/v1/calls/${created.body.id}/cancel`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({ status: 'canceled', providerStatus: 'Canceled' })
    expect(sent('POST', `/calls/${vendorId}/cancel`)).toHaveLength(1)
    expect(sent('POST', `/calls/${vendorId}/stop`)).toEqual([])
  })

  it('hangs up a live call with stop', async () => {
    const created = await api('POST', '/v1/calls', call())
    const vendorId = created.body.id.slice('happyrobot_'.length)
    fake.setStatus(vendorId, 'In progress')
    const res = await api('POST', `/v1/calls/${created.body.id}/cancel`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'canceled', providerStatus: 'Completed' })
    expect(sent('POST', `/calls/${vendorId}/stop`)).toHaveLength(1)
  })

  it('refuses to cancel an ended call with 409, changing nothing', async () => {
    const created = await api('POST', '/v1/calls', call())
    const vendorId = created.body.id.slice('happyrobot_'.length)
    fake.complete(vendorId)
    const problem = expectProblem(await api('POST', `/v1/calls/${created.body.id}/cancel`), 409, 'conflict')
    expect(problem.detail).toContain('Completed')
    expect(problem).toMatchObject({ provider: 'happyrobot', upstream: 'not_sent' })
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path !== '/dial/outbound')).toEqual([])
  })
})

describe('HappyRobot batches', () => {
  it('sends one outbound-batched request, a refused item failing alone, in request order', async () => {
    const res = await api('POST', '/v1/calls/batch', {
      agentId: AGENT,
      calls: [
        { to: '+14155550100', from: NUMBER_ID },
        { to: '+14155550101', from: '+14155550199' },
        { to: '+14155550102', from: NUMBER_ID, variables: { n: 3 } },
      ],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const batch = BatchResultSchema.parse(res.body)
    expect(batch).toMatchObject({ created: 2, failed: 1 })
    expect(batch.data).toMatchObject([
      { index: 0, call: { to: '+14155550100' } },
      { index: 1, error: { code: 'validation_failed', errors: [{ path: 'from' }] } },
      { index: 2, call: { to: '+14155550102', variables: { n: 3 } } },
    ])
    const [request] = sent('POST', '/dial/outbound-batched')
    expect(request?.body).toEqual([
      { number_id: NUMBER_ID, phone_number: '+14155550100', use_case_id: USE_CASE_ID },
      { number_id: NUMBER_ID, phone_number: '+14155550102', use_case_id: USE_CASE_ID, params: { n: 3 } },
    ])
    expect(sent('POST', '/dial/outbound')).toEqual([])
  })

  it('chunks a large batch, keeps order, and fails only the chunk HappyRobot refused', async () => {
    // One chunk at a time, so the injected failure hits the first chunk.
    const serial = apiClient({ fetch: fake.fetch }, { ...ENV, BATCH_CONCURRENCY: '1' })
    const numbers = Array.from({ length: 250 }, (_, i) => `+1415555${String(1000 + i).padStart(4, '0')}`)
    fake.fail('POST', '/dial/outbound-batched', { status: 503, body: { message: 'dialer busy' } })
    const res = await serial('POST', '/v1/calls/batch', {
      agentId: AGENT,
      calls: numbers.map((to) => ({ to, from: NUMBER_ID })),
    })
    const batch = BatchResultSchema.parse(res.body)
    const chunks = sent('POST', '/dial/outbound-batched').map(
      (r) => r.body as Array<{ phone_number: string }>,
    )
    expect(chunks.map((chunk) => chunk.length)).toEqual([100, 100, 50])
    expect(chunks.flat().map((r) => r.phone_number)).toEqual(numbers)
    expect(batch).toMatchObject({ created: 150, failed: 100 })
    batch.data.forEach((item, index) => {
      expect(item.index).toBe(index)
      if (index < 100) {
        expect('error' in item && item.error).toMatchObject({
          code: 'provider_error',
          provider: 'happyrobot',
        })
        expect('error' in item && item.error.detail).toContain('dialer busy')
      } else expect('call' in item && item.call.to).toBe(numbers[index])
    })
  })
})
