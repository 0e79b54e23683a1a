// Prints the results as a table, with the derived figures and the targets checked.

const TARGETS = {
  addedP50AtC10: 1,
  addedP99AtC10: 5,
  bareThroughputShareAtC50: 0.85,
  addedP50OverBareAtC50: 0.5,
  // wrangler reports sizes in KiB, as the figures do.
  gzipBytes: 200 * 1024,
  batchMs: 2_000,
}

const fixed = (value, digits = 2) => (value === null || value === undefined ? '—' : value.toFixed(digits))
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`
const percent = (value) => `${(value * 100).toFixed(0)}%`

/** Added latency and throughput ratios of every row against `direct` and `bare` at its concurrency. */
export function derive(runs) {
  const at = (target, concurrency) => runs.find((r) => r.target === target && r.concurrency === concurrency)
  return runs.map((run) => {
    const direct = at('direct', run.concurrency)
    const bare = at('bare', run.concurrency)
    const minus = (a, b) => (a === null || b === null ? null : a - b)
    return {
      ...run,
      addedP50Ms: minus(run.p50Ms, direct.p50Ms),
      addedP99Ms: minus(run.p99Ms, direct.p99Ms),
      ofDirect: run.rps / direct.rps,
      ofBare: run.rps / bare.rps,
      bareAddedP50Ms: minus(bare.p50Ms, direct.p50Ms),
    }
  })
}

export function printReport(results, { serverTiming, cpuUs, seconds, vendorProviders }) {
  const rows = derive(results.runs)
  const header = [
    'target',
    'conc',
    'req/s',
    'p50 ms',
    'p99 ms',
    '+p50 ms',
    '+p99 ms',
    '/direct',
    '/bare',
    'ST total',
    'ST upstream',
    'cpu µs',
  ]
  const lines = rows.map((r) => {
    const timing = serverTiming[r.target] ?? {}
    const own = r.target === 'direct'
    return [
      r.target,
      String(r.concurrency),
      String(r.rps),
      fixed(r.p50Ms),
      fixed(r.p99Ms),
      own ? '' : fixed(r.addedP50Ms),
      own ? '' : fixed(r.addedP99Ms),
      own ? '' : percent(r.ofDirect),
      own || r.target === 'bare' ? '' : percent(r.ofBare),
      fixed(timing.totalMs),
      fixed(timing.upstreamMs),
      String(cpuUs[`${r.target}@${r.concurrency}`] ?? '—'),
    ]
  })
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  const format = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  const { machine } = results
  console.log(
    `\nSwitchboard bench ${results.date} — ${machine.cpus} CPUs, Node ${machine.node}, workerd ${machine.workerd}, ${seconds} s per cell`,
  )
  console.log(format(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const line of lines) console.log(format(line))
  console.log(
    '(+p50/+p99: minus direct at the same concurrency; ST: median Server-Timing of 100 sequential requests; cpu µs: workerd CPU time per request)',
  )

  console.log('\nbatch of 1,000 calls (fake answers in 5 ms):')
  for (const b of results.batch) console.log(`  ${b.provider.padEnd(12)} ${b.ms} ms`)
  console.log(
    `bundle: ${kib(results.bundle.rawBytes)} raw, ${kib(results.bundle.gzipBytes)} gzip; startup (spawn → first 200): ${results.startupMs} ms`,
  )

  console.log('\ntargets:')
  for (const [name, met, detail] of checkTargets(rows, results, vendorProviders)) {
    console.log(`  ${met === null ? 'n/a ' : met ? 'met ' : 'MISS'}  ${name}: ${detail}`)
  }
}

function checkTargets(rows, results, vendorProviders) {
  const vendorRows = (concurrency) =>
    rows.filter(
      (r) => r.concurrency === concurrency && vendorProviders.some((p) => r.target.startsWith(`${p}:`)),
    )
  const worst = (list, key, pick) => list.reduce((a, b) => (pick(a[key], b[key]) === a[key] ? a : b))
  const checks = []
  const atC10 = vendorRows(10)
  const atC50 = vendorRows(50)
  if (atC10.length) {
    const p50 = worst(atC10, 'addedP50Ms', Math.max)
    const p99 = worst(atC10, 'addedP99Ms', Math.max)
    checks.push([
      `added p50 ≤ ${TARGETS.addedP50AtC10} ms at c=10`,
      p50.addedP50Ms <= TARGETS.addedP50AtC10,
      `worst ${fixed(p50.addedP50Ms)} ms (${p50.target})`,
    ])
    checks.push([
      `added p99 ≤ ${TARGETS.addedP99AtC10} ms at c=10`,
      p99.addedP99Ms <= TARGETS.addedP99AtC10,
      `worst ${fixed(p99.addedP99Ms)} ms (${p99.target})`,
    ])
  } else {
    checks.push(['added latency at c=10', null, 'no vendor provider registered'])
  }
  if (atC50.length) {
    const share = worst(atC50, 'ofBare', Math.min)
    const overBare = worst(
      atC50.map((r) => ({ ...r, over: r.addedP50Ms - r.bareAddedP50Ms })),
      'over',
      Math.max,
    )
    checks.push([
      `throughput ≥ ${percent(TARGETS.bareThroughputShareAtC50)} of bare at c=50`,
      share.ofBare >= TARGETS.bareThroughputShareAtC50,
      `worst ${percent(share.ofBare)} (${share.target})`,
    ])
    checks.push([
      `added p50 within ${TARGETS.addedP50OverBareAtC50} ms of bare at c=50`,
      overBare.over <= TARGETS.addedP50OverBareAtC50,
      `worst +${fixed(overBare.over)} ms over bare (${overBare.target})`,
    ])
  } else {
    checks.push(['throughput vs bare at c=50', null, 'no vendor provider registered'])
  }
  checks.push([
    `bundle ≤ ${kib(TARGETS.gzipBytes)} gzip`,
    results.bundle.gzipBytes <= TARGETS.gzipBytes,
    `${kib(results.bundle.gzipBytes)} (${results.bundle.gzipBytes} bytes)`,
  ])
  const slowest = results.batch.reduce((a, b) => (b.ms > a.ms ? b : a))
  checks.push([
    `batch of 1,000 ≤ ${TARGETS.batchMs} ms`,
    slowest.ms <= TARGETS.batchMs,
    `slowest ${slowest.ms} ms (${slowest.provider})`,
  ])
  return checks
}
