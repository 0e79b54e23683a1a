import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { DeliveryMessage } from '../../src/contract/events'
import { EventSchema } from '../../src/contract/events'
import type { Bindings } from '../../src/env'
import { deliverWebhooks } from '../../src/webhooks/delivery'
import { fakeReceiver, WEBHOOK_SECRET } from '../webhooks/helpers'
import { routingGateway } from './gateway'

/** Runs the queue consumer over one message. */
async function deliver(body: DeliveryMessage, bindings: Bindings, fetchFn: typeof fetch) {
  const batch = {
    queue: 'switchboard-webhooks',
    messages: [{ id: 'm', timestamp: new Date(), attempts: 1, body, ack() {}, retry() {} }],
    ackAll() {},
    retryAll() {},
  } as unknown as MessageBatch<DeliveryMessage>
  await deliverWebhooks(batch, bindings, fetchFn)
}

describe('events of routed calls', () => {
  it("carry the portable agent, the vendor agent and the attempts; a final one frees the call's slot", async () => {
    const overrides = { WEBHOOK_SECRET, SANDBOX_MAX_CONCURRENT: '1' }
    const { api, portable } = routingGateway('routed-events', { env: overrides })
    const agentId = await portable(['sandbox'])
    const placed = await api('POST', '/v1/calls', { agentId, to: '+14155550100' })
    expect(placed.status, JSON.stringify(placed.body)).toBe(201)
    expect((await api('POST', '/v1/calls', { agentId, to: '+14155550100' })).status).toBe(503)

    // The vendor's view of the call, as its event carries it: the vendor agent as agentId.
    const { attempts: _a, targetAgentId, ...vendorCall } = placed.body
    const event = EventSchema.parse({
      id: `evt_${'a'.repeat(32)}`,
      type: 'call.completed',
      createdAt: new Date().toISOString(),
      provider: 'sandbox',
      data: { call: { ...vendorCall, agentId: targetAgentId, status: 'completed' } },
    })
    const receiver = fakeReceiver()
    const bindings = { ...(env as unknown as Bindings), ...overrides }
    await deliver({ event, destination: 'https://client.example/hooks' }, bindings, receiver.fetch)
    const delivered = receiver.received[0]?.verified as { data: { call: Record<string, unknown> } }
    expect(delivered.data.call).toMatchObject({ agentId, targetAgentId, attempts: placed.body.attempts })

    const again = await api('POST', '/v1/calls', { agentId, to: '+14155550100' })
    expect(again.status, JSON.stringify(again.body)).toBe(201)
  })

  it('of an inline target (Bland) carry the portable agent and attempts, with targetAgentId null', async () => {
    const overrides = { WEBHOOK_SECRET }
    const { api, portable } = routingGateway('routed-events-inline', { env: overrides })
    const agentId = await portable(['bland'])
    const placed = await api('POST', '/v1/calls', { agentId, to: '+14155550100' })
    expect(placed.status, JSON.stringify(placed.body)).toBe(201)
    expect(placed.body.targetAgentId).toBeNull()

    const { attempts: _a, targetAgentId: _t, ...vendorCall } = placed.body
    const event = EventSchema.parse({
      id: `evt_${'b'.repeat(32)}`,
      type: 'call.completed',
      createdAt: new Date().toISOString(),
      provider: 'bland',
      data: { call: { ...vendorCall, status: 'completed' } },
    })
    const receiver = fakeReceiver()
    const bindings = { ...(env as unknown as Bindings), ...overrides }
    await deliver({ event, destination: 'https://client.example/hooks' }, bindings, receiver.fetch)
    const delivered = receiver.received[0]?.verified as { data: { call: Record<string, unknown> } }
    expect(delivered.data.call).toMatchObject({
      agentId,
      targetAgentId: null,
      attempts: placed.body.attempts,
    })
  })
})
