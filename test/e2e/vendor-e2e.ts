import { Hono } from 'hono'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll } from 'vitest'
import type { WebhookEvent } from '../../src/contract/events'
import { type FakeServer, type Gateway, httpClient, serveFake, startGateway } from './harness'

type Http = ReturnType<typeof httpClient>
type Handler = { fetch(req: Request): Response | Promise<Response> }

export interface VendorE2e {
  /** The gateway's JSON client, usable once the suite's beforeAll ran. */
  http: Http
  readonly gateway: Gateway
  readonly vendorUrl: string
  /** Where the client endpoint listens (events are posted to a path of it). */
  readonly clientUrl: string
}

/**
 * One vendor's end-to-end setup, registered as the suite's beforeAll/afterAll: its fake and a
 * client endpoint served on 127.0.0.1, and wrangler dev pointed at the fake by the variables
 * `vars(vendorUrl)` names, with webhooks signed by `webhookSecret` and allowed over plain http.
 */
export function vendorE2e(options: {
  fake: { app: Handler }
  client: Handler
  webhookSecret: string
  vars: (vendorUrl: string) => Record<string, string>
}): VendorE2e {
  let vendor: FakeServer | undefined
  let client: FakeServer | undefined
  let gateway: Gateway | undefined
  let call: Http | undefined
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not running: use it inside a test`)
    return value
  }

  beforeAll(async () => {
    vendor = await serveFake(options.fake.app)
    client = await serveFake(options.client)
    gateway = await startGateway({
      ...options.vars(vendor.url),
      WEBHOOK_SECRET: options.webhookSecret,
      ALLOW_INSECURE_WEBHOOKS: 'true',
    })
    call = httpClient(gateway.url)
  })
  afterAll(async () => {
    await gateway?.stop()
    await vendor?.close()
    await client?.close()
  })

  return {
    http: (method, path, body, headers) => ready(call, 'the gateway')(method, path, body, headers),
    get gateway() {
      return ready(gateway, 'the gateway')
    },
    get vendorUrl() {
      return ready(vendor, 'the fake vendor').url
    },
    get clientUrl() {
      return ready(client, 'the client endpoint').url
    },
  }
}

/** A client's endpoint at `path`: keeps every delivery, verified with the standardwebhooks library. */
export function webhookReceiver(secret: string, path: string) {
  const deliveries: Array<{ id: string; event: WebhookEvent; verified: boolean }> = []
  const verifier = new Webhook(secret)
  const app = new Hono().post(path, async (c) => {
    const body = await c.req.text()
    let verified = false
    try {
      verifier.verify(body, Object.fromEntries(c.req.raw.headers))
      verified = true
    } catch {
      verified = false
    }
    deliveries.push({ id: c.req.header('webhook-id') ?? '', event: JSON.parse(body), verified })
    return c.body(null, 204)
  })
  return { app, deliveries }
}

/** Waits, polling every 100 ms, until `done` or the time is up (the caller's assertions then say which). */
export async function until(done: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (!done() && Date.now() < deadline) await new Promise((wake) => setTimeout(wake, 100))
}
