import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { providers } from '../../providers/registry'
import { createApp } from '../../src/app'
import type { Bindings } from '../../src/env'
import type { IdempotencyStore } from '../../src/idempotency/store'
import { type FaultyVendor, faultyVendor } from '../fakes/faulty-vendor'
import { AUTH, apiClient, eventually, expectProblem } from '../helpers/api'
import { WIRE_KEY, wireProvider, wireVendor } from './wire-vendor'

const CALLS = /\/calls$/

function setup(timeoutMs = 2_000) {
  const inner = wireVendor()
  const vendor: FaultyVendor = faultyVendor(inner.app, WIRE_KEY)
  // A slow create keeps the first request running while its duplicates arrive.
  const slowly = async (input: RequestInfo | URL, init?: RequestInit) => {
    await new Promise((done) => setTimeout(done, 150))
    return vendor.fetch(input, init)
  }
  const api = apiClient(
    { providers: [...providers, wireProvider], fetch: slowly },
    { UPSTREAM_TIMEOUT_MS: String(timeoutMs) },
  )
  return { api, vendor }
}

const key = () => `key-${crypto.randomUUID()}`
const call = { agentId: 'wire_a1', to: '+14155550100' }

describe('Idempotency-Key', () => {
  it('sends one create to the vendor for 50 concurrent identical requests, and replays its answer', async () => {
    const { api, vendor } = setup()
    const k = key()
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => api('POST', '/v1/calls', call, { 'idempotency-key': k })),
    )
    expect(vendor.count('POST', CALLS)).toBe(1)
    const created = answers.filter((a) => a.status === 201)
    const busy = answers.filter((a) => a.status === 409)
    expect(created).toHaveLength(1)
    expect(busy).toHaveLength(49)
    for (const b of busy) expect(expectProblem(b, 409, 'idempotency_in_progress').retryable).toBe(true)

    const again = await api('POST', '/v1/calls', call, { 'idempotency-key': k })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotency-replayed')).toBe('true')
    expect(again.headers.get('content-type')).toContain('application/json')
    expect(again.body).toEqual(created[0]?.body)
    expect(vendor.count('POST', CALLS)).toBe(1)
  })

  it('refuses the same key with a different body, and keeps the first answer', async () => {
    const { api, vendor } = setup()
    const k = key()
    const first = await api('POST', '/v1/calls', call, { 'idempotency-key': k })
    expect(first.status).toBe(201)
    const other = await api('POST', '/v1/calls', { ...call, to: '+14155550101' }, { 'idempotency-key': k })
    expectProblem(other, 422, 'idempotency_mismatch')
    const elsewhere = await api(
      'POST',
      '/v1/calls/batch',
      { agentId: 'wire_a1', calls: [{ to: call.to }] },
      {
        'idempotency-key': k,
      },
    )
    expectProblem(elsewhere, 422, 'idempotency_mismatch')
    expect(vendor.count('POST', CALLS)).toBe(1)
  })

  it('replays the same parameters however the JSON is spelled: key order, whitespace, escapes', async () => {
    const { api, vendor } = setup()
    const k = key()
    const first = await api('POST', '/v1/calls', '{"agentId":"wire_a1","to":"+14155550100"}', {
      'idempotency-key': k,
    })
    expect(first.status).toBe(201)
    const spellings = [
      '{"to":"+14155550100","agentId":"wire_a1"}',
      '{ "agentId" : "wire_a1" ,\n  "to": "+14155550100" }',
      '{"agentId":"wire_a1","to":"\\u002b14155550100"}',
      '{"agentId":"wire\\u005fa1","to":"+14155550100"}',
    ]
    for (const text of spellings) {
      const again = await api('POST', '/v1/calls', text, { 'idempotency-key': k })
      expect(again.status, text).toBe(201)
      expect(again.headers.get('idempotency-replayed'), text).toBe('true')
      expect(again.body).toEqual(first.body)
    }
    const different = await api('POST', '/v1/calls', '{"to":"+14155550101","agentId":"wire_a1"}', {
      'idempotency-key': k,
    })
    expectProblem(different, 422, 'idempotency_mismatch')
    expect(vendor.count('POST', CALLS)).toBe(1)
  })

  it('stores the Problem, not the answer, when a vendor answers past the size cap', async () => {
    const { api, vendor } = setup()
    const k = key()
    vendor.plan({ fault: 'huge', method: 'POST', path: CALLS })
    const first = await api('POST', '/v1/calls', call, { 'idempotency-key': k })
    expectProblem(first, 502, 'provider_error')
    expect(vendor.count('POST', CALLS)).toBe(1)
    vendor.plan({ fault: 'none' })
    const retry = await api('POST', '/v1/calls', call, { 'idempotency-key': k })
    expect(retry.headers.get('idempotency-replayed')).toBe('true')
    expect(retry.body).toEqual(first.body)
    expect(JSON.stringify(retry.body).length).toBeLessThan(2_000)
    expect(vendor.count('POST', CALLS)).toBe(0)
  })

  it('scopes keys to the gateway key that sent them', async () => {
    const { api, vendor } = setup()
    const k = key()
    expect((await api('POST', '/v1/calls', call, { 'idempotency-key': k })).status).toBe(201)
    const other = await api('POST', '/v1/calls', call, {
      'idempotency-key': k,
      authorization: 'Bearer test-key-2',
    })
    expect(other.status).toBe(201)
    expect(other.headers.get('idempotency-replayed')).toBeNull()
    expect(vendor.count('POST', CALLS)).toBe(2)
  })

  it('releases the key when the request was refused before any vendor could act', async () => {
    const { api, vendor } = setup()
    const k = key()
    const bad = await api('POST', '/v1/calls', { ...call, to: 'not a number' }, { 'idempotency-key': k })
    expectProblem(bad, 422, 'validation_failed')
    const fixed = await api('POST', '/v1/calls', call, { 'idempotency-key': k })
    expect(fixed.status).toBe(201)
    expect(vendor.count('POST', CALLS)).toBe(1)

    const k2 = key()
    vendor.plan({ fault: 'rate429', method: 'POST', path: CALLS })
    expectProblem(await api('POST', '/v1/calls', call, { 'idempotency-key': k2 }), 429, 'rate_limited')
    vendor.plan({ fault: 'none' })
    const later = await api('POST', '/v1/calls', call, { 'idempotency-key': k2 })
    expect(later.status).toBe(201)
    expect(later.headers.get('idempotency-replayed')).toBeNull()
  })

  it('stores an ambiguous answer, so a retry after a vendor timeout never creates a second call', async () => {
    const { api, vendor } = setup(400)
    const k = key()
    vendor.plan({ fault: 'slow', method: 'POST', path: CALLS })
    const first = await api('POST', '/v1/calls', call, { 'idempotency-key': k })
    expect(expectProblem(first, 504, 'provider_timeout').upstream).toBe('ambiguous')
    const retry = await api('POST', '/v1/calls', call, { 'idempotency-key': k })
    expect(retry.status).toBe(504)
    expect(retry.headers.get('idempotency-replayed')).toBe('true')
    expect(retry.headers.get('content-type')).toContain('application/problem+json')
    expect(retry.body).toEqual(first.body)
    expect(vendor.count('POST', CALLS)).toBe(1)
  })

  it('records the answer through waitUntil: a client that disconnects cannot make the claim lapse', async () => {
    const vendor = faultyVendor(wireVendor().app, WIRE_KEY)
    vendor.plan({ fault: 'none', method: 'POST', path: CALLS, delayMs: 300 })
    const app = createApp({ providers: [...providers, wireProvider], fetch: vendor.fetch })
    const bindings = { ...(env as unknown as Bindings), UPSTREAM_TIMEOUT_MS: '2000' }
    // When its client disconnects, the edge cancels the request and keeps only what waitUntil holds.
    const kept: Promise<unknown>[] = []
    const edge = { waitUntil: (work: Promise<unknown>) => kept.push(work), passThroughOnException() {} }
    const k = key()
    const request = new Request('http://gateway.test/v1/calls', {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json', 'idempotency-key': k },
      body: JSON.stringify(call),
    })
    void app.fetch(request, bindings, edge as unknown as ExecutionContext)
    await eventually(
      async () => vendor.count('POST', CALLS),
      (n) => n === 1,
    )
    // The client is gone: only the kept work runs to its end.
    await Promise.all(kept)
    const retry = await apiClient({ providers: [...providers, wireProvider], fetch: vendor.fetch })(
      'POST',
      '/v1/calls',
      call,
      { 'idempotency-key': k },
    )
    expect(retry.status, JSON.stringify(retry.body)).toBe(201)
    expect(retry.headers.get('idempotency-replayed')).toBe('true')
    expect(vendor.count('POST', CALLS)).toBe(1)
  })

  it('protects agent creation and batches the same way', async () => {
    const { api, vendor } = setup()
    const k = key()
    const agent = { provider: 'wire', name: 'Ada' }
    const first = await api('POST', '/v1/agents', agent, { 'idempotency-key': k })
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    const again = await api('POST', '/v1/agents', agent, { 'idempotency-key': k })
    expect(again.body).toEqual(first.body)
    expect(vendor.count('POST', /\/agents$/)).toBe(1)

    const batch = { agentId: 'wire_a1', calls: [{ to: '+14155550100' }, { to: '+14155550101' }] }
    const kb = key()
    const b1 = await api('POST', '/v1/calls/batch', batch, { 'idempotency-key': kb })
    const b2 = await api('POST', '/v1/calls/batch', batch, { 'idempotency-key': kb })
    expect(b1.status).toBe(200)
    expect(b2.headers.get('idempotency-replayed')).toBe('true')
    expect(b2.body).toEqual(b1.body)
    expect(vendor.count('POST', CALLS)).toBe(2)
  })

  it('replays the sandbox too, and refuses a key outside 1–255 characters', async () => {
    const api = apiClient()
    const agent = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Idem' })
    const k = key()
    const body = { agentId: agent.body.id, to: '+14155550100' }
    const first = await api('POST', '/v1/calls', body, { 'idempotency-key': k })
    const second = await api('POST', '/v1/calls', body, { 'idempotency-key': k })
    expect(first.status).toBe(201)
    expect(second.body.id).toBe(first.body.id)
    const tooLong = await api('POST', '/v1/calls', body, { 'idempotency-key': 'k'.repeat(256) })
    expect(expectProblem(tooLong, 422, 'validation_failed').errors?.[0]?.path).toBe('Idempotency-Key')
  })

  it('replays a 1,000-call batch answer larger than one stored chunk, byte for byte', async () => {
    const api = apiClient()
    const agent = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Bulk' })
    const calls = Array.from({ length: 1000 }, (_, i) => ({
      to: '+14155550100',
      metadata: { row: i, note: 'n'.repeat(200) },
    }))
    const k = key()
    const first = await api(
      'POST',
      '/v1/calls/batch?include=raw',
      { agentId: agent.body.id, calls },
      { 'idempotency-key': k },
    )
    expect(first.status).toBe(200)
    expect(JSON.stringify(first.body).length).toBeGreaterThan(500_000)
    const again = await api(
      'POST',
      '/v1/calls/batch?include=raw',
      { agentId: agent.body.id, calls },
      { 'idempotency-key': k },
    )
    expect(again.headers.get('idempotency-replayed')).toBe('true')
    expect(again.body).toEqual(first.body)
  })
})

describe('IdempotencyStore', () => {
  const stub = (name: string) => {
    const ns = (env as unknown as Bindings).IDEMPOTENCY
    return ns.get(ns.idFromName(name))
  }

  it('lets a claim whose request crashed lapse after its lease, and renewals keep a live one', async () => {
    // Renewed at 0.6 of the lease and checked at 1.2, past the first lease: only the renewal holds it.
    // The margins are fractions of the lease, so a loaded machine has room between steps.
    const LEASE_MS = 1_500
    const store = stub(`lease-${crypto.randomUUID()}`)
    const first = await store.claim('k', 'fp', LEASE_MS)
    expect(first.outcome).toBe('claimed')
    expect((await store.claim('k', 'fp', LEASE_MS)).outcome).toBe('in_progress')
    await new Promise((done) => setTimeout(done, LEASE_MS * 0.6))
    if (first.outcome === 'claimed') expect(await store.renew('k', first.token, LEASE_MS)).toBe(true)
    await new Promise((done) => setTimeout(done, LEASE_MS * 0.6))
    expect((await store.claim('k', 'fp', LEASE_MS)).outcome).toBe('in_progress')
    // No renewal any more, as after a crash: the key is free again once the lease has passed.
    await new Promise((done) => setTimeout(done, LEASE_MS * 1.2))
    const retaken = await store.claim('k', 'fp', LEASE_MS)
    expect(retaken.outcome).toBe('claimed')
    if (first.outcome === 'claimed') expect(await store.renew('k', first.token, LEASE_MS)).toBe(false)
  })

  it('forgets finished answers when they expire, by alarm', async () => {
    const store = stub(`expiry-${crypto.randomUUID()}`)
    const claim = await store.claim('k', 'fp', 1_000)
    if (claim.outcome !== 'claimed') throw new Error('expected a claim')
    await store.complete('k', 'fp', claim.token, { status: 201, headers: {}, body: '{}' }, 300)
    expect((await store.claim('k', 'fp', 1_000)).outcome).toBe('replay')
    await new Promise((done) => setTimeout(done, 350))
    // The alarm may already have fired on its own; if it is still pending, run it now.
    await runDurableObjectAlarm(store)
    const rows = await runInDurableObject(
      store,
      (_instance: IdempotencyStore, state) =>
        state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM requests').one().n,
    )
    expect(rows).toBe(0)
  })
})
