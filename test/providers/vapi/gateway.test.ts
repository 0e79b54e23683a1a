import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ProviderContext } from '../../../providers/kit/types'
import { vapi } from '../../../providers/vapi'
import { CallSchema } from '../../../src/contract/call'
import { EventSchema } from '../../../src/contract/events'
import { ProviderSchema } from '../../../src/contract/provider'
import {
  ASSISTANT_ID,
  createVapiFake,
  FAKE_VAPI_KEY,
  PHONE_NUMBER,
  PHONE_NUMBER_ID,
  type VapiFake,
} from '../../fakes/vapi'
import { apiClient, expectProblem } from '../../helpers/api'
import { asQueue, type FakeQueue, fakeQueue, WEBHOOK_SECRET } from '../../webhooks/helpers'
import { VAPI_ENV } from './fixtures'

let fake: VapiFake
let queue: FakeQueue
let api: ReturnType<typeof apiClient>
const agentId = `vapi_${ASSISTANT_ID}`
const CLIENT_URL = 'https://client.example/hooks/vapi'

beforeEach(() => {
  fake = createVapiFake()
  queue = fakeQueue()
  api = apiClient(
    { fetch: fake.fetch },
    { ...VAPI_ENV, WEBHOOK_SECRET, WEBHOOK_QUEUE: asQueue(queue), ALLOW_INSECURE_WEBHOOKS: 'true' },
  )
})
afterEach(() => expect(fake.violations).toEqual([]))

const posts = (path: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === path)
const call = (extra: Record<string, unknown> = {}) => ({
  agentId,
  to: '+14155550100',
  from: PHONE_NUMBER,
  ...extra,
})
const vendorId = (id: string) => id.replace(/^vapi_/, '')

describe('Vapi through the gateway', () => {
  it('says in GET /v1/providers/vapi how it emulates what Vapi lacks, and what it refuses', async () => {
    const info = ProviderSchema.parse((await api('GET', '/v1/providers/vapi')).body)
    expect(info.fields['agents.create']?.notes?.variables).toContain('metadata')
    expect(info.fields['agents.create']?.unsupported).toEqual(['schedule'])
    expect(info.fields['calls.create']?.unsupported.sort()).toEqual(['callerName', 'priority', 'timezone'])
    expect(info.statusMap['customer-busy']).toBe('busy')
  })

  it("answers Vapi's refusal as a Problem in Vapi's words", async () => {
    fake.fail({
      method: 'POST',
      path: '/call',
      status: 400,
      body: {
        message: ['customer.number must be a valid phone number'],
        error: 'Bad Request',
        statusCode: 400,
      },
    })
    const res = await api('POST', '/v1/calls', call())
    const problem = expectProblem(res, 400, 'provider_rejected')
    expect(problem.detail).toContain('customer.number must be a valid phone number')
    expect(problem).toMatchObject({ provider: 'vapi', providerStatus: 400, providerCode: 'Bad Request' })
  })

  it('never retries a create Vapi failed on: one POST, answered as ambiguous', async () => {
    fake.fail({ method: 'POST', path: '/call', status: 503, times: 3 })
    const res = await api('POST', '/v1/calls', call())
    expect(expectProblem(res, 502, 'provider_error').upstream).toBe('ambiguous')
    expect(posts('/call')).toHaveLength(1)
  })

  it('resolves an E.164 from to its phone-number id once, takes an id as it is, and refuses an unknown number', async () => {
    expect((await api('POST', '/v1/calls', call())).status).toBe(201)
    expect(posts('/call').at(-1)?.body).toMatchObject({ phoneNumberId: PHONE_NUMBER_ID })
    expect((await api('POST', '/v1/calls', call({ from: PHONE_NUMBER_ID }))).status).toBe(201)
    expect(posts('/call').at(-1)?.body).toMatchObject({ phoneNumberId: PHONE_NUMBER_ID })

    const unknown = await api('POST', '/v1/calls', call({ from: '+14155550000' }))
    expect(expectProblem(unknown, 422, 'validation_failed').errors?.[0]?.path).toBe('from')
    expect(posts('/call')).toHaveLength(2)
    const missing = await api('POST', '/v1/calls', call({ from: undefined }))
    expect(expectProblem(missing, 422, 'validation_failed').errors?.[0]?.path).toBe('from')
  })

  it('refuses a call to an agent disabled through Switchboard, without placing it', async () => {
    const disabled = await api('PATCH', `/v1/agents/${agentId}`, { enabled: false })
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200)
    expect(disabled.body.enabled).toBe(false)
    expectProblem(await api('POST', '/v1/calls', call()), 409, 'conflict')
    expect(posts('/call')).toHaveLength(0)
  })

  it('refuses a name over 40 characters (strict) and truncates it with a warning (lenient)', async () => {
    const body = { provider: 'vapi', name: 'N'.repeat(41) }
    const strict = await api('POST', '/v1/agents', body)
    expect(expectProblem(strict, 422, 'unsupported_field').errors?.[0]?.path).toBe('name')
    expect(posts('/assistant')).toHaveLength(0)
    const lenient = await api('POST', '/v1/agents', body, { prefer: 'handling=lenient' })
    expect(lenient.status, JSON.stringify(lenient.body)).toBe(201)
    expect(lenient.body.name).toBe('N'.repeat(40))
    expect(lenient.body.warnings.map((w: { field: string }) => w.field)).toEqual(['name'])
  })

  it('points the assistant at Switchboard for its webhookUrl, and reads the webhookUrl back', async () => {
    const res = await api('PATCH', `/v1/agents/${agentId}`, { webhookUrl: CLIENT_URL })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.webhookUrl).toBe(CLIENT_URL)
    const held = fake.assistants.get(ASSISTANT_ID) as Record<string, any>
    expect(held.server.url).toMatch(/^http:\/\/localhost\/v1\/webhooks\/vapi\//)
    expect(held.server.backoffPlan).toEqual({ type: 'exponential', maxRetries: 3, baseDelaySeconds: 1 })
    expect(held.serverMessages).toEqual(['status-update', 'end-of-call-report'])
    // The model and voice the PATCH did not touch are still there.
    expect(held.model).toMatchObject({ provider: 'openai', model: 'gpt-4o' })
    expect((await api('GET', `/v1/agents/${agentId}`)).body.webhookUrl).toBe(CLIENT_URL)
  })

  it("logs Vapi's concurrency figures from each create, never its key", async () => {
    const lines: string[] = []
    const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(String(line)))
    try {
      expect((await api('POST', '/v1/calls', call())).status).toBe(201)
    } finally {
      spy.mockRestore()
    }
    const limits = lines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.msg === 'vapi subscription limits')
    expect(limits).toMatchObject({ provider: 'vapi', concurrencyLimit: 10, remainingConcurrentCalls: 9 })
    expect(lines.join('\n')).not.toContain(VAPI_ENV.VAPI_API_KEY)
  })

  it('deletes the new assistant again when its hook cannot be set', async () => {
    fake.fail({ method: 'PATCH', path: /^\/assistant\//, status: 500 })
    const res = await api('POST', '/v1/agents', { provider: 'vapi', name: 'Hooked', webhookUrl: CLIENT_URL })
    expect(res.status).toBe(502)
    expect([...fake.assistants.keys()]).toEqual([ASSISTANT_ID])
  })

  it('hangs up a live call through its control URL with no key header: the URL is the capability', async () => {
    const placed = await api('POST', '/v1/calls', call())
    const id = vendorId(placed.body.id)
    fake.updateCall(id, { status: 'in-progress', startedAt: new Date().toISOString() })
    const res = await api('POST', `/v1/calls/${placed.body.id}/cancel`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(fake.controls).toEqual([{ callId: id, body: { type: 'end-call' }, authorization: undefined }])
    const control = fake.requests.find((r) => r.path === `/${id}/control`)
    expect(control?.headers.authorization).toBeUndefined()
    expect(JSON.stringify(control?.headers)).not.toContain(FAKE_VAPI_KEY)
  })

  it('refuses to cancel an ended call without touching it, and a live call whose control URL is not Vapi’s', async () => {
    const placed = await api('POST', '/v1/calls', call())
    const id = vendorId(placed.body.id)
    fake.updateCall(id, { status: 'ended', endedReason: 'customer-ended-call' })
    expectProblem(await api('POST', `/v1/calls/${placed.body.id}/cancel`), 409, 'conflict')

    fake.updateCall(id, {
      status: 'in-progress',
      endedReason: null,
      monitor: { controlUrl: `http://169.254.169.254/${id}/control` },
    })
    const res = await api('POST', `/v1/calls/${placed.body.id}/cancel`)
    expect(expectProblem(res, 502, 'provider_error').upstream).toBe('not_sent')
    expect(fake.controls).toEqual([])
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toEqual([])
  })

  it('relays a status-update and an end-of-call-report posted to the inbound URL, the terminal event once', async () => {
    const placed = await api('POST', '/v1/calls', call({ webhookUrl: CLIENT_URL }))
    expect(placed.status, JSON.stringify(placed.body)).toBe(201)
    const held = fake.calls.get(vendorId(placed.body.id)) as Record<string, any>
    const hook: string = held.assistantOverrides.server.url
    expect(held.assistantOverrides.serverMessages).toEqual(['status-update', 'end-of-call-report'])
    const post = (message: Record<string, unknown>) =>
      api('POST', new URL(hook).pathname, { message: { ...message, call: held } }, { authorization: '' })

    expect(
      (await post({ type: 'status-update', status: 'in-progress', timestamp: 1_764_493_200_000 })).status,
    ).toBe(200)
    expect((await post({ type: 'conversation-update', messages: [] })).status).toBeLessThan(300)
    const ended = {
      type: 'status-update',
      status: 'ended',
      endedReason: 'voicemail',
      timestamp: 1_764_493_260_000,
    }
    expect((await post(ended)).status).toBeLessThan(300)
    const report = {
      type: 'end-of-call-report',
      endedReason: 'voicemail',
      timestamp: 1_764_493_270_000,
      artifact: { messages: [] },
      analysis: {},
    }
    expect((await post(report)).status).toBeLessThan(300)
    expect((await post(ended)).status).toBeLessThan(300)

    const events = queue.messages.map((m) => EventSchema.parse(m.event))
    expect(events.map((e) => e.type)).toEqual(['call.started', 'call.voicemail'])
    expect(queue.messages.every((m) => m.destination === CLIENT_URL)).toBe(true)
    expect(CallSchema.parse(events[1]?.data.call)).toMatchObject({
      status: 'voicemail',
      endReason: 'voicemail',
    })
    expect(JSON.stringify(queue.messages)).not.toContain(new URL(hook).pathname)
  })

  it('writes the reference every create carries into the call, and shows clients their own metadata only', async () => {
    const placed = await api('POST', '/v1/calls', call({ metadata: { crmId: 'lead_7' } }), {
      'idempotency-key': 'order-7-reminder',
    })
    expect(placed.status, JSON.stringify(placed.body)).toBe(201)
    expect(posts('/call').at(-1)?.body).toMatchObject({
      assistantOverrides: { metadata: { crmId: 'lead_7', switchboardRef: 'idem:order-7-reminder' } },
    })
    // Clients see their own metadata only.
    expect(placed.body.metadata).toEqual({ crmId: 'lead_7' })
  })

  it("reconciles a routed attempt by the reference routing wrote into the call's metadata, and its number", async () => {
    const placed = await api('POST', '/v1/calls', call({ metadata: { switchboardAttempt: 'att_42' } }))
    expect(placed.status, JSON.stringify(placed.body)).toBe(201)
    await api('POST', '/v1/calls', call({ to: '+14155550111', metadata: { switchboardAttempt: 'att_43' } }))
    const ctx = {
      env: VAPI_ENV,
      config: { upstreamTimeoutMs: 5_000 },
      fetch: fake.fetch,
      recordUpstream: () => undefined,
      requestId: 'req_reconcile',
    } as unknown as ProviderContext
    const after = Date.parse('2026-11-30T09:00:00.000Z')
    const reconcile = (ref: string, to: string) =>
      vapi.calls?.reconcile?.(ctx, ref, { to, after, agentVendorId: ASSISTANT_ID })
    expect((await reconcile('att_42', '+14155550100'))?.id).toBe(placed.body.id)
    expect(await reconcile('att_42', '+14155550111')).toBeNull()
    expect(await reconcile('att_44', '+14155550100')).toBeNull()
    expect(fake.requests.at(-1)?.path).toContain(`assistantId=${ASSISTANT_ID}`)
    expect(vapi.reconcileLookup).toBe('best_effort')
  })
})
