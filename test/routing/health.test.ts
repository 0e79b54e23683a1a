import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ProviderSchema } from '../../src/contract/provider'
import type { Bindings } from '../../src/env'
import { slotExpiry } from '../../src/routing/slots'
import { RETRY_AFTER_SECONDS } from '../fakes/faulty-vendor'
import { PHONE_NUMBER } from '../fakes/vapi'
import { eventually, expectProblem, sleep } from '../helpers/api'
import { routingGateway } from './gateway'

const TO = '+14155550100'
const CALLS = /calls|dial/
const bindings = env as unknown as Bindings

describe('provider health', () => {
  it('opens after 5 failures, skips without a request, closes after one half-open trial, and opens on a 429 until its Retry-After', async () => {
    const { api, vendors, portable } = routingGateway('health-breaker', {
      env: { BREAKER_COOLDOWN_SECONDS: '1' },
    })
    const agentId = await portable(['dasha', 'oneinbox'])
    const dashaAgent = (await api('GET', `/v1/agents/${agentId}`)).body.deployments[0].agentId
    const health = async () => {
      const res = await api('GET', '/v1/providers/dasha')
      expect(res.status).toBe(200)
      return ProviderSchema.parse(res.body).health
    }
    expect(await health()).toMatchObject({ state: 'closed', consecutiveFailures: 0 })

    // Direct requests still go out to the chosen vendor, and feed its breaker.
    const dasha = vendors.get('dasha')
    dasha?.plan({ fault: 'status500', method: 'POST', path: CALLS })
    for (let i = 0; i < 5; i++) {
      expectProblem(await api('POST', '/v1/calls', { agentId: dashaAgent, to: TO }), 502, 'provider_error')
    }
    expect(dasha?.count('POST', CALLS)).toBe(5)
    const open = await health()
    expect(open).toMatchObject({
      state: 'open',
      consecutiveFailures: 5,
      lastFailure: { code: 'provider_error' },
    })
    expect(Date.parse(open.retryAt as string)).toBeGreaterThan(Date.now())

    dasha?.plan({ fault: 'none' })
    const skipped = await api('POST', '/v1/calls', { agentId, to: TO })
    expect(skipped.status, JSON.stringify(skipped.body)).toBe(201)
    expect(skipped.body.provider).toBe('oneinbox')
    expect(skipped.body.attempts[0]).toMatchObject({
      provider: 'dasha',
      outcome: 'skipped',
      reason: 'circuit_open',
    })
    expect(dasha?.requests).toEqual([])

    await sleep(1_100)
    const trial = await api('POST', '/v1/calls', { agentId, to: TO })
    expect(trial.status, JSON.stringify(trial.body)).toBe(201)
    expect(trial.body.provider).toBe('dasha')
    expect(dasha?.count('POST', CALLS)).toBe(1)
    expect(await eventually(health, (h) => h.state === 'closed')).toMatchObject({
      state: 'closed',
      consecutiveFailures: 0,
    })

    dasha?.plan({ fault: 'rate429', method: 'POST', path: CALLS })
    const limited = await api('POST', '/v1/calls', { agentId, to: TO })
    expect(limited.status).toBe(201)
    expect(limited.body.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['failed', 'placed'])
    const throttled = await health()
    expect(throttled.state).toBe('open')
    const until = Date.parse(throttled.retryAt as string) - Date.now()
    expect(until).toBeGreaterThan((RETRY_AFTER_SECONDS - 1) * 1000)
    expect(until).toBeLessThanOrEqual(RETRY_AFTER_SECONDS * 1000)
    const next = await api('POST', '/v1/calls', { agentId, to: TO })
    expect(next.body.attempts[0]).toMatchObject({ provider: 'dasha', reason: 'circuit_open' })
    expect(throttled.recent.requests).toBeGreaterThanOrEqual(7)
    expect(throttled.recent.failures).toBeGreaterThanOrEqual(6)
    expect(throttled.recent.p50Ms).not.toBeNull()

    // Every target open: 503, with the skips.
    const key = { 'idempotency-key': 'while-open' }
    const onlyDasha = await api('POST', '/v1/calls', { agentId, to: TO, providers: ['dasha'] }, key)
    expect(expectProblem(onlyDasha, 503, 'provider_unavailable').attempts?.[0]?.reason).toBe('circuit_open')
    // Nothing was sent: the same key later runs again rather than replaying the 503.
    const retried = await api('POST', '/v1/calls', { agentId, to: TO, providers: ['dasha'] }, key)
    expect(retried.headers.get('idempotency-replayed')).toBeNull()
  }, 30_000)
})

describe('concurrency slots', () => {
  it('with a cap of 2 a third routed call skips at_capacity; a final status read frees a slot; a lost one lapses at its limit', async () => {
    const { api, fakes, portable } = routingGateway('health-slots', { env: { ONEINBOX_MAX_CONCURRENT: '2' } })
    const agentId = await portable(['oneinbox', 'sandbox'])
    const placed = []
    for (let i = 0; i < 2; i++) {
      const res = await api('POST', '/v1/calls', { agentId, to: TO })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      expect(res.body.provider).toBe('oneinbox')
      placed.push(res.body.id as string)
    }
    const third = await api('POST', '/v1/calls', { agentId, to: TO })
    expect(third.body.provider).toBe('sandbox')
    expect(third.body.attempts[0]).toMatchObject({
      provider: 'oneinbox',
      outcome: 'skipped',
      reason: 'at_capacity',
    })
    const health = ProviderSchema.parse((await api('GET', '/v1/providers/oneinbox')).body).health
    expect(health).toMatchObject({ inFlight: 2, maxConcurrent: 2 })

    // The vendor ends one call; reading it frees its slot.
    const oneinbox = fakes.get('oneinbox') as unknown as { updateCall(id: string, changes: object): unknown }
    oneinbox.updateCall((placed[0] as string).slice('oneinbox_'.length), {
      status: 'completed',
      ended_at: new Date().toISOString(),
    })
    expect((await api('GET', `/v1/calls/${placed[0]}`)).body.status).toBe('completed')
    const freed = await eventually(
      async () => ProviderSchema.parse((await api('GET', '/v1/providers/oneinbox')).body).health.inFlight,
      (n) => n === 1,
    )
    expect(freed).toBe(1)
    const fourth = await api('POST', '/v1/calls', { agentId, to: TO })
    expect(fourth.body.provider).toBe('oneinbox')

    // Calls whose final status never arrives hold their slots only until their limit.
    const slots = bindings.PROVIDER_HEALTH.get(bindings.PROVIDER_HEALTH.idFromName('oneinbox'))
    await slots.releaseSlot(placed[1] as string)
    await slots.releaseSlot(fourth.body.id)
    await slots.takeSlot('lost-1', null, Date.now() + 300)
    await slots.takeSlot('lost-2', null, Date.now() + 300)
    expect((await api('POST', '/v1/calls', { agentId, to: TO })).body.attempts[0].reason).toBe('at_capacity')
    await sleep(400)
    expect((await api('POST', '/v1/calls', { agentId, to: TO })).body.provider).toBe('oneinbox')
  })

  it('a slot lasts the call’s maximum length (or 2 h) plus 10 minutes, from scheduledAt when that is over 5 minutes ahead', () => {
    const now = Date.parse('2026-11-30T12:00:00.000Z')
    const minute = 60_000
    expect(slotExpiry({ maxDurationSeconds: 600 }, now)).toBe(now + 20 * minute)
    expect(slotExpiry({}, now)).toBe(now + 130 * minute)
    const later = '2026-11-30T13:00:00.000Z'
    expect(slotExpiry({ maxDurationSeconds: 600, scheduledAt: later }, now)).toBe(
      Date.parse(later) + 20 * minute,
    )
    expect(slotExpiry({ maxDurationSeconds: 600, scheduledAt: '2026-11-30T12:04:00.000Z' }, now)).toBe(
      now + 20 * minute,
    )
  })

  it('shows the concurrency limit Vapi reports on each create as vendorLimit; providers that report none show null', async () => {
    let reported = 37
    const { api, portable } = routingGateway('health-vendor-limit', {
      // Vapi's answer to POST /call carries subscriptionLimits; the figure is set per test here.
      wrap: async (request, next) => {
        const url = new URL(request.url)
        const res = await next(request)
        if (url.host !== 'vapi.test' || request.method !== 'POST' || url.pathname !== '/call') return res
        const body = (await res.json()) as Record<string, any>
        const limits = { concurrencyBlocked: false, concurrencyLimit: reported, remainingConcurrentCalls: 3 }
        return Response.json({ ...body, subscriptionLimits: limits }, { status: res.status })
      },
    })
    const limitOf = async (provider: string) => {
      const res = await api('GET', `/v1/providers/${provider}`)
      expect(res.status).toBe(200)
      return ProviderSchema.parse(res.body).health.vendorLimit
    }
    const agentId = await portable([{ provider: 'vapi', from: PHONE_NUMBER }])
    expect((await api('POST', '/v1/calls', { agentId, to: TO })).status).toBe(201)
    expect(
      await eventually(
        () => limitOf('vapi'),
        (limit) => limit === 37,
      ),
    ).toBe(37)

    // A changed figure replaces the last one.
    reported = 12
    expect((await api('POST', '/v1/calls', { agentId, to: TO })).status).toBe(201)
    expect(
      await eventually(
        () => limitOf('vapi'),
        (limit) => limit === 12,
      ),
    ).toBe(12)

    const listed = await api('GET', '/v1/providers')
    const byId = new Map(
      listed.body.data.map((p: { id: string; health: { vendorLimit: number | null } }) => [
        p.id,
        p.health.vendorLimit,
      ]),
    )
    expect(byId.get('vapi')).toBe(12)
    for (const id of ['sandbox', 'dasha', 'oneinbox', 'happyrobot', 'retell', 'bland']) {
      expect(byId.get(id), id).toBeNull()
    }
  })
})
