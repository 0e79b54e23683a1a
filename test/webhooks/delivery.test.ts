import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { DeliveryMessage, WebhookEvent } from '../../src/contract/events'
import type { Bindings } from '../../src/env'
import { deliverWebhooks, MAX_DELIVERY_ATTEMPTS, retryDelaySeconds } from '../../src/webhooks/delivery'
import { DEAD_LETTERS, webhookStore } from '../../src/webhooks/store'
import { fakeReceiver, OTHER_SECRET, WEBHOOK_SECRET } from './helpers'

const bindings = (overrides: Partial<Bindings> = {}) =>
  ({
    ...(env as unknown as Bindings),
    WEBHOOK_SECRET,
    WEBHOOK_RETRY_BASE_SECONDS: '10',
    ...overrides,
  }) as Bindings

const event = (id = `evt_${crypto.randomUUID().replaceAll('-', '')}`): WebhookEvent => ({
  id,
  type: 'call.ringing',
  createdAt: '2026-11-21T09:00:01.500Z',
  provider: 'sandbox',
  data: {
    call: {
      id: 'sandbox_abc',
      provider: 'sandbox',
      agentId: 'sandbox_agent',
      status: 'ringing',
      providerStatus: 'ringing',
      direction: 'outbound',
      to: '+14155550100',
      from: null,
      variables: { name: 'Ada' },
      metadata: {},
      priority: null,
      scheduledAt: null,
      deadline: null,
      timezone: null,
      nextAttemptAt: null,
      createdAt: '2026-11-21T09:00:00.000Z',
      startedAt: null,
      endedAt: null,
      durationSeconds: null,
      endReason: null,
      transcript: null,
      summary: null,
      recordingUrl: null,
      cost: null,
    },
  },
})

/** A batch that records what the consumer decided for each message (the pool's own reports no delays). */
async function run(
  messages: { body: DeliveryMessage; attempts: number }[],
  fetchFn: typeof fetch,
  envOverrides = {},
) {
  const result = {
    explicitAcks: [] as string[],
    retryMessages: [] as { msgId: string; delaySeconds?: number }[],
    retryAll: null as QueueRetryOptions | null,
  }
  const batch = {
    queue: 'switchboard-webhooks',
    messages: messages.map((m, i) => ({
      id: `msg-${i}`,
      timestamp: new Date(),
      attempts: m.attempts,
      body: m.body,
      ack: () => result.explicitAcks.push(`msg-${i}`),
      retry: (options?: QueueRetryOptions) =>
        result.retryMessages.push({ msgId: `msg-${i}`, delaySeconds: options?.delaySeconds }),
    })),
    ackAll: () => {},
    retryAll: (options?: QueueRetryOptions) => {
      result.retryAll = options ?? {}
    },
  } as unknown as MessageBatch<DeliveryMessage>
  await deliverWebhooks(batch, bindings(envOverrides), fetchFn)
  return result
}

describe('webhook delivery (queue consumer)', () => {
  it('POSTs the Event signed per Standard Webhooks, and acknowledges it', async () => {
    const receiver = fakeReceiver()
    const sent = event()
    const result = await run(
      [{ body: { event: sent, destination: 'https://client.example/hooks' }, attempts: 1 }],
      receiver.fetch,
    )
    expect(result.explicitAcks).toEqual(['msg-0'])
    expect(result.retryMessages).toEqual([])
    expect(receiver.received).toHaveLength(1)
    const [delivery] = receiver.received
    // v2: a call event's Call carries campaignId (and attempts, for routed calls), null when unset.
    expect(delivery?.verified).toEqual({
      ...sent,
      data: { call: { ...sent.data.call, campaignId: null, attempts: null, targetAgentId: null } },
    })
    expect(delivery?.headers['webhook-id']).toBe(sent.id)
    expect(delivery?.headers['content-type']).toBe('application/json')
    expect(Math.abs(Number(delivery?.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(5)
  })

  it('signs with WEBHOOK_SECRET: a receiver holding another secret cannot verify it', async () => {
    const receiver = fakeReceiver(OTHER_SECRET)
    await run(
      [{ body: { event: event(), destination: 'https://client.example/hooks' }, attempts: 1 }],
      receiver.fetch,
    )
    expect(receiver.received[0]?.verified).toBeNull()
  })

  it('retries a failed attempt with exponential backoff from WEBHOOK_RETRY_BASE_SECONDS', async () => {
    const failing = fakeReceiver(WEBHOOK_SECRET, () => 503)
    const result = await run(
      [1, 2, 3].map((attempts) => ({
        body: { event: event(), destination: 'https://client.example/hooks' },
        attempts,
      })),
      failing.fetch,
    )
    expect(result.explicitAcks).toEqual([])
    expect(result.retryMessages).toEqual([
      { msgId: 'msg-0', delaySeconds: 10 },
      { msgId: 'msg-1', delaySeconds: 20 },
      { msgId: 'msg-2', delaySeconds: 40 },
    ])
  })

  it('treats an unreachable endpoint as a failed attempt, not a crash', async () => {
    const unreachable = (async () => {
      throw new TypeError('connect ECONNREFUSED')
    }) as typeof fetch
    const result = await run(
      [{ body: { event: event(), destination: 'https://down.example/' }, attempts: 1 }],
      unreachable,
    )
    expect(result.retryMessages).toEqual([{ msgId: 'msg-0', delaySeconds: 10 }])
  })

  it('caps the backoff', () => {
    expect(retryDelaySeconds(1, 10)).toBe(10)
    expect(retryDelaySeconds(4, 10)).toBe(80)
    expect(retryDelaySeconds(20, 10)).toBe(3600)
    expect(retryDelaySeconds(1, 0.5)).toBe(1)
  })

  it('keeps a dead letter after the last attempt and stops retrying', async () => {
    const failing = fakeReceiver(WEBHOOK_SECRET, () => 500)
    const lost = event()
    const result = await run(
      [
        {
          body: { event: lost, destination: 'https://client.example/hooks?key=abc' },
          attempts: MAX_DELIVERY_ATTEMPTS,
        },
      ],
      failing.fetch,
    )
    expect(result.explicitAcks).toEqual(['msg-0'])
    expect(result.retryMessages).toEqual([])
    const letters = await webhookStore(env as unknown as Bindings, DEAD_LETTERS).deadLetters()
    const letter = letters.find((l) => l.eventId === lost.id)
    expect(letter).toMatchObject({
      destination: 'https://client.example/hooks?key=abc',
      attempts: MAX_DELIVERY_ATTEMPTS,
      lastError: 'HTTP 500',
    })
    expect(JSON.parse(letter?.body ?? '{}')).toEqual(lost)
  })

  it('holds messages instead of sending them unsigned when WEBHOOK_SECRET is missing', async () => {
    const receiver = fakeReceiver()
    const result = await run(
      [{ body: { event: event(), destination: 'https://client.example/hooks' }, attempts: 1 }],
      receiver.fetch,
      { WEBHOOK_SECRET: undefined },
    )
    expect(receiver.received).toHaveLength(0)
    expect(result.retryAll).toEqual({ delaySeconds: 3600 })
    expect(result.explicitAcks).toEqual([])
  })
})
