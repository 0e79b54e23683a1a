// HappyRobot through `wrangler dev`, against a fake HappyRobot on 127.0.0.1, over real HTTP.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AgentSchema } from '../../src/contract/agent'
import { BatchResultSchema, CallSchema } from '../../src/contract/call'
import { listOf } from '../../src/contract/common'
import { ProblemSchema } from '../../src/contract/problem'
import {
  createHappyRobotFake,
  FAKE_HAPPYROBOT_KEY,
  type FakeHappyRobot,
  NUMBER_ID,
  USE_CASE_ID,
} from '../fakes/happyrobot'
import { type FakeServer, type Gateway, httpClient, serveFake, startGateway } from './harness'

const CallListSchema = listOf(CallSchema, 'CallList')
const AGENT = `happyrobot_${USE_CASE_ID}`

describe('HappyRobot over real HTTP', () => {
  let fake: FakeHappyRobot
  let server: FakeServer
  let gateway: Gateway
  let http: ReturnType<typeof httpClient>
  let callId: string

  const sent = (method: string, path: string) =>
    fake.requests.filter((r) => r.method === method && r.path.split('?')[0] === path)

  beforeAll(async () => {
    fake = createHappyRobotFake()
    server = await serveFake(fake.app)
    gateway = await startGateway({ HAPPYROBOT_API_KEY: FAKE_HAPPYROBOT_KEY, HAPPYROBOT_BASE_URL: server.url })
    http = httpClient(gateway.url)
  })
  afterEach(() => {
    expect(fake.violations, 'requests the fake HappyRobot refused').toEqual([])
  })
  afterAll(async () => {
    await gateway?.stop()
    await server?.close()
  })

  it('reads a use case as an agent', async () => {
    const res = await http('GET', `/v1/agents/${AGENT}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(AgentSchema.parse(res.body)).toMatchObject({ id: AGENT, name: 'Appointment reminders' })
    expect(sent('GET', `/use-cases/${USE_CASE_ID}`)[0]?.headers.authorization).toBe(
      `Bearer ${FAKE_HAPPYROBOT_KEY}`,
    )
  })

  it('patches the use case', async () => {
    const res = await http('PATCH', `/v1/agents/${AGENT}`, { name: 'Reminders v2', maxDurationSeconds: 240 })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({ name: 'Reminders v2', maxDurationSeconds: 240 })
    expect(sent('PATCH', `/use-cases/${USE_CASE_ID}`)[0]?.body).toEqual({
      name: 'Reminders v2',
      max_duration_mins: 4,
    })
  })

  it('answers 501 on agent create, telling the user what to do', async () => {
    const res = await http('POST', '/v1/agents', { provider: 'happyrobot', name: 'New' })
    expect(res.status).toBe(501)
    const problem = ProblemSchema.parse(res.body)
    expect(problem.code).toBe('unsupported_operation')
    expect(problem.detail).toContain('happyrobot_<useCaseId>')
  })

  it('creates a call', async () => {
    const res = await http('POST', '/v1/calls', {
      agentId: AGENT,
      to: '+14155550100',
      from: NUMBER_ID,
      variables: { firstName: 'Ada' },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const call = CallSchema.parse(res.body)
    expect(call).toMatchObject({ status: 'queued', agentId: AGENT, to: '+14155550100' })
    expect(sent('POST', '/dial/outbound').at(-1)?.body).toEqual({
      number_id: NUMBER_ID,
      phone_number: '+14155550100',
      use_case_id: USE_CASE_ID,
      params: { firstName: 'Ada' },
    })
    callId = call.id
  })

  it('batches 50 calls in one outbound-batched request, in order', async () => {
    const numbers = Array.from({ length: 50 }, (_, i) => `+1415555${String(2000 + i)}`)
    const res = await http('POST', '/v1/calls/batch', {
      agentId: AGENT,
      calls: numbers.map((to) => ({ to, from: NUMBER_ID })),
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const batch = BatchResultSchema.parse(res.body)
    expect(batch).toMatchObject({ created: 50, failed: 0 })
    expect(batch.data.map((item) => ('call' in item ? item.call.to : null))).toEqual(numbers)
    const requests = sent('POST', '/dial/outbound-batched')
    expect(requests).toHaveLength(1)
    expect(requests[0]?.body).toHaveLength(50)
  })

  it('gets the finished call with its transcript', async () => {
    fake.complete(callId.slice('happyrobot_'.length))
    const res = await http('GET', `/v1/calls/${callId}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const call = CallSchema.parse(res.body)
    expect(call).toMatchObject({ status: 'completed', durationSeconds: 42 })
    expect(call.transcript?.[0]).toMatchObject({ role: 'agent', text: 'Hi, this is Main St Dental calling.' })
  })

  it('lists calls page by page', async () => {
    const first = CallListSchema.parse(
      (await http('GET', '/v1/calls?source=vendor&provider=happyrobot&limit=20')).body,
    )
    expect(first.data).toHaveLength(20)
    expect(first.hasMore).toBe(true)
    const second = await http(
      'GET',
      `/v1/calls?source=vendor&provider=happyrobot&limit=20&cursor=${first.nextCursor}`,
    )
    expect(second.status).toBe(200)
    expect(sent('GET', '/calls').at(-1)?.path).toContain('skip=20')
  })

  it('cancels a queued call', async () => {
    const created = await http('POST', '/v1/calls', { agentId: AGENT, to: '+14155550101', from: NUMBER_ID })
    const res = await http('POST', `/v1/calls/${created.body.id}/cancel`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(CallSchema.parse(res.body)).toMatchObject({ status: 'canceled', providerStatus: 'Canceled' })
  })

  it('never printed the vendor key', () => {
    expect(gateway.logs()).not.toContain(FAKE_HAPPYROBOT_KEY)
  })
})
