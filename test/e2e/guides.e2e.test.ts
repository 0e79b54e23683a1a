// The guides in docs/ stay true: every ```sh block runs, in order, in one bash per guide
// (`set -euo pipefail`), against a real gateway. The blocks check their own results (curl
// --fail-with-body, grep), so a guide whose commands stop working fails here. ```bash blocks are
// shown, not run: they need a Cloudflare account or start long-running processes. The Node webhook
// receiver of docs/webhooks.md runs as written and must print the events it verified.
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDashaFake, FAKE_DASHA_KEY } from '../fakes/dasha'
import { type FakeServer, freePort, type Gateway, serveFake, startGateway } from './harness'

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
const GUIDES = ['quickstart', 'webhooks', 'idempotency', 'strict-vs-lenient', 'deploy'] as const
// The local development values the guides use, as .dev.vars.example sets them.
const DOCS_KEY = 'sk_local_dev_only'
const DOCS_WEBHOOK_SECRET = 'whsec_vEwuO/LJV3n37s9Bgl83gzogtM/zo7P6'

const read = (guide: string) => readFileSync(join(ROOT, 'docs', `${guide}.md`), 'utf8')

function blocks(markdown: string, language: string): string[] {
  const fence = new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm')
  return [...markdown.matchAll(fence)].map(([, code]) => code ?? '')
}

describe('docs/ guides against wrangler dev', () => {
  let gateway: Gateway
  let dashaServer: FakeServer
  const env = (extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH ?? '',
    SB: gateway.url,
    ...extra,
  })

  // Asynchronous: the fake vendor answering the gateway lives in this process.
  async function runGuide(guide: string, extra: Record<string, string> = {}) {
    const script = blocks(read(guide), 'sh')
    expect(script.length, `${guide}.md has no runnable sh block`).toBeGreaterThan(0)
    const bash = spawn('bash', ['-c', `set -euo pipefail\n${script.join('\n')}`], {
      cwd: ROOT,
      env: env(extra),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 90_000,
    })
    let stdout = ''
    let stderr = ''
    bash.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    bash.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    const code = await new Promise<number | null>((done) => bash.once('close', done))
    expect(
      code,
      `${guide}.md failed:\n${stdout}\n${stderr}\n--- gateway ---\n${gateway.logs().slice(-4000)}`,
    ).toBe(0)
    return stdout
  }

  beforeAll(async () => {
    const dasha = createDashaFake()
    dashaServer = await serveFake(dasha.app)
    gateway = await startGateway({
      GATEWAY_API_KEYS: DOCS_KEY,
      WEBHOOK_SECRET: DOCS_WEBHOOK_SECRET,
      ALLOW_INSECURE_WEBHOOKS: 'true',
      WEBHOOK_RETRY_BASE_SECONDS: '1',
      DASHA_API_KEY: FAKE_DASHA_KEY,
      DASHA_BASE_URL: dashaServer.url,
    })
  })
  afterAll(async () => {
    await gateway?.stop()
    await dashaServer?.close()
  })

  it('README links every guide', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    for (const guide of GUIDES) expect(readme).toContain(`(docs/${guide}.md)`)
  })

  it('quickstart: health, agent, call to completion, list, problems', async () => {
    const out = await runGuide('quickstart')
    expect(out).toContain('Hi Sam, this is Acme Dental calling about your appointment.')
    expect(out).toMatch(/^completed$/m)
  })

  it('idempotency: a replay returns the same call; a reused key is refused', async () => {
    expect(await runGuide('idempotency')).toMatch(/idempotency-replayed: true/i)
  })

  it('strict-vs-lenient: Dasha refuses metadata strictly and drops it leniently', async () => {
    const out = await runGuide('strict-vs-lenient')
    expect(out).toContain('metadata')
    expect(out).toContain('"warnings":[{"field":"metadata"')
  })

  it('deploy: the post-deploy checks pass against a running gateway', async () => {
    expect(await runGuide('deploy', { KEY: DOCS_KEY })).toMatch(/^sandbox: configured$/m)
  })

  it("webhooks: the guide's Node receiver verifies every event of the guide's call", async () => {
    const [receiverCode, ...others] = blocks(read('webhooks'), 'js')
    expect(others).toEqual([])
    const port = await freePort()
    let printed = ''
    const receiver: ChildProcess = spawn(
      process.execPath,
      ['--input-type=module', '-e', receiverCode ?? ''],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', WEBHOOK_SECRET: DOCS_WEBHOOK_SECRET, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    receiver.stdout?.on('data', (chunk) => {
      printed += chunk
    })
    receiver.stderr?.on('data', (chunk) => {
      printed += chunk
    })
    try {
      await until(
        async () => fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' }).then(() => true),
        10_000,
      )
      await runGuide('webhooks', { HOOK: `http://127.0.0.1:${port}/webhooks` })
      await until(async () => printed.includes('call.completed'), 30_000)
      const types = printed
        .trim()
        .split('\n')
        .map((line) => line.split(' ')[0])
      expect(types.sort()).toEqual(['call.completed', 'call.queued', 'call.ringing', 'call.started'])
    } finally {
      receiver.kill()
    }
  })
})

async function until(done: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const ok = await done().catch(() => false)
    if (ok) return
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`)
    await new Promise((wake) => setTimeout(wake, 100))
  }
}
