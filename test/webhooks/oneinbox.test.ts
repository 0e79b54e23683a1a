import { describe, expect, it } from 'vitest'
import { EventSchema } from '../../src/contract/events'
import { signToken, verifyToken } from '../../src/webhooks/token'
import { createOneInboxFake, ONEINBOX_TEST_KEY } from '../fakes/oneinbox'
import { apiClient, expectProblem } from '../helpers/api'
import { asQueue, fakeQueue, OTHER_SECRET, WEBHOOK_SECRET } from './helpers'

const CLIENT_URL = 'https://client.example/hooks/oneinbox'

/** `call.ended` as OneInbox posts it: the flat call object with the event name (docs: guides/webhooks). */
const ended = (callId: string) => ({
  event: 'call.ended',
  call_id: callId,
  agent_id: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
  type: 'outbound',
  direction: 'outbound',
  status: 'completed',
  from_number: '+14155550199',
  to_number: '+14155550100',
  variables: { first_name: 'Ada' },
  metadata: { crm_id: 'lead_42' },
  created_at: '2026-11-21T09:30:00.000000',
  started_at: '2026-11-21T09:30:04.250000',
  ended_at: '2026-11-21T09:31:10.500000',
  duration_seconds: 66,
  end_reason: 'agent_hangup',
  messages: [
    { role: 'assistant', content: 'Hi Ada, this is Acme Dental.' },
    { role: 'user', content: 'Hi! Yes, Tuesday works.' },
  ],
  recording_url: 'https://cdn.oneinbox.ai/recordings/rec_1.mp3',
  cost_cents: 12,
  outcome: 'Appointment Confirmed',
  summary: 'Ada confirmed Tuesday.',
})

function setup() {
  const queue = fakeQueue()
  const fake = createOneInboxFake()
  const api = apiClient(
    { fetch: fake.fetch },
    {
      WEBHOOK_SECRET,
      WEBHOOK_QUEUE: asQueue(queue),
      ONEINBOX_API_KEY: ONEINBOX_TEST_KEY,
      ONEINBOX_BASE_URL: 'https://oneinbox.test',
      // Requests come from http://localhost: local development, where a loopback origin may be used.
      ALLOW_INSECURE_WEBHOOKS: 'true',
    },
  )
  const vendorPost = (url: string, body: unknown) =>
    api('POST', new URL(url).pathname, body, { authorization: '' })
  /** A call of `agentId` that exists at the fake, so the gateway can confirm whose it is. */
  const oneInboxCall = (agentId = ONEINBOX_AGENT) => {
    const id = crypto.randomUUID()
    fake.calls.set(id, {
      id,
      agent_id: agentId,
      type: 'outbound',
      direction: 'outbound',
      status: 'queued',
      from_number: '+14155550199',
      to_number: '+14155550100',
      variables: {},
      metadata: {},
      messages: [],
      created_at: '2026-11-21T09:30:00.000000',
      updated_at: '2026-11-21T09:30:00.000000',
    })
    return id
  }
  return { queue, fake, api, vendorPost, oneInboxCall }
}

const ONEINBOX_AGENT = '3c90c3cc-0d44-4b50-8888-8dd25736052a'

const hookFor = async (destination: string | null, agent = ONEINBOX_AGENT) =>
  `https://gw.example/v1/webhooks/oneinbox/${await signToken(WEBHOOK_SECRET, { provider: 'oneinbox', destination, agent })}`

describe('OneInbox webhooks', () => {
  it('normalizes call.ended into the exact Event', async () => {
    const { queue, vendorPost, oneInboxCall } = setup()
    const callId = oneInboxCall()
    const res = await vendorPost(await hookFor(CLIENT_URL), ended(callId))
    expect(res.status).toBe(200)
    expect(queue.messages).toHaveLength(1)
    const message = queue.messages[0]
    expect(message?.destination).toBe(CLIENT_URL)
    expect(EventSchema.parse(message?.event)).toEqual({
      id: res.body.eventId,
      type: 'call.completed',
      createdAt: '2026-11-21T09:31:10.500Z',
      provider: 'oneinbox',
      data: {
        call: {
          id: `oneinbox_${callId}`,
          provider: 'oneinbox',
          agentId: 'oneinbox_3c90c3cc-0d44-4b50-8888-8dd25736052a',
          status: 'completed',
          providerStatus: 'completed',
          direction: 'outbound',
          to: '+14155550100',
          from: '+14155550199',
          variables: { first_name: 'Ada' },
          metadata: { crm_id: 'lead_42' },
          priority: null,
          scheduledAt: null,
          deadline: null,
          timezone: null,
          nextAttemptAt: null,
          createdAt: '2026-11-21T09:30:00.000Z',
          startedAt: '2026-11-21T09:30:04.250Z',
          endedAt: '2026-11-21T09:31:10.500Z',
          durationSeconds: 66,
          endReason: 'agent_hangup',
          transcript: [
            { role: 'agent', text: 'Hi Ada, this is Acme Dental.' },
            { role: 'user', text: 'Hi! Yes, Tuesday works.' },
          ],
          summary: 'Ada confirmed Tuesday.',
          recordingUrl: 'https://cdn.oneinbox.ai/recordings/rec_1.mp3',
          cost: { amount: 0.12, currency: 'USD' },
          // v2: a call event's Call carries campaignId (and attempts, for routed calls).
          campaignId: null,
          attempts: null,
          targetAgentId: null,
        },
      },
      providerEvent: ended(callId),
    })
  })

  it.each([
    [
      'call.started',
      { event: 'call.started', started_at: '2026-11-21T09:30:04Z' },
      'call.started',
      'in_progress',
    ],
    [
      'call.failed',
      { event: 'call.failed', status: 'failed', end_reason: 'carrier_error' },
      'call.failed',
      'failed',
    ],
    [
      'call.ended on busy',
      { event: 'call.ended', status: 'completed', end_reason: 'busy' },
      'call.busy',
      'busy',
    ],
  ])('maps %s', async (_name, extra, type, status) => {
    const { queue, vendorPost, oneInboxCall } = setup()
    const base = {
      call_id: oneInboxCall(),
      agent_id: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
      to_number: '+14155550100',
      from_number: '+14155550199',
      created_at: '2026-11-21T09:30:00Z',
    }
    await vendorPost(await hookFor(CLIENT_URL), { ...base, ...extra })
    expect(queue.messages.map((m) => [m.event.type, m.event.data.call.status])).toEqual([[type, status]])
  })

  it('acknowledges call.analyzed and transcript chunks without delivering anything', async () => {
    const { queue, vendorPost } = setup()
    const hook = await hookFor(CLIENT_URL)
    const base = { call_id: crypto.randomUUID(), agent_id: 'a1' }
    expect((await vendorPost(hook, { ...base, event: 'call.analyzed', outcome: 'Interested' })).body).toEqual(
      {
        status: 'ignored',
      },
    )
    expect((await vendorPost(hook, { ...base, event: 'transcript.partial' })).body).toEqual({
      status: 'ignored',
    })
    expect(queue.messages).toEqual([])
  })

  it('refuses a forged token with 401 and delivers nothing', async () => {
    const { queue, vendorPost } = setup()
    const forged = `https://gw.example/v1/webhooks/oneinbox/${await signToken(OTHER_SECRET, { provider: 'oneinbox', destination: 'https://attacker.example/', agent: ONEINBOX_AGENT })}`
    expectProblem(await vendorPost(forged, ended(crypto.randomUUID())), 401, 'unauthorized')
    expect(queue.messages).toEqual([])
  })

  it('delivers a re-delivered event once', async () => {
    const { queue, vendorPost, oneInboxCall } = setup()
    const hook = await hookFor(CLIENT_URL)
    const payload = ended(oneInboxCall())
    await vendorPost(hook, payload)
    const again = await vendorPost(hook, payload)
    expect(again.status).toBe(200)
    expect(again.body.status).toBe('duplicate')
    expect(queue.messages).toHaveLength(1)
  })

  it('refuses a payload without call_id with a 422 naming it', async () => {
    const { queue, vendorPost } = setup()
    const { call_id: _gone, ...payload } = ended('x')
    const problem = expectProblem(
      await vendorPost(await hookFor(CLIENT_URL), payload),
      422,
      'validation_failed',
    )
    expect(problem.errors?.map((e) => e.path)).toContain('call_id')
    expect(queue.messages).toEqual([])
  })

  it('hands OneInbox the inbound URL as the call’s webhook_url, and its events reach the client', async () => {
    const { queue, fake, api, vendorPost } = setup()
    const agent = await api('POST', '/v1/agents', { provider: 'oneinbox', name: 'Hooks', prompt: 'Confirm.' })
    expect(agent.status, JSON.stringify(agent.body)).toBe(201)
    const call = await api('POST', '/v1/calls', {
      agentId: agent.body.id,
      to: '+14155550100',
      from: '+14155550199',
      webhookUrl: CLIENT_URL,
    })
    expect(call.status, JSON.stringify(call.body)).toBe(201)
    const sent = fake.requests.find((r) => r.method === 'POST' && r.path.startsWith('/v1/calls'))
    const hook = String((sent?.body as { webhook_url?: string } | undefined)?.webhook_url)
    expect(hook).toMatch(/^http:\/\/localhost\/v1\/webhooks\/oneinbox\/[\w-]+\.[\w-]+$/)
    expect(await verifyToken(WEBHOOK_SECRET, hook.split('/').at(-1) ?? '')).toMatchObject({
      provider: 'oneinbox',
      destination: CLIENT_URL,
      agent: agent.body.id.slice('oneinbox_'.length),
    })
    const vendorId = call.body.id.slice('oneinbox_'.length)
    await vendorPost(hook, { ...ended(vendorId), agent_id: agent.body.id.slice('oneinbox_'.length) })
    expect(queue.messages.map((m) => [m.destination, m.event.data.call.id])).toEqual([
      [CLIENT_URL, call.body.id],
    ])
  })

  it('sends no webhook_url when neither the call nor the deployment names a destination', async () => {
    const { fake, api } = setup()
    const agent = await api('POST', '/v1/agents', {
      provider: 'oneinbox',
      name: 'No hooks',
      prompt: 'Confirm.',
    })
    await api('POST', '/v1/calls', { agentId: agent.body.id, to: '+14155550100', from: '+14155550199' })
    const sent = fake.requests.find((r) => r.method === 'POST' && r.path.startsWith('/v1/calls'))
    expect(sent?.body).not.toHaveProperty('webhook_url')
  })

  it('relays nothing when one agent’s hook reports another agent’s call', async () => {
    const { queue, vendorPost, oneInboxCall } = setup()
    const victim = oneInboxCall(ONEINBOX_AGENT)
    const attackerHook = await hookFor('https://attacker.example/', '11111111-2222-4333-8444-555555555555')
    const forged = await vendorPost(attackerHook, {
      ...ended(victim),
      agent_id: '11111111-2222-4333-8444-555555555555',
    })
    expect(forged.body).toEqual({ status: 'dropped' })
    expect(queue.messages).toEqual([])
    expect((await vendorPost(await hookFor(CLIENT_URL), ended(victim))).body.status).toBe('queued')
  })
})
