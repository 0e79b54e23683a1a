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
  const d1Samples = new Map(cells.map((c) => [c.target, []]))
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const cell of cells) {
      const { cpuUs, d1CpuUs } = await loadCell({
        ...cell,
        connections: Number(args.connections),
        seconds: Number(args.seconds),
      })
      samples.get(cell.target).push(cpuUs)
      d1Samples.get(cell.target).push(d1CpuUs)
    }
  }
  const median = (values) => {
    const sorted = values.filter((v) => v !== null).sort((a, b) => a - b)
    return String(sorted[Math.floor(sorted.length / 2)] ?? '—')
  }
  // The gateway's workerd first (the figure the targets use), then the D1 stand-in's own process.
  for (const [target, values] of samples) {
    const d1 = d1Samples.get(target)
    console.log(
      `${target.padEnd(24)} ${median(values).padStart(6)} µs  (${values.join(', ')})   D1 stand-in ${median(d1).padStart(5)} µs  (${d1.map((v) => v ?? '—').join(', ')})`,
    )
  }
} finally {
  await bench.close()
}
