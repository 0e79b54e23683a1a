// Vendor faults over real HTTP: `wrangler dev` against fault-injecting fakes on 127.0.0.1.
import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProblemSchema } from '../../src/contract/problem'
import { type Fault, RETRY_AFTER_SECONDS } from '../fakes/faulty-vendor'
import { EXPECTED } from '../reliability/expected-faults'
import { freePort, type Gateway, httpClient, serveFake, startGateway } from './harness'
import { serveVendorFleet, type VendorFleet, vendorTargets } from './vendor-fleet'

const TIMEOUT_MS = 1_500
/** wrangler dev, the Worker and the fake all add their own overhead to the vendor's budget. */
const OVERHEAD_MS = 1_500
// Over real HTTP/1.1 the framing stops a body at its Content-Length, so an understated length
// cannot carry a huge answer: that fault is a workerd-level test (test/reliability/faults.test.ts).
const faults = (
  Object.entries(EXPECTED) as Array<[keyof typeof EXPECTED, (typeof EXPECTED)[keyof typeof EXPECTED]]>
).filter(([fault]) => fault !== 'hugeLying')
const tally = { faultsInjected: {} as Record<string, number>, duplicateCreates: 0, longestHungMs: 0 }

describe('vendor faults over real HTTP', () => {
  let fleet: VendorFleet
  let gateway: Gateway
  let http: ReturnType<typeof httpClient>
  const agents = new Map<string, string>()

  /** The host a redirecting vendor points at: it must never receive a request. */
  const elsewhereHits: string[] = []
  let elsewhere: Awaited<ReturnType<typeof serveFake>>

  beforeAll(async () => {
    elsewhere = await serveFake({
      fetch: (req: Request) => {
        elsewhereHits.push(`${req.method} ${new URL(req.url).pathname}`)
        return Response.json({ id: 'stolen', status: 'queued' }, { status: 201 })
      },
    })
    fleet = await serveVendorFleet()
    for (const vendor of fleet.vendors.values()) vendor.redirectTo(`${elsewhere.url}/collect`)
    gateway = await startGateway({ ...fleet.vars, UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) })
    http = httpClient(gateway.url)
    for (const target of vendorTargets) agents.set(target.provider, await target.agentId(http))
  })
  afterAll(async () => {
    console.info(JSON.stringify({ faultFigures: tally }))
    await gateway?.stop()
    await fleet?.close()
    await elsewhere?.close()
  })

  describe.each(vendorTargets)('$provider', (target) => {
    const vendorOf = () =>
      fleet.vendors.get(target.provider) as NonNullable<ReturnType<VendorFleet['vendors']['get']>>
    const callBody = () => ({
      agentId: agents.get(target.provider),
      to: '+14155550100',
      ...target.callExtras,
    })

    it.each(faults)('POST /v1/calls under %s', async (fault, expected) => {
      const vendor = vendorOf()
      vendor.plan({ fault: fault as Fault, method: 'POST' })
      const started = Date.now()
      const res = await http('POST', '/v1/calls', callBody())
      const elapsed = Date.now() - started
      tally.faultsInjected[target.provider] = (tally.faultsInjected[target.provider] ?? 0) + 1
      if (fault === 'slow') tally.longestHungMs = Math.max(tally.longestHungMs, elapsed)

      expect(res.headers.get('content-type')).toContain('application/problem+json')
      const problem = ProblemSchema.parse(res.body)
      expect(problem).toMatchObject({
        status: expected.status,
        code: expected.code,
        provider: target.provider,
        upstream: expected.upstream,
      })
      expect(res.status).toBe(expected.status)
      if (expected.detail) expect(problem.detail).toMatch(expected.detail)
      if (fault === 'rate429') expect(res.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS))
      const creates = vendor.count('POST')
      tally.duplicateCreates += Math.max(0, creates - 1)
      expect(creates).toBe(1)
      expect(elsewhereHits).toEqual([])
      expect(elapsed).toBeLessThan(TIMEOUT_MS + OVERHEAD_MS)
      for (const secret of fleet.secrets) expect(JSON.stringify(res.body)).not.toContain(secret)
    })

    it('a hung vendor on a read: 504 in time, and not retried', async () => {
      const vendor = vendorOf()
      vendor.plan({ fault: 'none' })
      const created = await http('POST', '/v1/calls', callBody())
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      vendor.plan({ fault: 'slow', method: 'GET' })
      const started = Date.now()
      const res = await http('GET', `/v1/calls/${created.body.id}`)
      const elapsed = Date.now() - started
      tally.faultsInjected[target.provider] = (tally.faultsInjected[target.provider] ?? 0) + 1
      tally.longestHungMs = Math.max(tally.longestHungMs, elapsed)
      expect(ProblemSchema.parse(res.body)).toMatchObject({ code: 'provider_timeout', upstream: 'ambiguous' })
      expect(elapsed).toBeLessThan(TIMEOUT_MS + OVERHEAD_MS)
      const paths = vendor.requests.filter((r) => r.faulted === 'slow').map((r) => r.path)
      expect(new Set(paths).size).toBe(paths.length)
    })
  })

  it('keeps no key in the gateway log', () => {
    for (const secret of [...fleet.secrets, 'e2e-key']) expect(gateway.logs()).not.toContain(secret)
    expect(gateway.logs()).toMatch(/"msg":"request"/)
  })
})

describe('vendors that cannot be reached, measured under wrangler dev', () => {
  let gateway: Gateway
  let dropper: Server
  let http: ReturnType<typeof httpClient>

  beforeAll(async () => {
    // Accepts the connection, reads the request, then destroys the socket without a word.
    dropper = createServer((socket) => socket.once('data', () => socket.destroy()))
    await new Promise<void>((done) => dropper.listen(0, '127.0.0.1', done))
    const address = dropper.address() as { port: number }
    const closedPort = await freePort()
    gateway = await startGateway({
      DASHA_API_KEY: 'unreachable-key-1',
      DASHA_BASE_URL: `http://127.0.0.1:${closedPort}`,
      ONEINBOX_API_KEY: 'unreachable-key-2',
      ONEINBOX_BASE_URL: `http://127.0.0.1:${address.port}`,
      HAPPYROBOT_API_KEY: 'unreachable-key-3',
      HAPPYROBOT_BASE_URL: 'http://vendor.invalid',
      UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
    })
    http = httpClient(gateway.url)
  })
  afterAll(async () => {
    await gateway?.stop()
    await new Promise((done) => dropper?.close(done))
  })

  // workerd says "Network connection lost." for a refused connection and for a request dropped after
  // it was sent alike, and an opaque internal error for DNS: a write may have reached the vendor.
  it.each([
    ['dasha', 'a closed port', 'dasha_6f1c2d4e-0000-4000-8000-000000000001'],
    ['oneinbox', 'a server that drops the request', 'oneinbox_7b1e4c36-9f2a-4d1e-8c55-0a6d3f9e2b71'],
    ['happyrobot', 'a name that does not resolve', 'happyrobot_65a1b2c3d4e5f60718293a4b'],
  ])('%s at %s: reads 503 not_sent, call creates 502 ambiguous', async (provider, _what, id) => {
    const read = await http('GET', provider === 'happyrobot' ? `/v1/agents/${id}` : `/v1/calls/${id}`)
    expect(ProblemSchema.parse(read.body)).toMatchObject({
      status: 503,
      code: 'provider_unavailable',
      upstream: 'not_sent',
      provider,
    })
    const extras =
      provider === 'happyrobot'
        ? { from: '65a1b2c3d4e5f60718293a4c' }
        : provider === 'oneinbox'
          ? { from: '+14155550199' }
          : {}
    const agentId =
      provider === 'oneinbox'
        ? 'oneinbox_3c90c3cc-0d44-4b50-8888-8dd25736052a'
        : provider === 'dasha'
          ? 'dasha_6f1c2d4e-0000-4000-8000-000000000001'
          : id
    const write = await http('POST', '/v1/calls', { agentId, to: '+14155550100', ...extras })
    expect(ProblemSchema.parse(write.body), JSON.stringify(write.body)).toMatchObject({
      status: 502,
      code: 'provider_error',
      upstream: 'ambiguous',
      provider,
    })
  })
})
