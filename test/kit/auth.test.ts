import { describe, expect, it } from 'vitest'
import { createVendorClient } from '../../providers/kit/http'
import type { ProviderContext } from '../../providers/kit/types'
import { defineVendor } from '../../providers/kit/vendor'

const KEY = 'kit-auth-secret-key'

/** A context whose fetch records the headers of each request and answers `{}`. */
const recording = () => {
  const seen: Headers[] = []
  const ctx = {
    env: { ACME_API_KEY: ` ${KEY} ` },
    config: { upstreamTimeoutMs: 5_000 },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Request(input, init).headers)
      return Response.json({})
    }) as typeof fetch,
    recordUpstream: () => undefined,
  } as unknown as ProviderContext
  return { ctx, seen }
}

const acme = (auth?: Parameters<typeof defineVendor>[0]['auth']) =>
  defineVendor({
    id: 'acme',
    name: 'Acme',
    docsUrl: 'https://acme.test/docs',
    env: { apiKey: 'ACME_API_KEY', baseUrl: 'ACME_BASE_URL' },
    defaultBaseUrl: 'https://acme.test',
    ...(auth ? { auth } : {}),
  })

describe('how a vendor client presents its key', () => {
  it('sends Authorization: Bearer <key>, trimmed, when the vendor names no form', async () => {
    const { ctx, seen } = recording()
    await acme().client(ctx).post('/x', undefined)
    expect(seen[0]?.get('authorization')).toBe(`Bearer ${KEY}`)
  })

  it('sends the raw key with no scheme when the vendor says so, in the header it names', async () => {
    const { ctx, seen } = recording()
    await acme({ header: 'authorization', scheme: null }).client(ctx).post('/x', undefined)
    expect(seen[0]?.get('authorization')).toBe(KEY)
    const other = recording()
    await acme({ header: 'X-Api-Key', scheme: null }).client(other.ctx).post('/x', undefined)
    expect(other.seen[0]?.get('x-api-key')).toBe(KEY)
    expect(other.seen[0]?.has('authorization')).toBe(false)
  })

  it('sends no key header at all for `auth: null` (a capability URL of another host)', async () => {
    const { ctx, seen } = recording()
    await createVendorClient({
      provider: 'acme',
      providerName: 'Acme',
      baseUrl: 'https://control.acme.test',
      apiKey: KEY,
      auth: null,
      ctx,
    }).post('/call-1/control', undefined, { json: { type: 'end-call' } })
    expect(seen[0]?.has('authorization')).toBe(false)
    expect([...(seen[0]?.values() ?? [])].join(' ')).not.toContain(KEY)
  })
})
