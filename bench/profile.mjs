// `node bench/profile.mjs [--target oneinbox:calls.get] [--seconds 10] [--connections 10]`:
// CPU-profiles the gateway isolate under load through workerd's inspector, maps every sample back
// to its source file with the bundle's source map, and prints where the time goes. Also writes
// <tmpdir>/switchboard-<target>.cpuprofile for Chrome DevTools.
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire, SourceMap } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { loadCell } from './load.mjs'
import { startBench } from './setup.mjs'
import { freePort } from './workerd.mjs'

const { values: args } = parseArgs({
  options: {
    target: { type: 'string', default: 'oneinbox:calls.get' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    top: { type: 'string', default: '25' },
  },
})

// ws comes with wrangler (through miniflare); Node 20 has no stable WebSocket client of its own.
const WebSocket = createRequire(createRequire(import.meta.url).resolve('wrangler/package.json'))('ws')

/** The sampling interval; each sample counts for this much time (see summarize). */
const SAMPLE_US = 100

const inspectorPort = await freePort()
const bench = await startBench({ inspectorPort })
try {
  const cell = bench.cells.find((c) => c.target === args.target)
  if (!cell) throw new Error(`no target ${args.target}; have ${bench.cells.map((c) => c.target).join(', ')}`)
  // A get reads the call its provider's create records (as in cpu.mjs and run.mjs, where the create
  // runs first): profiled alone it would read a call the ledger does not hold.
  const create = bench.cells.find((c) => c.target === args.target.replace(/\.get$/, '.create'))
  if (create && create !== cell) await loadCell({ ...create, connections: 1, seconds: 1 })
  await loadCell({ ...cell, connections: Number(args.connections), seconds: 2 })

  const inspector = await connect(`ws://127.0.0.1:${inspectorPort}/gateway`)
  await inspector.send('Profiler.enable')
  await inspector.send('Profiler.setSamplingInterval', { interval: SAMPLE_US })
  await inspector.send('Profiler.start')
  const load = await loadCell({
    ...cell,
    connections: Number(args.connections),
    seconds: Number(args.seconds),
  })
  const { profile } = await inspector.send('Profiler.stop')
  inspector.close()

  const out = join(tmpdir(), `switchboard-${args.target.replace(/[^\w.-]/g, '_')}.cpuprofile`)
  writeFileSync(out, JSON.stringify(profile))
  const map = new SourceMap(JSON.parse(readFileSync(join(bench.outdir, 'index.js.map'), 'utf8')))
  summarize(profile, map, load)
  console.log(`\nprofile written to ${out}`)
} finally {
  await bench.close()
}

function connect(url) {
  const socket = new WebSocket(url)
  const pending = new Map()
  let nextId = 1
  socket.on('message', (data) => {
    const message = JSON.parse(String(data))
    pending.get(message.id)?.(message)
    pending.delete(message.id)
  })
  return new Promise((resolve, reject) => {
    socket.once('error', reject)
    socket.once('open', () =>
      resolve({
        send: (method, params = {}) =>
          new Promise((done, fail) => {
            const id = nextId++
            pending.set(id, (m) =>
              m.error ? fail(new Error(`${method}: ${m.error.message}`)) : done(m.result),
            )
            socket.send(JSON.stringify({ id, method, params }))
          }),
        close: () => socket.close(),
      }),
    )
  })
}

/** Self time per source (a package, or a file of this project), and inclusive time per function of ours. */
function summarize(profile, map, load) {
  // Each sample counts for one interval, not its timeDelta: on a shared 2-core machine the thread is
  // descheduled now and then, and the one sample taken after such a gap carried the whole gap (100
  // samples in hono's router once made 69% of the "busy" time, against 0.8% of the samples).
  const selfMs = new Map()
  for (const nodeId of profile.samples) selfMs.set(nodeId, (selfMs.get(nodeId) ?? 0) + SAMPLE_US / 1000)
  const parent = new Map()
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const frames = new Map(profile.nodes.map((node) => [node.id, describeFrame(node.callFrame, map)]))

  const total = [...selfMs.values()].reduce((a, b) => a + b, 0)
  const idle = [...selfMs].filter(([id]) => nodes.get(id).callFrame.functionName === '(idle)')
  const busy = total - idle.reduce((sum, [, ms]) => sum + ms, 0)
  const bySource = new Map()
  const byFunction = new Map()
  const inclusive = new Map()
  for (const [id, ms] of selfMs) {
    const { source, key } = frames.get(id)
    bySource.set(source, (bySource.get(source) ?? 0) + ms)
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms)
    const seen = new Set()
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const { key, ours } = frames.get(at)
      if (ours && !seen.has(key)) {
        seen.add(key)
        inclusive.set(key, (inclusive.get(key) ?? 0) + ms)
      }
    }
  }
  const requests = load.rps * Number(args.seconds)
  console.log(`\n${args.target} at concurrency ${args.connections}: ${load.rps} req/s, p50 ${load.p50Ms} ms`)
  console.log(
    `isolate thread busy ${busy.toFixed(0)} ms of ${total.toFixed(0)} ms sampled (${SAMPLE_US} µs a sample) ≈ ${((busy / requests) * 1000).toFixed(0)} µs per request (profiler overhead included)`,
  )
  const print = (title, entries) => {
    console.log(`\n${title} (% of busy time)`)
    for (const [name, ms] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) {
      console.log(`${((ms / busy) * 100).toFixed(1).padStart(6)}%  ${name}`)
    }
  }
  bySource.delete('((idle))')
  byFunction.delete('(idle)')
  print('self time by source', bySource)
  print('self time by function', byFunction)
  print("inclusive time by this project's functions", inclusive)
}

/** Where a profile frame comes from, through the source map when it is in the bundle. */
function describeFrame({ functionName, url, lineNumber, columnNumber }, map) {
  const name = functionName || '(anonymous)'
  if (!url.endsWith('index.js') || lineNumber < 0) {
    return { source: url ? 'other script' : `(${functionName || 'native'})`, key: name, ours: false }
  }
  const original = map.findEntry(lineNumber, columnNumber)?.originalSource
  if (!original) return { source: 'index.js', key: name, ours: false }
  const line = map.findEntry(lineNumber, columnNumber).originalLine + 1
  return {
    source: sourceGroup(original),
    key: `${name} ${shortPath(original)}:${line}`,
    ours: !original.includes('node_modules'),
  }
}

function shortPath(path) {
  return path.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '')
}

function sourceGroup(path) {
  const inPackage = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(path)
  return inPackage ? inPackage[1] : shortPath(path)
}
