// Everything a measurement needs running: the bundle, the fake vendor, workerd with the gateway and
// the bare pass-through, and the list of targets to load. Shared by run.mjs and profile.mjs.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { buildWorker } from './bundle.mjs'
import { startFakeVendor } from './fake-process.mjs'
import { GENERIC_PATH, TO, vendorTargets } from './targets.mjs'
import { freePort, startWorkerd } from './workerd.mjs'
import { d1Config, readWranglerConfig, workerdConfig } from './workerd-config.mjs'

export const KEY = 'bench-key'
export const AUTH = { authorization: `Bearer ${KEY}` }
const STARTUP_SAMPLES = 3
/** The vendor the routed (portable agent) row and the key rows run on. */
export const ROUTED_PROVIDER = 'bland'

export const log = (message) => process.stderr.write(`bench: ${message}\n`)

export async function startBench({ inspectorPort } = {}) {
  const workdir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'))
  const cleanup = [async () => rmSync(workdir, { recursive: true, force: true })]
  const close = async () => {
    for (const stop of cleanup.reverse()) await stop().catch(() => {})
  }
  try {
    log('bundling with wrangler deploy --dry-run')
    const outdir = join(workdir, 'bundle')
    const bundle = buildWorker(outdir)
    copyFileSync(new URL('./bare-worker.js', import.meta.url), join(outdir, 'bare-worker.js'))
    copyFileSync(new URL('./d1-shim.js', import.meta.url), join(outdir, 'd1-shim.js'))

    const fake = await startFakeVendor()
    cleanup.push(() => fake.stop())

    const wrangler = readWranglerConfig()
    if (wrangler.unsupported.length) log(`bindings not provided under plain workerd: ${wrangler.unsupported}`)
    if (wrangler.queueProducers.length) {
      log(`queue producers bound to a sink (no consumers run): ${wrangler.queueProducers}`)
    }
    const gatewayPort = await freePort()
    const barePort = await freePort()
    const gateway = `http://127.0.0.1:${gatewayPort}`
    const bare = `http://127.0.0.1:${barePort}`
    const storageDir = join(workdir, 'storage')
    mkdirSync(storageDir)
    const vars = {
      GATEWAY_API_KEYS: KEY,
      // Sandbox calls finish within a second, so their timelines do not pile up over the run.
      SANDBOX_TIME_SCALE: '600',
      ...Object.assign({}, ...vendorTargets.map((t) => t.env(`${fake.url}/${t.provider}`))),
    }
    // The D1 stand-in in its own workerd, as D1 runs outside the Worker in production: its CPU is
    // reported on its own, not as the gateway's.
    const d1Ports = []
    for (const _ of wrangler.d1Databases) d1Ports.push(await freePort())
    const d1StorageDir = join(workdir, 'd1-storage')
    mkdirSync(d1StorageDir)
    const d1ConfigPath = join(outdir, 'd1.capnp')
    writeFileSync(d1ConfigPath, d1Config({ wrangler, d1Ports, storageDir: d1StorageDir }))
    let d1
    if (d1Ports.length) {
      d1 = await startWorkerd(d1ConfigPath, { cwd: outdir, readyUrl: `http://127.0.0.1:${d1Ports[0]}/` })
      cleanup.push(() => d1.stop())
    }

    const configPath = join(outdir, 'bench.capnp')
    const assetsDir = wrangler.assets && resolve(wrangler.assets.directory)
    const config = {
      wrangler,
      gatewayPort,
      barePort,
      d1Ports,
      vars,
      storageDir,
      assetsDir,
      vendorUrl: fake.url,
    }
    writeFileSync(configPath, workerdConfig(config))

    // Startup: from spawning workerd to the first 200, a fresh process and isolate each time.
    const startups = []
    let runtime
    for (let i = 0; i < STARTUP_SAMPLES; i++) {
      await runtime?.stop()
      runtime = await startWorkerd(configPath, {
        cwd: outdir,
        readyUrl: `${gateway}/health`,
        inspectorPort: i === STARTUP_SAMPLES - 1 ? inspectorPort : undefined,
      })
      startups.push(runtime.startupMs)
    }
    cleanup.push(() => runtime.stop())
    const startupMs = Number(startups.sort((a, b) => a - b)[Math.floor(STARTUP_SAMPLES / 2)].toFixed(1))

    const registered = await request('GET', `${gateway}/v1/providers`, undefined, 200)
    const providerIds = registered.data.map((p) => p.id)
    const targets = vendorTargets.filter((t) => providerIds.includes(t.provider))
    const untargeted = providerIds.filter(
      (id) => id !== 'sandbox' && !vendorTargets.some((t) => t.provider === id),
    )
    if (untargeted.length)
      log(`WARNING: no bench target for ${untargeted.join(', ')}: add one to bench/targets.mjs`)

    const agent = await request(
      'POST',
      `${gateway}/v1/agents`,
      { provider: 'sandbox', name: 'Bench agent' },
      201,
    )
    const call = await request('POST', `${gateway}/v1/calls`, { agentId: agent.id, to: TO }, 201)
    // A provider without agent objects (Bland) runs an agent Switchboard keeps: made here.
    for (const t of targets.filter((t) => t.agent)) {
      t.agentId = (await request('POST', `${gateway}/v1/agents`, t.agent, 201)).id
    }
    const providerRuns = [
      { provider: 'sandbox', agentId: agent.id, call: { to: TO }, callId: call.id },
      ...targets,
    ]
    const createCell = (t, target = `${t.provider}:calls.create`) => ({
      target,
      url: `${gateway}/v1/calls`,
      method: 'POST',
      body: { agentId: t.agentId, ...t.call },
      headers: AUTH,
      expectStatus: 201,
      cpuPid: runtime.pid,
      d1Pid: d1?.pid,
    })
    const getCell = (t, target = `${t.provider}:calls.get`, headers = AUTH) => ({
      target,
      url: `${gateway}/v1/calls/${t.callId}`,
      headers,
      expectStatus: 200,
      cpuPid: runtime.pid,
      d1Pid: d1?.pid,
    })

    // Issue 14: a portable agent with one healthy target, against a direct create to that vendor.
    // Bland's agent is kept by Switchboard: the portable agent deploys to it with no vendor request.
    const routedVendor = targets.find((t) => t.provider === ROUTED_PROVIDER)
    let routed
    if (routedVendor) {
      const portable = await request(
        'POST',
        `${gateway}/v1/agents`,
        {
          name: 'Bench portable agent',
          prompt: 'Be brief.',
          targets: [{ provider: routedVendor.provider, from: routedVendor.call.from }],
        },
        201,
      )
      routed = { ...routedVendor, agentId: portable.id, call: { to: routedVendor.call.to } }
    }
    // The key lookup and the rate limit cost only a managed key: the same read with one of each.
    const managedKey = async (extra) =>
      (await request('POST', `${gateway}/v1/keys`, { name: 'Bench', ...extra }, 201)).secret
    const keyed = targets.find((t) => t.provider === ROUTED_PROVIDER) ?? providerRuns[0]
    const managed = { authorization: `Bearer ${await managedKey({})}` }
    const limited = {
      authorization: `Bearer ${await managedKey({ rateLimit: { requestsPerMinute: 100_000 } })}`,
    }

    const cells = [
      { target: 'direct', url: `${fake.url}${GENERIC_PATH}`, expectStatus: 200 },
      { target: 'bare', url: `${bare}${GENERIC_PATH}`, expectStatus: 200, cpuPid: runtime.pid },
      ...providerRuns.flatMap((t) => [createCell(t), getCell(t)]),
      ...(routed ? [{ ...createCell(routed, 'routed:calls.create'), concurrencies: [1, 10] }] : []),
      { ...getCell(keyed, `${keyed.provider}:calls.get+managed key`, managed), concurrencies: [10] },
      { ...getCell(keyed, `${keyed.provider}:calls.get+rate limit`, limited), concurrencies: [10] },
    ]
    return {
      gateway,
      fake,
      outdir,
      bundle,
      startupMs,
      cells,
      providerRuns,
      routed,
      campaignProvider: ROUTED_PROVIDER,
      cpuPid: runtime.pid,
      d1Pid: d1?.pid,
      /** The end of workerd's stderr, for a failure's report. */
      workerdStderr: () => runtime.stderr(),
      vendorProviders: targets.map((t) => t.provider),
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}

/** One JSON request to the gateway with the bench key; any other status than expected is fatal. */
export async function request(method, url, body, expectStatus) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? AUTH : { ...AUTH, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (response.status !== expectStatus) {
    throw new Error(
      `${method} ${url} answered ${response.status}, expected ${expectStatus}: ${text.slice(0, 500)}`,
    )
  }
  return JSON.parse(text)
}
