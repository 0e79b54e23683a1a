import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BatchResultSchema, CallSchema } from '../../src/contract/call'
import { createOneInboxFake, ONEINBOX_TEST_KEY } from '../fakes/oneinbox'
import { type FakeServer, type Gateway, httpClient, serveFake, startGateway } from './harness'

/** OneInbox end to end: wrangler dev talking to a fake OneInbox over real HTTP on 127.0.0.1. */
describe('OneInbox over real HTTP', () => {
  const fake = createOneInboxFake()
  let vendor: FakeServer
  let gateway: Gateway
  let http: ReturnType<typeof httpClient>
  let agentId: string
  let batchCallIds: string[] = []

  const FROM = '+14155550199'
  const vendorId = (id: string) => id.replace(/^oneinbox_/, '')

  beforeAll(async () => {
    vendor = await serveFake(fake.app)
    gateway = await startGateway({ ONEINBOX_API_KEY: ONEINBOX_TEST_KEY, ONEINBOX_BASE_URL: vendor.url })
    http = httpClient(gateway.url)
  })
  afterAll(async () => {
    await gateway?.stop()
    await vendor?.close()
  })

  it('creates an agent as a OneInbox model plus agent', async () => {
    const res = await http('POST', '/v1/agents', {
      provider: 'oneinbox',
      name: 'Appointment reminders',
      prompt: 'You remind {{firstName}} of their appointment.',
      firstMessage: 'Hi {{firstName}}!',
      voice: { voiceId: 'rachel' },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    agentId = res.body.id
    const agent = fake.agents.get(vendorId(agentId))
    expect(agent).toMatchObject({ first_message: 'Hi {{firstName}}!', tts: { voice_id: 'rachel' } })
    expect(fake.models.get(agent?.llm_id as string)).toMatchObject({
      system_prompt: 'You remind {{firstName}} of their appointment.',
    })
  })

  it('places a call with per-call overrides', async () => {
    const res = await http('POST', '/v1/calls', {
      agentId,
      to: '+14155550100',
      from: FROM,
      variables: { firstName: 'Ada' },
      overrides: { prompt: 'Only confirm the time.', voice: { voiceId: 'josh', speed: 1.1 } },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(CallSchema.parse(res.body)).toMatchObject({ status: 'queued', to: '+14155550100', from: FROM })
    expect(fake.requests.at(-1)?.body).toMatchObject({
      agent_id: vendorId(agentId),
      overrides: { llm: { system_prompt: 'Only confirm the time.' }, tts: { voice_id: 'josh', speed: 1.1 } },
    })
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${ONEINBOX_TEST_KEY}`)
  })

  it('places a batch of 100 with 3 bad items: 97 created, 3 errors in place', async () => {
    const bad = new Map<number, Record<string, unknown>>([
      [10, { to: 'not-a-number', from: FROM }],
      [50, { to: '+14155550150' }],
      [99, { to: 'sip:front-desk@clinic.example', from: FROM }],
    ])
    const calls = Array.from(
      { length: 100 },
      (_, i) => bad.get(i) ?? { to: `+1415555${String(1000 + i)}`, from: FROM, variables: { row: i } },
    )
    const before = fake.calls.size
    const res = await http('POST', '/v1/calls/batch', { agentId, calls })
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200)
    const batch = BatchResultSchema.parse(res.body)
    expect(batch).toMatchObject({ created: 97, failed: 3 })
    expect(batch.data.map((d) => d.index)).toEqual(calls.map((_, i) => i))
    for (const [index, entry] of batch.data.entries()) {
      if (bad.has(index)) {
        expect('error' in entry && entry.error.code, `item ${index}`).toBe('validation_failed')
      } else {
        expect('call' in entry && entry.call.to).toBe(calls[index]?.to)
      }
    }
    const missingFrom = batch.data[50] as { error: { errors?: Array<{ path: string }>; detail: string } }
    expect(missingFrom.error.errors?.[0]?.path).toBe('from')
    expect(missingFrom.error.detail).toContain('OneInbox')
    expect(fake.calls.size - before).toBe(97)
    batchCallIds = batch.data.flatMap((d) => ('call' in d ? [d.call.id] : []))
  })

  it('gets a finished call with its transcript and cost', async () => {
    const id = batchCallIds[0] as string
    fake.updateCall(vendorId(id), {
      status: 'completed',
      end_reason: 'user_hangup',
      duration_seconds: 42,
      cost_cents: 12,
      ai_summary: 'Confirmed.',
      messages: [
        { role: 'assistant', content: 'Hi Ada!' },
        { role: 'user', content: 'Hello.' },
      ],
    })
    const res = await http('GET', `/v1/calls/${id}?include=raw`)
    expect(res.status).toBe(200)
    expect(CallSchema.parse(res.body)).toMatchObject({
      status: 'completed',
      durationSeconds: 42,
      cost: { amount: 0.12, currency: 'USD' },
      summary: 'Confirmed.',
      transcript: [
        { role: 'agent', text: 'Hi Ada!' },
        { role: 'user', text: 'Hello.' },
      ],
      providerData: { id: vendorId(id), status: 'completed' },
    })
  })

  it('lists the agent calls page by page', async () => {
    const first = await http('GET', `/v1/calls?agentId=${agentId}&limit=50`)
    expect(first.status).toBe(200)
    expect(first.body.data).toHaveLength(50)
    expect(first.body.hasMore).toBe(true)
    const second = await http('GET', `/v1/calls?agentId=${agentId}&limit=50&cursor=${first.body.nextCursor}`)
    expect(second.body.data).toHaveLength(48)
    expect(second.body).toMatchObject({ hasMore: false, nextCursor: null })
    const ids = new Set([...first.body.data, ...second.body.data].map((c: { id: string }) => c.id))
    expect(ids.size).toBe(98)
  })

  it('stops a live call', async () => {
    const id = batchCallIds[1] as string
    fake.updateCall(vendorId(id), { status: 'in_progress', started_at: new Date().toISOString() })
    const res = await http('POST', `/v1/calls/${id}/cancel`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(CallSchema.parse(res.body)).toMatchObject({ status: 'canceled', endReason: 'api_stop' })
    expect(fake.calls.get(vendorId(id))).toMatchObject({ end_reason: 'api_stop' })
  })

  it('sent OneInbox nothing it would refuse, and never its key back to the client', () => {
    expect(fake.violations).toEqual([])
    expect(gateway.logs()).not.toContain(ONEINBOX_TEST_KEY)
  })
})
