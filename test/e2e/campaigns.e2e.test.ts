// A sandbox campaign over real HTTP: wrangler dev runs the campaign's Durable Object, the sandbox,
// the queue and its consumer; a local receiver verifies every delivery as a client would. The
// sandbox is capped at 2 calls in flight (SANDBOX_MAX_CONCURRENT), which campaigns must respect.
import { Hono } from 'hono'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnyEvent } from '../../src/contract/events'
import { type FakeServer, type Gateway, httpClient, serveFake, startGateway } from './harness'

const WEBHOOK_SECRET = 'whsec_ZTJlLWNhbXBhaWduLXNlY3JldC0yMDI2'
const ALWAYS_OPEN = { start: '00:00', end: '24:00', timezone: 'UTC' }

interface Delivery {
  event: AnyEvent
  verified: boolean
}

async function until(done: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (!(await done()) && Date.now() < deadline) await new Promise((wake) => setTimeout(wake, 100))
}

/** The most calls whose [createdAt, endedAt] overlap at any moment. */
function peakInFlight(calls: { createdAt: string; endedAt: string }[]) {
  const edges = calls.flatMap((c) => [
    [Date.parse(c.createdAt), 1],
    [Date.parse(c.endedAt), -1],
  ]) as [number, number][]
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let live = 0
  let peak = 0
  for (const [, d] of edges) {
    live += d
    peak = Math.max(peak, live)
  }
  return peak
}

describe('campaigns end to end under wrangler dev', () => {
  let gateway: Gateway
  let receiver: FakeServer
  let http: ReturnType<typeof httpClient>
  let agentId: string
  const deliveries: Delivery[] = []

  beforeAll(async () => {
    const verifier = new Webhook(WEBHOOK_SECRET)
    receiver = await serveFake(
      new Hono().post('/hooks', async (c) => {
        const body = await c.req.text()
        let verified = false
        try {
          verifier.verify(body, Object.fromEntries(c.req.raw.headers))
          verified = true
        } catch {
          verified = false
        }
        deliveries.push({ event: JSON.parse(body), verified })
        return c.body(null, 204)
      }),
    )
    gateway = await startGateway({
      WEBHOOK_SECRET,
      ALLOW_INSECURE_WEBHOOKS: 'true',
      WEBHOOK_RETRY_BASE_SECONDS: '1',
      SANDBOX_MAX_CONCURRENT: '2',
      // Calls of about half a second: long enough that two placed together overlap even on a busy machine.
      SANDBOX_TIME_SCALE: '60',
    })
    http = httpClient(gateway.url)
    const agent = await http('POST', '/v1/agents', {
      provider: 'sandbox',
      name: 'Campaign e2e',
      firstMessage: 'Hi',
    })
    expect(agent.status, JSON.stringify(agent.body)).toBe(201)
    agentId = agent.body.id
  })
  afterAll(async () => {
    await gateway?.stop()
    await receiver?.close()
  })

  async function contactsOf(id: string) {
    return (await http('GET', `/v1/campaigns/${id}/contacts?limit=100`)).body.data as any[]
  }
  async function callsOf(id: string) {
    return (await http('GET', `/v1/calls?campaignId=${id}&limit=100`)).body.data as any[]
  }

  it("delivers the campaign's events to its webhookUrl, signed, in createdAt order, after its calls' events", async () => {
    const created = await http('POST', '/v1/campaigns', {
      name: 'Events e2e',
      agentId,
      webhookUrl: `${receiver.url}/hooks`,
      window: ALWAYS_OPEN,
      pacing: { maxConcurrent: 5, callsPerMinute: null },
      contacts: Array.from({ length: 6 }, (_, i) => ({ to: `+1415555${String(8100 + i)}` })),
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const id = created.body.id as string
    expect((await http('POST', `/v1/campaigns/${id}/start`)).status).toBe(200)
    expect((await http('POST', `/v1/campaigns/${id}/pause`)).status).toBe(200)
    expect((await http('POST', `/v1/campaigns/${id}/resume`)).status).toBe(200)

    const campaignEvents = () =>
      deliveries.filter((d) => 'campaign' in d.event.data && d.event.data.campaign.id === id)
    await until(() => campaignEvents().some((d) => d.event.type === 'campaign.completed'), 60_000)
    const received = campaignEvents()
    expect(
      received.map((d) => d.event.type),
      gateway.logs().slice(-3_000),
    ).toContain('campaign.completed')
    expect(received.every((d) => d.verified)).toBe(true)
    const byTime = [...received].sort((a, b) => a.event.createdAt.localeCompare(b.event.createdAt))
    expect(byTime.map((d) => d.event.type)).toEqual([
      'campaign.started',
      'campaign.paused',
      'campaign.resumed',
      'campaign.completed',
    ])
    expect(byTime.map((d) => ('campaign' in d.event.data ? d.event.data.campaign.status : null))).toEqual([
      'running',
      'paused',
      'running',
      'completed',
    ])
    const completed = byTime.at(-1)?.event
    expect(completed?.provider).toBe('sandbox')
    expect(completed && 'campaign' in completed.data ? completed.data.campaign.stats : null).toMatchObject({
      total: 6,
      completed: 6,
      attempts: 6,
    })

    // Its calls' events went to the same URL, each carrying the campaign; the campaign completed after them.
    const calls = await callsOf(id)
    expect(calls).toHaveLength(6)
    const callIds = new Set(calls.map((c) => c.id))
    const finals = deliveries.filter(
      (d) => 'call' in d.event.data && callIds.has(d.event.data.call.id) && d.event.type === 'call.completed',
    )
    expect(finals).toHaveLength(6)
    for (const d of finals) {
      expect('call' in d.event.data && d.event.data.call.campaignId).toBe(id)
      expect(d.event.createdAt < (completed?.createdAt ?? '')).toBe(true)
    }
    // The ledger keeps them too, with their delivery.
    const records = (await http('GET', `/v1/events?campaignId=${id}&type=campaign.completed`)).body.data
    expect(records).toEqual([
      expect.objectContaining({
        id: completed?.id,
        callId: null,
        campaignId: id,
        type: 'campaign.completed',
      }),
    ])
  })

  it("waits at the provider's cap of 2, shared with a direct call, and never fails a contact for it", async () => {
    const health = (await http('GET', '/v1/providers/sandbox')).body.health
    expect(health.maxConcurrent).toBe(2)
    const created = await http('POST', '/v1/campaigns', {
      name: 'Capped e2e',
      agentId,
      window: ALWAYS_OPEN,
      pacing: { maxConcurrent: 10, callsPerMinute: null },
      contacts: Array.from({ length: 30 }, (_, i) => ({ to: `+1415555${String(8200 + i)}` })),
    })
    const id = created.body.id as string
    // A direct call takes one of the 2 slots and keeps it until its end is known (read or event).
    const direct = await http('POST', '/v1/calls', { agentId, to: '+14155558299' })
    expect(direct.status).toBe(201)
    expect((await http('POST', `/v1/campaigns/${id}/start`)).status).toBe(200)
    const ended = async () => (await callsOf(id)).filter((c) => c.endedAt)
    await until(async () => (await ended()).length >= 3, 20_000)
    const early = await ended()
    expect(early.length).toBeGreaterThanOrEqual(3)
    // Meanwhile the campaign had one slot: its calls never overlapped.
    expect(peakInFlight(early)).toBe(1)
    // Reading the ended direct call frees its slot: from then on the campaign uses both.
    const directCall = (await http('GET', `/v1/calls/${direct.body.id}`)).body
    expect(directCall.status).toBe('completed')
    await until(async () => (await http('GET', `/v1/campaigns/${id}`)).body.status === 'completed', 60_000)
    const done = (await http('GET', `/v1/campaigns/${id}`)).body
    expect(done.status).toBe('completed')
    // Every contact was dialed exactly once and completed: held back, never failed or retried.
    expect(done.stats).toMatchObject({ total: 30, completed: 30, failed: 0, attempts: 30 })
    for (const contact of await contactsOf(id)) {
      expect(contact.status).toBe('completed')
      expect(contact.attempts).toHaveLength(1)
    }
    // From the calls' own timestamps: never more than 2 sandbox calls at once, the direct one included.
    const calls = [...(await callsOf(id)), directCall]
    expect(calls).toHaveLength(31)
    expect(peakInFlight(calls)).toBe(2)
    // Once both slots were free, the campaign's own calls did overlap: the cap is 2, not 1.
    expect(peakInFlight(calls.slice(0, -1))).toBe(2)
  })
})
