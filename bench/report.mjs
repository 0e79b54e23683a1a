// Prints the results as a table, with the derived figures and the issue's targets checked.

// Issue 7's targets: latency and throughput against the fake and the bare Worker.
const TARGETS = {
  addedP50AtC10: 1,
  addedP99AtC10: 5,
  bareThroughputShareAtC50: 0.85,
  addedP50OverBareAtC50: 0.5,
  batchMs: 2_000,
}

// Issue 21's targets ("added" = the gateway's figure minus the bare pass-through's, same run).
const PERF = {
  addedCpuGetUs: 120,
  addedCpuCreateUs: 200,
  addedP50AtC1Ms: 0.3,
  getShareOfBareAtC50: 0.5,
  createShareOfBareAtC50: 0.4,
  sandboxCreatesPerSecondAtC50: 1_500,
  campaignCallsPerSecond: 200,
  // wrangler reports sizes in KiB, as the issue's figures do.
  gzipBytes: 170 * 1024,
}
// Issue 14: what routing a create through a portable agent adds, against a direct create.
const ROUTED_ADDED_P50_MS = 0.3
// Issue 15: one upload of 10,000 answered within 2 s; a tick costs the same at any list length (±20 %).
const UPLOAD_MS = 2_000
const TICK_RATIO = 1.2
const FULL_CAMPAIGN = 1_000_000

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

export function printReport(results, { serverTiming, cpuUs, d1CpuUs = {}, seconds }) {
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
    'ST ledger',
    'cpu µs',
    'D1 µs',
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
      fixed(timing.ledgerMs),
      String(cpuUs[`${r.target}@${r.concurrency}`] ?? '—'),
      String(d1CpuUs[`${r.target}@${r.concurrency}`] ?? '—'),
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
    "(+p50/+p99: minus direct at the same concurrency; ST: median Server-Timing of 50 sequential requests; cpu µs: the gateway's workerd CPU time per request; D1 µs: the D1 stand-in's own workerd, not counted in cpu µs)",
  )

  console.log('\nbatch of 1,000 calls (fake answers in 5 ms):')
  for (const b of results.batch) console.log(`  ${b.provider.padEnd(12)} ${b.ms} ms`)
  console.log(
    `bundle: ${kib(results.bundle.rawBytes)} raw, ${kib(results.bundle.gzipBytes)} gzip; startup (spawn → first 200): ${results.startupMs} ms`,
  )

  printTargets(results.targets)
  printCosts(results)
}

/** The issues' targets, each with its figure and met / missed; kept in latest.json as well. */
export function printTargets(targets) {
  console.log('\ntargets:')
  let issue = ''
  for (const t of targets) {
    if (t.issue !== issue) {
      issue = t.issue
      console.log(`  ${issue}`)
    }
    const verdict = t.met === null ? 'n/a   ' : t.met ? 'met   ' : 'MISSED'
    console.log(`    ${verdict}  ${t.name}: ${t.figure} (target ${t.target})${t.note ? ` — ${t.note}` : ''}`)
  }
}

/** What the ledger, the key lookup and the rate limit cost per request. */
function printCosts(results) {
  console.log('\ncost per request of (Server-Timing: time waited, median of 50; cpu: workerd µs at c=10):')
  for (const [name, rows] of Object.entries(costRows(results))) {
    console.log(`  ${name.padEnd(12)} ${rows}`)
  }
}

export function costRows(results) {
  const { serverTiming: st, cpuUs } = results
  const ms = (v) => (v === null || v === undefined ? '—' : `${v.toFixed(2)} ms`)
  const cpu = (target) => cpuUs[`${target}@10`] ?? null
  const delta = (a, b) => (cpu(a) === null || cpu(b) === null ? '—' : `${cpu(a) - cpu(b)} µs`)
  const keyRow = Object.keys(st).find((t) => t.endsWith('+managed key'))
  const rateRow = Object.keys(st).find((t) => t.endsWith('+rate limit'))
  const plainGet = keyRow?.replace('+managed key', '')
  const creates = Object.keys(st).filter((t) => t.endsWith(':calls.create') && st[t].ledgerMs !== null)
  const gets = Object.keys(st).filter((t) => t.endsWith(':calls.get') && st[t].ledgerMs !== null)
  const medianOf = (list, key) => {
    const values = list
      .map((t) => st[t][key])
      .filter((v) => v !== null)
      .sort((a, b) => a - b)
    return values.length ? values[Math.floor(values.length / 2)] : null
  }
  return {
    ledger: `create ${ms(medianOf(creates, 'ledgerMs'))} (pending row + completion, median over providers), get ${ms(medianOf(gets, 'ledgerMs'))} (${gets.length} of the gets read D1)`,
    'key lookup': keyRow
      ? `managed key ${ms(st[keyRow].keyMs)}, root key ${ms(st[plainGet]?.keyMs)}; cpu ${delta(keyRow, plainGet)} (${keyRow} − ${plainGet})`
      : '—',
    'rate limit': rateRow
      ? `${ms(st[rateRow].rateMs)}; cpu ${delta(rateRow, keyRow)} (${rateRow} − ${keyRow})`
      : '—',
  }
}

export function checkTargets(results, vendorProviders) {
  const rows = derive(results.runs)
  const { cpuUs, campaign } = results
  const checks = []
  const add = (issue, name, value, figure, target, met, note) =>
    checks.push({
      issue,
      name,
      value,
      figure,
      target,
      met: value === null || value === undefined ? null : met,
      ...(note ? { note } : {}),
    })
  const at = (target, concurrency) => rows.find((r) => r.target === target && r.concurrency === concurrency)
  const isVendor = (target, op) => vendorProviders.some((p) => target === `${p}:calls.${op}`)

  // Issue 21.
  for (const [op, limit] of [
    ['get', PERF.addedCpuGetUs],
    ['create', PERF.addedCpuCreateUs],
  ]) {
    const bare = cpuUs['bare@10']
    const added = vendorProviders
      .map((p) => ({ target: `${p}:calls.${op}`, us: cpuUs[`${p}:calls.${op}@10`] }))
      .filter((r) => r.us !== null && r.us !== undefined && bare !== null && bare !== undefined)
      .map((r) => ({ ...r, us: r.us - bare }))
    const worst = added.length ? added.reduce((a, b) => (b.us > a.us ? b : a)) : null
    add(
      '#21 performance',
      `added workerd CPU per request, vendor ${op}${op === 'create' ? ' (ledger write included)' : ''}, c=10`,
      worst?.us,
      worst
        ? `worst ${worst.us} µs (${worst.target}); ${added.map((r) => `${r.target.split(':')[0]} ${r.us}`).join(', ')}`
        : '—',
      `≤ ${limit} µs`,
      worst && worst.us <= limit,
    )
  }
  for (const op of ['create', 'get']) {
    const list = rows.filter((r) => r.concurrency === 1 && isVendor(r.target, op) && r.p50Ms !== null)
    const bare = at('bare', 1)
    const worst = list.length && bare ? list.reduce((a, b) => (b.p50Ms > a.p50Ms ? b : a)) : null
    const added = worst ? worst.p50Ms - bare.p50Ms : null
    add(
      '#21 performance',
      `added p50 latency at c=1, vendor ${op}`,
      added,
      worst ? `worst ${fixed(added)} ms (${worst.target})` : '—',
      `≤ ${PERF.addedP50AtC1Ms} ms`,
      added !== null && added <= PERF.addedP50AtC1Ms,
    )
  }
  for (const [op, share] of [
    ['get', PERF.getShareOfBareAtC50],
    ['create', PERF.createShareOfBareAtC50],
  ]) {
    const list = rows.filter((r) => r.concurrency === 50 && isVendor(r.target, op))
    const worst = list.length ? list.reduce((a, b) => (b.ofBare < a.ofBare ? b : a)) : null
    add(
      '#21 performance',
      `requests/s at c=50 as a share of bare, vendor ${op}`,
      worst?.ofBare,
      worst ? `worst ${percent(worst.ofBare)} (${worst.target}, ${worst.rps}/s)` : '—',
      `≥ ${percent(share)}`,
      worst && worst.ofBare >= share,
    )
  }
  const sandbox = at('sandbox:calls.create', 50)
  add(
    '#21 performance',
    'sandbox creates per second at c=50',
    sandbox?.rps,
    sandbox ? `${sandbox.rps}/s` : '—',
    `≥ ${PERF.sandboxCreatesPerSecondAtC50}/s`,
    sandbox && sandbox.rps >= PERF.sandboxCreatesPerSecondAtC50,
  )
  const dispatch = campaign?.small
  add(
    '#21 performance',
    `one campaign's dispatch, fake answering in ${campaign?.vendorDelayMs ?? 5} ms, pacing unbounded`,
    dispatch?.callsPerSecond,
    dispatch ? `${dispatch.callsPerSecond} calls/s (${dispatch.calls} calls in ${dispatch.seconds} s)` : '—',
    `≥ ${PERF.campaignCallsPerSecond} calls/s`,
    dispatch && dispatch.callsPerSecond >= PERF.campaignCallsPerSecond,
  )
  add(
    '#21 performance',
    'Worker bundle, gzip (modules workerd loads; static and console assets excluded)',
    results.bundle.gzipBytes,
    `${kib(results.bundle.gzipBytes)} (${kib(results.bundle.rawBytes)} raw)`,
    `≤ ${kib(PERF.gzipBytes)}`,
    results.bundle.gzipBytes <= PERF.gzipBytes,
  )

  // Issue 14.
  for (const concurrency of [1, 10]) {
    const routed = at('routed:calls.create', concurrency)
    const base = rows.find(
      (r) => r.concurrency === concurrency && r.target === `${results.routedProvider}:calls.create`,
    )
    const added =
      routed && base && routed.p50Ms !== null && base.p50Ms !== null ? routed.p50Ms - base.p50Ms : null
    add(
      '#14 routing',
      `latency routing adds to a create at c=${concurrency} (portable agent, one healthy ${results.routedProvider} target, vs a direct create there)`,
      added,
      added === null ? '—' : `${fixed(added)} ms at p50 (${fixed(routed.p50Ms)} vs ${fixed(base.p50Ms)})`,
      `≤ ${ROUTED_ADDED_P50_MS} ms`,
      added !== null && added <= ROUTED_ADDED_P50_MS,
    )
  }

  // Issue 15.
  add(
    '#15 campaigns',
    'calls started per second by one campaign (see #21)',
    dispatch?.callsPerSecond,
    dispatch ? `${dispatch.callsPerSecond} calls/s` : '—',
    `≥ ${PERF.campaignCallsPerSecond} calls/s`,
    dispatch && dispatch.callsPerSecond >= PERF.campaignCallsPerSecond,
  )
  add(
    '#15 campaigns',
    'upload time per 10,000 contacts',
    campaign?.uploadMsPer10k,
    campaign
      ? `median ${campaign.uploadMsPer10k} ms, slowest ${campaign.uploadMsPer10kMax} ms over ${campaign.uploads} uploads`
      : '—',
    `each ≤ ${UPLOAD_MS} ms`,
    campaign && campaign.uploadMsPer10kMax <= UPLOAD_MS,
  )
  const large = campaign?.large
  const ratio = dispatch && large ? large.cpuUsPerCall / dispatch.cpuUsPerCall : null
  add(
    '#15 campaigns',
    `cost of a tick with ${dispatch?.contacts.toLocaleString('en') ?? '—'} vs ${large?.contacts.toLocaleString('en') ?? '—'} contacts (workerd CPU per call dispatched)`,
    ratio,
    ratio === null
      ? '—'
      : `${dispatch.cpuUsPerCall} vs ${large.cpuUsPerCall} µs per call (×${ratio.toFixed(2)}); ${dispatch.callsPerSecond} vs ${large.callsPerSecond} calls/s`,
    `same within 20 %`,
    ratio !== null && ratio <= TICK_RATIO && ratio >= 1 / TICK_RATIO,
    large && large.contacts < FULL_CAMPAIGN
      ? `measured at ${large.contacts.toLocaleString('en')}, not ${FULL_CAMPAIGN.toLocaleString('en')}: run with --campaign-contacts ${FULL_CAMPAIGN} (about 100 uploads more)`
      : undefined,
  )

  // Issue 7.
  const atC10 = rows.filter(
    (r) => r.concurrency === 10 && (isVendor(r.target, 'create') || isVendor(r.target, 'get')),
  )
  const atC50 = rows.filter(
    (r) => r.concurrency === 50 && (isVendor(r.target, 'create') || isVendor(r.target, 'get')),
  )
  if (atC10.length) {
    const p50 = atC10.reduce((a, b) => (b.addedP50Ms > a.addedP50Ms ? b : a))
    const p99 = atC10.reduce((a, b) => (b.addedP99Ms > a.addedP99Ms ? b : a))
    add(
      '#7 bench',
      'added p50 at c=10 (vs direct)',
      p50.addedP50Ms,
      `worst ${fixed(p50.addedP50Ms)} ms (${p50.target})`,
      `≤ ${TARGETS.addedP50AtC10} ms`,
      p50.addedP50Ms <= TARGETS.addedP50AtC10,
    )
    add(
      '#7 bench',
      'added p99 at c=10 (vs direct)',
      p99.addedP99Ms,
      `worst ${fixed(p99.addedP99Ms)} ms (${p99.target})`,
      `≤ ${TARGETS.addedP99AtC10} ms`,
      p99.addedP99Ms <= TARGETS.addedP99AtC10,
    )
  }
  if (atC50.length) {
    const share = atC50.reduce((a, b) => (b.ofBare < a.ofBare ? b : a))
    const over = atC50
      .map((r) => ({ ...r, over: r.addedP50Ms - r.bareAddedP50Ms }))
      .reduce((a, b) => (b.over > a.over ? b : a))
    add(
      '#7 bench',
      'throughput at c=50 as a share of bare',
      share.ofBare,
      `worst ${percent(share.ofBare)} (${share.target})`,
      `≥ ${percent(TARGETS.bareThroughputShareAtC50)}`,
      share.ofBare >= TARGETS.bareThroughputShareAtC50,
    )
    add(
      '#7 bench',
      'added p50 over bare at c=50',
      over.over,
      `worst +${fixed(over.over)} ms (${over.target})`,
      `≤ ${TARGETS.addedP50OverBareAtC50} ms`,
      over.over <= TARGETS.addedP50OverBareAtC50,
    )
  }
  const slowest = results.batch.length ? results.batch.reduce((a, b) => (b.ms > a.ms ? b : a)) : null
  add(
    '#7 bench',
    'batch of 1,000 calls (fake answering in 5 ms)',
    slowest?.ms,
    slowest ? `slowest ${slowest.ms} ms (${slowest.provider})` : '—',
    `≤ ${TARGETS.batchMs} ms`,
    slowest && slowest.ms <= TARGETS.batchMs,
  )
  return checks
}
