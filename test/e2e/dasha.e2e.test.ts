// Dasha BlackBox over real HTTP: wrangler dev, pointed at a fake Dasha served on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AgentSchema } from '../../src/contract/agent'
import { BatchResultSchema, CallSchema } from '../../src/contract/call'
import { ProblemSchema } from '../../src/contract/problem'
import { CallListSchema } from '../../src/routes/calls/calls.routes'
import { createDashaFake, FAKE_DASHA_KEY, type FakeDasha } from '../fakes/dasha'
import { type FakeServer, type Gateway, httpClient, serveFake, startGateway } from './harness'

describe('Dasha BlackBox end to end', () => {
  let fake: FakeDasha
  let server: FakeServer
  let gateway: Gateway
  let http: ReturnType<typeof httpClient>
  let agentId: string
  let callId: string

  beforeAll(async () => {
    fake = createDashaFake()
    server = await serveFake(fake.app)
    gateway = await startGateway({ DASHA_API_KEY: FAKE_DASHA_KEY, DASHA_BASE_URL: server.url })
    http = httpClient(gateway.url)
  })
  afterAll(async () => {
    await gateway?.stop()
    await server?.close()
  })

  it('creates an agent', async () => {
    const res = await http('POST', '/v1/agents', {
      provider: 'dasha',
      name: 'Appointment reminders',
      language: 'en-US',
      prompt: 'Remind {{firstName}} of the appointment.',
      voice: { voiceId: 'EXAVITQu4vr4xnSDxMaL', vendor: 'ElevenLabs' },
      schedule: { timezone: 'America/New_York', windows: { mon: [{ start: '09:00', end: '17:00' }] } },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const agent = AgentSchema.parse(res.body)
    expect(agent.id).toMatch(/^dasha_/)
    expect(fake.agents.has(agent.id.slice('dasha_'.length))).toBe(true)
    agentId = agent.id
  })

  it('places a call', async () => {
    const res = await http('POST', '/v1/calls', {
      agentId,
      to: '+14155550100',
      variables: { firstName: 'Ada' },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const call = CallSchema.parse(res.body)
    expect(call).toMatchObject({
      agentId,
      status: 'queued',
      to: '+14155550100',
      variables: { firstName: 'Ada' },
    })
    callId = call.id
  })

  it('places a batch of 250 through three bulk requests, in order', async () => {
    const calls = Array.from({ length: 250 }, (_, i) => ({ to: `+1415556${String(i).padStart(4, '0')}` }))
    const res = await http('POST', '/v1/calls/batch', { agentId, calls })
    expect(res.status).toBe(200)
    const batch = BatchResultSchema.parse(res.body)
    expect(batch).toMatchObject({ created: 250, failed: 0 })
    expect(batch.data.map((entry) => 'call' in entry && entry.call.to)).toEqual(calls.map((c) => c.to))
    const bulk = fake.requests.filter((r) => r.path.startsWith('/api/v1/calls/bulk'))
    expect(bulk.map((r) => (r.body as unknown[]).length)).toEqual([100, 100, 50])
  })

  it('gets the call', async () => {
    const res = await http('GET', `/v1/calls/${callId}?include=raw`)
    expect(res.status).toBe(200)
    const call = CallSchema.parse(res.body)
    expect(call.id).toBe(callId)
    expect(call.providerData).toMatchObject({ callId: callId.slice('dasha_'.length), status: 'Created' })
  })

  it('lists two pages without repeating a call', async () => {
    const first = CallListSchema.parse((await http('GET', `/v1/calls?agentId=${agentId}&limit=100`)).body)
    expect(first.data).toHaveLength(100)
    expect(first.hasMore).toBe(true)
    const second = CallListSchema.parse(
      (await http('GET', `/v1/calls?agentId=${agentId}&limit=100&cursor=${first.nextCursor}`)).body,
    )
    expect(second.data).toHaveLength(100)
    const ids = new Set([...first.data, ...second.data].map((c) => c.id))
    expect(ids.size).toBe(200)
  })

  it('cancels the call, then refuses a second cancel with 409', async () => {
    const res = await http('POST', `/v1/calls/${callId}/cancel`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(CallSchema.parse(res.body).status).toBe('canceled')
    const again = await http('POST', `/v1/calls/${callId}/cancel`)
    expect(again.status).toBe(409)
    expect(ProblemSchema.parse(again.body).code).toBe('conflict')
  })

  it('sent every request in Dasha’s shapes, and never showed the key', () => {
    expect(fake.violations).toEqual([])
    expect(fake.requests.every((r) => r.headers.authorization === `Bearer ${FAKE_DASHA_KEY}`)).toBe(true)
    expect(gateway.logs()).not.toContain(FAKE_DASHA_KEY)
  })
})
