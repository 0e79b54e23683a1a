// The console in headless Chromium over wrangler dev, internet blocked: sign-in, live calls, a call's
// timeline and redelivery, a campaign's live progress, providers, usage, keys, project isolation, axe-core and screenshots.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Hono } from 'hono'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeServer, type Gateway, httpClient, serveFake, startGateway } from './harness'

const CHROMIUM = '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-gpu',
]
const hasChromium = existsSync(CHROMIUM)
const DEV_KEY = 'sk_local_dev_only'
const WEBHOOK_SECRET = 'whsec_ZTJlLWNvbnNvbGUtc2VjcmV0LTIwMjY='
const SHOTS = resolve('test-results/console')
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const WIDTHS = [390, 1440] as const
const DASHA_KEY = 'dasha-key-for-the-console-test'
const BREAKER_FAILURES = 3

/** axe-core, evaluated in the page (not a script tag: the console's CSP allows only its own scripts). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE)
  const results = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: any }).axe
    return axe.run((globalThis as any).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    })
  })
  return (results.violations as { id: string; impact: string; nodes: { target: string[] }[] }[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

describe.skipIf(!hasChromium)(
  `the console in headless Chromium, offline (${hasChromium ? CHROMIUM : `skipped: ${CHROMIUM} is not installed`})`,
  () => {
    let gateway: Gateway
    let receiver: FakeServer
    let brokenDasha: FakeServer
    let profileDir: string
    let browser: BrowserContext
    let page: Page
    let http: ReturnType<typeof httpClient>
    const received: string[] = []
    const blocked: string[] = []
    const htmlBodies: { url: string; method: string; body: string }[] = []
    const axeFindings: Record<string, string[]> = {}
    const secretsSeen: string[] = [DEV_KEY, DASHA_KEY]
    const createdSecrets: string[] = []

    /** Screenshots at both widths and an axe-core pass, for the page as it is now. */
    async function check(name: string) {
      axeFindings[name] = await seriousViolations(page)
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 })
        await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true })
      }
      await page.setViewportSize({ width: 1440, height: 900 })
    }

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true })
      const hooks = new Hono()
      hooks.post('/hook', async (c) => {
        received.push(c.req.header('webhook-id') ?? '')
        return c.body(null, 204)
      })
      receiver = await serveFake(hooks)
      // A Dasha that fails every request: its breaker opens.
      const broken = new Hono()
      broken.all('*', (c) => c.json({ message: 'injected failure' }, 500))
      brokenDasha = await serveFake(broken)
      gateway = await startGateway({
        GATEWAY_API_KEYS: DEV_KEY,
        // Slow enough that a call is seen moving, fast enough for a test.
        SANDBOX_TIME_SCALE: '5',
        WEBHOOK_SECRET,
        ALLOW_INSECURE_WEBHOOKS: 'true',
        WEBHOOK_RETRY_BASE_SECONDS: '1',
        DASHA_API_KEY: DASHA_KEY,
        DASHA_BASE_URL: brokenDasha.url,
        BREAKER_FAILURES: String(BREAKER_FAILURES),
        UPSTREAM_TIMEOUT_MS: '2000',
        SANDBOX_MAX_CONCURRENT: '10',
      })
      http = httpClient(gateway.url, DEV_KEY)
      profileDir = await mkdtemp(join(tmpdir(), 'switchboard-console-'))
      browser = await chromium.launchPersistentContext(profileDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1440, height: 900 },
      })
      const origin = new URL(gateway.url).origin
      await browser.route('**/*', (route) => {
        const url = route.request().url()
        if (new URL(url).origin === origin) return route.continue()
        blocked.push(url)
        return route.abort('internetdisconnected')
      })
      page = browser.pages()[0] ?? (await browser.newPage())
      page.on('response', async (res) => {
        if (!(res.headers()['content-type'] ?? '').includes('text/html')) return
        const body = await res.text().catch(() => '')
        htmlBodies.push({ url: res.url(), method: res.request().method(), body })
      })
      console.log(`console screenshots: ${SHOTS}`)
    })
    afterAll(async () => {
      await browser?.close()
      await gateway?.stop()
      await receiver?.close()
      await brokenDasha?.close()
      if (profileDir) await rm(profileDir, { recursive: true, force: true })
    })

    it('refuses a wrong key with a clear message, then signs in with the dev key', async () => {
      await page.goto(`${gateway.url}/console`)
      expect(new URL(page.url()).pathname).toBe('/console/sign-in')
      await check('sign-in')
      await page.getByLabel('Gateway key').fill('sk_wrong_key_for_the_console_test')
      await page.getByRole('button', { name: 'Sign in' }).click()
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('That key was refused')
      expect(await browser.cookies()).toEqual([])

      await page.getByLabel('Gateway key').fill(DEV_KEY)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL('**/console/calls')
      const [cookie, ...others] = await browser.cookies()
      expect(others).toEqual([])
      expect(cookie).toMatchObject({
        name: 'sb_console',
        httpOnly: true,
        sameSite: 'Strict',
        path: '/console',
      })
      // Plain http on loopback (npm start): a Secure cookie would never be sent back.
      expect(cookie?.secure).toBe(false)
      expect(cookie?.value).not.toContain(DEV_KEY)
      expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/)
    })

    it('shows calls placed through the API and their statuses reaching completed, without a reload', async () => {
      await page.evaluate(() => {
        ;(globalThis as unknown as { notReloaded: boolean }).notReloaded = true
      })
      const agent = await http('POST', '/v1/agents', {
        provider: 'sandbox',
        name: 'Console e2e',
        firstMessage: 'Hi',
      })
      expect(agent.status, JSON.stringify(agent.body)).toBe(201)
      const ids: string[] = []
      for (const to of ['+14155550101', '+14155550102']) {
        const call = await http('POST', '/v1/calls', {
          agentId: agent.body.id,
          to,
          webhookUrl: `${receiver.url}/hook`,
        })
        expect(call.status, JSON.stringify(call.body)).toBe(201)
        ids.push(call.body.id)
      }
      const statusOf = (id: string) =>
        page.locator(`tr[data-call="${id}"] .badge`).textContent({ timeout: 1_000 })
      const seen = new Set<string>()
      await expect
        .poll(
          async () => {
            const statuses = await Promise.all(ids.map((id) => statusOf(id).catch(() => 'absent')))
            for (const s of statuses) seen.add(s ?? '')
            return statuses
          },
          { timeout: 60_000, interval: 250 },
        )
        .toEqual(['completed', 'completed'])
      expect(
        await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded),
      ).toBe(true)
      console.log(`statuses seen on the Calls page while polling: ${[...seen].join(', ')}`)
      await check('calls')
    })

    it('a sandbox campaign started through the API: the Campaign page shows its progress reaching completed without a reload', async () => {
      const agent = await http('POST', '/v1/agents', {
        provider: 'sandbox',
        name: 'Console campaign agent',
        firstMessage: 'Hello from the campaign',
      })
      expect(agent.status, JSON.stringify(agent.body)).toBe(201)
      const created = await http('POST', '/v1/campaigns', {
        name: 'Console e2e campaign',
        agentId: agent.body.id,
        webhookUrl: `${receiver.url}/hook`,
        // Open around the clock in UTC, whenever the test runs.
        window: { start: '00:00', end: '24:00', timezone: 'UTC' },
        // One call at a time, so the progress is seen moving contact by contact.
        pacing: { maxConcurrent: 1 },
        retry: { on: [], maxAttempts: 1 },
        contacts: [
          { to: '+14155550201', ref: 'crm-1' },
          { to: '+14155550202', ref: 'crm-2' },
          // The sandbox's busy range: a final outcome that is not "completed".
          { to: '+15005551201', ref: 'crm-3' },
        ],
      })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      const id: string = created.body.id

      await page.getByRole('link', { name: 'Campaigns' }).click()
      await page.waitForURL('**/console/campaigns')
      const row = page.locator(`tr[data-campaign="${id}"]`)
      expect(await row.locator('.badge').textContent()).toBe('draft')
      await page.evaluate(() => {
        ;(globalThis as unknown as { notReloaded: boolean }).notReloaded = true
      })
      const started = await http('POST', `/v1/campaigns/${id}/start`)
      expect(started.status, JSON.stringify(started.body)).toBe(200)
      // The list follows it too, without a reload.
      await expect
        .poll(() => row.locator('.badge').textContent({ timeout: 1_000 }), { timeout: 30_000, interval: 250 })
        .not.toBe('draft')
      expect(
        await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded),
      ).toBe(true)

      await page.getByRole('link', { name: 'Console e2e campaign' }).click()
      await page.waitForURL(`**/console/campaigns/${id}`)
      await page.evaluate(() => {
        ;(globalThis as unknown as { notReloaded: boolean }).notReloaded = true
      })
      const progressSeen = new Set<string>()
      const statusesSeen = new Set<string>()
      await expect
        .poll(
          async () => {
            const status = await page.locator('#campaign-live .badge').first().textContent({ timeout: 1_000 })
            const progress = await page.locator('#campaign-live [data-progress]').first().textContent()
            statusesSeen.add(status ?? '')
            progressSeen.add(progress ?? '')
            return status
          },
          { timeout: 120_000, interval: 250 },
        )
        .toBe('completed')
      expect(
        await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded),
      ).toBe(true)
      console.log(
        `campaign statuses seen: ${[...statusesSeen].join(', ')}; progress: ${[...progressSeen].join(' → ')}`,
      )
      expect(statusesSeen).toContain('running')
      // Moving, not jumping: at least one figure between none and all.
      expect([...progressSeen].some((p) => /^[12] of 3 done/.test(p))).toBe(true)
      expect(await page.locator('#campaign-live [data-progress]').textContent()).toBe('3 of 3 done (100%)')
      expect(await page.locator('[data-count="completed"]').textContent()).toBe('2')
      expect(await page.locator('[data-count="busy"]').textContent()).toBe('1')
      expect(await page.locator('tr[data-contact]').count()).toBe(3)
      expect(await page.locator('#campaign-live .actions button').count()).toBe(0)
      await expect.poll(() => page.locator('#live').textContent()).toContain('Final')
      await check('campaign')

      await page.getByRole('link', { name: '← All campaigns' }).click()
      await page.waitForURL('**/console/campaigns')
      expect(await page.locator(`tr[data-campaign="${id}"] [data-progress]`).textContent()).toBe(
        '3 of 3 done (100%)',
      )
      await check('campaigns')
      await page.getByRole('link', { name: 'Console e2e campaign' }).click()
      await page.waitForURL(`**/console/campaigns/${id}`)
    })

    it('opens one of its calls: facts, transcript and the event timeline; a redelivery adds an attempt', async () => {
      await page.locator('tr[data-contact] .attempts a').first().click()
      await page.waitForURL('**/console/calls/sandbox_*')
      expect(await page.locator('.facts a[href^="/console/campaigns/cmp_"]').count()).toBe(1)
      await expect.poll(() => page.getByRole('heading', { name: 'Transcript' }).isVisible()).toBe(true)
      expect(await page.locator('.transcript li').count()).toBeGreaterThan(0)
      expect(await page.locator('.transcript').textContent()).toContain('Hello from the campaign')
      const events = page.locator('.timeline li')
      expect(await events.allInnerTexts()).toEqual(
        expect.arrayContaining([expect.stringContaining('call.completed')]),
      )
      // Wait for the first delivery to land, so the count below is settled.
      const first = events.first()
      await expect
        .poll(
          async () => {
            await page.reload()
            return first.locator('[data-attempts]').textContent()
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBe('1 attempt')
      await check('call')

      const receivedBefore = received.length
      await first.getByRole('button', { name: /Redeliver/ }).click()
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toContain('Queued for one more delivery')
      await expect
        .poll(
          async () => {
            await page.reload()
            return page.locator('.timeline li').first().locator('[data-attempts]').textContent()
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBe('2 attempts')
      expect(received.length).toBeGreaterThan(receivedBefore)
    })

    it('pauses, resumes and cancels a campaign from its page; cancel asks first', async () => {
      const agent = await http('POST', '/v1/agents', { provider: 'sandbox', name: 'Console actions agent' })
      const created = await http('POST', '/v1/campaigns', {
        name: 'Console actions campaign',
        agentId: agent.body.id,
        // Starts in an hour: running, its contacts waiting, so only the buttons move it.
        startAt: new Date(Date.now() + 3_600_000).toISOString(),
        contacts: [{ to: '+14155550301' }, { to: '+14155550302' }],
      })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      const id: string = created.body.id
      expect((await http('POST', `/v1/campaigns/${id}/start`)).status).toBe(200)
      await page.goto(`${gateway.url}/console/campaigns/${id}`)
      const status = () => page.locator('#campaign-live .badge').first().textContent()
      expect(await status()).toBe('running')

      await page.getByRole('button', { name: 'Pause' }).click()
      await page.waitForURL(`**/console/campaigns/${id}?done=pause`)
      expect(await page.getByRole('status').textContent()).toContain('Paused')
      expect(await status()).toBe('paused')
      expect((await http('GET', `/v1/campaigns/${id}`)).body.status).toBe('paused')

      await page.getByRole('button', { name: 'Resume' }).click()
      await page.waitForURL(`**/console/campaigns/${id}?done=resume`)
      expect(await status()).toBe('running')

      // The page asks before canceling: declined, nothing happens.
      const dialogs: string[] = []
      page.once('dialog', (dialog) => {
        dialogs.push(dialog.message())
        void dialog.dismiss()
      })
      await page.getByRole('button', { name: 'Cancel campaign' }).click()
      await expect.poll(() => dialogs.length).toBe(1)
      expect(dialogs[0]).toContain('Cancel this campaign?')
      expect((await http('GET', `/v1/campaigns/${id}`)).body.status).toBe('running')

      page.once('dialog', (dialog) => void dialog.accept())
      await page.getByRole('button', { name: 'Cancel campaign' }).click()
      await page.waitForURL(`**/console/campaigns/${id}?done=cancel`)
      expect(await status()).toBe('canceled')
      expect(await page.locator('[data-count="canceled"]').textContent()).toBe('2')
      expect((await http('GET', `/v1/campaigns/${id}`)).body.status).toBe('canceled')
    })

    it('shows the providers: an open breaker after injected vendor failures, caps, and the capability matrix', async () => {
      for (let i = 0; i < BREAKER_FAILURES; i++) {
        const read = await http('GET', '/v1/agents/dasha_agent-that-fails')
        expect(read.status, JSON.stringify(read.body)).toBeGreaterThanOrEqual(500)
      }
      // By keyboard alone: the skip link first, then the brand and the navigation.
      const focused = () =>
        page.evaluate(() => (globalThis as any).document.activeElement?.textContent?.trim())
      await page.keyboard.press('Tab')
      expect(await focused()).toBe('Skip to content')
      for (const expected of ['Switchboard', 'Calls', 'Campaigns', 'Providers']) {
        await page.keyboard.press('Tab')
        expect(await focused()).toBe(expected)
      }
      await page.keyboard.press('Enter')
      await page.waitForURL('**/console/providers')
      const sandbox = page.locator('tr[data-provider="sandbox"]')
      expect(await sandbox.locator('td').first().textContent()).toBe('yes')
      expect(await sandbox.textContent()).toContain('✓ yes')
      expect(await page.locator('tr[data-provider="oneinbox"] td').first().textContent()).toBe('no')
      const dasha = page.locator('tr[data-health="dasha"]')
      expect(await dasha.locator('.badge').textContent()).toBe('open')
      expect(Number(await dasha.locator('td').nth(1).textContent())).toBeGreaterThanOrEqual(BREAKER_FAILURES)
      expect(await dasha.locator('td').last().textContent()).toContain('provider_error')
      expect(await page.locator('tr[data-health="sandbox"] .badge').textContent()).toBe('closed')
      expect(await page.locator('tr[data-health="sandbox"] td').nth(2).textContent()).toMatch(/^\d+ \/ 10$/)
      await check('providers')
    })

    it('draws usage per provider per day as an SVG chart', async () => {
      await page.getByRole('link', { name: 'Usage' }).click()
      await page.waitForURL('**/console/usage')
      expect(await page.getByRole('img', { name: 'Calls per day' }).count()).toBe(1)
      expect(await page.locator('svg rect').count()).toBeGreaterThan(0)
      const today = new Date().toISOString().slice(0, 10)
      expect(await page.locator('table tbody tr').first().textContent()).toContain(today)
      await check('usage')
    })

    it('a key of another project, created in the Keys page, sees none of the first project’s calls', async () => {
      const firstProjectCalls = await http('GET', '/v1/calls?limit=100')
      const firstIds: string[] = firstProjectCalls.body.data.map((c: { id: string }) => c.id)
      expect(firstIds.length).toBeGreaterThan(0)

      await page.getByRole('link', { name: 'Keys' }).click()
      await page.waitForURL('**/console/keys')
      await check('keys')
      await page.getByLabel('Project').fill('console-other')
      await page.getByRole('button', { name: 'Switch' }).click()
      await page.waitForURL('**/console/calls')
      expect(await page.locator('tr[data-call]').count()).toBe(0)
      await page.getByRole('link', { name: 'Keys' }).click()
      await page.getByLabel('Name').fill('other project reader')
      await page.getByLabel('calls:read').check()
      await page.getByRole('button', { name: 'Create key' }).click()
      await page.waitForURL('**/console/keys')
      const secret = await page.getByLabel('Secret').inputValue()
      expect(secret).toMatch(/^sk_/)
      secretsSeen.push(secret)
      createdSecrets.push(secret)
      // Shown once: a reload (a GET after the redirect) neither shows it again nor makes another key.
      await page.reload()
      expect(await page.locator('#secret-value').count()).toBe(0)
      expect(await page.locator('table tbody tr', { hasText: 'other project reader' }).count()).toBe(1)
      await page.getByRole('link', { name: 'Keys' }).click()
      await page.waitForURL('**/console/keys')
      expect(await page.locator('#secret-value').count()).toBe(0)

      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL('**/console/sign-in?session=out')
      await page.getByLabel('Gateway key').fill(secret)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL('**/console/calls')
      expect(await page.locator('header').textContent()).toContain('console-other')
      expect(await page.locator('tr[data-call]').count()).toBe(0)
      const html = await page.content()
      for (const id of firstIds) expect(html).not.toContain(id)
      const direct = await page.goto(`${gateway.url}/console/calls/${firstIds[0]}`)
      expect(direct?.status()).toBe(404)
      expect(await page.getByRole('alert').textContent()).toContain('No call')
    })

    it('/v1 refuses the session cookie, and a state change needs the console’s own Origin', async () => {
      const [cookie] = await browser.cookies()
      const header = `sb_console=${cookie?.value}`
      const api = await fetch(`${gateway.url}/v1/calls`, { headers: { cookie: header } })
      expect(api.status).toBe(401)
      for (const origin of ['http://evil.example', null]) {
        const res = await fetch(`${gateway.url}/console/sign-out`, {
          method: 'POST',
          headers: { cookie: header, ...(origin ? { origin } : {}) },
          redirect: 'manual',
        })
        expect(res.status).toBe(403)
      }
      // Neither refused sign-out ended the session.
      const still = await fetch(`${gateway.url}/console/calls`, {
        headers: { cookie: header },
        redirect: 'manual',
      })
      expect(still.status).toBe(200)
    })

    it('no page failed axe-core, asked another origin, or showed a key outside its one-time reveal', () => {
      expect(axeFindings).toEqual(Object.fromEntries(Object.keys(axeFindings).map((name) => [name, []])))
      expect(Object.keys(axeFindings).sort()).toEqual([
        'call',
        'calls',
        'campaign',
        'campaigns',
        'keys',
        'providers',
        'sign-in',
        'usage',
      ])
      expect(blocked, 'the console asked another origin for something').toEqual([])
      expect(htmlBodies.length).toBeGreaterThan(10)
      const showing = (secret: string) => htmlBodies.filter((b) => b.body.includes(secret))
      for (const secret of secretsSeen) {
        // A created key's secret in exactly one page: the GET after its create's redirect.
        const expected = createdSecrets.includes(secret) ? 1 : 0
        expect(showing(secret).length, `pages showing ${secret.slice(0, 6)}…`).toBe(expected)
        for (const shown of showing(secret)) {
          expect(shown.method).toBe('GET')
          expect(new URL(shown.url).pathname).toBe('/console/keys')
        }
        expect(gateway.logs()).not.toContain(secret)
      }
      expect(createdSecrets).toHaveLength(1)
    })
  },
)
