import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ApiKeySchema } from '../../src/contract/key'
import { ApiKeyListSchema } from '../../src/routes/keys/keys.routes'
import { apiClient, expectProblem, sleep } from '../helpers/api'

const root = apiClient()
const db = (env as unknown as { DB: D1Database }).DB

/** A client presenting a managed key's secret instead of the root key. */
const as = (secret: string) => {
  const api = apiClient()
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    api(method, path, body, { authorization: `Bearer ${secret}`, ...headers })
}

const createKey = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const res = await root('POST', '/v1/keys', body, headers)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return ApiKeySchema.parse(res.body)
}

describe('managed keys', () => {
  it('shows the secret once; it works; only its SHA-256 digest is stored', async () => {
    const key = await createKey({ name: 'ci' })
    expect(key.secret).toMatch(/^sk_[A-Za-z0-9_-]{43}$/)
    expect(key.prefix).toBe(key.secret?.slice(0, 8))
    expect(key.id).toMatch(/^key_[0-9A-Z]{26}$/)
    expect(key.scopes).not.toContain('keys:write')
    expect(key.scopes).not.toContain('agents:import')
    expect(key.scopes).toContain('calls:write')

    const secret = key.secret as string
    const agent = await as(secret)('POST', '/v1/agents', { provider: 'sandbox', name: 'With a managed key' })
    expect(agent.status).toBe(201)

    const read = await root('GET', `/v1/keys/${key.id}`)
    expect(read.status).toBe(200)
    expect(read.body.secret).toBeUndefined()
    const list = await root('GET', '/v1/keys?limit=100')
    ApiKeyListSchema.parse(list.body)
    expect(JSON.stringify(list.body)).not.toContain(secret)
    expect(list.body.data.map((k: { id: string }) => k.id)).toContain(key.id)

    const row = await db
      .prepare('SELECT * FROM api_keys WHERE id = ?')
      .bind(key.id)
      .first<Record<string, unknown>>()
    expect(JSON.stringify(row)).not.toContain(secret)
    const digest = Array.from(
      new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret))),
      (b) => b.toString(16).padStart(2, '0'),
    ).join('')
    expect(row?.digest).toBe(digest)
  })

  it('refuses a request without the scope it needs, naming the scope', async () => {
    const key = await createKey({ name: 'reader', scopes: ['agents:read'] })
    const api = as(key.secret as string)
    expect((await api('GET', '/v1/agents')).status).toBe(200)
    const refused = expectProblem(
      await api('POST', '/v1/agents', { provider: 'sandbox', name: 'x' }),
      403,
      'forbidden',
    )
    expect(refused.detail).toContain('agents:write')
    expect(expectProblem(await api('GET', '/v1/calls'), 403, 'forbidden').detail).toContain('calls:read')
    expect(expectProblem(await api('GET', '/v1/keys'), 403, 'forbidden').detail).toContain('keys:read')
    expect(expectProblem(await api('GET', '/v1/projects'), 403, 'forbidden').detail).toContain('root')
    expect((await api('GET', '/v1/providers')).status).toBe(200)
  })

  it('refuses a provider outside the allow-list, naming it', async () => {
    const key = await createKey({ name: 'sandbox only', providers: ['sandbox'] })
    const api = as(key.secret as string)
    const refused = expectProblem(
      await api('POST', '/v1/agents', { provider: 'dasha', name: 'x' }),
      403,
      'forbidden',
    )
    expect(refused.detail).toContain('dasha')
    expect((await api('POST', '/v1/agents', { provider: 'sandbox', name: 'ok' })).status).toBe(201)
  })

  it('refuses a revoked key within 5 seconds, and an expired one', async () => {
    const key = await createKey({ name: 'short-lived' })
    const api = as(key.secret as string)
    expect((await api('GET', '/v1/agents')).status).toBe(200)
    expect((await root('DELETE', `/v1/keys/${key.id}`)).status).toBe(204)
    expectProblem(await api('GET', '/v1/agents'), 401, 'unauthorized')
    expect((await root('GET', `/v1/keys/${key.id}`)).status).toBe(404)

    // Revoked by another isolate (straight in D1): this isolate's cached lookup lapses within 5 s.
    const elsewhere = await createKey({ name: 'revoked elsewhere' })
    const other = as(elsewhere.secret as string)
    expect((await other('GET', '/v1/agents')).status).toBe(200)
    await db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ?').bind(Date.now(), elsewhere.id).run()
    const revokedAt = Date.now()
    while ((await other('GET', '/v1/agents')).status === 200) await sleep(100)
    expect(Date.now() - revokedAt).toBeLessThan(5_000)
    expectProblem(await other('GET', '/v1/agents'), 401, 'unauthorized')

    const expiring = await createKey({
      name: 'expiring',
      expiresAt: new Date(Date.now() + 1_500).toISOString(),
    })
    const soon = as(expiring.secret as string)
    expect((await soon('GET', '/v1/agents')).status).toBe(200)
    await sleep(1_600)
    expectProblem(await soon('GET', '/v1/agents'), 401, 'unauthorized')
  }, 15_000)

  it('lets exactly N of N+20 rapid requests through a limit of N per minute, then 429 with Retry-After', async () => {
    const n = 15
    const key = await createKey({ name: 'limited', rateLimit: { requestsPerMinute: n } })
    const api = as(key.secret as string)
    const answers = await Promise.all(Array.from({ length: n + 20 }, () => api('GET', '/v1/providers')))
    expect(answers.filter((a) => a.status === 200)).toHaveLength(n)
    // What the key lookup and the limiter cost shows in Server-Timing (bench/report.mjs reads it).
    const timing = answers.find((a) => a.status === 200)?.headers.get('server-timing')
    expect(timing).toMatch(/(^|, )key;dur=\d+(\.\d)?(,|$)/)
    expect(timing).toMatch(/(^|, )rate;dur=\d+(\.\d)?(,|$)/)
    const limited = answers.filter((a) => a.status === 429)
    expect(limited).toHaveLength(20)
    const problem = expectProblem(limited[0] as (typeof limited)[number], 429, 'rate_limited')
    expect(problem.provider).toBeUndefined()
    expect(Number(limited[0]?.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('never lets a managed key mint or revoke a stronger key', async () => {
    const admin = await createKey({
      name: 'project admin',
      scopes: ['keys:read', 'keys:write', 'calls:read'],
      providers: ['sandbox', 'dasha'],
      rateLimit: { requestsPerMinute: 1000 },
    })
    const api = as(admin.secret as string)
    const scope = expectProblem(
      await api('POST', '/v1/keys', { name: 'x', scopes: ['calls:write'] }),
      403,
      'forbidden',
    )
    expect(scope.detail).toContain('calls:write')
    expectProblem(await api('POST', '/v1/keys', { name: 'x', scopes: ['keys:write'] }), 403, 'forbidden')
    const provider = expectProblem(
      await api('POST', '/v1/keys', { name: 'x', scopes: ['calls:read'], providers: ['oneinbox'] }),
      403,
      'forbidden',
    )
    expect(provider.detail).toContain('oneinbox')
    expectProblem(
      await api('POST', '/v1/keys', {
        name: 'x',
        scopes: ['calls:read'],
        rateLimit: { requestsPerMinute: 5000 },
      }),
      403,
      'forbidden',
    )
    expectProblem(
      await api('POST', '/v1/keys', { name: 'x', scopes: ['calls:read'], project: 'elsewhere' }),
      403,
      'forbidden',
    )
    const weaker = await api('POST', '/v1/keys', { name: 'weaker', scopes: ['calls:read'] })
    expect(weaker.status).toBe(201)
    expect(weaker.body.providers).toEqual(['sandbox', 'dasha'])
    expect(weaker.body.rateLimit).toEqual({ requestsPerMinute: 1000 })

    const stronger = await createKey({ name: 'stronger', scopes: ['calls:write'] })
    expectProblem(await api('DELETE', `/v1/keys/${stronger.id}`), 403, 'forbidden')
    expect((await api('DELETE', `/v1/keys/${weaker.body.id}`)).status).toBe(204)
  })

  it('binds a managed key to its project: naming another is 403', async () => {
    const key = await createKey({ name: 'in acme', project: 'acme-keys' })
    expect(key.project).toBe('acme-keys')
    const api = as(key.secret as string)
    expect((await api('GET', '/v1/agents', undefined, { 'switchboard-project': 'acme-keys' })).status).toBe(
      200,
    )
    expectProblem(
      await api('GET', '/v1/agents', undefined, { 'switchboard-project': 'other' }),
      403,
      'forbidden',
    )
    expectProblem(
      await root('GET', '/v1/agents', undefined, { 'switchboard-project': 'Bad_Slug' }),
      422,
      'validation_failed',
    )
  })

  it('lists projects with counts for root keys', async () => {
    await root(
      'POST',
      '/v1/agents',
      { provider: 'sandbox', name: 'counted' },
      { 'switchboard-project': 'counted-one' },
    )
    await createKey({ name: 'k' }, { 'switchboard-project': 'counted-one' })
    await sleep(50)
    const res = await root('GET', '/v1/projects?limit=100')
    expect(res.status).toBe(200)
    const project = res.body.data.find((p: { slug: string }) => p.slug === 'counted-one')
    expect(project.counts).toEqual({ agents: 1, calls: 0, keys: 1 })
  })

  it('keeps lastUsedAt without a database write per request', async () => {
    const key = await createKey({ name: 'busy' })
    let touches = 0
    const counting = new Proxy(db, {
      get(target, prop) {
        if (prop === 'prepare') {
          return (sql: string) => {
            if (sql.includes('last_used_at = ?')) touches++
            return target.prepare(sql)
          }
        }
        const value = Reflect.get(target, prop)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    const api = apiClient({}, { DB: counting })
    for (let i = 0; i < 10; i++) {
      expect(
        (await api('GET', '/v1/providers', undefined, { authorization: `Bearer ${key.secret}` })).status,
      ).toBe(200)
    }
    expect(touches).toBe(1)
    await sleep(50)
    const read = await root('GET', `/v1/keys/${key.id}`)
    expect(Date.parse(read.body.lastUsedAt)).toBeGreaterThan(Date.parse(key.createdAt) - 1)
  })
})
