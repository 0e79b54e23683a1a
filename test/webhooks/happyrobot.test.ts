import { describe, expect, it } from 'vitest'
import { EventSchema } from '../../src/contract/events'
import { signToken, verifyToken } from '../../src/webhooks/token'
import { createHappyRobotFake, FAKE_HAPPYROBOT_KEY, NUMBER_ID, USE_CASE_ID } from '../fakes/happyrobot'
import { apiClient, expectProblem } from '../helpers/api'
import { asQueue, fakeQueue, OTHER_SECRET, WEBHOOK_SECRET } from './helpers'

const AGENT_URL = 'https://client.example/hooks/use-case'
const CALL_URL = 'https://client.example/hooks/call'
const AGENT_ID = `happyrobot_${USE_CASE_ID}`

// The fake numbers its calls from 1 in every test, while the webhook store (dedupe, per-call
// destinations) lives for the whole file: each test skips past the calls earlier tests used.
const CALLS_PER_TEST = 20
let tests = 0

async function setup() {
  const queue = fakeQueue()
  const fake = createHappyRobotFake()
  const skip = CALLS_PER_TEST * tests++
  for (let i = 0; i < skip; i++) {
    await fake.fetch('https://happyrobot.test/dial/outbound', {
      method: 'POST',
      headers: { authorization: `Bearer ${FAKE_HAPPYROBOT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ number_id: NUMBER_ID, phone_number: '+14155550100', use_case_id: USE_CASE_ID }),
    })
  }
  fake.requests.splice(0)
  const api = apiClient(
    { fetch: fake.fetch },
    {
      WEBHOOK_SECRET,
      WEBHOOK_QUEUE: asQueue(queue),
      HAPPYROBOT_API_KEY: FAKE_HAPPYROBOT_KEY,
      HAPPYROBOT_BASE_URL: 'https://happyrobot.test',
      PUBLIC_BASE_URL: 'https://gw.example',
    },
  )
  const vendorPost = (url: string, body: unknown) =>
    api('POST', new URL(url).pathname, body, { authorization: '' })
  /** Places a call through the gateway and lets the fake finish it, as HappyRobot would. */
  const completedCall = async (extra: Record<string, unknown> = {}) => {
    const call = await api('POST', '/v1/calls', {
      agentId: AGENT_ID,
      to: '+14155550100',
      from: NUMBER_ID,
      ...extra,
    })
    expect(call.status, JSON.stringify(call.body)).toBe(201)
    const vendorId = call.body.id.slice('happyrobot_'.length)
    fake.complete(vendorId)
    return { id: call.body.id as string, vendorId }
  }
  return { queue, fake, api, vendorPost, completedCall }
}

const hookFor = async (destination: string | null, secret = WEBHOOK_SECRET, agent = USE_CASE_ID) =>
  `https://gw.example/v1/webhooks/happyrobot/${await signToken(secret, { provider: 'happyrobot', destination, agent })}`
/** Another client's use case: its hook must not pull calls of USE_CASE_ID. */
const OTHER_USE_CASE = 'ffffffffffffffffffffffff'

/** Post-call data as a use-case hook receives it: HappyRobot publishes no schema (docs/vendors/happyrobot.md § Webhooks). */
const postCall = (callId: string) => ({
  call_id: callId,
  use_case_id: USE_CASE_ID,
  status: 'Completed',
  extracted: { confirmed: true, preferred_time: 'Tuesday 10:00' },
  classification: 'Appointment confirmed',
})

describe('HappyRobot webhooks', () => {
  it('turns a use-case hook delivery into the Event carrying the call as the API reads it', async () => {
    const { queue, api, vendorPost, completedCall } = await setup()
    const call = await completedCall()
    const res = await vendorPost(await hookFor(AGENT_URL), postCall(call.vendorId))
    expect(res.status).toBe(200)
    const expected = (await api('GET', `/v1/calls/${call.id}`)).body
    expect(queue.messages).toHaveLength(1)
    expect(queue.messages[0]?.destination).toBe(AGENT_URL)
    expect(EventSchema.parse(queue.messages[0]?.event)).toEqual({
      id: res.body.eventId,
      type: 'call.completed',
      createdAt: expected.endedAt,
      provider: 'happyrobot',
      data: { call: expected },
      providerEvent: postCall(call.vendorId),
    })
    expect(expected).toMatchObject({ status: 'completed', durationSeconds: 42 })
    expect(expected.transcript.length).toBeGreaterThan(0)
  })

  it.each([
    ['call.id', (id: string) => ({ call: { id, status: 'Completed' } })],
    ['id', (id: string) => ({ id, status: 'Completed' })],
  ])('finds the call under %s', async (_where, payload) => {
    const { queue, vendorPost, completedCall } = await setup()
    const call = await completedCall()
    await vendorPost(await hookFor(AGENT_URL), payload(call.vendorId))
    expect(queue.messages.map((m) => m.event.data.call.id)).toEqual([call.id])
  })

  it('reports the state the call is in: busy', async () => {
    const { queue, fake, vendorPost, completedCall } = await setup()
    const call = await completedCall()
    fake.setStatus(call.vendorId, 'Busy')
    await vendorPost(await hookFor(AGENT_URL), postCall(call.vendorId))
    expect(queue.messages.map((m) => m.event.type)).toEqual(['call.busy'])
  })

  it('refuses a forged token with 401, without reading anything from HappyRobot', async () => {
    const { queue, fake, vendorPost } = await setup()
    const before = fake.requests.length
    expectProblem(
      await vendorPost(await hookFor(AGENT_URL, OTHER_SECRET), postCall('x')),
      401,
      'unauthorized',
    )
    expect(fake.requests.length).toBe(before)
    expect(queue.messages).toEqual([])
  })

  it('delivers a re-delivered hook once', async () => {
    const { queue, vendorPost, completedCall } = await setup()
    const call = await completedCall()
    const hook = await hookFor(AGENT_URL)
    await vendorPost(hook, postCall(call.vendorId))
    expect((await vendorPost(hook, postCall(call.vendorId))).body.status).toBe('duplicate')
    expect(queue.messages).toHaveLength(1)
  })

  it('refuses a payload that names no call with a 422', async () => {
    const { queue, vendorPost } = await setup()
    const problem = expectProblem(
      await vendorPost(await hookFor(AGENT_URL), { status: 'Completed' }),
      422,
      'validation_failed',
    )
    expect(problem.errors?.map((e) => e.path)).toEqual(['call_id'])
    expect(queue.messages).toEqual([])
  })

  it('adds Switchboard’s hook to the use case, keeps the client’s own, and reads webhookUrl back', async () => {
    const { fake, api } = await setup()
    const res = await api('PATCH', `/v1/agents/${AGENT_ID}`, { webhookUrl: AGENT_URL })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.webhookUrl).toBe(AGENT_URL)
    const hooks = fake.useCases.get(USE_CASE_ID)?.hooks as { url: string; headers?: unknown }[]
    expect(hooks[0]).toEqual({
      url: 'https://crm.example/happyrobot',
      headers: [{ key: 'x-crm-token', value: 'crm-123' }],
    })
    expect(hooks).toHaveLength(2)
    expect(hooks[1]?.url).toMatch(/^https:\/\/gw\.example\/v1\/webhooks\/happyrobot\//)
    expect(await verifyToken(WEBHOOK_SECRET, hooks[1]?.url.split('/').at(-1) ?? '')).toMatchObject({
      provider: 'happyrobot',
      destination: AGENT_URL,
      agent: USE_CASE_ID,
    })
    // Naming it again replaces Switchboard's hook rather than adding another.
    await api('PATCH', `/v1/agents/${AGENT_ID}`, { webhookUrl: CALL_URL })
    expect(fake.useCases.get(USE_CASE_ID)?.hooks).toHaveLength(2)
    expect((await api('GET', `/v1/agents/${AGENT_ID}`)).body.webhookUrl).toBe(CALL_URL)
  })

  it('routes a call’s own webhookUrl through the use case hook by call id', async () => {
    const { fake, api, queue, vendorPost, completedCall } = await setup()
    await api('PATCH', `/v1/agents/${AGENT_ID}`, { webhookUrl: AGENT_URL })
    const hooks = fake.useCases.get(USE_CASE_ID)?.hooks as { url: string }[] | undefined
    const hook = hooks?.[1]?.url ?? ''
    const own = await completedCall({ webhookUrl: CALL_URL })
    const plain = await completedCall()
    await vendorPost(hook, postCall(own.vendorId))
    await vendorPost(hook, postCall(plain.vendorId))
    expect(queue.messages.map((m) => [m.event.data.call.id, m.destination])).toEqual([
      [own.id, CALL_URL],
      [plain.id, AGENT_URL],
    ])
  })

  it('refuses a per-call webhookUrl, naming it, while the use case has no Switchboard hook', async () => {
    const { fake, api } = await setup()
    const res = await api('POST', '/v1/calls', {
      agentId: AGENT_ID,
      to: '+14155550100',
      from: NUMBER_ID,
      webhookUrl: CALL_URL,
    })
    expect(expectProblem(res, 422, 'validation_failed').errors?.map((e) => e.path)).toEqual(['webhookUrl'])
    expect(fake.requests.filter((r) => r.method === 'POST')).toEqual([])
  })

  it('relays nothing when another use case’s hook pulls a call by call_id', async () => {
    const { queue, vendorPost, completedCall } = await setup()
    const victim = await completedCall()
    const res = await vendorPost(await hookFor('https://attacker.example/', WEBHOOK_SECRET, OTHER_USE_CASE), {
      call_id: victim.vendorId,
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'dropped' })
    expect(queue.messages).toEqual([])
  })

  it('answers 2xx and relays nothing for a call HappyRobot does not have', async () => {
    const { queue, vendorPost } = await setup()
    const res = await vendorPost(await hookFor(AGENT_URL), { call_id: 'eeeeeeeeeeeeeeeeeeeeeeee' })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'dropped' })
    expect(queue.messages).toEqual([])
  })

  it('answers 503 when HappyRobot cannot be read, so its retry still delivers', async () => {
    const { queue, fake, vendorPost, completedCall } = await setup()
    const call = await completedCall()
    // The gateway retries a read twice: every attempt of this delivery fails.
    for (let i = 0; i < 3; i++) fake.fail('GET', `/calls/${call.vendorId}`, { status: 500 })
    const hook = await hookFor(AGENT_URL)
    expectProblem(await vendorPost(hook, postCall(call.vendorId)), 503, 'provider_unavailable')
    expect(queue.messages).toEqual([])
    expect((await vendorPost(hook, postCall(call.vendorId))).body.status).toBe('queued')
  })

  it('keeps its hook URLs (and their tokens) out of ?include=raw', async () => {
    const { api } = await setup()
    await api('PATCH', `/v1/agents/${AGENT_ID}`, { webhookUrl: AGENT_URL })
    const raw = await api('GET', `/v1/agents/${AGENT_ID}?include=raw`)
    expect(raw.status).toBe(200)
    expect(raw.body.webhookUrl).toBe(AGENT_URL)
    expect(JSON.stringify(raw.body.providerData)).toContain('https://crm.example/happyrobot')
    expect(JSON.stringify(raw.body)).not.toContain('/v1/webhooks/')
  })

  it('refuses a webhookUrl, saying what to set, when no public origin is configured', async () => {
    const fake = createHappyRobotFake()
    const api = apiClient(
      { fetch: fake.fetch },
      {
        WEBHOOK_SECRET,
        HAPPYROBOT_API_KEY: FAKE_HAPPYROBOT_KEY,
        HAPPYROBOT_BASE_URL: 'https://happyrobot.test',
      },
    )
    // The request names its own host, as a forged Host header does in production.
    const res = await api('PATCH', `http://attacker.example/v1/agents/${AGENT_ID}`, { webhookUrl: AGENT_URL })
    expect(expectProblem(res, 400, 'webhooks_not_configured').detail).toMatch(/PUBLIC_BASE_URL/)
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([])
  })
})
