import { describe, expect, it } from 'vitest'
import { BatchResultSchema, CallSchema } from '../../src/contract/call'
import { createVapiFake, FAKE_VAPI_KEY, PHONE_NUMBER } from '../fakes/vapi'
import { until, vendorE2e, webhookReceiver } from './vendor-e2e'

const WEBHOOK_SECRET = 'whsec_dmFwaS1lMmUtd2ViaG9vay1zZWNyZXQtMjAyNg=='
const FINAL = new Set([
  'call.completed',
  'call.failed',
  'call.busy',
  'call.no_answer',
  'call.voicemail',
  'call.canceled',
])

/** Vapi end to end: wrangler dev talking to a fake Vapi over real HTTP on 127.0.0.1. */
describe('Vapi over real HTTP', () => {
  const fake = createVapiFake()
  const { app, deliveries } = webhookReceiver(WEBHOOK_SECRET, '/events')
  let agentId: string
  let batchCallIds: string[] = []
  const vendorId = (id: string) => id.replace(/^vapi_/, '')
  const HOUR = 3_600_000

  const e2e = vendorE2e({
    fake,
    client: app,
    webhookSecret: WEBHOOK_SECRET,
    vars: (url) => ({ VAPI_API_KEY: FAKE_VAPI_KEY, VAPI_BASE_URL: url }),
  })
  const { http } = e2e

  it('creates, reads, lists, updates and deletes an assistant', async () => {
    const created = await http('POST', '/v1/agents', {
      provider: 'vapi',
      name: 'Appointment reminders',
      prompt: 'You remind {{firstName}} of their appointment.',
      firstMessage: 'Hi {{firstName}}!',
      voice: { vendor: 'elevenlabs', voiceId: 'rachel' },
      llm: { vendor: 'openai', model: 'gpt-4o-mini' },
      variables: { firstName: 'there' },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    agentId = created.body.id
    const held = fake.assistants.get(vendorId(agentId))
    expect(held).toMatchObject({
      voice: { provider: '11labs', voiceId: 'rachel' },
      model: { provider: 'openai', model: 'gpt-4o-mini' },
      serverMessages: ['status-update', 'end-of-call-report'],
      metadata: { variables: { firstName: 'there' } },
    })
    // With WEBHOOK_SECRET the assistant's server is Switchboard's inbound URL.
    const server = held?.server as { url?: string } | undefined
    expect(server?.url?.startsWith(`${e2e.gateway.url}/v1/webhooks/vapi/`)).toBe(true)

    const read = await http('GET', `/v1/agents/${agentId}`)
    expect(read.body).toMatchObject({ name: 'Appointment reminders', voice: { vendor: 'elevenlabs' } })

    const updated = await http('PATCH', `/v1/agents/${agentId}`, { prompt: 'Be brief.' })
    expect(updated.status, JSON.stringify(updated.body)).toBe(200)
    expect(updated.body.prompt).toBe('Be brief.')
    // The PATCH sent the whole model: provider and model survived Vapi's replace.
    expect(fake.assistants.get(vendorId(agentId))?.model).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
    })

    const listed = await http('GET', '/v1/agents?provider=vapi&limit=100')
    expect(listed.body.data.map((a: { id: string }) => a.id)).toContain(agentId)

    const spare = await http('POST', '/v1/agents', { provider: 'vapi', name: 'Spare' })
    expect((await http('DELETE', `/v1/agents/${spare.body.id}`)).status).toBe(204)
    expect(fake.assistants.has(vendorId(spare.body.id))).toBe(false)
  })

  it('places a call with variables, metadata and a schedule', async () => {
    const scheduledAt = new Date(Date.now() + HOUR).toISOString()
    const res = await http('POST', '/v1/calls', {
      agentId,
      to: '+14155550100',
      from: PHONE_NUMBER,
      variables: { firstName: 'Ada' },
      metadata: { crmId: 'lead_42' },
      scheduledAt,
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(CallSchema.parse(res.body)).toMatchObject({
      status: 'scheduled',
      from: PHONE_NUMBER,
      variables: { firstName: 'Ada' },
      metadata: { crmId: 'lead_42' },
      scheduledAt,
    })
    const sent = fake.requests.filter((r) => r.method === 'POST' && r.path === '/call').at(-1)?.body
    expect(sent).toMatchObject({
      assistantId: vendorId(agentId),
      customer: { number: '+14155550100' },
      assistantOverrides: { variableValues: { firstName: 'Ada' }, metadata: { crmId: 'lead_42' } },
      schedulePlan: { earliestAt: scheduledAt },
    })
  })

  it('places a batch of 50 with 2 bad items: 48 created, the 2 errors in place', async () => {
    const bad = new Map<number, Record<string, unknown>>([
      [7, { to: 'not-a-number', from: PHONE_NUMBER }],
      [31, { to: '+14155550131', from: '+14155550000' }],
    ])
    const calls = Array.from(
      { length: 50 },
      (_, i) =>
        bad.get(i) ?? { to: `+1415555${String(2000 + i)}`, from: PHONE_NUMBER, variables: { row: i } },
    )
    const before = fake.calls.size
    const res = await http('POST', '/v1/calls/batch', { agentId, calls })
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200)
    const batch = BatchResultSchema.parse(res.body)
    expect(batch).toMatchObject({ created: 48, failed: 2 })
    expect(batch.data.map((d) => d.index)).toEqual(calls.map((_, i) => i))
    for (const [index, entry] of batch.data.entries()) {
      if (bad.has(index))
        expect('error' in entry && entry.error.code, `item ${index}`).toBe('validation_failed')
      else expect('call' in entry && entry.call.to).toBe(calls[index]?.to)
    }
    const unknownFrom = batch.data[31] as { error: { errors?: Array<{ path: string }> } }
    expect(unknownFrom.error.errors?.[0]?.path).toBe('from')
    expect(fake.calls.size - before).toBe(48)
    batchCallIds = batch.data.flatMap((d) => ('call' in d ? [d.call.id] : []))
  })

  it('reads a call through each status', async () => {
    const id = batchCallIds[0] as string
    const steps: Array<[Record<string, unknown>, string]> = [
      [{ status: 'queued' }, 'queued'],
      [{ status: 'ringing' }, 'ringing'],
      [{ status: 'in-progress', startedAt: '2026-11-30T09:00:05.000Z' }, 'in_progress'],
      [{ status: 'forwarding' }, 'in_progress'],
      [{ status: 'ended', endedReason: 'customer-busy' }, 'busy'],
      [{ status: 'ended', endedReason: 'customer-did-not-answer' }, 'no_answer'],
      [{ status: 'ended', endedReason: 'voicemail' }, 'voicemail'],
      [{ status: 'ended', endedReason: 'pipeline-error-openai-llm-failed' }, 'failed'],
      [{ status: 'ended', endedReason: 'manually-canceled' }, 'canceled'],
      [
        {
          status: 'ended',
          endedReason: 'customer-ended-call',
          endedAt: '2026-11-30T09:01:05.000Z',
          cost: 0.08,
          artifact: { messages: [{ role: 'bot', message: 'Hi Ada!', secondsFromStart: 0.5 }] },
        },
        'completed',
      ],
    ]
    for (const [changes, status] of steps) {
      fake.updateCall(vendorId(id), changes)
      const res = await http('GET', `/v1/calls/${id}`)
      expect(res.status).toBe(200)
      expect(res.body.status, JSON.stringify(changes)).toBe(status)
      expect(res.body.providerStatus).toBe(changes.status)
    }
    const done = await http('GET', `/v1/calls/${id}?include=raw`)
    expect(CallSchema.parse(done.body)).toMatchObject({
      durationSeconds: 60,
      cost: { amount: 0.08, currency: 'USD' },
      transcript: [{ role: 'agent', text: 'Hi Ada!' }],
    })
    expect(JSON.stringify(done.body.providerData)).not.toContain('control')
  })

  it('lists the agent calls from Vapi over two pages, each once', async () => {
    const pagesAsked = () =>
      fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/call?')).length
    const before = pagesAsked()
    const first = await http('GET', `/v1/calls?source=vendor&agentId=${agentId}&limit=30`)
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(first.body.data).toHaveLength(30)
    expect(first.body.hasMore).toBe(true)
    const second = await http(
      'GET',
      `/v1/calls?source=vendor&agentId=${agentId}&limit=30&cursor=${first.body.nextCursor}`,
    )
    expect(second.status, JSON.stringify(second.body)).toBe(200)
    // 48 from the batch and the scheduled one.
    expect(second.body.data).toHaveLength(19)
    expect(second.body).toMatchObject({ hasMore: false, nextCursor: null })
    const ids = new Set([...first.body.data, ...second.body.data].map((c: { id: string }) => c.id))
    expect(ids.size).toBe(49)
    // Both pages came from Vapi's own list, not from Switchboard's ledger.
    expect(pagesAsked() - before).toBe(2)
  })

  it('cancels a scheduled call with DELETE and a live call through its control URL', async () => {
    const scheduled = batchCallIds[1] as string
    fake.updateCall(vendorId(scheduled), { status: 'scheduled' })
    const withdrawn = await http('POST', `/v1/calls/${scheduled}/cancel`)
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200)
    expect(withdrawn.body.status).toBe('canceled')
    expect(fake.calls.has(vendorId(scheduled))).toBe(false)

    const live = batchCallIds[2] as string
    fake.updateCall(vendorId(live), { status: 'in-progress', startedAt: new Date().toISOString() })
    const hungUp = await http('POST', `/v1/calls/${live}/cancel`)
    expect(hungUp.status, JSON.stringify(hungUp.body)).toBe(200)
    expect(hungUp.body.status).toBe('canceled')
    expect(fake.controls.at(-1)).toMatchObject({ callId: vendorId(live), body: { type: 'end-call' } })
    expect(fake.controls.at(-1)?.authorization ?? '').not.toContain(FAKE_VAPI_KEY)
    expect(fake.calls.get(vendorId(live))).toMatchObject({
      status: 'ended',
      endedReason: 'manually-canceled',
    })

    const again = await http('POST', `/v1/calls/${live}/cancel`)
    expect(again.status).toBe(409)
  })

  it('relays a status-update and an end-of-call-report to the call’s webhookUrl, the terminal event once', async () => {
    const res = await http('POST', '/v1/calls', {
      agentId,
      to: '+14155550177',
      from: PHONE_NUMBER,
      webhookUrl: `${e2e.clientUrl}/events`,
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const held = fake.calls.get(vendorId(res.body.id)) as { assistantOverrides: { server: { url: string } } }
    const hook = held.assistantOverrides.server.url
    expect(hook.startsWith(`${e2e.gateway.url}/v1/webhooks/vapi/`)).toBe(true)
    const call = { ...held, status: 'in-progress' }
    const post = (message: Record<string, unknown>) =>
      fetch(hook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: { ...message, call } }),
      })
    const answers = [
      await post({ type: 'status-update', status: 'in-progress', timestamp: Date.now() }),
      await post({ type: 'speech-update', status: 'started', role: 'assistant' }),
      await post({
        type: 'status-update',
        status: 'ended',
        endedReason: 'customer-ended-call',
        timestamp: Date.now(),
      }),
      await post({
        type: 'end-of-call-report',
        endedReason: 'customer-ended-call',
        timestamp: Date.now() + 5_000,
        artifact: { messages: [{ role: 'bot', message: 'Bye', secondsFromStart: 9 }] },
        analysis: { summary: 'Done.' },
      }),
    ]
    for (const answer of answers) expect(answer.status).toBeLessThan(300)
    const mine = () => deliveries.filter((d) => d.event.data.call.id === res.body.id)
    await until(() => mine().some((d) => FINAL.has(d.event.type)), 30_000)
    await new Promise((wake) => setTimeout(wake, 3_000))
    const types = mine().map((d) => d.event.type)
    expect(types.sort()).toEqual(['call.completed', 'call.started'])
    expect(mine().every((d) => d.verified)).toBe(true)
    expect(JSON.stringify(mine())).not.toContain('/v1/webhooks/vapi/')
  })

  it('sent Vapi nothing it would refuse, and never its key anywhere it should not be', () => {
    expect(fake.violations).toEqual([])
    expect(e2e.gateway.logs()).not.toContain(FAKE_VAPI_KEY)
  })
})
