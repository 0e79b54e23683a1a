// GET /docs in headless Chromium with the internet blocked: the reference must render from the gateway alone.
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Gateway, startGateway } from './harness'

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
const OPERATIONS_BY_GROUP = {
  Agents: ['Create an agent', 'Get an agent', 'Delete an agent'],
  Calls: ['Place a call', 'Get a call', 'Cancel a call'],
}

describe.skipIf(!hasChromium)(
  `API docs in headless Chromium, offline (${hasChromium ? CHROMIUM : `skipped: ${CHROMIUM} is not installed; apt-get install chromium`})`,
  () => {
    let gateway: Gateway
    let profileDir: string
    let browser: BrowserContext

    beforeAll(async () => {
      gateway = await startGateway()
      profileDir = await mkdtemp(join(tmpdir(), 'switchboard-chromium-'))
      browser = await chromium.launchPersistentContext(profileDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1280, height: 900 },
      })
    })
    afterAll(async () => {
      await browser?.close()
      await gateway?.stop()
      if (profileDir) await rm(profileDir, { recursive: true, force: true })
    })

    it('renders the operation list from the gateway alone, asking no other origin for anything', async () => {
      const gatewayOrigin = new URL(gateway.url).origin
      const blocked: string[] = []
      const failedFromGateway: string[] = []
      await browser.route('**/*', (route) => {
        const url = route.request().url()
        if (new URL(url).origin === gatewayOrigin) return route.continue()
        blocked.push(url)
        return route.abort('internetdisconnected')
      })
      const page = await browser.newPage()
      page.on('response', (res) => {
        if (res.status() >= 400) failedFromGateway.push(`${res.status()} ${res.url()}`)
      })

      const res = await page.goto(`${gateway.url}/docs`)
      expect(res?.status()).toBe(200)
      // The sidebar lists every operation by summary; Scalar opens the first group, the reader opens the others.
      const sidebar = page.getByRole('navigation')
      await expect
        .poll(() => sidebar.getByText('List providers and what each can do').isVisible(), { timeout: 45_000 })
        .toBe(true)
      for (const [group, summaries] of Object.entries(OPERATIONS_BY_GROUP)) {
        await sidebar.getByText(group, { exact: true }).click()
        for (const summary of summaries) {
          await expect.poll(() => sidebar.getByText(summary, { exact: true }).isVisible()).toBe(true)
        }
      }

      // Each operation shows its operationId, the name SDK methods take.
      await sidebar.getByText('Place a call', { exact: true }).click()
      await expect
        .poll(() => page.getByText('createCall', { exact: true }).first().isVisible(), { timeout: 15_000 })
        .toBe(true)

      const screenshot = join(tmpdir(), `switchboard-docs-${Date.now()}.png`)
      await page.screenshot({ path: screenshot, fullPage: false })
      console.log(
        `docs screenshot: ${screenshot}; requests to other origins blocked: ${blocked.length}`,
        blocked,
      )
      expect(failedFromGateway).toEqual([])
      expect(blocked, 'the docs page asked another origin for something').toEqual([])
    })
  },
)
