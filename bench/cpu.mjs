// `node bench/cpu.mjs [--seconds 3] [--rounds 3] [--targets bare,oneinbox:calls.get]`: workerd CPU microseconds per request for every
// target at concurrency 10, the steadiest figure for a before/after comparison of a code change on
// a machine where other work competes for the cores (latency there is mostly queueing).
import { parseArgs } from 'node:util'
import { loadCell } from './load.mjs'
import { startBench } from './setup.mjs'

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    targets: { type: 'string' },
  },
})

const bench = await startBench()
try {
  const only = args.targets?.split(',')
  const cells = bench.cells.filter((c) => c.cpuPid && (!only || only.includes(c.target)))
  for (const cell of cells) await loadCell({ ...cell, connections: 10, seconds: 1 })
  const samples = new Map(cells.map((c) => [c.target, []]))
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const cell of cells) {
      const { cpuUs } = await loadCell({
        ...cell,
        connections: Number(args.connections),
        seconds: Number(args.seconds),
      })
      samples.get(cell.target).push(cpuUs)
    }
  }
  for (const [target, values] of samples) {
    const sorted = values.filter((v) => v !== null).sort((a, b) => a - b)
    console.log(
      `${target.padEnd(24)} ${String(sorted[Math.floor(sorted.length / 2)] ?? '—').padStart(6)} µs  (${values.join(', ')})`,
    )
  }
} finally {
  await bench.close()
}
