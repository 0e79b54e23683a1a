// The README walk-through through the built @switchboard/client, against `wrangler dev`: agent,
// call, poll to completion, list with the iterator, and a webhook verified with verifyWebhook.
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Client from '../../clients/typescript/src/index'
import { buildClient } from './client-package'
import { E2E_API_KEY, type FakeServer, type Gateway, serveFake, startGateway } from './harness'

const WEBHOOK_SECRET = 'whsec_Y2xpZW50LWUyZS13ZWJob29rLXNlY3JldC0yMDI2'

interface Delivery {
  event: Client.Event | Client.CampaignEvent | null
  error: string | null
}

describe('@switchboard/client against wrangler dev', () => {
  let client: typeof Client
  let gateway: Gateway
  let receiver: FakeServer
  let sb: Client.Switchboard
  let agentId: string
  let callId: string
  const deliveries: Delivery[] = []
  /** Every request the client sent, as the gateway received it. */
  const sent: Request[] = []

  beforeAll(async () => {
    client = await buildClient()
    const { verifyWebhook } = client
    receiver = await serveFake(
      new Hono().post('/events', async (c) => {
        const raw = await c.req.text()
        try {
          deliveries.push({ event: verifyWebhook(raw, c.req.raw.headers, WEBHOOK_SECRET), error: null })
        } catch (error) {
          deliveries.push({ event: null, error: String(error) })
        }
        return c.body(null, 204)
      }),
    )
    gateway = await startGateway({
      WEBHOOK_SECRET,
      ALLOW_INSECURE_WEBHOOKS: 'true',
      WEBHOOK_RETRY_BASE_SECONDS: '1',
    })
    sb = client.createSwitchboard({
      baseUrl: gateway.url,
      apiKey: E2E_API_KEY,
      fetch: (request) => {
        sent.push(request.clone())
        return fetch(request)
      },
    })
  })
  afterAll(async () => {
    await gateway?.stop()
    await receiver?.close()
  })

  it('creates a sandbox agent, with a fresh Idempotency-Key on each create', async () => {
    const agent = await sb.createAgent({
      provider: 'sandbox',
      name: 'Appointment reminder',
      firstMessage: 'Hi {{name}}, this is Acme Dental calling about your appointment.',
      prompt: 'You remind {{name}} of their appointment and confirm they can make it.',
      variables: { name: 'there' },
    })
    expect(agent.id).toMatch(/^sandbox_/)
    expect(agent.name).toBe('Appointment reminder')
    agentId = agent.id

    const other = await sb.createAgent({ provider: 'sandbox', name: 'Second' })
    const keys = sent
      .filter((request) => request.method === 'POST' && new URL(request.url).pathname === '/v1/agents')
      .map((request) => request.headers.get('idempotency-key'))
    expect(keys).toHaveLength(2)
    expect(keys.every((key) => typeof key === 'string' && key.length > 0)).toBe(true)
    expect(keys[0]).not.toBe(keys[1])
    await sb.deleteAgent(other.id)
  })

  it('replays the first answer for a retry with the same Idempotency-Key', async () => {
    const body = { provider: 'sandbox', name: 'Replayed' }
    const first = await sb.createAgent(body, { idempotencyKey: 'client-e2e-agent-1' })
    const again = await sb.createAgent(body, { idempotencyKey: 'client-e2e-agent-1' })
    expect(again.id).toBe(first.id)
  })

  it('places a call and polls it to completion', async () => {
    const call = await sb.createCall({
      agentId,
      to: '+14155550100',
      variables: { name: 'Sam' },
      webhookUrl: `${receiver.url}/events`,
    })
    expect(call.id).toMatch(/^sandbox_/)
    expect(call.agentId).toBe(agentId)
    callId = call.id

    const done = await sb.waitForCall(callId, { intervalMs: 200, timeoutMs: 30_000 })
    expect(done.status).toBe('completed')
    expect(done.durationSeconds).toBeGreaterThanOrEqual(1)
    const agentLines = done.transcript?.filter((turn) => turn.role === 'agent').map((turn) => turn.text)
    expect(agentLines).toContain('Hi Sam, this is Acme Dental calling about your appointment.')
  })

  it('lists every call of the agent with the page iterator, following nextCursor', async () => {
    const more = await sb.createCallBatch({
      agentId,
      calls: [{ to: '+14155550101' }, { to: '+14155550102' }, { to: '+14155550103' }, { to: '+14155550104' }],
    })
    expect(more.created).toBe(4)
    const batchIds = more.data.flatMap((item) => ('call' in item ? [item.call.id] : []))

    const pages: Client.Page<Client.Call>[] = []
    for await (const page of sb.pages(sb.listCalls, { agentId, limit: 2 })) pages.push(page)
    expect(pages.length).toBe(3)
    expect(pages.slice(0, -1).every((page) => page.hasMore && page.data.length === 2)).toBe(true)
    expect(pages.at(-1)?.hasMore).toBe(false)

    const listed: string[] = []
    for await (const call of sb.paginate(sb.listCalls, { agentId, limit: 2 })) listed.push(call.id)
    expect(listed).toEqual(pages.flatMap((page) => page.data.map((call) => call.id)))
    expect(new Set(listed).size).toBe(5)
    expect(listed.sort()).toEqual([callId, ...batchIds].sort())
  })

  it("receives the call's events, each verified with verifyWebhook", async () => {
    const deadline = Date.now() + 30_000
    const mine = () =>
      deliveries.filter((d) => d.event && 'call' in d.event.data && d.event.data.call.id === callId)
    while (!mine().some((d) => d.event?.type === 'call.completed') && Date.now() < deadline) {
      await new Promise((wake) => setTimeout(wake, 200))
    }
    expect(deliveries.filter((d) => d.error !== null)).toEqual([])
    const completed = mine().find((d) => d.event?.type === 'call.completed')?.event
    expect(completed?.provider).toBe('sandbox')
    expect(completed && 'call' in completed.data ? completed.data.call.status : null).toBe('completed')
  })

  it('verifyWebhook refuses a body that is not the one signed', async () => {
    const signed = new (await import('standardwebhooks')).Webhook(WEBHOOK_SECRET)
    const body = JSON.stringify({ id: 'evt_1', type: 'call.completed' })
    const now = new Date()
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signed.sign('evt_1', now, body),
    }
    expect(client.verifyWebhook(body, headers, WEBHOOK_SECRET).id).toBe('evt_1')
    expect(() =>
      client.verifyWebhook(body.replace('completed', 'canceled'), headers, WEBHOOK_SECRET),
    ).toThrow()
    expect(() => client.verifyWebhook(body, headers, 'whsec_b3RoZXItc2VjcmV0')).toThrow()
  })

  it('throws a SwitchboardError carrying the Problem', async () => {
    const missing = await sb.getCall('nosuchvendor_1').catch((error: unknown) => error)
    expect(missing).toBeInstanceOf(client.SwitchboardError)
    const notFound = missing as Client.SwitchboardError
    expect(notFound.status).toBe(404)
    expect(notFound.code).toBe('not_found')
    expect(notFound.detail).toContain('nosuchvendor_1')
    expect(notFound.requestId).toMatch(/\S/)

    const invalid = (await sb
      .createCall({ agentId, to: '555-0100' })
      .catch((error: unknown) => error)) as Client.SwitchboardError
    expect(invalid.status).toBe(422)
    expect(invalid.code).toBe('validation_failed')
    expect(invalid.errors.map((error) => error.path)).toContain('to')
    expect(invalid.retryable).toBe(false)

    const stranger = client.createSwitchboard({ baseUrl: gateway.url, apiKey: 'wrong-key' })
    const refused = (await stranger
      .listProviders()
      .catch((error: unknown) => error)) as Client.SwitchboardError
    expect(refused.code).toBe('unauthorized')
  })

  it('sends Prefer: handling=lenient when asked, per client or per request', async () => {
    const lenientClient = client.createSwitchboard({
      baseUrl: gateway.url,
      apiKey: E2E_API_KEY,
      lenient: true,
      fetch: (request) => {
        sent.push(request.clone())
        return fetch(request)
      },
    })
    await lenientClient.createCall({ agentId, to: '+14155550105' })
    await sb.createCall({ agentId, to: '+14155550106' }, { lenient: true })
    await sb.createCall({ agentId, to: '+14155550107' })
    const prefer = sent.slice(-3).map((request) => request.headers.get('prefer'))
    expect(prefer).toEqual(['handling=lenient', 'handling=lenient', null])
  })

  it('retries a create answered with a retryable Problem under the same key, placing one call', async () => {
    let refusedOnce = false
    const attempts: string[] = []
    const flaky = client.createSwitchboard({
      baseUrl: gateway.url,
      apiKey: E2E_API_KEY,
      fetch: async (request) => {
        if (request.method === 'POST') attempts.push(request.headers.get('idempotency-key') ?? '')
        if (request.method === 'POST' && !refusedOnce) {
          refusedOnce = true
          const problem = { code: 'provider_unavailable', status: 503, detail: 'try again', retryable: true }
          return new Response(JSON.stringify(problem), {
            status: 503,
            headers: { 'content-type': 'application/problem+json', 'retry-after': '0' },
          })
        }
        return fetch(request)
      },
    })
    const call = await flaky.createCall({ agentId, to: '+14155550108' })
    expect(attempts).toHaveLength(2)
    expect(attempts[0]).toBe(attempts[1])
    const listed: string[] = []
    for await (const c of sb.paginate(sb.listCalls, { agentId, limit: 100 })) {
      if (c.to === '+14155550108') listed.push(c.id)
    }
    expect(listed).toEqual([call.id])
  })
})
