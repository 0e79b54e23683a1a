// `npm run bench`: the bundled Worker on workerd itself, a fake vendor on 127.0.0.1, autocannon load.
// Options: --seconds <n> per cell (default 4), --rounds <n> per cell (default 3), --concurrency 1,10,50,
// --campaign-contacts <n> in the long campaign (default 1,000,000, issue 15's size: about 100 uploads,
// some 20-30 s on an idle machine).
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { benchCampaigns } from './campaign.mjs'
import { loadCell, sampleServerTiming } from './load.mjs'
import { checkTargets, printReport } from './report.mjs'
import { log, request, startBench } from './setup.mjs'
import { workerdVersion } from './workerd.mjs'

const BATCH_SIZE = 1_000
const BATCH_VENDOR_DELAY_MS = 5

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '1,10,50' },
    'campaign-contacts': { type: 'string', default: '1000000' },
  },
})
const seconds = Number(args.seconds)
const rounds = Number(args.rounds)
const concurrencies = args.concurrency.split(',').map(Number)

const median = (values) => {
  const known = values.filter((v) => v !== null).sort((a, b) => a - b)
  return known.length ? known[Math.floor(known.length / 2)] : null
}

const bench = await startBench()
try {
  const { gateway, fake, cells, providerRuns } = bench
  log(`workerd ${workerdVersion()} up; startup ${bench.startupMs} ms`)
  log(`warming up ${cells.length} targets`)
  for (const cell of cells) await loadCell({ ...cell, connections: 10, seconds: 1 })
  // A cell may run at some concurrencies only (the routed and key rows: at those their issue names).
  const cellsAt = (connections) =>
    cells.filter((c) => !c.concurrencies || c.concurrencies.includes(connections))

  // Each cell is split into rounds interleaved across targets, so a burst of noise from elsewhere on
  // the machine lands on every target alike; the cell reports the median of its rounds.
  const runs = []
  // workerd's CPU per request, kept out of latest.json (whose shape is fixed) but printed.
  const cpuUs = {}
  // The D1 stand-in's own process per request (informational: D1 is not the Worker's CPU when deployed).
  const d1CpuUs = {}
  for (const connections of concurrencies) {
    const atThis = cellsAt(connections)
    log(`concurrency ${connections}: ${atThis.length} targets × ${rounds} rounds of ${seconds / rounds} s`)
    const perTarget = new Map(atThis.map((cell) => [cell.target, []]))
    for (let round = 0; round < rounds; round++) {
      for (const cell of atThis) {
        perTarget.get(cell.target).push(await loadCell({ ...cell, connections, seconds: seconds / rounds }))
      }
    }
    for (const [target, results] of perTarget) {
      runs.push({
        target,
        concurrency: connections,
        rps: median(results.map((r) => r.rps)),
        p50Ms: median(results.map((r) => r.p50Ms)),
        p99Ms: median(results.map((r) => r.p99Ms)),
      })
      cpuUs[`${target}@${connections}`] = median(results.map((r) => r.cpuUs))
      d1CpuUs[`${target}@${connections}`] = median(results.map((r) => r.d1CpuUs))
    }
  }

  const serverTiming = {}
  for (const cell of cells.filter((c) => c.url.startsWith(gateway))) {
    serverTiming[cell.target] = await sampleServerTiming(cell)
  }

  await fake.setDelay(BATCH_VENDOR_DELAY_MS)
  await fake.setUniqueIds(true)
  const batch = []
  for (const t of providerRuns) {
    log(`batch of ${BATCH_SIZE} on ${t.provider}`)
    const calls = Array.from({ length: BATCH_SIZE }, () => t.call)
    const started = performance.now()
    const result = await request('POST', `${gateway}/v1/calls/batch`, { agentId: t.agentId, calls }, 200)
    const ms = Math.round(performance.now() - started)
    if (result.created !== BATCH_SIZE) {
      const firstError = result.data.find((d) => d.error)?.error
      throw new Error(
        `batch on ${t.provider} created ${result.created} of ${BATCH_SIZE}: ${JSON.stringify(firstError)}`,
      )
    }
    batch.push({ provider: t.provider, calls: BATCH_SIZE, ms })
  }
  await fake.setDelay(0)
  await fake.setUniqueIds(false)

  const campaignAgent = bench.providerRuns.find((t) => t.provider === bench.campaignProvider)
  const campaign = campaignAgent
    ? await benchCampaigns({
        gateway,
        fake,
        agentId: campaignAgent.agentId,
        cpuPid: bench.cpuPid,
        largeContacts: Number(args['campaign-contacts']),
      })
    : null

  const results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version, workerd: workerdVersion() },
    runs,
    batch,
    bundle: bench.bundle,
    startupMs: bench.startupMs,
    cpuUs,
    d1CpuUs,
    serverTiming,
    campaign,
    routedProvider: bench.routed ? bench.campaignProvider : null,
  }
  results.targets = checkTargets(results, bench.vendorProviders)
  const resultsDir = new URL('./results/', import.meta.url)
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(new URL('latest.json', resultsDir), `${JSON.stringify(results, null, 2)}\n`)
  printReport(results, { serverTiming, cpuUs, d1CpuUs, seconds })
} catch (error) {
  log(`failed; workerd's last words:\n${bench.workerdStderr()}`)
  throw error
} finally {
  await bench.close()
}
