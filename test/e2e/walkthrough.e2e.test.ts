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
})
