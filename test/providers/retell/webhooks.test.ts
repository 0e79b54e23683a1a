import { describe, expect, it } from 'vitest'
import { SIGNATURE_WINDOW_MS, verifySignature } from '../../../providers/retell/webhooks'
import { EventSchema } from '../../../src/contract/events'
import { signToken, verifyToken } from '../../../src/webhooks/token'
import { createRetellFake, RETELL_NUMBERS, RETELL_TEST_KEY } from '../../fakes/retell'
import { apiClient, expectProblem } from '../../helpers/api'
import { asQueue, fakeQueue, WEBHOOK_SECRET } from '../../webhooks/helpers'
import { AGENT_ID, CALL_ID, endedCall, RETELL_ENV } from './fixtures'

const CLIENT_URL = 'https://client.example/hooks/retell'

function setup() {
  const queue = fakeQueue()
  const fake = createRetellFake()
  const api = apiClient(
    { fetch: fake.fetch },
    { ...RETELL_ENV, WEBHOOK_SECRET, WEBHOOK_QUEUE: asQueue(queue), PUBLIC_BASE_URL: 'https://gw.example' },
  )
  /** Posts as Retell does: the raw JSON body, signed with the API key unless told otherwise. */
  const deliver = async (
    url: string,
    payload: unknown,
    sign: { stamp?: number; key?: string; signature?: string | null } = {},
  ) => {
    const raw = JSON.stringify(payload)
    const signature =
      sign.signature !== undefined ? sign.signature : await fake.sign(raw, sign.stamp, sign.key)
    return api('POST', new URL(url).pathname, raw, {
      authorization: '',
      ...(signature === null ? {} : { 'x-retell-signature': signature }),
    })
  }
  return { queue, fake, api, deliver }
}

const hookFor = async (destination: string | null, agent = AGENT_ID) =>
  `https://gw.example/v1/webhooks/retell/${await signToken(WEBHOOK_SECRET, { provider: 'retell', destination, agent })}`

const { transcript: _text, ...endedWithoutAnalysis } = endedCall()
/** `call_ended` as Retell posts it: the full call without call_analysis. */
const callEnded = (call: Record<string, unknown> = {}) => ({
  event: 'call_ended',
  call: { ...endedWithoutAnalysis, call_analysis: undefined, ...call },
})

describe('Retell webhooks', () => {
  it('verifies a signed call_ended and normalizes it into the exact Event', async () => {
    const { queue, deliver } = setup()
    const payload = callEnded()
    const res = await deliver(await hookFor(CLIENT_URL), payload)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.status).toBe('queued')
    expect(queue.messages).toHaveLength(1)
    const event = EventSchema.parse(queue.messages[0]?.event)
    expect(queue.messages[0]?.destination).toBe(CLIENT_URL)
    expect(event).toMatchObject({
      id: res.body.eventId,
      type: 'call.completed',
      createdAt: '2025-11-21T10:11:10.500Z',
      provider: 'retell',
      data: {
        call: {
          id: `retell_${CALL_ID}`,
          agentId: `retell_${AGENT_ID}`,
          status: 'completed',
          providerStatus: 'ended',
          endReason: 'agent_hangup',
          metadata: { crm_id: 'lead_42' },
          durationSeconds: 66.25,
          cost: { amount: 0.094, currency: 'USD' },
          transcript: [
            { role: 'agent', text: 'Hi Ada, this is Acme Dental.', startSeconds: 0.7, endSeconds: 2.6 },
            { role: 'user', text: 'Hi! Yes, Tuesday works.', startSeconds: 3.1, endSeconds: 4.9 },
            { role: 'user', text: 'Front desk here.' },
          ],
        },
      },
    })
  })

  it.each([
    [
      'call_started',
      { call_status: 'registered', end_timestamp: undefined, disconnection_reason: undefined },
      'call.started',
    ],
    [
      'call_ended',
      { call_status: 'not_connected', disconnection_reason: 'dial_no_answer' },
      'call.no_answer',
    ],
    ['call_ended', { call_status: 'not_connected', disconnection_reason: 'dial_busy' }, 'call.busy'],
    ['call_ended', { call_status: 'ended', disconnection_reason: 'voicemail_reached' }, 'call.voicemail'],
    ['call_ended', { call_status: 'error', disconnection_reason: 'error_retell' }, 'call.failed'],
    [
      'call_analyzed',
      { call_analysis: { call_summary: 'Left a message.', in_voicemail: true } },
      'call.voicemail',
    ],
  ])('maps %s %o to %s', async (event, call, type) => {
    const { queue, deliver } = setup()
    await deliver(await hookFor(CLIENT_URL), {
      event,
      call: { ...endedWithoutAnalysis, call_id: crypto.randomUUID(), ...call },
    })
    expect(queue.messages.map((m) => m.event.type)).toEqual([type])
  })

  it('refuses forged, stale, tampered and unsigned deliveries with 401, delivering nothing', async () => {
    const { queue, deliver, api } = setup()
    const hook = await hookFor(CLIENT_URL)
    expectProblem(await deliver(hook, callEnded(), { key: 'someone-elses-key' }), 401, 'unauthorized')
    expectProblem(
      await deliver(hook, callEnded(), { stamp: Date.now() - SIGNATURE_WINDOW_MS - 60_000 }),
      401,
      'unauthorized',
    )
    expectProblem(
      await deliver(hook, callEnded(), { stamp: Date.now() + SIGNATURE_WINDOW_MS + 60_000 }),
      401,
      'unauthorized',
    )
    expectProblem(await deliver(hook, callEnded(), { signature: null }), 401, 'unauthorized')
    expectProblem(await deliver(hook, callEnded(), { signature: 'v=1,d=zz' }), 401, 'unauthorized')
    // Signed over another body: the signature of the real delivery does not cover an edited one.
    const fake = createRetellFake()
    const signature = await fake.sign(JSON.stringify(callEnded()))
    const edited = JSON.stringify(callEnded({ to_number: '+19005550100' }))
    const tampered = await api('POST', new URL(hook).pathname, edited, {
      authorization: '',
      'x-retell-signature': signature,
    })
    expectProblem(tampered, 401, 'unauthorized')
    expect(queue.messages).toEqual([])
  })

  it('delivers a replayed or re-sent event once, and one terminal event when call_analyzed follows', async () => {
    const { queue, deliver } = setup()
    const hook = await hookFor(CLIENT_URL)
    const call_id = crypto.randomUUID()
    const payload = callEnded({ call_id })
    expect((await deliver(hook, payload)).body.status).toBe('queued')
    expect((await deliver(hook, payload)).body.status).toBe('duplicate')
    // The analysis repeats the terminal status: the call already has its one terminal event.
    const analyzed = { event: 'call_analyzed', call: { ...endedCall(), call_id } }
    expect((await deliver(hook, analyzed)).body.status).toBe('duplicate')
    expect(queue.messages).toHaveLength(1)
  })

  it('acknowledges transcript and transfer events without delivering anything', async () => {
    const { queue, deliver } = setup()
    const hook = await hookFor(CLIENT_URL)
    for (const event of ['transcript_updated', 'transfer_started', 'transfer_bridged', 'transfer_ended']) {
      const res = await deliver(hook, { event, call: endedCall() })
      expect(res.body).toEqual({ status: 'ignored' })
    }
    expect(queue.messages).toEqual([])
  })

  it('refuses a call event without its call with a 422 naming it', async () => {
    const { queue, deliver } = setup()
    const problem = expectProblem(
      await deliver(await hookFor(CLIENT_URL), { event: 'call_ended' }),
      422,
      'validation_failed',
    )
    expect(problem.errors?.map((e) => e.path)).toContain('call')
    expect(queue.messages).toEqual([])
  })

  it("hooks every agent it creates to Switchboard, and a call's own webhookUrl gets its own hook", async () => {
    const { queue, fake, api, deliver } = setup()
    const agent = await api('POST', '/v1/agents', {
      provider: 'retell',
      name: 'Hooks',
      voice: { voiceId: '11labs-Adrian' },
      webhookUrl: CLIENT_URL,
    })
    expect(agent.status, JSON.stringify(agent.body)).toBe(201)
    expect(agent.body.webhookUrl).toBe(CLIENT_URL)
    const agentHook = String(fake.agents.get(agent.body.id.slice('retell_'.length))?.webhook_url)
    expect(await verifyToken(WEBHOOK_SECRET, agentHook.split('/').at(-1) ?? '')).toMatchObject({
      provider: 'retell',
      destination: CLIENT_URL,
      agent: agent.body.id.slice('retell_'.length),
    })
    const other = 'https://other.example/hooks'
    const call = await api('POST', '/v1/calls', {
      agentId: agent.body.id,
      to: '+14155550100',
      from: RETELL_NUMBERS[0],
      webhookUrl: other,
    })
    expect(call.status, JSON.stringify(call.body)).toBe(201)
    const vendorCall = fake.calls.get(call.body.id.slice('retell_'.length)) as Record<string, any>
    const callHook = vendorCall.agent_override.agent.webhook_url as string
    const { agent_override: _o, created: _c, ...asRetellHasIt } = vendorCall
    await deliver(callHook, {
      event: 'call_started',
      call: { ...asRetellHasIt, call_status: 'ongoing', start_timestamp: Date.now() },
    })
    expect(queue.messages.map((m) => [m.destination, m.event.type, m.event.data.call.id])).toEqual([
      [other, 'call.started', call.body.id],
    ])
  })
})

describe('Retell agent hooks', () => {
  it('undoes the agent and its LLM when the hook cannot be set, naming what was left', async () => {
    const { fake, api } = setup()
    fake.fail({
      method: 'PATCH',
      path: /^\/update-agent\//,
      status: 500,
      body: { status: 'error', message: 'An unexpected server error occurred.' },
    })
    const body = {
      provider: 'retell',
      name: 'Hooked',
      voice: { voiceId: '11labs-Adrian' },
      webhookUrl: CLIENT_URL,
    }
    const problem = expectProblem(await api('POST', '/v1/agents', body), 502, 'provider_error')
    expect(problem.detail).toContain('An unexpected server error occurred.')
    expect(fake.requests.filter((r) => r.method !== 'GET').map((r) => r.path.split('/')[1])).toEqual([
      'create-retell-llm',
      'create-agent',
      'update-agent',
      'delete-agent',
      'delete-retell-llm',
    ])
    expect(fake.agents.size + fake.llms.size).toBe(0)

    fake.fail({ method: 'PATCH', path: /^\/update-agent\//, status: 500 })
    fake.fail({ method: 'DELETE', path: /^\/delete-agent\//, status: 500 })
    fake.fail({ method: 'DELETE', path: /^\/delete-retell-llm\//, status: 500 })
    const left = expectProblem(await api('POST', '/v1/agents', body), 502, 'provider_error')
    const [agentId] = [...fake.agents.keys()]
    const [llmId] = [...fake.llms.keys()]
    expect(left.detail).toContain(
      `The Retell agent ${agentId} and LLM ${llmId} created for it could not be removed`,
    )
  })

  it('refuses a named webhookUrl without a usable origin before writing anything', async () => {
    const queue = fakeQueue()
    const fake = createRetellFake()
    const api = apiClient(
      { fetch: fake.fetch },
      { ...RETELL_ENV, WEBHOOK_SECRET, WEBHOOK_QUEUE: asQueue(queue) },
    )
    const res = await api('POST', '/v1/agents', {
      provider: 'retell',
      name: 'Hooked',
      voice: { voiceId: '11labs-Adrian' },
      webhookUrl: CLIENT_URL,
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('webhooks_not_configured')
    expect(fake.requests).toEqual([])
  })
})

describe('Retell signature check', () => {
  it('is the SDK scheme: HMAC-SHA256 of body + timestamp with the API key, within 5 minutes', async () => {
    const fake = createRetellFake()
    const body = '{"event":"call_started","call":{"call_id":"c1","text":"Grüße"}}'
    const now = 1_763_719_804_000
    const signature = await fake.sign(body, now)
    expect(await verifySignature(RETELL_TEST_KEY, body, signature, now)).toBe(true)
    expect(await verifySignature(RETELL_TEST_KEY, body, signature, now + SIGNATURE_WINDOW_MS)).toBe(true)
    expect(await verifySignature(RETELL_TEST_KEY, body, signature, now + SIGNATURE_WINDOW_MS + 1)).toBe(false)
    expect(await verifySignature('another-key-value', body, signature, now)).toBe(false)
    expect(await verifySignature(RETELL_TEST_KEY, `${body} `, signature, now)).toBe(false)
    expect(await verifySignature('', body, signature, now)).toBe(false)
  })
})
