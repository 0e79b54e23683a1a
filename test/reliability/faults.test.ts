import { describe, expect, it } from 'vitest'
import { ProblemSchema } from '../../src/contract/problem'
import { type Fault, RETRY_AFTER_SECONDS } from '../fakes/faulty-vendor'
import { expectProblem } from '../helpers/api'
import { EXPECTED } from './expected-faults'
import { gatewayWithFaultyVendors, vendorSecrets, vendorTargets } from './vendors'

const TIMEOUT_MS = 400

describe.each(vendorTargets)('vendor faults: $provider', (target) => {
  const setup = async (timeoutMs = TIMEOUT_MS) => {
    const gateway = gatewayWithFaultyVendors({ UPSTREAM_TIMEOUT_MS: String(timeoutMs) })
    const vendor = gateway.vendors.get(target.provider)
    if (!vendor) throw new Error(`no fake for ${target.provider}`)
    const agentId = await target.agentId(gateway.api)
    return { ...gateway, vendor, agentId, body: { agentId, to: '+14155550100', ...target.callExtras } }
  }

  it.each(Object.entries(EXPECTED))(
    'call create under %s: the exact Problem, in time, sent once',
    async (fault, expected) => {
      const { api, vendor, body } = await setup()
      vendor.plan({ fault: fault as Fault, method: 'POST' })
      const started = Date.now()
      const res = await api('POST', '/v1/calls', body)
      const elapsed = Date.now() - started
      const problem = expectProblem(res, expected.status, expected.code)
      expect(problem).toMatchObject({ provider: target.provider, upstream: expected.upstream })
      if (expected.detail) expect(problem.detail).toMatch(expected.detail)
      if (fault === 'rate429') expect(res.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS))
      for (const secret of vendorSecrets()) expect(JSON.stringify(res.body)).not.toContain(secret)
      expect(vendor.count('POST')).toBe(1)
      // A redirect is never followed: the host it names receives nothing.
      expect(vendor.redirected).toHaveLength(0)
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 1_000)
    },
  )

  it('reads: a 5xx is retried with backoff inside the budget, a long Retry-After is handed to the client', async () => {
    // A budget with room for backoff: retries must fit in its first half.
    const budget = 1_500
    const { api, vendor, body } = await setup(budget)
    const created = await api('POST', '/v1/calls', body)
    expect(created.status).toBe(201)
    const path = `/v1/calls/${created.body.id}`

    vendor.plan({ fault: 'status500', method: 'GET' })
    const started = Date.now()
    expectProblem(await api('GET', path), 502, 'provider_error')
    expect(Date.now() - started).toBeLessThan(budget)
    const failedPaths = vendor.requests.filter((r) => r.faulted === 'status500').map((r) => r.path)
    // Reads a provider makes in parallel end with the first failure: the most-retried one is the check.
    const attempts = Math.max(...failedPaths.map((path) => failedPaths.filter((p) => p === path).length))
    expect(attempts).toBeGreaterThan(1)
    expect(attempts).toBeLessThanOrEqual(3)

    vendor.plan({ fault: 'rate429', method: 'GET' })
    const limited = await api('GET', path)
    expectProblem(limited, 429, 'rate_limited')
    expect(limited.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS))
    // Not retried: no path was asked twice (a provider may read more than one thing per call).
    const limitedPaths = vendor.requests.filter((r) => r.faulted === 'rate429').map((r) => r.path)
    expect(limitedPaths.length).toBeGreaterThan(0)
    expect(new Set(limitedPaths).size).toBe(limitedPaths.length)

    vendor.plan({ fault: 'slow', method: 'GET' })
    const hung = Date.now()
    expect(expectProblem(await api('GET', path), 504, 'provider_timeout').upstream).toBe('ambiguous')
    expect(Date.now() - hung).toBeLessThan(budget + 500)
  })

  it('a key the vendor echoes in a success body is not in ?include=raw', async () => {
    const { api, vendor, body } = await setup()
    vendor.plan({ fault: 'echoKeyInAnswer' })
    const res = await api('POST', '/v1/calls?include=raw', body)
    expect(res.status).toBe(201)
    expect(res.body.providerData).toBeDefined()
    for (const secret of vendorSecrets()) expect(JSON.stringify(res.body)).not.toContain(secret)
  })

  it('a batch whose vendor fails halfway reports exactly which items were created', async () => {
    const { api, vendor, fakes, agentId } = await setup()
    const size = 250
    const calls = Array.from({ length: size }, (_, i) => ({
      to: `+1415555${String(1000 + i).padStart(4, '0')}`,
      ...target.callExtras,
    }))
    const before = new Set(fakes.get(target.provider)?.calls?.keys())

    vendor.plan({ fault: 'none' })
    vendor.plan({ fault: 'status500', method: 'POST', after: 1 })
    const res = await api('POST', '/v1/calls/batch', { agentId, calls })
    expect(res.status).toBe(200)
    const { data, created, failed } = res.body as {
      data: Array<{ index: number; call?: { id: string }; error?: unknown }>
      created: number
      failed: number
    }
    expect(data.map((d) => d.index)).toEqual(calls.map((_, i) => i))
    expect(created + failed).toBe(size)
    expect(created).toBeGreaterThan(0)
    expect(failed).toBeGreaterThan(0)
    for (const item of data.filter((d) => d.error)) {
      expect(ProblemSchema.parse(item.error)).toMatchObject({
        provider: target.provider,
        upstream: 'ambiguous',
      })
    }
    const atVendor = [...(fakes.get(target.provider)?.calls?.keys() ?? [])].filter((id) => !before.has(id))
    const reported = data.flatMap((d) => (d.call ? [d.call.id] : []))
    expect(new Set(reported)).toEqual(new Set(atVendor.map((id) => `${target.provider}_${id}`)))
  })
})
