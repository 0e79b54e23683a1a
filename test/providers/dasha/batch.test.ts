import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BULK_CHUNK_SIZE } from '../../../providers/dasha/calls'
import { BatchResultSchema } from '../../../src/contract/call'
import { createDashaFake, type FakeDasha } from '../../fakes/dasha'
import { apiClient } from '../../helpers/api'
import { AGENT_ID } from './fixtures'

const ENV = { DASHA_API_KEY: 'vendor-secret-key', DASHA_BASE_URL: 'https://dasha.test' }
const AGENT = `dasha_${AGENT_ID}`
const BULK_PATH = `/api/v1/calls/bulk?agentId=${AGENT_ID}`

let fake: FakeDasha
let api: ReturnType<typeof apiClient>
beforeEach(() => {
  fake = createDashaFake()
  api = apiClient({ fetch: fake.fetch }, ENV)
})
afterEach(() => expect(fake.violations).toEqual([]))

/** Distinct numbers, so every outcome can be matched to its item. */
const number = (i: number) => `+1415555${String(1000 + i).padStart(4, '0')}`
const items = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ to: number(i), variables: { n: i } }))
const batch = async (calls: unknown[], headers: Record<string, string> = {}) => {
  const res = await api('POST', '/v1/calls/batch', { agentId: AGENT, calls }, headers)
  expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200)
  return BatchResultSchema.parse(res.body)
}

describe('Dasha batches through the bulk endpoint', () => {
  it('sends 250 calls as bare-array chunks of 100, 100 and 50, outcomes in request order', async () => {
    const result = await batch(items(250))
    expect(result).toMatchObject({ created: 250, failed: 0 })
    const bulk = fake.requests.filter((r) => r.path === BULK_PATH)
    expect(bulk.map((r) => (r.body as unknown[]).length)).toEqual([BULK_CHUNK_SIZE, BULK_CHUNK_SIZE, 50])
    expect(fake.requests).toHaveLength(3)
    expect((bulk[1]?.body as Array<{ endpoint: string }> | undefined)?.[0]).toEqual({
      endpoint: number(100),
      additionalData: { n: 100 },
    })
    result.data.forEach((entry, i) => {
      expect(entry.index).toBe(i)
      expect('call' in entry && entry.call.to).toBe(number(i))
    })
  })

  it('sends an item with a caller id through the single endpoint, keeping its place in the order', async () => {
    const calls = [...items(3)]
    calls[1] = { ...calls[1], from: '+14155550199' } as (typeof calls)[number]
    const result = await batch(calls)
    expect(result.created).toBe(3)
    expect(fake.requests.map((r) => r.path)).toEqual([BULK_PATH, `/api/v1/calls?agentId=${AGENT_ID}`])
    expect(fake.requests[0]?.body).toHaveLength(2)
    expect(fake.requests[1]?.body).toMatchObject({
      endpoint: number(1),
      overrideOutboundConfig: { phoneNumber: '+14155550199' },
    })
    expect(result.data.map((d) => ('call' in d ? [d.call.to, d.call.from] : null))).toEqual([
      [number(0), null],
      [number(1), '+14155550199'],
      [number(2), null],
    ])
  })

  it('fails exactly the items of a chunk Dasha refuses; earlier and later chunks stay created', async () => {
    fake.fail(
      'POST',
      '/api/v1/calls/bulk',
      { status: 429, body: { title: 'Too Many Requests', status: 429, detail: 'Concurrent limit exceeded' } },
      1,
    )
    const result = await batch(items(250))
    expect(result).toMatchObject({ created: 150, failed: 100 })
    result.data.forEach((entry, i) => {
      if (i >= 100 && i < 200) {
        expect('error' in entry && entry.error).toMatchObject({
          code: 'rate_limited',
          provider: 'dasha',
          providerStatus: 429,
          upstream: 'rejected',
        })
        expect('error' in entry && entry.error.detail).toContain('Concurrent limit exceeded')
      } else {
        expect('call' in entry && entry.call.to).toBe(number(i))
      }
    })
    expect(fake.calls.size).toBe(150)
  })

  it('reports a chunk whose answer does not add up as failed and possibly created', async () => {
    fake.fail('POST', '/api/v1/calls/bulk', { status: 200, body: [] })
    const result = await batch(items(2))
    expect(result.failed).toBe(2)
    expect(result.data[0] && 'error' in result.data[0] && result.data[0].error).toMatchObject({
      code: 'provider_error',
      upstream: 'ambiguous',
    })
  })

  it('validates and polices items one by one: a bad number or a strict refusal fails alone', async () => {
    const result = await batch([
      { to: number(0) },
      { to: 'call-me-maybe' },
      { to: number(2), metadata: { crmId: 'lead_42' } },
      { to: number(3), providerOptions: { dasha: { overrideOutboundConfig: { credentialsId: 'cred-7' } } } },
    ])
    expect(result).toMatchObject({ created: 2, failed: 2 })
    const [ok, bad, refused, withCredentials] = result.data as [any, any, any, any]
    expect(ok.call.to).toBe(number(0))
    expect(bad.error).toMatchObject({ code: 'validation_failed' })
    expect(refused.error).toMatchObject({ code: 'unsupported_field', errors: [{ path: 'metadata' }] })
    expect(withCredentials.call.to).toBe(number(3))
    expect(fake.requests.map((r) => r.body)).toEqual([
      [{ endpoint: number(0) }],
      { endpoint: number(3), overrideOutboundConfig: { credentialsId: 'cred-7' } },
    ])
  })

  it('drops unsupported fields with a warning per item under lenient handling', async () => {
    const result = await batch(
      [{ to: number(0), scheduledAt: new Date(Date.now() + 60_000).toISOString() }],
      {
        prefer: 'handling=lenient',
      },
    )
    const [entry] = result.data as [any]
    expect(entry.call.warnings.map((w: { field: string }) => w.field)).toEqual(['scheduledAt'])
    expect(fake.requests[0]?.body).toEqual([{ endpoint: number(0) }])
  })
})
