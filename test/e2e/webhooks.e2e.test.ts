// Call events over real HTTP: wrangler dev runs the sandbox, the queue and its consumer; a local
// receiver verifies every delivery with the standardwebhooks library, as a client would.
import { Hono } from 'hono'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebhookEvent } from '../../src/contract/events'
import { createDashaFake, FAKE_DASHA_KEY, type FakeDasha } from '../fakes/dasha'
import { type FakeServer, type Gateway, httpClient, serveFake, startGateway } from './harness'

const WEBHOOK_SECRET = 'whsec_ZTJlLXdlYmhvb2stc2VjcmV0LTIwMjY='
const LIFECYCLE = ['call.queued', 'call.ringing', 'call.started', 'call.completed']
const FINAL = new Set([
  'call.completed',
  'call.failed',
  'call.busy',
  'call.no_answer',
  'call.voicemail',
  'call.canceled',
])

interface Delivery {
  id: string
  event: WebhookEvent
  verified: boolean
  answered: number
}

type Endpoint = 'ok' | 'flaky' | 'agent'

/** A client endpoint: /ok and /agent take everything; /flaky fails the first three attempts of each event. */
function receiver() {
  const deliveries: Record<Endpoint, Delivery[]> = { ok: [], flaky: [], agent: [] }
  const verifier = new Webhook(WEBHOOK_SECRET)
  const app = new Hono().post('/:which{ok|flaky|agent}', async (c) => {
    const which = c.req.param('which') as Endpoint
    const body = await c.req.text()
    let verified = false
    try {
      verifier.verify(body, Object.fromEntries(c.req.raw.headers))
      verified = true
    } catch {
      verified = false
    }
    const id = c.req.header('webhook-id') ?? ''
    const earlier = deliveries[which].filter((d) => d.id === id).length
    const answered = which === 'flaky' && earlier < 3 ? 503 : 204
    deliveries[which].push({ id, event: JSON.parse(body), verified, answered })
    return c.body(null, answered as 204)
  })
  return { app, deliveries }
}

async function until(done: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (!done() && Date.now() < deadline) await new Promise((wake) => setTimeout(wake, 100))
}

describe('webhooks end to end under wrangler dev', () => {
  let gateway: Gateway
  let client: FakeServer
  let dasha: FakeDasha
  let dashaServer: FakeServer
  let http: ReturnType<typeof httpClient>
  let agentId: string
  const { app, deliveries } = receiver()

  beforeAll(async () => {
    client = await serveFake(app)
    dasha = createDashaFake()
    dashaServer = await serveFake(dasha.app)
    gateway = await startGateway({
      WEBHOOK_SECRET,
      ALLOW_INSECURE_WEBHOOKS: 'true',
      WEBHOOK_RETRY_BASE_SECONDS: '1',
      DASHA_API_KEY: FAKE_DASHA_KEY,
      DASHA_BASE_URL: dashaServer.url,
    })
    http = httpClient(gateway.url)
    const agent = await http('POST', '/v1/agents', {
      provider: 'sandbox',
      name: 'Webhook e2e',
      firstMessage: 'Hello {{name}}',
      variables: { name: 'there' },
    })
    expect(agent.status, JSON.stringify(agent.body)).toBe(201)
    agentId = agent.body.id
  })
  afterAll(async () => {
    await gateway?.stop()
    await client?.close()
    await dashaServer?.close()
  })

  it('delivers every event from call.queued to call.completed exactly once, signed, in createdAt order', async () => {
    const call = await http('POST', '/v1/calls', {
      agentId,
      to: '+14155550100',
      webhookUrl: `${client.url}/ok`,
    })
    expect(call.status, JSON.stringify(call.body)).toBe(201)
    const mine = () => deliveries.ok.filter((d) => d.event.data.call.id === call.body.id)
    await until(() => mine().some((d) => FINAL.has(d.event.type)), 30_000)
    // Anything delivered twice would arrive within the next batch window.
    await new Promise((wake) => setTimeout(wake, 3_000))

    const received = mine()
    expect(received.every((d) => d.verified)).toBe(true)
    const byTime = [...received].sort((a, b) => a.event.createdAt.localeCompare(b.event.createdAt))
    expect(byTime.map((d) => d.event.type)).toEqual(LIFECYCLE)
    expect(new Set(received.map((d) => d.id)).size).toBe(LIFECYCLE.length)
    expect(byTime.map((d) => d.event.data.call.status)).toEqual([
      'queued',
      'ringing',
      'in_progress',
      'completed',
    ])
    const completed = byTime.at(-1)?.event
    expect(completed?.provider).toBe('sandbox')
    expect(completed?.data.call.transcript?.[0]).toMatchObject({ role: 'agent', text: 'Hello there' })
    expect(completed?.data.call.durationSeconds).toBeGreaterThanOrEqual(1)
  })

  it('retries a receiver that fails three times, then delivers the event exactly once more', async () => {
    const call = await http('POST', '/v1/calls', {
      agentId,
      to: '+15005550003',
      webhookUrl: `${client.url}/flaky`,
    })
    expect(call.status, JSON.stringify(call.body)).toBe(201)
    const mine = () => deliveries.flaky.filter((d) => d.event.data.call.id === call.body.id)
    const accepted = () => mine().filter((d) => d.answered < 300)
    // queued and failed each fail three times (backoff 1 s, 2 s, 4 s) before they are taken.
    await until(() => accepted().length >= 2, 60_000)
    await new Promise((wake) => setTimeout(wake, 3_000))

    const attempts = mine()
    expect(
      accepted()
        .map((d) => d.event.type)
        .sort(),
    ).toEqual(['call.failed', 'call.queued'])
    for (const type of ['call.queued', 'call.failed']) {
      const ofType = attempts.filter((d) => d.event.type === type)
      expect(ofType.map((d) => d.answered)).toEqual([503, 503, 503, 204])
      expect(new Set(ofType.map((d) => d.id)).size).toBe(1)
      expect(ofType.every((d) => d.verified)).toBe(true)
    }
  })

  it('refuses a forged inbound URL with a 401 problem, without a gateway key', async () => {
    const res = await fetch(
      `${gateway.url}/v1/webhooks/sandbox/eyJ2IjoxfQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ callId: 'x' }),
      },
    )
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(await res.json()).toMatchObject({ code: 'unauthorized' })
  })

  it('relays a Dasha result webhook to the call’s own webhookUrl, once, however often Dasha posts it', async () => {
    const agent = await http('POST', '/v1/agents?include=raw', {
      provider: 'dasha',
      name: 'Reminders',
      language: 'en-US',
      prompt: 'Remind {{firstName}} of the appointment.',
      voice: { voiceId: 'EXAVITQu4vr4xnSDxMaL', vendor: 'ElevenLabs' },
      webhookUrl: `${client.url}/agent`,
    })
    expect(agent.status, JSON.stringify(agent.body)).toBe(201)
    expect(agent.body.webhookUrl).toBe(`${client.url}/agent`)
    // Switchboard gave Dasha its own inbound URL, on the (loopback) origin the agent was created
    // through; the URL carries a token, so only Dasha holds it: ?include=raw does not show it.
    const stored = dasha.agents.get(agent.body.id.slice('dasha_'.length))
    const hook: string = stored?.config.resultWebhook.url
    expect(hook.startsWith(`${gateway.url}/v1/webhooks/dasha/`)).toBe(true)
    expect(JSON.stringify(agent.body.providerData)).not.toContain('/v1/webhooks/')

    const call = await http('POST', '/v1/calls', {
      agentId: agent.body.id,
      to: '+14155550100',
      webhookUrl: `${client.url}/ok`,
    })
    expect(call.status, JSON.stringify(call.body)).toBe(201)
    const payload = {
      type: 'CompletedWebHookPayload',
      status: 'Completed',
      callId: call.body.id.slice('dasha_'.length),
      agentId: agent.body.id.slice('dasha_'.length),
      endpoint: '+14155550100',
      durationSeconds: 31,
      transcription: [{ speaker: 'assistant', text: 'Hello Ada' }],
      result: { finishReason: 'user_hangup' },
      createdTime: '2026-11-21T09:30:00Z',
      completedTime: '2026-11-21T09:30:45Z',
    }
    const post = () =>
      fetch(hook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      })
    const first = await post()
    const again = await post()
    expect([first.status, again.status]).toEqual([200, 200])
    expect(await again.json()).toMatchObject({ status: 'duplicate' })

    const mine = () => deliveries.ok.filter((d) => d.event.data.call.id === call.body.id)
    await until(() => mine().length > 0, 15_000)
    await new Promise((wake) => setTimeout(wake, 3_000))
    expect(mine().map((d) => [d.event.type, d.verified])).toEqual([['call.completed', true]])
    expect(mine()[0]?.event.data.call).toMatchObject({
      status: 'completed',
      durationSeconds: 31,
      provider: 'dasha',
    })
    expect(deliveries.agent).toEqual([])
  })
})
