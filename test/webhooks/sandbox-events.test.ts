import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { fromCallRecord } from '../../providers/sandbox/calls'
import type { CancelResult, PlaceResult } from '../../providers/sandbox/store'
import { planCall } from '../../providers/sandbox/timeline'
import type {
  SandboxAgentFields,
  SandboxAgentRecord,
  SandboxCallRecord,
  SandboxCallRequest,
} from '../../providers/sandbox/vendor'
import { plannedEvents } from '../../providers/sandbox/webhooks'
import { CallSchema } from '../../src/contract/call'
import { EventSchema } from '../../src/contract/events'
import type { Bindings } from '../../src/env'
import { DEAD_LETTERS, webhookStore } from '../../src/webhooks/store'
import { apiClient, eventually } from '../helpers/api'
import { asQueue, type FakeQueue, fakeQueue, QUEUE_MESSAGE_LIMIT, WEBHOOK_SECRET } from './helpers'

const SCALE = 600
const placedAt = Date.parse('2026-11-21T09:00:00.000Z')

const plan = (to: string, extra: Partial<Parameters<typeof planCall>[0]> = {}) =>
  planCall({
    id: 'c1',
    to,
    dialAt: placedAt,
    waitReason: null,
    deadline: null,
    maxDurationSeconds: null,
    scale: SCALE,
    ...extra,
  })

const types = (to: string, extra = {}) =>
  plannedEvents({ plan: plan(to, extra), createdAt: new Date(placedAt).toISOString() }).map((e) => e.type)

describe('sandbox event plan', () => {
  it('follows each outcome through its lifecycle', () => {
    expect(types('+14155550100')).toEqual(['call.queued', 'call.ringing', 'call.started', 'call.completed'])
    expect(types('+15005550001')).toEqual(['call.queued', 'call.ringing', 'call.busy'])
    expect(types('+15005550002')).toEqual(['call.queued', 'call.ringing', 'call.no_answer'])
    expect(types('+15005550003')).toEqual(['call.queued', 'call.failed'])
    expect(types('+15005550004')).toEqual(['call.queued', 'call.ringing', 'call.started', 'call.voicemail'])
  })

  it('starts a call that waits with call.scheduled, and gives up at the deadline with call.canceled', () => {
    const later = placedAt + 3_600_000
    expect(types('+14155550100', { dialAt: later, waitReason: 'scheduled_at' })).toEqual([
      'call.scheduled',
      'call.queued',
      'call.ringing',
      'call.started',
      'call.completed',
    ])
    expect(types('+14155550100', { deadline: placedAt + 1 })).toEqual(['call.queued', 'call.canceled'])
  })

  it('keeps createdAt strictly increasing even when steps fall within one millisecond', () => {
    const fast = plannedEvents({
      plan: plan('+14155550100', { scale: 1e9 }),
      createdAt: new Date(placedAt).toISOString(),
    })
    for (let i = 1; i < fast.length; i++) expect(fast[i]?.at).toBeGreaterThan(fast[i - 1]?.at ?? Infinity)
  })
})

const agentFields = (webhookUrl: string | null): SandboxAgentFields => ({
  name: 'Events',
  description: null,
  enabled: true,
  language: null,
  prompt: 'You confirm appointments.',
  firstMessage: 'Hi {{name}}!',
  voice: null,
  llm: null,
  transcriber: null,
  maxDurationSeconds: null,
  variables: { name: 'there' },
  schedule: null,
  tools: [],
  webhookUrl,
})

/** The store's methods as its stub answers them. */
interface RemoteStore {
  createAgent(fields: SandboxAgentFields): Promise<SandboxAgentRecord>
  placeCalls(
    agentId: string,
    requests: SandboxCallRequest[],
    scale: number,
    fallback: string | null,
  ): Promise<PlaceResult[]>
  cancelCall(id: string): Promise<CancelResult>
  getCall(id: string): Promise<SandboxCallRecord | null>
}

/** Its own store instance whose events go to a fake queue, so what the alarms send can be read. */
async function isolatedStore(): Promise<{ store: RemoteStore; queue: FakeQueue }> {
  const queue = fakeQueue()
  const ns = (env as unknown as Bindings).SANDBOX
  const store = ns.get(ns.idFromName(`events-${crypto.randomUUID()}`))
  await runInDurableObject(store, (instance) => {
    ;(instance as unknown as { env: Bindings }).env = {
      ...(env as unknown as Bindings),
      WEBHOOK_QUEUE: asQueue(queue),
    }
  })
  return { store: store as unknown as RemoteStore, queue }
}

const eventTypes = (queue: FakeQueue) => queue.messages.map((m) => m.event.type)
const finished = (queue: FakeQueue) =>
  eventTypes(queue).some((t) => t !== 'call.queued' && t !== 'call.ringing' && t !== 'call.started')

async function placeOne(
  store: RemoteStore,
  agentWebhook: string | null,
  callWebhook?: string,
  fallback: string | null = null,
  to = '+14155550100',
) {
  const agent = await store.createAgent(agentFields(agentWebhook))
  const [result] = await store.placeCalls(
    agent.id,
    [{ to, variables: { name: 'Ada' }, ...(callWebhook ? { webhookUrl: callWebhook } : {}) }],
    SCALE,
    fallback,
  )
  if (!result || !('call' in result)) throw new Error('not placed')
  return result.call
}

describe('sandbox events as calls move', () => {
  it('sends every event of a completed call once, in order, each carrying the call at that moment', async () => {
    const { store, queue } = await isolatedStore()
    const call = await placeOne(store, null, 'https://client.example/hooks')
    await eventually(
      async () => queue.messages.length,
      () => finished(queue),
    )
    expect(eventTypes(queue)).toEqual(['call.queued', 'call.ringing', 'call.started', 'call.completed'])
    const events = queue.messages.map((m) => EventSchema.parse(m.event))
    expect(new Set(events.map((e) => e.id)).size).toBe(4)
    expect(queue.messages.every((m) => m.destination === 'https://client.example/hooks')).toBe(true)
    const created = events.map((e) => Date.parse(e.createdAt))
    expect([...created].sort((a, b) => a - b)).toEqual(created)
    expect(events.map((e) => e.data.call.status)).toEqual(['queued', 'ringing', 'in_progress', 'completed'])
    for (const e of events) {
      expect(e.provider).toBe('sandbox')
      expect(e.data.call.id).toBe(`sandbox_${call.id}`)
      expect(e.data.call).not.toHaveProperty('providerData')
    }
    const done = CallSchema.parse(events[3]?.data.call)
    // The event is stamped when the call ended (rounded up to the millisecond).
    expect(Date.parse(events[3]?.createdAt ?? '') - Date.parse(done.endedAt ?? '')).toBeLessThanOrEqual(1)
    expect(done.transcript?.[0]).toMatchObject({ role: 'agent', text: 'Hi Ada!' })
    expect(events[0]?.createdAt).toBe(call.createdAt)
  })

  it('sends the agent’s webhookUrl events when the call names none, and WEBHOOK_URL when neither does', async () => {
    const viaAgent = await isolatedStore()
    await placeOne(viaAgent.store, 'https://agent.example/hooks', undefined, 'https://default.example/hooks')
    await eventually(
      async () => null,
      () => finished(viaAgent.queue),
    )
    expect(new Set(viaAgent.queue.messages.map((m) => m.destination))).toEqual(
      new Set(['https://agent.example/hooks']),
    )

    const viaDefault = await isolatedStore()
    await placeOne(viaDefault.store, null, undefined, 'https://default.example/hooks', '+15005550001')
    await eventually(
      async () => null,
      () => finished(viaDefault.queue),
    )
    expect(eventTypes(viaDefault.queue)).toEqual(['call.queued', 'call.ringing', 'call.busy'])
    expect(new Set(viaDefault.queue.messages.map((m) => m.destination))).toEqual(
      new Set(['https://default.example/hooks']),
    )
  })

  it('sends nothing for a call with no destination at all', async () => {
    const { store, queue } = await isolatedStore()
    await placeOne(store, null)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(queue.messages).toEqual([])
  })

  it('ends a canceled call with call.canceled and sends none of the steps it never reached', async () => {
    const { store, queue } = await isolatedStore()
    const agent = await store.createAgent(agentFields(null))
    const scheduledAt = new Date(Date.now() + 3_600_000).toISOString()
    const [placed] = await store.placeCalls(
      agent.id,
      [{ to: '+14155550100', scheduledAt, webhookUrl: 'https://client.example/hooks' }],
      SCALE,
      null,
    )
    if (!placed || !('call' in placed)) throw new Error('not placed')
    await eventually(
      async () => null,
      () => queue.messages.length >= 1,
    )
    await store.cancelCall(placed.call.id)
    await eventually(
      async () => null,
      () => queue.messages.length >= 2,
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(eventTypes(queue)).toEqual(['call.scheduled', 'call.canceled'])
    expect(queue.messages[1]?.event.data.call).toMatchObject({
      status: 'canceled',
      endReason: 'canceled_by_client',
    })
  })
})

describe('sandbox events too big for a queue message', () => {
  it('are sent with the transcript trimmed and marked, and every other call’s events still flow', async () => {
    const { store, queue } = await isolatedStore()
    // A first message near the template limit plus large variables: the event outgrows 128 KB
    // (transcript and variables both travel in it), though each part is within its own bound.
    const big = await store.createAgent({
      ...agentFields(null),
      firstMessage: `Hello ${'x'.repeat(30_000)}`,
    })
    const [placed] = await store.placeCalls(
      big.id,
      [
        {
          to: '+14155550100',
          webhookUrl: 'https://client.example/big',
          variables: { notes: 'n'.repeat(110_000) },
        },
      ],
      SCALE,
      null,
    )
    if (!placed || !('call' in placed)) throw new Error('not placed')
    const other = await placeOne(store, null, 'https://client.example/other')
    const completed = (id: string) =>
      queue.messages.find(
        (m) => m.event.type === 'call.completed' && m.event.data.call.id === `sandbox_${id}`,
      )
    await eventually(
      async () => null,
      () => Boolean(completed(placed.call.id) && completed(other.id)),
    )
    const trimmed = completed(placed.call.id)
    expect(trimmed?.event.data.call.transcriptTruncated).toBe(true)
    expect(trimmed?.event.data.call.transcript?.[0]?.text).toMatch(/^Hello x+$/)
    expect(new TextEncoder().encode(JSON.stringify(trimmed)).length).toBeLessThanOrEqual(QUEUE_MESSAGE_LIMIT)
    expect(completed(other.id)?.event.data.call).not.toHaveProperty('transcriptTruncated')
    // The call itself keeps the whole transcript, as GET /v1/calls/{id} reads it.
    const record = await store.getCall(placed.call.id)
    const full = record ? fromCallRecord(record, Date.now()) : null
    expect(full?.transcript?.[0]?.text.length).toBe('Hello '.length + 30_000)
  })

  it('are dead-lettered one by one when the queue refuses them, without holding back the rest', async () => {
    const { store, queue } = await isolatedStore()
    const agent = await store.createAgent(agentFields(null))
    const scheduledAt = new Date(Date.now() + 3_600_000).toISOString()
    // The first event sent (this call's call.scheduled) meets a queue that refuses it.
    queue.failNext()
    const [held] = await store.placeCalls(
      agent.id,
      [{ to: '+14155550100', scheduledAt, webhookUrl: 'https://client.example/refused' }],
      SCALE,
      null,
    )
    if (!held || !('call' in held)) throw new Error('not placed')
    const other = await placeOne(store, null, 'https://client.example/other')
    await eventually(
      async () => null,
      () =>
        queue.messages.some(
          (m) => m.event.type === 'call.completed' && m.event.data.call.id === `sandbox_${other.id}`,
        ),
    )
    expect(queue.messages.some((m) => m.destination === 'https://client.example/refused')).toBe(false)
    const letters = await webhookStore(env as unknown as Bindings, DEAD_LETTERS).deadLetters()
    expect(
      letters.some(
        (l) => l.destination === 'https://client.example/refused' && /not queued/.test(l.lastError),
      ),
    ).toBe(true)
  })
})

describe('sandbox webhookUrl through the API', () => {
  it('is accepted on agents and calls once WEBHOOK_SECRET is set, and shown as supported', async () => {
    const api = apiClient({}, { WEBHOOK_SECRET })
    const agent = await api('POST', '/v1/agents', {
      provider: 'sandbox',
      name: 'Hooks',
      webhookUrl: 'https://client.example/agent',
    })
    expect(agent.status).toBe(201)
    expect(agent.body.webhookUrl).toBe('https://client.example/agent')
    const call = await api('POST', '/v1/calls', {
      agentId: agent.body.id,
      to: '+14155550100',
      webhookUrl: 'https://client.example/call',
    })
    expect(call.status).toBe(201)
    const doc = await api('GET', '/v1/providers/sandbox')
    expect(doc.body.fields['calls.create'].supported).toContain('webhookUrl')
    expect(doc.body.fields['agents.create'].supported).toContain('webhookUrl')
  })
})
