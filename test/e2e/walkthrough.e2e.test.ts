// The README's curl walk-through, over real HTTP against `wrangler dev`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AgentSchema } from '../../src/contract/agent'
import { type Call, CallSchema } from '../../src/contract/call'
import { listOf } from '../../src/contract/common'
import { ProblemSchema } from '../../src/contract/problem'
import { type Gateway, type HttpResponse, httpClient, startGateway } from './harness'

const CallListSchema = listOf(CallSchema, 'CallList')
const POLL_TIMEOUT_MS = 15_000

function expectProblem(res: HttpResponse, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.headers.get('content-type')).toContain('application/problem+json')
  const problem = ProblemSchema.parse(res.body)
  expect(problem.code).toBe(code)
  expect(problem.requestId).toBe(res.headers.get('x-request-id'))
  return problem
}

describe('README walk-through over real HTTP', () => {
  let gateway: Gateway
  let http: ReturnType<typeof httpClient>
  let agentId: string
  let callId: string

  beforeAll(async () => {
    gateway = await startGateway()
    http = httpClient(gateway.url)
  })
  afterAll(async () => {
    await gateway?.stop()
  })

  it('GET /health answers without a key, with a request id and timing', async () => {
    const res = await fetch(`${gateway.url}/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
    expect(res.headers.get('x-request-id')).toBeTruthy()
    expect(res.headers.get('server-timing')).toContain('total')
  })

  it('creates a sandbox agent', async () => {
    const res = await http('POST', '/v1/agents', {
      provider: 'sandbox',
      name: 'Appointment reminder',
      firstMessage: 'Hi {{name}}, this is Acme Dental calling about your appointment.',
      prompt: 'You remind {{name}} of their appointment and confirm they can make it.',
      variables: { name: 'there' },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const agent = AgentSchema.parse(res.body)
    expect(agent.id).toMatch(/^sandbox_/)
    expect(agent.provider).toBe('sandbox')
    expect(agent.name).toBe('Appointment reminder')
    agentId = agent.id
  })

  it('places a call with that agent', async () => {
    const res = await http('POST', '/v1/calls', {
      agentId,
      to: '+14155550100',
      variables: { name: 'Sam' },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const call = CallSchema.parse(res.body)
    expect(call.id).toMatch(/^sandbox_/)
    expect(call.agentId).toBe(agentId)
    expect(call.to).toBe('+14155550100')
    expect(['queued', 'ringing', 'in_progress']).toContain(call.status)
    callId = call.id
  })

  it('watches the call complete with a transcript built from the agent and the call variables', async () => {
    const seen = new Set<string>()
    const deadline = Date.now() + POLL_TIMEOUT_MS
    let call: Call | undefined
    while (Date.now() < deadline) {
      const res = await http('GET', `/v1/calls/${callId}`)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      call = CallSchema.parse(res.body)
      seen.add(call.status)
      if (call.status === 'completed') break
      await new Promise((wake) => setTimeout(wake, 200))
    }
    expect(call?.status, `statuses seen: ${[...seen].join(', ')}`).toBe('completed')
    expect(call?.durationSeconds).toBeGreaterThanOrEqual(1)
    expect(call?.endedAt).not.toBeNull()
    const agentLines = call?.transcript?.filter((turn) => turn.role === 'agent').map((turn) => turn.text)
    expect(agentLines).toContain('Hi Sam, this is Acme Dental calling about your appointment.')
  })

  it('lists the call under its agent', async () => {
    const res = await http('GET', `/v1/calls?agentId=${encodeURIComponent(agentId)}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const page = CallListSchema.parse(res.body)
    expect(page.data.map((call) => call.id)).toEqual([callId])
    expect(page.hasMore).toBe(false)
    expect(page.nextCursor).toBeNull()
  })

  it('answers 401 problem+json without a key or with a wrong one', async () => {
    const noKey = await fetch(`${gateway.url}/v1/calls/${callId}`)
    expectProblem(
      { status: noKey.status, headers: noKey.headers, body: await noKey.json() },
      401,
      'unauthorized',
    )
    expectProblem(
      await httpClient(gateway.url, 'wrong-key')('GET', `/v1/calls/${callId}`),
      401,
      'unauthorized',
    )
  })

  it('answers 404 problem+json for an id with an unknown provider prefix', async () => {
    const problem = expectProblem(await http('GET', '/v1/calls/nosuchvendor_123'), 404, 'not_found')
    expect(problem.detail).toContain('nosuchvendor_123')
    expectProblem(await http('GET', '/v1/agents/nosuchvendor_abc'), 404, 'not_found')
  })

  it('runs the campaign part: suppression, NDJSON upload, start, stats, contacts, calls and events', async () => {
    const suppressed = await http('POST', '/v1/suppressions', {
      numbers: ['+14155550103'],
      reason: 'asked not to be called',
    })
    expect(suppressed.body).toEqual({ added: 1 })
    const created = await http('POST', '/v1/campaigns', {
      name: 'Reminders',
      agentId,
      window: { start: '00:00', end: '24:00', timezone: 'UTC' },
      pacing: { maxConcurrent: 5, callsPerMinute: null },
      retry: { on: ['no_answer'], maxAttempts: 3, delayMinutes: 1 },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const cmp = created.body.id as string
    const lines = [
      { to: '+14155550101', variables: { name: 'Ada' }, ref: 'crm-1' },
      { to: '+14155550102', variables: { name: 'Grace' } },
      { to: '+14155550103' },
      { to: '+15005551001' },
      { to: '+15005552001' },
      { to: '+14155550101' },
    ]
    const uploaded = await http(
      'POST',
      `/v1/campaigns/${cmp}/contacts`,
      `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`,
      { 'content-type': 'application/x-ndjson' },
    )
    expect(uploaded.body).toEqual({ added: 5, duplicate: 1, invalid: [] })
    expect((await http('POST', `/v1/campaigns/${cmp}/start`)).body.status).toBe('running')
    const deadline = Date.now() + 30_000
    let campaign = (await http('GET', `/v1/campaigns/${cmp}`)).body
    while (campaign.status !== 'completed' && Date.now() < deadline) {
      await new Promise((wake) => setTimeout(wake, 250))
      campaign = (await http('GET', `/v1/campaigns/${cmp}`)).body
    }
    expect(campaign.status).toBe('completed')
    expect(campaign.stats).toEqual({
      total: 6,
      pending: 0,
      waiting: 0,
      inFlight: 0,
      completed: 2,
      no_answer: 1,
      busy: 1,
      voicemail: 0,
      failed: 0,
      canceled: 0,
      suppressed: 1,
      expired: 0,
      duplicate: 1,
      invalid: 0,
      attempts: 7,
    })
    const noAnswer = (await http('GET', `/v1/campaigns/${cmp}/contacts?status=no_answer`)).body.data
    expect(noAnswer).toHaveLength(1)
    expect(noAnswer[0].attempts.map((a: { status: string }) => a.status)).toEqual([
      'no_answer',
      'no_answer',
      'no_answer',
    ])
    const calls = (await http('GET', `/v1/calls?campaignId=${cmp}`)).body.data as Call[]
    expect(calls.map((c) => `${c.to} ${c.status}`).sort()).toEqual([
      '+14155550101 completed',
      '+14155550102 completed',
      '+15005551001 busy',
      '+15005552001 no_answer',
      '+15005552001 no_answer',
      '+15005552001 no_answer',
    ])
    const events = (await http('GET', `/v1/events?campaignId=${cmp}`)).body.data
    expect(
      events.map((e: { type: string; delivery: { status: string } }) => `${e.type} ${e.delivery.status}`),
    ).toEqual(['campaign.completed no_destination', 'campaign.started no_destination'])
  })
})
