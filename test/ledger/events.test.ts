import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { EventRecordWithPayloadSchema } from '../../src/contract/event-record'
import type { DeliveryMessage, WebhookEvent } from '../../src/contract/events'
import type { Bindings } from '../../src/env'
import { recordDelivery } from '../../src/ledger/deliveries'
import { EventRecordListSchema } from '../../src/routes/events/events.routes'
import { deliverWebhooks, MAX_DELIVERY_ATTEMPTS } from '../../src/webhooks/delivery'
import { apiClient, expectProblem } from '../helpers/api'
import { asQueue, fakeQueue, fakeReceiver, WEBHOOK_SECRET } from '../webhooks/helpers'

const queue = fakeQueue()
const bindings = {
  ...(env as unknown as Bindings),
  WEBHOOK_SECRET,
  WEBHOOK_QUEUE: asQueue(queue),
} as Bindings
const api = apiClient({}, { WEBHOOK_SECRET, WEBHOOK_QUEUE: asQueue(queue) })
const mine = { 'switchboard-project': 'events-mine' }
const theirs = { 'switchboard-project': 'events-theirs' }

/** Runs the queue consumer over messages, as the runtime would at these attempt numbers. */
async function consume(messages: { body: DeliveryMessage; attempts: number }[], fetchFn: typeof fetch) {
  const batch = {
    queue: 'switchboard-webhooks',
    messages: messages.map((m, i) => ({
      id: `msg-${i}`,
      timestamp: new Date(),
      attempts: m.attempts,
      body: m.body,
      ack: () => {},
      retry: () => {},
    })),
    ackAll: () => {},
    retryAll: () => {},
  } as unknown as MessageBatch<DeliveryMessage>
  await deliverWebhooks(batch, bindings, fetchFn)
}

let callId: string
let event: WebhookEvent

beforeAll(async () => {
  const agentId = (await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Events' }, mine)).body.id
  const call = await api('POST', '/v1/calls', { agentId, to: '+14155550100' }, mine)
  expect(call.status).toBe(201)
  callId = call.body.id
  event = {
    id: `evt_${crypto.randomUUID().replaceAll('-', '')}`,
    type: 'call.completed',
    createdAt: new Date(Date.now() + 1_000).toISOString(),
    provider: 'sandbox',
    data: {
      call: { ...call.body, status: 'completed', durationSeconds: 42, endedAt: new Date().toISOString() },
    },
  }
})

describe('events and deliveries', () => {
  it('a receiver that always fails: the event goes dead, is listed, and is redelivered once with the same webhook-id', async () => {
    const failing = fakeReceiver(WEBHOOK_SECRET, () => 500)
    const destination = 'https://client.example/hooks?token=client-secret'
    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      await consume([{ body: { event, destination }, attempts: attempt }], failing.fetch)
    }
    expect(failing.received).toHaveLength(MAX_DELIVERY_ATTEMPTS)

    const dead = EventRecordListSchema.parse(
      (await api('GET', '/v1/events?delivery=dead', undefined, mine)).body,
    )
    const record = dead.data.find((e) => e.id === event.id)
    expect(record).toMatchObject({
      type: 'call.completed',
      callId,
      destination: 'https://client.example/hooks',
      delivery: {
        status: 'dead',
        attempts: MAX_DELIVERY_ATTEMPTS,
        lastResponseStatus: 500,
        lastError: 'HTTP 500',
      },
    })
    expect(JSON.stringify(dead)).not.toContain('client-secret')
    const ofCall = EventRecordListSchema.parse(
      (await api('GET', `/v1/calls/${callId}/events`, undefined, mine)).body,
    )
    expect(ofCall.data.map((e) => e.id)).toEqual([event.id])
    const one = EventRecordWithPayloadSchema.parse(
      (await api('GET', `/v1/events/${event.id}`, undefined, mine)).body,
    )
    expect((one.payload as WebhookEvent).data.call.id).toBe(callId)

    // The event also updated the call's record.
    const listed = (await api('GET', '/v1/calls?status=completed', undefined, mine)).body.data
    expect(listed.map((c: { id: string }) => c.id)).toEqual([callId])

    const sent = queue.messages.length
    const redeliver = await api(
      'POST',
      `/v1/events/${event.id}/redeliver`,
      { destination: 'https://healthy.example/hooks' },
      mine,
    )
    expect(redeliver.status, JSON.stringify(redeliver.body)).toBe(202)
    expect(queue.messages).toHaveLength(sent + 1)
    const healthy = fakeReceiver()
    await consume([{ body: queue.messages.at(-1) as DeliveryMessage, attempts: 1 }], healthy.fetch)
    expect(healthy.received).toHaveLength(1)
    expect(healthy.received[0]?.headers['webhook-id']).toBe(event.id)
    expect(healthy.received[0]?.verified).toBeTruthy()
    const after = EventRecordWithPayloadSchema.parse(
      (await api('GET', `/v1/events/${event.id}`, undefined, mine)).body,
    )
    expect(after.delivery).toMatchObject({ status: 'delivered', attempts: MAX_DELIVERY_ATTEMPTS + 1 })
    expect(after.destination).toBe('https://healthy.example/hooks')
  })

  it('keeps events to their project, by id, in lists, per call and for redelivery', async () => {
    expectProblem(await api('GET', `/v1/events/${event.id}`, undefined, theirs), 404, 'not_found')
    expectProblem(await api('POST', `/v1/events/${event.id}/redeliver`, undefined, theirs), 404, 'not_found')
    expectProblem(await api('GET', `/v1/calls/${callId}/events`, undefined, theirs), 404, 'not_found')
    const list = EventRecordListSchema.parse((await api('GET', '/v1/events', undefined, theirs)).body)
    expect(list.data).toEqual([])
  })

  it('refuses a redelivery with nowhere to go (409) and a destination that is not a webhook URL (422)', async () => {
    const orphan = {
      ...event,
      id: `evt_${crypto.randomUUID().replaceAll('-', '')}`,
      type: 'call.ringing' as const,
    }
    await recordDelivery(
      bindings,
      { event: orphan, destination: null },
      {
        status: 'no_destination',
        attempts: 0,
        lastAttemptAt: null,
        lastResponseStatus: null,
        lastError: null,
        nextAttemptAt: null,
      },
    )
    expectProblem(await api('POST', `/v1/events/${orphan.id}/redeliver`, undefined, mine), 409, 'conflict')
    const bad = expectProblem(
      await api(
        'POST',
        `/v1/events/${orphan.id}/redeliver`,
        { destination: 'http://client.example/hooks' },
        mine,
      ),
      422,
      'validation_failed',
    )
    expect(bad.errors?.[0]?.path).toBe('destination')
    const listed = EventRecordListSchema.parse(
      (await api('GET', '/v1/events?delivery=no_destination', undefined, mine)).body,
    )
    expect(listed.data.map((e) => e.id)).toEqual([orphan.id])
  })

  it('stores a payload over 64 KB with its transcript trimmed', async () => {
    const long = {
      ...event,
      id: `evt_${crypto.randomUUID().replaceAll('-', '')}`,
      data: {
        call: {
          ...event.data.call,
          transcript: Array.from({ length: 400 }, (_, i) => ({
            role: 'agent' as const,
            text: `${i} ${'x'.repeat(300)}`,
          })),
        },
      },
    }
    await consume(
      [{ body: { event: long, destination: 'https://client.example/hooks' }, attempts: 1 }],
      fakeReceiver().fetch,
    )
    const stored = EventRecordWithPayloadSchema.parse(
      (await api('GET', `/v1/events/${long.id}`, undefined, mine)).body,
    )
    expect(stored.transcriptTruncated).toBe(true)
    expect((stored.payload as WebhookEvent).data.call.transcript).toBeNull()
    expect(stored.delivery.status).toBe('delivered')
  })
})
