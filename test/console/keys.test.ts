// The console's Keys page, in workerd: a created key's secret is shown once, after a redirect, and a
// reload neither shows it again nor creates another key.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import type { Bindings } from '../../src/env'
import { apiClient, KEY } from '../helpers/api'

const app = createApp()
const bindings = env as unknown as Bindings
const root = apiClient()
const ORIGIN = 'http://localhost'
const FORM = { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }
const PROJECT = 'console-keys'

async function page(path: string, cookie: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers)
  headers.set('cookie', cookie)
  return app.request(`${ORIGIN}${path}`, { ...init, headers, redirect: 'manual' }, bindings)
}

async function signIn(key: string) {
  const res = await app.request(
    `${ORIGIN}/console/sign-in`,
    { method: 'POST', headers: FORM, body: new URLSearchParams({ key }).toString(), redirect: 'manual' },
    bindings,
  )
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
}

const liveKeys = async () =>
  (await root('GET', '/v1/keys?limit=100', undefined, { 'switchboard-project': PROJECT })).body.data as {
    name: string
  }[]

describe('console Keys page', () => {
  it('creates a key by POST → redirect → GET: the secret shows once, a reload shows nothing and creates nothing', async () => {
    const cookie = await signIn(KEY)
    await page('/console/project', cookie, { method: 'POST', headers: FORM, body: `project=${PROJECT}` })
    const before = (await liveKeys()).length

    const posted = await page('/console/keys', cookie, {
      method: 'POST',
      headers: FORM,
      body: 'name=flash+test&scopes=calls%3Aread',
    })
    expect(posted.status).toBe(303)
    expect(posted.headers.get('location')).toBe('/console/keys')
    // The redirect itself carries no secret.
    expect(await posted.text()).not.toContain('sk_')

    const shown = await (await page('/console/keys', cookie)).text()
    const secret = shown.match(/id="secret-value" readonly="" value="(sk_[^"]+)"/)?.[1]
    expect(secret).toMatch(/^sk_/)
    expect(shown).toContain('Key “flash test” created')
    // Sealed while it waited: the sessions table never held the secret in the clear.
    const rows = JSON.stringify((await bindings.DB.prepare('SELECT * FROM console_sessions').all()).results)
    expect(rows).not.toContain(secret)

    const reloaded = await (await page('/console/keys', cookie)).text()
    expect(reloaded).not.toContain(secret)
    expect(reloaded).not.toContain('secret-value')
    expect(reloaded).toContain('flash test')
    const after = await liveKeys()
    expect(after).toHaveLength(before + 1)
    expect(after.filter((k) => k.name === 'flash test')).toHaveLength(1)

    // The secret shown is the live key.
    expect((await root('GET', '/v1/calls', undefined, { authorization: `Bearer ${secret}` })).status).toBe(
      200,
    )
  })

  it('shows a flash only to the session it was made for', async () => {
    const mine = await signIn(KEY)
    const theirs = await signIn(KEY)
    const posted = await page('/console/keys', mine, {
      method: 'POST',
      headers: FORM,
      body: 'name=mine+only',
    })
    expect(posted.status).toBe(303)
    expect(await (await page('/console/keys', theirs)).text()).not.toContain('secret-value')
    expect(await (await page('/console/keys', mine)).text()).toContain('secret-value')
  })
})
