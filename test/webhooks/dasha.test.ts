import { describe, expect, it } from 'vitest'
import { EventSchema } from '../../src/contract/events'
import { signToken, verifyToken } from '../../src/webhooks/token'
import { createDashaFake, FAKE_DASHA_KEY } from '../fakes/dasha'
import { apiClient, expectProblem } from '../helpers/api'
import { AGENT_ID } from '../providers/dasha/fixtures'
import { asQueue, fakeQueue, OTHER_SECRET, WEBHOOK_SECRET } from './helpers'

const AGENT_URL = 'https://client.example/hooks/agent'
const CALL_URL = 'https://client.example/hooks/call'
const DEFAULT_URL = 'https://client.example/hooks/default'

const common = (callId: string) => ({
  status: 'Completed',
  callId,
  agentId: AGENT_ID,
  orgId: 'org_5f2a',
  callAdditionalData: { firstName: 'Ada', appointment: 'Tuesday 10:00' },
  agentAdditionalData: { clinic: 'Main St Dental' },
  serverJobId: 'job_81c2',
  endpoint: '+14155550100',
})

/** CompletedWebHookPayload as Dasha's docs example and third-party types show it (docs/vendors/dasha.md § Webhooks). */
const completed = (callId: string) => ({
  type: 'CompletedWebHookPayload',
  ...common(callId),
  durationSeconds: 74,
  transcription: [
    { speaker: 'assistant', text: 'Hi Ada, calling about Tuesday at 10.', startTime: 0.4, endTime: 3.1 },
    { speaker: 'user', text: 'Yes, that works.', startTime: 3.6, endTime: 4.8 },
  ],
  result: { finishReason: 'user_hangup', status: 'Success', postCallAnalysis: { confirmed: true } },
  inspectorUrl: 'https://blackbox.dasha.ai/inspector/abc',
  recordingUrl: 'https://blackbox.dasha.ai/records/abc.mp3',
  createdTime: '2026-11-21T09:30:00.1234567',
  completedTime: '2026-11-21T09:31:20.5000000Z',
  callType: 'Outbound',
})

function setup() {
  const queue = fakeQueue()
  const fake = createDashaFake()
  const env = {
    WEBHOOK_SECRET,
    WEBHOOK_URL: DEFAULT_URL,
    WEBHOOK_QUEUE: asQueue(queue),
    DASHA_API_KEY: FAKE_DASHA_KEY,
    DASHA_BASE_URL: 'https://dasha.test',
    // Requests come from http://localhost: local development, where a loopback origin may be used.
    ALLOW_INSECURE_WEBHOOKS: 'true',
  }
  const api = apiClient({ fetch: fake.fetch }, env)
  const vendorPost = (url: string, body: unknown) =>
    api('POST', new URL(url).pathname, body, { authorization: '' })
  /** A call of `agentId` that exists at the fake, so the gateway can confirm whose it is. */
  const dashaCall = (agentId = AGENT_ID) => {
    const callId = crypto.randomUUID()
    fake.calls.set(callId, {
      callId,
      agentId,
      orgId: 'org_5f2a',
      endpoint: '+14155550100',
      status: 'Queued',
      createdTime: '2026-11-21T09:30:00.000Z',
      additionalData: {},
    })
    return callId
  }
  return { queue, fake, api, vendorPost, dashaCall }
}

const hookFor = async (destination: string | null, secret = WEBHOOK_SECRET, agent = AGENT_ID) =>
  `https://gw.example/v1/webhooks/dasha/${await signToken(secret, { provider: 'dasha', destination, agent })}`

/** The resultWebhook URL Switchboard put on the agent it created at the fake (set right after the create). */
const agentHook = (fake: ReturnType<typeof createDashaFake>) => {
  const sent = fake.requests.findLast(
    (r) => (r.method === 'POST' && r.path === '/api/v1/agents') || r.method === 'PUT',
  )
  return String(
    (sent?.body as { config?: { resultWebhook?: { url?: string } } } | undefined)?.config?.resultWebhook?.url,
  )
}

const newAgent = {
  provider: 'dasha',
  name: 'Reminders',
  language: 'en-US',
  prompt: 'Remind {{firstName}} of the appointment.',
  voice: { voiceId: 'EXAVITQu4vr4xnSDxMaL', vendor: 'ElevenLabs' },
}

describe('Dasha webhooks', () => {
  it('normalizes CompletedWebHookPayload into the exact Event', async () => {
    const { queue, vendorPost, dashaCall } = setup()
    const callId = dashaCall()
    const res = await vendorPost(await hookFor(AGENT_URL), completed(callId))
    expect(res.status).toBe(200)
    expect(queue.messages.map((m) => m.destination)).toEqual([AGENT_URL])
    expect(EventSchema.parse(queue.messages[0]?.event)).toEqual({
      id: res.body.eventId,
      type: 'call.completed',
      createdAt: '2026-11-21T09:31:20.500Z',
      provider: 'dasha',
      data: {
        call: {
          id: `dasha_${callId}`,
          provider: 'dasha',
          agentId: `dasha_${AGENT_ID}`,
          status: 'completed',
          providerStatus: 'Completed',
          direction: 'outbound',
          to: '+14155550100',
          from: null,
          variables: { firstName: 'Ada', appointment: 'Tuesday 10:00' },
          metadata: {},
          priority: null,
          scheduledAt: null,
          deadline: null,
          timezone: null,
          nextAttemptAt: null,
          createdAt: '2026-11-21T09:30:00.123Z',
          startedAt: null,
          endedAt: '2026-11-21T09:31:20.500Z',
          durationSeconds: 74,
          endReason: 'user_hangup',
          transcript: [
            {
              role: 'agent',
              text: 'Hi Ada, calling about Tuesday at 10.',
              startSeconds: 0.4,
              endSeconds: 3.1,
            },
            { role: 'user', text: 'Yes, that works.', startSeconds: 3.6, endSeconds: 4.8 },
          ],
          summary: null,
          recordingUrl: 'https://blackbox.dasha.ai/records/abc.mp3',
          cost: null,
          // v2: a call event's Call carries campaignId (and attempts, for routed calls).
          campaignId: null,
          attempts: null,
          targetAgentId: null,
        },
      },
      providerEvent: completed(callId),
    })
  })

  it.each([
    [
      'FailedWebHookPayload (busy)',
      { type: 'FailedWebHookPayload', status: 'Failed', errorMessage: 'BUSY' },
      'call.busy',
    ],
    [
      'FailedWebHookPayload',
      { type: 'FailedWebHookPayload', status: 'Failed', errorMessage: 'SIP 503' },
      'call.failed',
    ],
    [
      'CallDeadLineWebHookPayload',
      { type: 'CallDeadLineWebHookPayload', status: 'Canceled' },
      'call.canceled',
    ],
    ['StartWebHookPayload', { type: 'StartWebHookPayload', status: 'Queued' }, 'call.started'],
  ])('maps %s', async (_name, payload, type) => {
    const { queue, vendorPost, dashaCall } = setup()
    const base = common(dashaCall())
    await vendorPost(await hookFor(AGENT_URL), { ...base, ...payload, completedTime: '2026-11-21T09:31:20Z' })
    expect(queue.messages.map((m) => m.event.type)).toEqual([type])
  })

  it('acknowledges tool and transfer payloads without delivering anything', async () => {
    const { queue, vendorPost } = setup()
    const hook = await hookFor(AGENT_URL)
    const base = { ...common(crypto.randomUUID()), status: 'Running' }
    for (const type of ['ToolWebHookPayload', 'TransferWebHookPayload', 'UnknownWebHookPayload']) {
      expect((await vendorPost(hook, { ...base, type, toolName: 'lookup' })).body).toEqual({
        status: 'ignored',
      })
    }
    expect(queue.messages).toEqual([])
  })

  it('refuses a forged token with 401 and delivers nothing', async () => {
    const { queue, vendorPost } = setup()
    expectProblem(
      await vendorPost(await hookFor(AGENT_URL, OTHER_SECRET), completed('c1')),
      401,
      'unauthorized',
    )
    expect(queue.messages).toEqual([])
  })

  it('delivers a payload Dasha re-sends once', async () => {
    const { queue, vendorPost, dashaCall } = setup()
    const hook = await hookFor(AGENT_URL)
    const payload = completed(dashaCall())
    await vendorPost(hook, payload)
    expect((await vendorPost(hook, payload)).body.status).toBe('duplicate')
    expect(queue.messages).toHaveLength(1)
  })

  it('points the agent’s resultWebhook at Switchboard and reads webhookUrl back from it', async () => {
    const { fake, api } = setup()
    const created = await api('POST', '/v1/agents', { ...newAgent, webhookUrl: AGENT_URL })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body.webhookUrl).toBe(AGENT_URL)
    const hook = agentHook(fake)
    expect(hook).toMatch(/^http:\/\/localhost\/v1\/webhooks\/dasha\/[\w-]+\.[\w-]+$/)
    expect(await verifyToken(WEBHOOK_SECRET, hook.split('/').at(-1) ?? '')).toMatchObject({
      provider: 'dasha',
      destination: AGENT_URL,
      agent: created.body.id.slice('dasha_'.length),
    })
    const read = await api('GET', `/v1/agents/${created.body.id}`)
    expect(read.body.webhookUrl).toBe(AGENT_URL)
    const patched = await api('PATCH', `/v1/agents/${created.body.id}`, { name: 'Renamed' })
    expect(patched.body.webhookUrl).toBe(AGENT_URL)
  })

  it('routes a call’s own webhookUrl: the agent hook’s events for that call go to the call’s URL', async () => {
    const { fake, api, queue, vendorPost } = setup()
    const agent = await api('POST', '/v1/agents', { ...newAgent, webhookUrl: AGENT_URL })
    const agentVendorId = agent.body.id.slice('dasha_'.length)
    const call = await api('POST', '/v1/calls', {
      agentId: agent.body.id,
      to: '+14155550100',
      webhookUrl: CALL_URL,
    })
    expect(call.status, JSON.stringify(call.body)).toBe(201)
    const other = await api('POST', '/v1/calls', { agentId: agent.body.id, to: '+14155550101' })
    const hook = agentHook(fake)
    for (const placed of [call, other]) {
      const callId = placed.body.id.slice('dasha_'.length)
      await vendorPost(hook, { ...completed(callId), agentId: agentVendorId })
    }
    expect(queue.messages.map((m) => [m.event.data.call.id, m.destination])).toEqual([
      [call.body.id, CALL_URL],
      [other.body.id, AGENT_URL],
    ])
  })

  it('routes events of an agent without webhookUrl to WEBHOOK_URL', async () => {
    const { fake, api, queue, vendorPost, dashaCall } = setup()
    const agent = await api('POST', '/v1/agents', newAgent)
    expect(agent.body.webhookUrl).toBeNull()
    const hook = agentHook(fake)
    await vendorPost(hook, completed(dashaCall(agent.body.id.slice('dasha_'.length))))
    expect(queue.messages.map((m) => m.destination)).toEqual([DEFAULT_URL])
  })

  it('refuses a per-call webhookUrl, naming it, when the agent’s hook is not Switchboard’s', async () => {
    const { fake, api } = setup()
    const res = await api('POST', '/v1/calls', {
      agentId: `dasha_${AGENT_ID}`,
      to: '+14155550100',
      webhookUrl: CALL_URL,
    })
    const problem = expectProblem(res, 422, 'validation_failed')
    expect(problem.errors?.map((e) => e.path)).toEqual(['webhookUrl'])
    expect(fake.requests.filter((r) => r.method === 'POST')).toEqual([])
  })

  it('in a batch, fails only the items that name a webhookUrl the agent cannot route', async () => {
    const { api } = setup()
    const res = await api('POST', '/v1/calls/batch', {
      agentId: `dasha_${AGENT_ID}`,
      calls: [{ to: '+14155550100' }, { to: '+14155550101', webhookUrl: CALL_URL }, { to: '+14155550102' }],
    })
    expect(res.status).toBe(200)
    expect(res.body.created).toBe(2)
    expect(
      res.body.data.map((item: { call?: unknown; error?: { code: string } }) => item.error?.code ?? 'ok'),
    ).toEqual(['ok', 'validation_failed', 'ok'])
  })
  it('relays nothing for a forged completed event with another client’s call id, and still delivers the genuine one', async () => {
    const { api, fake, queue, vendorPost, dashaCall } = setup()
    const victimCall = dashaCall(AGENT_ID)
    const attacker = await api('POST', '/v1/agents', {
      ...newAgent,
      webhookUrl: 'https://attacker.example/h',
    })
    const attackerAgent = attacker.body.id.slice('dasha_'.length)
    const forged = await vendorPost(agentHook(fake), {
      ...completed(victimCall),
      agentId: attackerAgent,
      transcription: [{ speaker: 'user', text: 'Cancel everything.', startTime: 0, endTime: 1 }],
    })
    expect(forged.status).toBe(200)
    expect(forged.body).toEqual({ status: 'dropped' })
    expect(queue.messages).toEqual([])
    const genuine = await vendorPost(await hookFor(AGENT_URL), completed(victimCall))
    expect(genuine.body.status).toBe('queued')
    expect(queue.messages.map((m) => [m.destination, m.event.data.call.transcript?.[1]?.text])).toEqual([
      [AGENT_URL, 'Yes, that works.'],
    ])
  })

  it('answers 2xx and relays nothing for a call Dasha does not have', async () => {
    const { queue, vendorPost } = setup()
    const res = await vendorPost(await hookFor(AGENT_URL), completed(crypto.randomUUID()))
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'dropped' })
    expect(queue.messages).toEqual([])
  })

  it('answers 503 while Dasha cannot be read, and delivers on the retry', async () => {
    const { fake, queue, vendorPost, dashaCall } = setup()
    const callId = dashaCall()
    for (let i = 0; i < 3; i++) fake.fail('GET', `/api/v1/calls/${callId}`, { status: 500 })
    const hook = await hookFor(AGENT_URL)
    expectProblem(await vendorPost(hook, completed(callId)), 503, 'provider_unavailable')
    expect(queue.messages).toEqual([])
    expect((await vendorPost(hook, completed(callId))).body.status).toBe('queued')
  })

  it('keeps the resultWebhook URL (and its token) out of ?include=raw', async () => {
    const { api, fake } = setup()
    const created = await api('POST', '/v1/agents', { ...newAgent, webhookUrl: AGENT_URL })
    const token = agentHook(fake).split('/').at(-1) ?? ''
    const raw = await api('GET', `/v1/agents/${created.body.id}?include=raw`)
    expect(raw.status).toBe(200)
    expect(raw.body.providerData.config.resultWebhook.url).not.toContain('/v1/webhooks/')
    expect(JSON.stringify(raw.body)).not.toContain(token)
    expect(raw.body.webhookUrl).toBe(AGENT_URL)
  })

  it('never builds a hook on the request’s Host: Host attacker.example reaches no vendor', async () => {
    const fake = createDashaFake()
    const base = { WEBHOOK_SECRET, DASHA_API_KEY: FAKE_DASHA_KEY, DASHA_BASE_URL: 'https://dasha.test' }
    const attacked = (env: Record<string, string>) => apiClient({ fetch: fake.fetch }, { ...base, ...env })
    // A full URL: the request's own host, as a forged Host header gives it in production.
    const url = 'http://attacker.example/v1/agents'
    for (const env of [{}, { ALLOW_INSECURE_WEBHOOKS: 'true' }] as Record<string, string>[]) {
      const refused = await attacked(env)('POST', url, { ...newAgent, webhookUrl: AGENT_URL })
      expect(expectProblem(refused, 400, 'webhooks_not_configured').detail).toMatch(/PUBLIC_BASE_URL/)
    }
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([])
    // Without a webhookUrl the agent is created, with no hook rather than one on the attacker's host.
    expect((await attacked({})('POST', url, newAgent)).status).toBe(201)
    const configured = await attacked({ PUBLIC_BASE_URL: 'https://gw.example' })('POST', url, {
      ...newAgent,
      webhookUrl: AGENT_URL,
    })
    expect(configured.status).toBe(201)
    const sent = JSON.stringify(fake.requests.filter((r) => r.method !== 'GET').map((r) => r.body))
    expect(sent).not.toContain('attacker.example')
    expect(agentHook(fake)).toMatch(/^https:\/\/gw\.example\/v1\/webhooks\/dasha\//)
  })

  it('deletes the agent again when its hook cannot be set, rather than leave it without one', async () => {
    const { api, fake } = setup()
    fake.fail('PUT', /^\/api\/v1\/agents\//, { status: 400, body: { title: 'Bad Request' } })
    const before = fake.agents.size
    const res = await api('POST', '/v1/agents', { ...newAgent, webhookUrl: AGENT_URL })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(fake.agents.size).toBe(before)
  })

  it('refuses a per-call webhookUrl when the agent’s hook was issued for another agent (a copied config)', async () => {
    const { api, fake } = setup()
    const seeded = fake.agents.get(AGENT_ID) as { config: { resultWebhook: { url: string } } }
    seeded.config.resultWebhook.url = await hookFor(AGENT_URL, WEBHOOK_SECRET, 'another-agent')
    const res = await api('POST', '/v1/calls', {
      agentId: `dasha_${AGENT_ID}`,
      to: '+14155550100',
      webhookUrl: CALL_URL,
    })
    expect(expectProblem(res, 422, 'validation_failed').errors?.map((e) => e.path)).toEqual(['webhookUrl'])
    seeded.config.resultWebhook.url = await hookFor(AGENT_URL)
    const routed = await api('POST', '/v1/calls', {
      agentId: `dasha_${AGENT_ID}`,
      to: '+14155550100',
      webhookUrl: CALL_URL,
    })
    expect(routed.status, JSON.stringify(routed.body)).toBe(201)
  })
})
