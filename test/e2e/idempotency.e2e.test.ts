// Idempotency-Key over real HTTP: `wrangler dev` and its real Durable Object, fake vendors on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CallSchema } from '../../src/contract/call'
import { ProblemSchema } from '../../src/contract/problem'
import { E2E_API_KEY, type Gateway, httpClient, startGateway } from './harness'
import { serveVendorFleet, type VendorFleet, vendorTargets } from './vendor-fleet'

const CONCURRENT = 50
let duplicateCreates = 0

describe('Idempotency-Key over real HTTP', () => {
  let fleet: VendorFleet
  let gateway: Gateway
  let http: ReturnType<typeof httpClient>
  const agents = new Map<string, string>()

  beforeAll(async () => {
    fleet = await serveVendorFleet()
    gateway = await startGateway({ ...fleet.vars, UPSTREAM_TIMEOUT_MS: '1500' })
    http = httpClient(gateway.url)
    for (const target of vendorTargets) agents.set(target.provider, await target.agentId(http))
  })
  afterAll(async () => {
    console.info(JSON.stringify({ idempotencyFigures: { duplicateCreates } }))
    await gateway?.stop()
    await fleet?.close()
  })

  describe.each(vendorTargets)('$provider', (target) => {
    const vendorOf = () =>
      fleet.vendors.get(target.provider) as NonNullable<ReturnType<VendorFleet['vendors']['get']>>
    const body = (to = '+14155550100') => ({ agentId: agents.get(target.provider), to, ...target.callExtras })

    it(`${CONCURRENT} concurrent identical creates with one key reach the vendor once`, async () => {
      const vendor = vendorOf()
      // The vendor takes its time, so every duplicate arrives while the first is still running.
      vendor.plan({ fault: 'none', method: 'POST', delayMs: 800 })
      const key = crypto.randomUUID()
      const answers = await Promise.all(
        Array.from({ length: CONCURRENT }, () =>
          http('POST', '/v1/calls', body(), { 'idempotency-key': key }),
        ),
      )
      const creates = vendor.count('POST')
      duplicateCreates += Math.max(0, creates - 1)
      expect(creates).toBe(1)
      const replayed = (a: (typeof answers)[number]) => a.headers.get('idempotency-replayed') === 'true'
      const created = answers.filter((a) => a.status === 201 && !replayed(a))
      expect(created).toHaveLength(1)
      // A duplicate that arrives while the first runs is 409; one that a loaded machine delays past
      // the first's answer is that answer, replayed. Either way nothing reaches the vendor again.
      for (const other of answers.filter((a) => a !== created[0])) {
        if (replayed(other)) {
          expect(other.status).toBe(201)
          expect(other.body).toEqual(created[0]?.body)
          continue
        }
        expect(other.status).toBe(409)
        expect(other.headers.get('content-type')).toContain('application/problem+json')
        expect(ProblemSchema.parse(other.body).code).toBe('idempotency_in_progress')
      }

      vendor.plan({ fault: 'none' })
      const replay = await http('POST', '/v1/calls', body(), { 'idempotency-key': key })
      expect(replay.status).toBe(201)
      expect(replay.headers.get('idempotency-replayed')).toBe('true')
      expect(CallSchema.parse(replay.body)).toEqual(CallSchema.parse(created[0]?.body))

      const mismatch = await http('POST', '/v1/calls', body('+14155550101'), { 'idempotency-key': key })
      expect(mismatch.status).toBe(422)
      expect(ProblemSchema.parse(mismatch.body).code).toBe('idempotency_mismatch')
      expect(vendor.count('POST')).toBe(0)
    })

    it('a client that disconnects mid-flight cannot make its claim lapse: the retry replays', async () => {
      const vendor = vendorOf()
      vendor.plan({ fault: 'none', method: 'POST', delayMs: 1_000 })
      const key = crypto.randomUUID()
      const abort = new AbortController()
      const gone = fetch(`${gateway.url}/v1/calls`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${E2E_API_KEY}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(body()),
        signal: abort.signal,
      })
      setTimeout(() => abort.abort(), 300)
      await expect(gone).rejects.toThrow()
      // Retried until the first request's answer is recorded (409 while it still runs); a lapsed
      // claim would instead let a retry through to the vendor after the lease (1.5 s + 5 s).
      let retry = await http('POST', '/v1/calls', body(), { 'idempotency-key': key })
      const until = Date.now() + 12_000
      while (retry.status === 409 && Date.now() < until) {
        await new Promise((done) => setTimeout(done, 250))
        retry = await http('POST', '/v1/calls', body(), { 'idempotency-key': key })
      }
      expect(retry.status, JSON.stringify(retry.body)).toBe(201)
      expect(retry.headers.get('idempotency-replayed')).toBe('true')
      const creates = vendor.count('POST')
      duplicateCreates += Math.max(0, creates - 1)
      expect(creates).toBe(1)
    })

    it('a retry after the vendor hung replays the 504 instead of calling again', async () => {
      const vendor = vendorOf()
      vendor.plan({ fault: 'slow', method: 'POST' })
      const key = crypto.randomUUID()
      const first = await http('POST', '/v1/calls', body(), { 'idempotency-key': key })
      expect(ProblemSchema.parse(first.body)).toMatchObject({
        code: 'provider_timeout',
        upstream: 'ambiguous',
      })
      vendor.plan({ fault: 'none' })
      const retry = await http('POST', '/v1/calls', body(), { 'idempotency-key': key })
      expect(retry.status).toBe(504)
      expect(retry.headers.get('idempotency-replayed')).toBe('true')
      expect(retry.body).toEqual(first.body)
      const creates = vendor.count('POST')
      duplicateCreates += creates
      expect(creates).toBe(0)
    })
  })
})
