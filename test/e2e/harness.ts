// Node-side helpers for end-to-end tests: a real `wrangler dev` gateway and fake vendors over real HTTP.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'

export interface Gateway {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string
  stop(): Promise<void>
  /** Everything wrangler printed so far (stdout and stderr interleaved). */
  logs(): string
}

export interface FakeServer {
  url: string
  close(): Promise<void>
}

export const E2E_API_KEY = 'e2e-key'

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
const WRANGLER = join(ROOT, 'node_modules/.bin/wrangler')
const SCALAR_BUNDLE = join(ROOT, 'public/docs/vendor/scalar.js')
const STARTUP_TIMEOUT_MS = 60_000
const STOP_GRACE_MS = 5_000

const DEFAULT_VARS: Record<string, string> = {
  GATEWAY_API_KEYS: E2E_API_KEY,
  SANDBOX_TIME_SCALE: '600',
  // Every answer is checked against its schema, which production skips (src/lib/respond.ts).
  CHECK_RESPONSES: 'true',
}

export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(0, '127.0.0.1', done)
  })
  const { port } = server.address() as AddressInfo
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

function ensureAssets() {
  // wrangler serves public/ as static assets; /docs needs the Scalar bundle there.
  if (!existsSync(SCALAR_BUNDLE)) {
    execFileSync(process.execPath, [join(ROOT, 'scripts/copy-assets.mjs')], { cwd: ROOT, stdio: 'inherit' })
  }
}

/** Starts `wrangler dev` on a free 127.0.0.1 port with these vars, and waits until GET /health answers. */
export async function startGateway(vars: Record<string, string> = {}): Promise<Gateway> {
  ensureAssets()
  const persistDir = await mkdtemp(join(tmpdir(), 'switchboard-e2e-'))
  const port = await freePort()
  const inspectorPort = await freePort()
  const varArgs = Object.entries({ ...DEFAULT_VARS, ...vars }).flatMap(([key, value]) => [
    '--var',
    `${key}:${value}`,
  ])
  // The ledger's tables, in the same local state wrangler dev is about to serve from.
  execFileSync(
    WRANGLER,
    ['d1', 'migrations', 'apply', 'switchboard', '--local', '--persist-to', persistDir],
    {
      cwd: ROOT,
      stdio: 'ignore',
      env: {
        ...process.env,
        CLOUDFLARE_INCLUDE_PROCESS_ENV: 'false',
        WRANGLER_SEND_METRICS: 'false',
        CI: '1',
      },
    },
  )
  const args = [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(inspectorPort),
    '--persist-to',
    persistDir,
    // Any --env-file stops wrangler from reading the developer's .dev.vars.
    '--env-file',
    '/dev/null',
    '--show-interactive-dev-session=false',
    '--live-reload=false',
    ...varArgs,
  ]

  const child = spawn(WRANGLER, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      CLOUDFLARE_INCLUDE_PROCESS_ENV: 'false',
      WRANGLER_SEND_METRICS: 'false',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
  })
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += chunk
  })
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const exited = new Promise<void>((done) => child.once('exit', () => done()))

  const url = `http://127.0.0.1:${port}`
  const gateway: Gateway = {
    url,
    logs: () => output,
    stop: async () => {
      await killGroup(child, exited)
      await rm(persistDir, { recursive: true, force: true })
    },
  }

  try {
    await waitForHealth(url, child)
  } catch (error) {
    await gateway.stop()
    throw new Error(
      `wrangler dev did not come up on ${url}: ${(error as Error).message}\n--- wrangler output ---\n${output}`,
    )
  }
  return gateway
}

async function waitForHealth(url: string, child: ChildProcess) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`wrangler exited early (code ${child.exitCode ?? child.signalCode})`)
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })
      await res.body?.cancel()
      if (res.ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((wake) => setTimeout(wake, 250))
  }
  throw new Error(`GET /health did not answer within ${STARTUP_TIMEOUT_MS / 1000} s`)
}

async function killGroup(child: ChildProcess, exited: Promise<void>) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  // wrangler starts workerd as a child: signal the whole group so nothing outlives the test.
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), signal)
    } catch {
      // Already gone.
    }
  }
  signalGroup('SIGTERM')
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((done) => setTimeout(() => done(true), STOP_GRACE_MS)),
  ])
  if (timedOut) {
    signalGroup('SIGKILL')
    await exited
  }
  // workerd may linger briefly after wrangler exits.
  signalGroup('SIGKILL')
}

/** Serves a Hono app (or any fetch handler) on a free 127.0.0.1 port over real HTTP. */
export async function serveFake(app: {
  fetch(req: Request): Response | Promise<Response>
}): Promise<FakeServer> {
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((done) => {
    const server = serve(
      { fetch: (req: Request) => app.fetch(req), port: 0, hostname: '127.0.0.1' },
      (info) => done({ server, port: info.port }),
    )
  })
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done, fail) => {
        if ('closeAllConnections' in server) server.closeAllConnections()
        server.close((error) => (error ? fail(error) : done()))
      }),
  }
}

export interface HttpResponse<T = any> {
  status: number
  headers: Headers
  body: T
}

/** A small JSON client over real HTTP, authenticated with the e2e key unless headers say otherwise. */
export function httpClient(baseUrl: string, apiKey: string = E2E_API_KEY) {
  return async function http<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResponse<T>> {
    const allHeaders: Record<string, string> = { authorization: `Bearer ${apiKey}`, ...headers }
    const init: RequestInit = { method, headers: allHeaders }
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      allHeaders['content-type'] ??= 'application/json'
    }
    const res = await fetch(`${baseUrl}${path}`, init)
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      // Non-JSON bodies (the docs page) stay text.
    }
    return { status: res.status, headers: res.headers, body: parsed as T }
  }
}
