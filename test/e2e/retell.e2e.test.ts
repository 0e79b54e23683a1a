import { describe, expect, it } from 'vitest'
import { AgentSchema } from '../../src/contract/agent'
import { BatchResultSchema, CallSchema } from '../../src/contract/call'
import { createRetellFake, RETELL_NUMBERS, RETELL_TEST_KEY } from '../fakes/retell'
import { until, vendorE2e, webhookReceiver } from './vendor-e2e'

const WEBHOOK_SECRET = 'whsec_cmV0ZWxsLWUyZS13ZWJob29rLXNlY3JldC0yMDI2'
const FROM = RETELL_NUMBERS[0] as string

/** Retell end to end: wrangler dev talking to a fake Retell over real HTTP on 127.0.0.1. */
describe('Retell AI over real HTTP', () => {
  const fake = createRetellFake()
  const { app, deliveries } = webhookReceiver(WEBHOOK_SECRET, '/hooks')
  let agentId: string
  let callIds: string[] = []
  const vendorId = (id: string) => id.replace(/^retell_/, '')

  const e2e = vendorE2e({
    fake,
    client: app,
    webhookSecret: WEBHOOK_SECRET,
    vars: (url) => ({
      RETELL_API_KEY: RETELL_TEST_KEY,
      RETELL_BASE_URL: url,
      WEBHOOK_RETRY_BASE_SECONDS: '1',
    }),
  })
  const { http } = e2e

  it('creates an agent as a Retell LLM plus agent, hooked to Switchboard', async () => {
    const res = await http('POST', '/v1/agents', {
      provider: 'retell',
      name: 'Appointment reminders',
      prompt: 'You remind {{first_name}} of their appointment.',
      firstMessage: 'Hi {{first_name}}!',
      voice: { voiceId: '11labs-Adrian' },
      llm: { model: 'gpt-4.1', temperature: 0.2 },
      webhookUrl: `${e2e.clientUrl}/hooks`,
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    agentId = res.body.id
    expect(AgentSchema.parse(res.body)).toMatchObject({
      webhookUrl: `${e2e.clientUrl}/hooks`,
      prompt: expect.any(String),
    })
    const agent = fake.agents.get(vendorId(agentId))
    expect(String(agent?.webhook_url).startsWith(`${e2e.gateway.url}/v1/webhooks/retell/`)).toBe(true)
    const llmId = (agent as { response_engine: { llm_id: string } }).response_engine.llm_id
    expect(fake.llms.get(llmId)).toMatchObject({
      general_prompt: 'You remind {{first_name}} of their appointment.',
    })
  })

  it('deletes the LLM again when the agent step fails', async () => {
    const llmsBefore = fake.llms.size
    fake.fail({
      method: 'POST',
      path: /^\/create-agent$/,
      status: 400,
      body: { status: 'error', message: 'Invalid request format, please check API reference.' },
    })
    const res = await http('POST', '/v1/agents', {
      provider: 'retell',
      name: 'Broken',
      voice: { voiceId: 'x' },
    })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'provider_rejected', provider: 'retell', providerStatus: 400 })
    expect(res.body.detail).toContain('Invalid request format, please check API reference.')
    expect(fake.llms.size).toBe(llmsBefore)
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'DELETE',
      path: expect.stringMatching(/^\/delete-retell-llm\//),
    })
  })

  it('reads, updates, lists and deletes agents', async () => {
    const updated = await http('PATCH', `/v1/agents/${agentId}`, {
      prompt: 'Only confirm the time.',
      name: 'Reminders',
    })
    expect(updated.status, JSON.stringify(updated.body)).toBe(200)
    expect(updated.body).toMatchObject({ prompt: 'Only confirm the time.', name: 'Reminders' })
    const got = await http('GET', `/v1/agents/${agentId}`)
    expect(got.body).toMatchObject({ prompt: 'Only confirm the time.', name: 'Reminders' })
    const other = await http('POST', '/v1/agents', {
      provider: 'retell',
      name: 'Temp',
      voice: { voiceId: '11labs-Adrian' },
    })
    const list = await http('GET', '/v1/agents?provider=retell&limit=1')
    expect(list.body).toMatchObject({ hasMore: true })
    const rest = await http('GET', `/v1/agents?provider=retell&limit=1&cursor=${list.body.nextCursor}`)
    expect([...list.body.data, ...rest.body.data].map((a: { id: string }) => a.id).sort()).toEqual(
      [agentId, other.body.id].sort(),
    )
    expect((await http('DELETE', `/v1/agents/${other.body.id}`)).status).toBe(204)
    expect((await http('GET', `/v1/agents/${other.body.id}`)).status).toBe(404)
  })

  it('places a call with variables and metadata', async () => {
    const res = await http('POST', '/v1/calls', {
      agentId,
      to: '+14155550100',
      from: FROM,
      variables: { first_name: 'Ada', visits: 3 },
      metadata: { crm_id: 'lead_42' },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(CallSchema.parse(res.body)).toMatchObject({
      status: 'ringing',
      variables: { first_name: 'Ada', visits: '3' },
      metadata: { crm_id: 'lead_42' },
    })
    expect(fake.requests.at(-1)).toMatchObject({
      path: '/v2/create-phone-call',
      headers: { authorization: `Bearer ${RETELL_TEST_KEY}` },
      body: {
        override_agent_id: vendorId(agentId),
        retell_llm_dynamic_variables: { first_name: 'Ada', visits: '3' },
        metadata: { crm_id: 'lead_42', switchboard_reference: res.headers.get('x-request-id') },
      },
    })
  })

  it('places a batch of 50 with 2 bad items: 48 created, 2 errors in place', async () => {
    const bad = new Map<number, Record<string, unknown>>([
      [10, { to: '+14155550150' }],
      [40, { to: 'sip:front-desk@clinic.example', from: FROM }],
    ])
    const calls = Array.from(
      { length: 50 },
      (_, i) => bad.get(i) ?? { to: `+1415555${String(1000 + i)}`, from: FROM, variables: { row: i } },
    )
    const before = fake.calls.size
    const res = await http('POST', '/v1/calls/batch', { agentId, calls })
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200)
    const batch = BatchResultSchema.parse(res.body)
    expect(batch).toMatchObject({ created: 48, failed: 2 })
    expect(batch.data.map((d) => d.index)).toEqual(calls.map((_, i) => i))
    for (const [index, entry] of batch.data.entries()) {
      if (bad.has(index)) expect('error' in entry && entry.error.code).toBe('validation_failed')
      else expect('call' in entry && entry.call.to).toBe(calls[index]?.to)
    }
    expect((batch.data[10] as { error: { detail: string } }).error.detail).toContain('Retell')
    expect(fake.calls.size - before).toBe(48)
    callIds = batch.data.flatMap((d) => ('call' in d ? [d.call.id] : []))
  })

  it('reads a call through each status', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ call_status: 'registered' }, 'ringing'],
      [{ call_status: 'ongoing', start_timestamp: Date.now() }, 'in_progress'],
      [{ call_status: 'ended', disconnection_reason: 'user_hangup', duration_ms: 42_000 }, 'completed'],
      [{ call_status: 'ended', disconnection_reason: 'voicemail_reached' }, 'voicemail'],
      [{ call_status: 'not_connected', disconnection_reason: 'dial_no_answer' }, 'no_answer'],
      [{ call_status: 'not_connected', disconnection_reason: 'dial_busy' }, 'busy'],
      [{ call_status: 'error', disconnection_reason: 'error_retell' }, 'failed'],
      [{ call_status: 'ended', disconnection_reason: 'manual_stopped' }, 'canceled'],
    ]
    for (const [index, [changes, status]] of cases.entries()) {
      const id = callIds[index] as string
      fake.updateCall(vendorId(id), changes)
      const res = await http('GET', `/v1/calls/${id}`)
      expect(res.status).toBe(200)
      expect(CallSchema.parse(res.body).status, JSON.stringify(changes)).toBe(status)
    }
    fake.updateCall(vendorId(callIds[2] as string), {
      call_cost: { combined_cost: 12.5 },
      transcript_object: [
        { role: 'agent', content: 'Hi Ada!', words: [{ word: 'Hi', start: 0.5, end: 0.7 }] },
      ],
      call_analysis: { call_summary: 'Confirmed.' },
    })
    expect((await http('GET', `/v1/calls/${callIds[2]}`)).body).toMatchObject({
      durationSeconds: 42,
      cost: { amount: 0.125, currency: 'USD' },
      summary: 'Confirmed.',
      transcript: [{ role: 'agent', text: 'Hi Ada!', startSeconds: 0.5, endSeconds: 0.7 }],
    })
    expect((await http('GET', '/v1/calls/retell_call_unknown')).status).toBe(404)
  })

  it('lists the agent calls over two pages', async () => {
    const first = await http('GET', `/v1/calls?agentId=${agentId}&limit=30`)
    expect(first.status).toBe(200)
    expect(first.body.data).toHaveLength(30)
    expect(first.body.hasMore).toBe(true)
    const second = await http('GET', `/v1/calls?agentId=${agentId}&limit=30&cursor=${first.body.nextCursor}`)
    expect(second.body.data).toHaveLength(19)
    expect(second.body).toMatchObject({ hasMore: false, nextCursor: null })
    expect(new Set([...first.body.data, ...second.body.data].map((c: { id: string }) => c.id)).size).toBe(49)
  })

  it('stops a live call, and answers 409 on an ended one', async () => {
    const live = callIds[20] as string
    fake.updateCall(vendorId(live), { call_status: 'ongoing', start_timestamp: Date.now() - 3_000 })
    const res = await http('POST', `/v1/calls/${live}/cancel`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(CallSchema.parse(res.body)).toMatchObject({ status: 'canceled', endReason: 'manual_stopped' })
    expect(fake.calls.get(vendorId(live))).toMatchObject({
      call_status: 'ended',
      disconnection_reason: 'manual_stopped',
    })
    const ended = await http('POST', `/v1/calls/${callIds[2]}/cancel`)
    expect(ended.status).toBe(409)
    expect(ended.body).toMatchObject({ code: 'conflict', provider: 'retell' })
  })

  it('relays a signed delivery once; forged, stale and replayed ones deliver nothing', async () => {
    const hook = String(fake.agents.get(vendorId(agentId))?.webhook_url)
    const id = callIds[21] as string
    const {
      agent_override: _o,
      created: _c,
      ...call
    } = fake.updateCall(vendorId(id), {
      call_status: 'ended',
      disconnection_reason: 'agent_hangup',
      start_timestamp: Date.now() - 60_000,
      end_timestamp: Date.now(),
      duration_ms: 60_000,
    })
    const body = JSON.stringify({ event: 'call_ended', call })
    const post = (signature: string, text = body) =>
      fetch(hook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-retell-signature': signature },
        body: text,
      })

    const forged = await post(await fake.sign(body, Date.now(), 'not-the-retell-key'))
    const stale = await post(await fake.sign(body, Date.now() - 10 * 60_000))
    expect([forged.status, stale.status]).toEqual([401, 401])
    const signature = await fake.sign(body)
    const valid = await post(signature)
    expect(valid.status).toBe(200)
    expect(await valid.json()).toMatchObject({ status: 'queued' })
    const replayed = await post(signature)
    expect(await replayed.json()).toMatchObject({ status: 'duplicate' })
    const ignored = await post(
      await fake.sign(JSON.stringify({ event: 'transcript_updated', call })),
      JSON.stringify({ event: 'transcript_updated', call }),
    )
    expect(await ignored.json()).toMatchObject({ status: 'ignored' })

    const mine = () => deliveries.filter((d) => d.event.data.call.id === id)
    await until(() => mine().length > 0, 15_000)
    await new Promise((wake) => setTimeout(wake, 3_000))
    expect(mine().map((d) => [d.event.type, d.verified])).toEqual([['call.completed', true]])
    expect(mine()[0]?.event).toMatchObject({
      provider: 'retell',
      data: { call: { status: 'completed', durationSeconds: 60 } },
    })
  })

  it('sent Retell nothing it would refuse, and never its key back to the client', () => {
    expect(fake.violations).toEqual([])
    expect(e2e.gateway.logs()).not.toContain(RETELL_TEST_KEY)
  })
})
