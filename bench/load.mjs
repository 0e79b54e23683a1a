// Drives load with autocannon and measures latency itself: autocannon's histogram has 1 ms
// resolution, too coarse for a gateway that should add well under a millisecond.
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
const round = (value, digits) => Number(value.toFixed(digits))

const TICKS_PER_SECOND = 100

/**
 * CPU time a process has used so far (Linux /proc; null elsewhere). Unlike latency, it does not grow
 * when other work on the machine steals the cores, so it is the steadier measure of the gateway's cost.
 */
export function cpuMsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000
  } catch {
    return null
  }
}

/**
 * Waits until the processes in `pids` stop working (less than 2 ms of CPU in 100 ms), at most
 * `maxMs`. The sandbox's calls play out their timelines after the cell that created them (events,
 * ledger writes): measured from a busy start, the next cell would be charged for that CPU and queue
 * behind that D1 backlog (a Bland create, which reads its kept agent from D1 first, then completed
 * nothing at concurrency 50).
 */
export async function settle(pids, maxMs = 15_000) {
  const total = () => pids.reduce((sum, pid) => sum + (cpuMsOf(pid) ?? 0), 0)
  const started = performance.now()
  let last = total()
  while (performance.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    const now = total()
    if (now - last < 2) return
    last = now
  }
}

/**
 * Runs one cell; every answer must have `expectStatus`, or the cell fails loudly. With `cpuPid`,
 * also reports that process's CPU microseconds per answered request; with `d1Pid`, the D1
 * stand-in's the same way.
 */
export async function loadCell({
  url,
  method = 'GET',
  body,
  headers = {},
  connections,
  seconds,
  expectStatus,
  cpuPid,
  d1Pid,
}) {
  if (cpuPid) await settle(d1Pid ? [cpuPid, d1Pid] : [cpuPid])
  const cpuBefore = cpuPid ? cpuMsOf(cpuPid) : null
  const d1Before = d1Pid ? cpuMsOf(d1Pid) : null
  const latencies = []
  const wrong = new Map()
  const instance = autocannon({
    url,
    method,
    connections,
    duration: seconds,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  instance.on('response', (_client, status, _bytes, responseTime) => {
    if (status === expectStatus) latencies.push(responseTime)
    else wrong.set(status, (wrong.get(status) ?? 0) + 1)
  })
  const result = await instance
  const cpuAfter = cpuPid ? cpuMsOf(cpuPid) : null
  const d1After = d1Pid ? cpuMsOf(d1Pid) : null
  if (wrong.size || result.errors || result.timeouts) {
    const statuses = [...wrong].map(([status, count]) => `${count}× ${status}`).join(', ')
    throw new Error(
      `${method} ${url} at concurrency ${connections}: ${statuses || 'no wrong statuses'}, ${result.errors} errors, ${result.timeouts} timeouts`,
    )
  }
  // A target slower than the cell (the sandbox's single Durable Object under load) has no figures.
  if (latencies.length === 0) return { rps: 0, p50Ms: null, p99Ms: null, cpuUs: null, d1CpuUs: null }
  const perRequest = (before, after) =>
    before === null || after === null ? null : Math.round(((after - before) * 1000) / latencies.length)
  latencies.sort((a, b) => a - b)
  return {
    rps: Math.round(latencies.length / result.duration),
    p50Ms: round(percentile(latencies, 50), 3),
    p99Ms: round(percentile(latencies, 99), 3),
    cpuUs: perRequest(cpuBefore, cpuAfter),
    // The D1 stand-in's own process (bench/d1-shim.js): informational, not the gateway's CPU.
    d1CpuUs: perRequest(d1Before, d1After),
  }
}

/** Median `Server-Timing` durations over sequential requests: the gateway's own view of its time. */
export async function sampleServerTiming({ url, method = 'GET', body, headers = {}, samples = 50 }) {
  const figures = { total: [], upstream: [], ledger: [], key: [], rate: [] }
  for (let i = 0; i < samples; i++) {
    const response = await fetch(url, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    await response.arrayBuffer()
    for (const part of (response.headers.get('server-timing') ?? '').split(',')) {
      const match = /^\s*(\w+);dur=([\d.]+)/.exec(part)
      if (match && match[1] in figures) figures[match[1]].push(Number(match[2]))
    }
  }
  const median = (values) =>
    values.length
      ? round(
          percentile(
            values.sort((a, b) => a - b),
            50,
          ),
          2,
        )
      : null
  return {
    totalMs: median(figures.total),
    upstreamMs: median(figures.upstream),
    ledgerMs: median(figures.ledger),
    keyMs: median(figures.key),
    rateMs: median(figures.rate),
  }
}
