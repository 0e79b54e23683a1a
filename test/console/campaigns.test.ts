// The console's Campaigns pages, in workerd: list, progress and counts, contacts paged, the live
// fragment, and pause / resume / cancel through the public API's rules (Origin, scopes, project).
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

async function page(path: string, cookie: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers)
  headers.set('cookie', cookie)
  return app.request(`${ORIGIN}${path}`, { ...init, headers, redirect: 'manual' }, bindings)
}

async function signIn(key: string, project?: string) {
  const res = await app.request(
    `${ORIGIN}/console/sign-in`,
    { method: 'POST', headers: FORM, body: new URLSearchParams({ key }).toString(), redirect: 'manual' },
    bindings,
  )
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  if (project) {
    const moved = await page('/console/project', cookie, {
      method: 'POST',
      headers: FORM,
      body: `project=${project}`,
    })
    expect(moved.status).toBe(303)
  }
  return cookie
}

const number = (i: number) => `+1415556${String(i).padStart(4, '0')}`

/** A running campaign whose contacts wait (it starts in an hour), so its figures hold still. */
async function runningCampaign(project: string, contacts: number, name = 'Renewals') {
  const api = (method: string, path: string, body?: unknown) =>
    root(method, path, body, { 'switchboard-project': project })
  const agent = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Console campaign agent' })
  expect(agent.status).toBe(201)
  const created = await api('POST', '/v1/campaigns', {
    name,
    agentId: agent.body.id,
    startAt: new Date(Date.now() + 3_600_000).toISOString(),
    contacts: Array.from({ length: contacts }, (_, i) => ({ to: number(i), ref: `crm-${i}` })),
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const started = await api('POST', `/v1/campaigns/${created.body.id}/start`)
  expect(started.body.status).toBe('running')
  return created.body.id as string
}

describe('console Campaigns pages', () => {
  it('lists the project’s campaigns with their status and progress, readable without script', async () => {
    const id = await runningCampaign('console-cmp-list', 3)
    const cookie = await signIn(KEY, 'console-cmp-list')
    const res = await page('/console/campaigns', cookie)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<a href="/console/campaigns" aria-current="page">Campaigns</a>')
    expect(html).toContain(`href="/console/campaigns/${id}"`)
    expect(html).toContain('Renewals')
    expect(html).toContain('<span class="badge s-running">running</span>')
    expect(html).toMatch(/<progress[^>]*max="3"[^>]*value="0"/)
    expect(html).toContain('0 of 3 done (0%)')
    // A campaign still running: the page polls its rows, which render like the page's.
    expect(html).toContain('data-poll="/console/campaigns/rows"')
    const rows = await page('/console/campaigns/rows', cookie)
    expect(rows.status).toBe(200)
    const fragment = await rows.text()
    expect(fragment).toContain(`<tr data-campaign="${id}">`)
    expect(fragment).not.toContain('<html')
    expect(fragment).not.toContain('data-final')

    // Another project's console sees none of it.
    const other = await signIn(KEY, 'console-cmp-elsewhere')
    const elsewhere = await (await page('/console/campaigns', other)).text()
    expect(elsewhere).not.toContain(id)
    expect(elsewhere).toContain('No campaigns yet')
    const direct = await page(`/console/campaigns/${id}`, other)
    expect(direct.status).toBe(404)
    expect(await direct.text()).toContain('No campaign')
  })

  it('shows a campaign’s counts and contacts, paged, and a status filter', async () => {
    const id = await runningCampaign('console-cmp-page', 25)
    const cookie = await signIn(KEY, 'console-cmp-page')
    const res = await page(`/console/campaigns/${id}`, cookie)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<dd data-count="total">25</dd>')
    expect(html).toContain('0 of 25 done (0%)')
    expect(html).toContain(`data-poll="/console/campaigns/${id}/live"`)
    expect(html.match(/<tr data-contact=/g)).toHaveLength(20)
    expect(html).toContain(number(0))
    expect(html).not.toContain(number(24))
    const next = html.match(/href="([^"]+)">Next contacts</)?.[1]?.replaceAll('&amp;', '&')
    expect(next).toMatch(new RegExp(`^/console/campaigns/${id}\\?cursor=`))
    const second = await (await page(next as string, cookie)).text()
    expect(second.match(/<tr data-contact=/g)).toHaveLength(5)
    expect(second).toContain(number(24))
    expect(second).toContain('First page of contacts')
    // The live fragment polls the same page of contacts.
    expect(second).toContain(`/console/campaigns/${id}/live?cursor=`)

    const none = await (await page(`/console/campaigns/${id}?status=completed`, cookie)).text()
    expect(none).toContain('No contacts in this status.')
    const bad = await page(`/console/campaigns/${id}?status=bogus`, cookie)
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('status')
  })

  it('pauses, resumes and cancels through the API; the live fragment follows; a stale action shows the API’s 409', async () => {
    const id = await runningCampaign('console-cmp-act', 2)
    const cookie = await signIn(KEY, 'console-cmp-act')
    const act = (action: string, origin = ORIGIN) =>
      page(`/console/campaigns/${id}/${action}`, cookie, { method: 'POST', headers: { ...FORM, origin } })
    const live = async () => {
      const res = await page(`/console/campaigns/${id}/live`, cookie)
      expect(res.status).toBe(200)
      return res.text()
    }
    expect(await live()).toContain('>Pause</button>')

    // Another origin cannot act for the signed-in user.
    expect((await act('pause', 'https://evil.example')).status).toBe(403)
    expect(await live()).toContain('s-running')

    const paused = await act('pause')
    expect(paused.status).toBe(303)
    expect(paused.headers.get('location')).toBe(`/console/campaigns/${id}?done=pause`)
    const pausedPage = await (await page(paused.headers.get('location') as string, cookie)).text()
    expect(pausedPage).toContain('Paused: no new calls are placed')
    expect(pausedPage).toContain('<span class="badge s-paused">paused</span>')
    const pausedLive = await live()
    expect(pausedLive).toContain('>Resume</button>')
    expect(pausedLive).not.toContain('>Pause</button>')

    expect((await act('resume')).status).toBe(303)
    expect(await live()).toContain('s-running')

    expect((await act('cancel')).status).toBe(303)
    const canceledLive = await live()
    expect(canceledLive).toContain('<span class="badge s-canceled">canceled</span>')
    expect(canceledLive).toContain('<dd data-count="canceled">2</dd>')
    expect(canceledLive).toContain('2 of 2 done (100%)')
    expect(canceledLive).toContain('data-final')
    expect(canceledLive).not.toContain('id="action-')
    // A final campaign's page no longer polls, nor does a list of final campaigns.
    expect(await (await page(`/console/campaigns/${id}`, cookie)).text()).not.toContain('data-poll=')
    expect(await (await page('/console/campaigns', cookie)).text()).not.toContain('data-poll=')
    expect(await (await page('/console/campaigns/rows', cookie)).text()).toContain('data-final')

    const stale = await act('resume')
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('Back to the campaign')
    expect((await act('explode')).status).toBe(404)
  })

  it('sees what the key may see: without campaigns:read the API’s 403 names the scope, and no action without campaigns:write', async () => {
    const id = await runningCampaign('default', 1, 'Scoped')
    const reader = await root('POST', '/v1/keys', { name: 'calls only', scopes: ['calls:read'] })
    const noScope = await signIn(reader.body.secret)
    const res = await page('/console/campaigns', noScope)
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('campaigns:read')

    const watcher = await root('POST', '/v1/keys', { name: 'watcher', scopes: ['campaigns:read'] })
    const readOnly = await signIn(watcher.body.secret)
    expect((await page(`/console/campaigns/${id}`, readOnly)).status).toBe(200)
    const refused = await page(`/console/campaigns/${id}/pause`, readOnly, { method: 'POST', headers: FORM })
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('campaigns:write')
  })
})
