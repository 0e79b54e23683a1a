import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { AnyEvent, QueuedMessage } from '../../src/contract/events'
import { EventSchema } from '../../src/contract/events'
import type { Bindings } from '../../src/env'
import { deliverWebhooks } from '../../src/webhooks/delivery'
import { apiClient, eventually, expectProblem } from '../helpers/api'
import { fakeReceiver, WEBHOOK_SECRET } from '../webhooks/helpers'

const root = apiClient()
const inProject =
  (project: string) =>
  (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    root(method, path, body, { 'switchboard-project': project, ...headers })
type Api = ReturnType<typeof inProject>

const bindings = env as unknown as Bindings
const ALWAYS_OPEN = { start: '00:00', end: '24:00', timezone: 'UTC' }
const NO_ANSWER = '+15005552001'

/** Runs the webhook queue consumer over one message, as the runtime would. */
async function deliver(body: QueuedMessage, fetchFn: typeof fetch) {
  const batch = {
    queue: 'switchboard-webhooks',
    messages: [{ id: 'm', timestamp: new Date(), attempts: 1, body, ack() {}, retry() {} }],
    ackAll() {},
    retryAll() {},
  } as unknown as MessageBatch<QueuedMessage>
  await deliverWebhooks(batch, { ...bindings, WEBHOOK_SECRET }, fetchFn)
}

/** A portable agent over these providers; one not configured here is created `failed` and skipped by routing. */
async function portable(api: Api, providers: string[]) {
  const res = await api('POST', '/v1/agents', {
    name: 'Portable dialer',
    prompt: 'You confirm appointments.',
    targets: providers.map((provider) => ({ provider })),
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.id as string
}

async function campaign(api: Api, agentId: string, contacts: unknown[], extra: Record<string, unknown> = {}) {
  const res = await api('POST', '/v1/campaigns', {
    name: 'Events',
    agentId,
    window: ALWAYS_OPEN,
    pacing: { maxConcurrent: 5, callsPerMinute: null },
    retry: { on: ['no_answer'], maxAttempts: 2, delayMinutes: 1 },
    contacts,
    ...extra,
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.id as string
}

const contacts = async (api: Api, id: string) =>
  (await api('GET', `/v1/campaigns/${id}/contacts`)).body.data as any[]

describe('campaign contacts settle from call events', () => {
  it('a final call event settles its contact at once; a call with no event is read at its expected end', async () => {
    const api = inProject('cmp-events-settle')
    // Sandbox first, then a target not configured here: not every target is the sandbox, so nothing
    // is scaled and a call is first read a minute after it was placed.
    const agentId = await portable(api, ['sandbox', 'vapi'])
    const id = await campaign(api, agentId, [
      { to: NO_ANSWER, ref: 'evented' },
      { to: '+14155559001', ref: 'silent' },
    ])
    expect((await api('POST', `/v1/campaigns/${id}/start`)).status).toBe(200)
    const placed = await eventually(
      () => contacts(api, id),
      (list) => list.every((c) => c.attempts[0]?.callId),
      10_000,
    )
    const callIds = Object.fromEntries(placed.map((c) => [c.ref, c.attempts[0].callId as string]))
    // Both calls end at the sandbox within a second; reading them does not settle the campaign.
    const ended = await eventually(
      () => api('GET', `/v1/calls/${callIds.evented}`),
      (r) => r.body.status === 'no_answer',
      10_000,
    )
    expect(ended.body.campaignId).toBe(id)
    await new Promise((r) => setTimeout(r, 500))
    expect((await contacts(api, id)).map((c) => c.status)).toEqual(['in_flight', 'in_flight'])

    // The vendor's final event arrives through the delivery pipeline: that contact moves on now.
    const { attempts: _a, targetAgentId, ...vendorCall } = ended.body
    const event = EventSchema.parse({
      id: `evt_${'c'.repeat(32)}`,
      type: 'call.no_answer',
      createdAt: new Date().toISOString(),
      provider: 'sandbox',
      data: { call: { ...vendorCall, agentId: targetAgentId } },
    })
    const receiver = fakeReceiver()
    await deliver({ event, destination: 'https://client.example/hooks' }, receiver.fetch)
    expect(receiver.received).toHaveLength(1)
    const settled = await eventually(
      () => contacts(api, id),
      (list) => list[0].status === 'waiting',
      5_000,
    )
    const [evented, silent] = settled
    expect(evented.attempts).toEqual([expect.objectContaining({ status: 'no_answer' })])
    // Retried after delayMinutes in real time: a campaign with a non-sandbox target is not scaled.
    expect(Date.parse(evented.nextAttemptAt) - Date.parse(evented.attempts[0].at)).toBeGreaterThanOrEqual(
      59_000,
    )
    // The other call has no event: the campaign still has it in flight, as placed.
    expect(silent.status).toBe('in_flight')
    expect(['completed', 'no_answer', 'busy', 'failed', 'voicemail']).not.toContain(silent.attempts[0].status)

    // No event for the other call: at its expected end (the engine's clock moved past it) it is read.
    const stub = bindings.CAMPAIGNS.get(bindings.CAMPAIGNS.idFromName(id))
    await stub.setClock(61_000)
    await stub.tick()
    const read = await contacts(api, id)
    expect(read[1]).toMatchObject({
      status: 'completed',
      attempts: [expect.objectContaining({ status: 'completed' })],
    })
    await stub.setClock(0)
  })

  it('a portable agent whose targets are all the sandbox scales retry delays like the sandbox', async () => {
    const api = inProject('cmp-events-scale')
    const agentId = await portable(api, ['sandbox'])
    const id = await campaign(api, agentId, [{ to: NO_ANSWER }])
    await api('POST', `/v1/campaigns/${id}/start`)
    const done = await eventually(
      () => api('GET', `/v1/campaigns/${id}`),
      (r) => r.body.status === 'completed',
      15_000,
    )
    expect(done.body.stats).toMatchObject({ no_answer: 1, attempts: 2 })
    const [contact] = await contacts(api, id)
    // delayMinutes 1 over SANDBOX_TIME_SCALE 600: a tenth of a second, not a minute.
    const gap = Date.parse(contact.attempts[1].at) - Date.parse(contact.attempts[0].at)
    expect(gap).toBeGreaterThanOrEqual(100)
    expect(gap).toBeLessThan(10_000)
  })
})

describe('campaign events', () => {
  it('are recorded for the campaign (no destination without a webhookUrl) and delivered signed by the queue consumer', async () => {
    const api = inProject('cmp-events-records')
    const agent = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Dialer', firstMessage: 'Hi' })
    const id = await campaign(api, agent.body.id, [{ to: '+14155559101' }])
    await api('POST', `/v1/campaigns/${id}/start`)
    await api('POST', `/v1/campaigns/${id}/pause`)
    await api('POST', `/v1/campaigns/${id}/resume`)
    await eventually(
      () => api('GET', `/v1/campaigns/${id}`),
      (r) => r.body.status === 'completed',
      15_000,
    )
    const listed = await eventually(
      () => api('GET', `/v1/events?campaignId=${id}`),
      (r) => r.body.data.some((e: { type: string }) => e.type === 'campaign.completed'),
      5_000,
    )
    const records = listed.body.data.filter((e: { type: string }) => e.type.startsWith('campaign.')).reverse()
    expect(records.map((e: { type: string }) => e.type)).toEqual([
      'campaign.started',
      'campaign.paused',
      'campaign.resumed',
      'campaign.completed',
    ])
    for (const record of records) {
      expect(record).toMatchObject({ campaignId: id, callId: null, provider: 'sandbox' })
      expect(record.delivery.status).toBe('no_destination')
    }
    const times = records.map((e: { createdAt: string }) => Date.parse(e.createdAt))
    expect([...times].sort((a, b) => a - b)).toEqual(times)
    expect(new Set(times).size).toBe(times.length)

    const completed = (await api('GET', `/v1/events/${records[3].id}`)).body.payload as AnyEvent
    expect(completed).toMatchObject({
      type: 'campaign.completed',
      data: { campaign: { id, status: 'completed', stats: { completed: 1, total: 1 } } },
    })
    // Through the same consumer as call events: signed per Standard Webhooks, recorded as delivered.
    const receiver = fakeReceiver()
    await deliver(
      { event: completed, destination: 'https://client.example/hooks' } as QueuedMessage,
      receiver.fetch,
    )
    expect(receiver.received[0]?.headers['webhook-id']).toBe(records[3].id)
    expect(receiver.received[0]?.verified).toMatchObject({
      type: 'campaign.completed',
      data: { campaign: { id } },
    })
    const after = (await api('GET', `/v1/events/${records[3].id}`)).body
    expect(after.delivery).toMatchObject({ status: 'delivered', attempts: 1 })
  })
})

describe('campaign.canceled', () => {
  it('is recorded once with the contacts it withdrew, and a repeated cancel adds no event', async () => {
    const api = inProject('cmp-events-cancel')
    const agent = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Dialer', firstMessage: 'Hi' })
    const id = await campaign(api, agent.body.id, [{ to: '+14155559301' }, { to: '+14155559302' }])
    expect((await api('POST', `/v1/campaigns/${id}/cancel`)).status).toBe(200)
    expect((await api('POST', `/v1/campaigns/${id}/cancel`)).status).toBe(200)
    const records = (await api('GET', `/v1/events?campaignId=${id}`)).body.data
    expect(records.map((e: { type: string }) => e.type)).toEqual(['campaign.canceled'])
    const payload = (await api('GET', `/v1/events/${records[0].id}`)).body.payload
    expect(payload.data.campaign).toMatchObject({ status: 'canceled', stats: { canceled: 2, total: 2 } })
  })
})

describe('handling at start', () => {
  it('strict: refused with 422 naming the target, field and provider; lenient: started with warnings', async () => {
    const api = inProject('cmp-events-handling')
    // Dasha keeps no per-call metadata, which every attempt carries (the attempt's reference).
    const agentId = await portable(api, ['sandbox', 'dasha'])
    const strict = await campaign(api, agentId, [{ to: '+14155559201' }])
    const refused = expectProblem(
      await api('POST', `/v1/campaigns/${strict}/start`),
      422,
      'unsupported_field',
    )
    expect(refused.detail).toContain('Dasha')
    expect(refused.errors?.map((e) => e.path)).toEqual(['targets[1].metadata'])
    expect((await api('GET', `/v1/campaigns/${strict}`)).body).toMatchObject({
      status: 'draft',
      stats: { attempts: 0 },
    })

    const lenient = await campaign(api, agentId, [{ to: '+14155559202' }], { handling: 'lenient' })
    const started = await api('POST', `/v1/campaigns/${lenient}/start`)
    expect(started.status, JSON.stringify(started.body)).toBe(200)
    expect(started.body.warnings).toEqual([
      { field: 'targets[1].metadata', message: expect.stringContaining('Dasha') },
    ])
    // It dials: the attempt goes to the sandbox under lenient handling, and the warnings stay on the campaign.
    const dialing = await eventually(
      () => api('GET', `/v1/campaigns/${lenient}`),
      (r) => r.body.stats.attempts === 1,
      10_000,
    )
    expect(dialing.body).toMatchObject({ status: 'running', warnings: started.body.warnings })
    const [contact] = await eventually(
      () => contacts(api, lenient),
      (list) => Boolean(list[0].attempts[0]?.callId),
      5_000,
    )
    expect(contact.attempts[0].callId).toMatch(/^sandbox_/)
  })
})
