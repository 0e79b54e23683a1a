import { Hono } from 'hono'
import { Webhook } from 'standardwebhooks'
import type { DeliveryMessage } from '../../src/contract/events'

export const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
export const OTHER_SECRET = 'whsec_c3dpdGNoYm9hcmQtb3RoZXItZGVwbG95bWVudA=='

/** Queues refuses a message over 128 KB, as the real binding does. */
export const QUEUE_MESSAGE_LIMIT = 128 * 1024

/**
 * A stand-in for WEBHOOK_QUEUE that keeps what is sent; `failNext` makes the next send throw, and
 * a message over the real limit throws as it would in production.
 */
export function fakeQueue() {
  const messages: DeliveryMessage[] = []
  let failures = 0
  const queue = {
    messages,
    failNext(count = 1) {
      failures = count
    },
    async send(body: DeliveryMessage) {
      if (failures > 0) {
        failures--
        throw new Error('queue unavailable')
      }
      if (new TextEncoder().encode(JSON.stringify(body)).length > QUEUE_MESSAGE_LIMIT) {
        throw new Error('Queue send failed: message length exceeds the limit')
      }
      messages.push(structuredClone(body))
    },
    async sendBatch(batch: Iterable<MessageSendRequest<DeliveryMessage>>) {
      for (const item of batch) await queue.send(item.body)
    },
  }
  return queue
}
export type FakeQueue = ReturnType<typeof fakeQueue>
export const asQueue = (queue: FakeQueue) => queue as unknown as Queue<DeliveryMessage>

export interface Received {
  headers: Record<string, string>
  body: string
  verified: unknown
}

/** A client's webhook endpoint: verifies each delivery with standardwebhooks; answers with `status()`. */
export function fakeReceiver(secret = WEBHOOK_SECRET, status: (n: number) => number = () => 200) {
  const received: Received[] = []
  const app = new Hono().post('/hooks', async (c) => {
    const body = await c.req.text()
    const headers = Object.fromEntries(c.req.raw.headers)
    let verified: unknown = null
    try {
      verified = new Webhook(secret).verify(body, headers)
    } catch {
      verified = null
    }
    received.push({ headers, body, verified })
    return c.body(null, status(received.length) as 200)
  })
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    app.fetch(new Request(input, init))) as typeof globalThis.fetch
  return { received, fetch }
}
