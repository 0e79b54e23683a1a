// The console's sign-in and sessions, in workerd: cookie flags, key re-checks, Origin, sign-out, idle expiry.
import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import {
  findSession,
  SESSION_IDLE_MS,
  SWEEP_LIMIT,
  startSession,
  sweepExpiredSessions,
} from '../../src/console/sessions'
import { ApiKeySchema } from '../../src/contract/key'
import type { Bindings } from '../../src/env'
import worker from '../../src/index'
import { keyDigest } from '../../src/middleware/auth'
import { apiClient, KEY } from '../helpers/api'

const app = createApp()
const bindings = env as unknown as Bindings
const db = bindings.DB
const root = apiClient()
const ORIGIN = 'http://localhost'

async function console_(path: string, init: RequestInit & { cookie?: string } = {}, origin = ORIGIN) {
  const headers = new Headers(init.headers)
  if (init.cookie) headers.set('cookie', init.cookie)
  return app.request(`${origin}${path}`, { ...init, headers, redirect: 'manual' }, bindings)
}

async function signIn(key: string, origin = ORIGIN) {
  const res = await console_(
    '/console/sign-in',
    {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key }).toString(),
    },
    origin,
  )
  const setCookie = res.headers.get('set-cookie') ?? ''
  return { res, setCookie, cookie: setCookie.split(';')[0] ?? '' }
}

const createKey = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const res = await root('POST', '/v1/keys', body, headers)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return ApiKeySchema.parse(res.body)
}

describe('console sign-in', () => {
  it('refuses a wrong key with a clear message and sets no cookie', async () => {
    const { res, setCookie } = await signIn('sk_not_a_real_key')
    expect(res.status).toBe(401)
    expect(setCookie).toBe('')
    const html = await res.text()
    expect(html).toContain('That key was refused')
    expect(html).not.toContain('sk_not_a_real_key')
  })

  it('signs in with a root key: an opaque HttpOnly SameSite=Strict cookie, no key in it or in the database', async () => {
    const { res, setCookie, cookie } = await signIn(KEY)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/console/calls')
    expect(setCookie).toMatch(/^sb_console=[A-Za-z0-9_-]{43};/)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
    expect(setCookie).toContain('Path=/console')
    // Loopback serves plain http (npm start), so the cookie cannot be Secure there.
    expect(setCookie).not.toContain('Secure')
    expect(setCookie).not.toContain(KEY)

    const token = cookie.split('=')[1] as string
    const rows = await db.prepare('SELECT * FROM console_sessions').all()
    const stored = JSON.stringify(rows.results)
    expect(stored).not.toContain(KEY)
    expect(stored).not.toContain(token)
    expect(stored).toContain(await keyDigest(KEY))

    const page = await console_('/console/calls', { cookie })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<h1>Calls</h1>')
    expect(html).not.toContain(KEY)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(page.headers.get('cache-control')).toBe('no-store')
  })

  it('marks the cookie Secure off loopback', async () => {
    const origin = 'https://console.example.com'
    const { res, setCookie } = await signIn(KEY, origin)
    expect(res.status).toBe(303)
    expect(setCookie).toContain('Secure')
  })

  it('sends a page request without a session to the sign-in page', async () => {
    const res = await console_('/console/keys')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/console/sign-in')
  })

  it('/v1 never accepts the session cookie', async () => {
    const { cookie } = await signIn(KEY)
    const res = await app.request('http://localhost/v1/calls', { headers: { cookie } }, bindings)
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
  })

  it('refuses a state change from another origin or without one', async () => {
    const { cookie } = await signIn(KEY)
    for (const origin of ['https://evil.example', undefined]) {
      const res = await console_('/console/sign-out', {
        method: 'POST',
        cookie,
        headers: origin ? { origin } : {},
      })
      expect(res.status).toBe(403)
      expect(await res.text()).toContain('Origin')
    }
    // The session survived both refused sign-outs.
    expect((await console_('/console/calls', { cookie })).status).toBe(200)
  })

  it('signs out server-side: the old cookie opens nothing afterwards', async () => {
    const { cookie } = await signIn(KEY)
    const out = await console_('/console/sign-out', { method: 'POST', cookie, headers: { origin: ORIGIN } })
    expect(out.status).toBe(303)
    expect(out.headers.get('location')).toBe('/console/sign-in?session=out')
    const again = await console_('/console/calls', { cookie })
    expect(again.status).toBe(303)
    expect(again.headers.get('location')).toContain('/console/sign-in')
  })

  it('a revoked managed key ends its sessions', async () => {
    const key = await createKey({ name: 'console user', scopes: ['calls:read'] })
    const { res, cookie } = await signIn(key.secret as string)
    expect(res.status).toBe(303)
    expect((await console_('/console/calls', { cookie })).status).toBe(200)
    expect((await root('DELETE', `/v1/keys/${key.id}`)).status).toBe(204)
    const after = await console_('/console/calls', { cookie })
    expect(after.status).toBe(303)
    expect(after.headers.get('location')).toBe('/console/sign-in?session=ended')
  })

  it('shows what the key may see: a missing scope is the API’s own 403, named', async () => {
    const key = await createKey({ name: 'calls only', scopes: ['calls:read'] })
    const { cookie } = await signIn(key.secret as string)
    const usage = await console_('/console/usage', { cookie })
    expect(usage.status).toBe(403)
    expect(await usage.text()).toContain('usage:read')
    const keys = await console_('/console/keys', { cookie })
    const html = await keys.text()
    expect(html).toContain('keys:read')
    expect(html).toContain('lacks keys:write')
    expect(html).not.toContain('Create key')
  })

  it('a root key picks its project; a managed key stays in its own', async () => {
    const { cookie } = await signIn(KEY)
    const moved = await console_('/console/project', {
      method: 'POST',
      cookie,
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'project=console-other',
    })
    expect(moved.status).toBe(303)
    const page = await (await console_('/console/calls', { cookie })).text()
    expect(page).toContain('value="console-other"')

    const managed = await createKey({ name: 'own project' })
    const signed = await signIn(managed.secret as string)
    const refused = await console_('/console/project', {
      method: 'POST',
      cookie: signed.cookie,
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'project=console-other',
    })
    expect(refused.status).toBe(403)
  })
})

describe('console routes', () => {
  it('are not part of the API: the OpenAPI document lists no /console path', async () => {
    const doc = (await (await app.request('http://localhost/openapi.json', {}, bindings)).json()) as {
      paths: Record<string, unknown>
    }
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10)
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/console'))).toEqual([])
  })
})

describe('console sessions', () => {
  it('end after 12 hours idle, and a read keeps them alive', async () => {
    const start = Date.now()
    const token = await startSession(db, { keyDigest: 'a'.repeat(64), keyId: null, project: 'default' })
    expect(await findSession(db, token, start + SESSION_IDLE_MS / 2)).not.toBeNull()
    // The read above moved last_seen_at, so the idle clock restarted there.
    expect(await findSession(db, token, start + SESSION_IDLE_MS)).not.toBeNull()
    expect(await findSession(db, token, start + SESSION_IDLE_MS * 2 + 1)).toBeNull()
    // Ended for good: even an earlier clock finds nothing now.
    expect(await findSession(db, token, start)).toBeNull()
  })
})

describe('expired console sessions', () => {
  const EXPIRED = 'expired-session-marker'
  async function expire(count: number, now: number) {
    const insert = db.prepare(
      'INSERT INTO console_sessions (id, key_digest, key_id, project, created_at, last_seen_at) VALUES (?, ?, NULL, ?, ?, ?)',
    )
    const old = now - SESSION_IDLE_MS - 60_000
    await db.batch(
      Array.from({ length: count }, () => insert.bind(crypto.randomUUID(), EXPIRED, 'default', old, old)),
    )
  }
  const left = async () =>
    (
      await db
        .prepare('SELECT COUNT(*) AS n FROM console_sessions WHERE key_digest = ?')
        .bind(EXPIRED)
        .first<{ n: number }>()
    )?.n

  it('are swept while the console is in use, a bounded batch with each session’s once-a-minute touch', async () => {
    const now = Date.now()
    await sweepExpiredSessions(db, now)
    const token = await startSession(db, { keyDigest: 'b'.repeat(64), keyId: null, project: 'default' }, now)
    await expire(SWEEP_LIMIT + 5, now)
    // A read within the minute writes nothing, so it sweeps nothing.
    expect(await findSession(db, token, now + 1_000)).not.toBeNull()
    expect(await left()).toBe(SWEEP_LIMIT + 5)
    // The next minute's touch sweeps one bounded batch, the one after the rest.
    expect(await findSession(db, token, now + 61_000)).not.toBeNull()
    expect(await left()).toBe(5)
    expect(await findSession(db, token, now + 122_000)).not.toBeNull()
    expect(await left()).toBe(0)
  })

  it('are swept by the daily cron, batch after bounded batch until none is left; live ones are kept', async () => {
    const now = Date.now()
    const token = await startSession(db, { keyDigest: 'c'.repeat(64), keyId: null, project: 'default' }, now)
    await expire(SWEEP_LIMIT * 2 + 30, now)
    const ctx = createExecutionContext()
    await worker.scheduled(createScheduledController({ scheduledTime: now }), bindings, ctx)
    await waitOnExecutionContext(ctx)
    expect(await left()).toBe(0)
    await expire(3, now)
    expect(await sweepExpiredSessions(db, now)).toBe(3)
    expect(await findSession(db, token, now)).not.toBeNull()
  })
})
