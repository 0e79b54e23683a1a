// Issue 15's figures, through the public API only (the engine behind it may change): contacts
// upload time, calls started per second by one campaign against a fake answering in 5 ms with
// pacing unbounded, and what dispatching costs with a short list and with a long one.
import { cpuMsOf } from './load.mjs'
import { log, request } from './setup.mjs'

const UPLOAD_SIZE = 10_000
/** Calls each measured campaign places: its maxConcurrent, since no call ends during the run. */
const DISPATCHED = 500
const VENDOR_DELAY_MS = 5
const POLL_MS = 25
const DISPATCH_TIMEOUT_MS = 60_000

/** Distinct US numbers: 415 area, exchanges 201 upward, 10,000 lines each. */
const number = (n) => `+1415${201 + Math.floor(n / 10_000)}${String(n % 10_000).padStart(4, '0')}`

async function createCampaign(gateway, agentId, name) {
  return request(
    'POST',
    `${gateway}/v1/campaigns`,
    {
      name,
      agentId,
      // Open whenever the bench runs, in one zone for every contact.
      window: { start: '00:00', end: '24:00', timezone: 'UTC' },
      pacing: { maxConcurrent: DISPATCHED, callsPerMinute: null },
    },
    201,
  )
}

/** Uploads `count` contacts in requests of 10,000; returns each request's milliseconds. */
async function upload(gateway, id, count, offset) {
  const times = []
  for (let start = 0; start < count; start += UPLOAD_SIZE) {
    const contacts = Array.from({ length: Math.min(UPLOAD_SIZE, count - start) }, (_, i) => ({
      to: number(offset + start + i),
    }))
    const started = performance.now()
    const added = await request('POST', `${gateway}/v1/campaigns/${id}/contacts`, { contacts }, 200)
    times.push(performance.now() - started)
    if (added.added !== contacts.length) {
      throw new Error(
        `upload to ${id} added ${added.added} of ${contacts.length}: ${JSON.stringify(added).slice(0, 300)}`,
      )
    }
  }
  return times
}

/**
 * A read of the campaign, tried again if its connection drops: workerd may close a kept-alive
 * connection while the engine keeps it busy, and a read is safe to repeat.
 */
async function poll(url) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request('GET', url, undefined, 200)
    } catch (error) {
      if (attempt >= 5 || !(error instanceof TypeError)) throw error
    }
  }
}

/** Starts the campaign and waits for `DISPATCHED` attempts: calls per second and workerd CPU per call. */
async function dispatch(gateway, id, cpuPid) {
  const cpuBefore = cpuMsOf(cpuPid)
  const started = performance.now()
  await request('POST', `${gateway}/v1/campaigns/${id}/start`, {}, 200)
  let attempts = 0
  while (performance.now() - started < DISPATCH_TIMEOUT_MS) {
    attempts = (await poll(`${gateway}/v1/campaigns/${id}`)).stats.attempts
    if (attempts >= DISPATCHED) break
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
  const seconds = (performance.now() - started) / 1000
  const cpuMs = cpuMsOf(cpuPid) - cpuBefore
  // Cancelled at once, so the rest of the run does not share workerd with it.
  await request('POST', `${gateway}/v1/campaigns/${id}/cancel`, {}, 200)
  if (attempts < DISPATCHED)
    throw new Error(`campaign ${id} placed ${attempts} of ${DISPATCHED} calls in ${seconds} s`)
  return {
    calls: attempts,
    seconds: Number(seconds.toFixed(3)),
    callsPerSecond: Math.round(attempts / seconds),
    cpuUsPerCall: Math.round((cpuMs * 1000) / attempts),
  }
}

/**
 * Two campaigns on `agentId`: one of 10,000 contacts and one of `largeContacts`, each dispatching
 * its first 1,000 calls. The engine's tick is bounded by pacing, not by the list: the large one
 * should cost the same per call.
 */
export async function benchCampaigns({ gateway, fake, agentId, cpuPid, largeContacts }) {
  await fake.setDelay(VENDOR_DELAY_MS)
  await fake.setUniqueIds(true)
  try {
    const small = await createCampaign(gateway, agentId, 'Bench 10k')
    log(`campaign: uploading 10,000 contacts`)
    const uploads = await upload(gateway, small.id, UPLOAD_SIZE, 0)
    const large = await createCampaign(gateway, agentId, `Bench ${largeContacts}`)
    log(`campaign: uploading ${largeContacts.toLocaleString('en')} contacts in requests of 10,000`)
    uploads.push(...(await upload(gateway, large.id, largeContacts, UPLOAD_SIZE)))
    log(`campaign: dispatching ${DISPATCHED} calls from each`)
    const smallRun = await dispatch(gateway, small.id, cpuPid)
    const largeRun = await dispatch(gateway, large.id, cpuPid)
    const sorted = uploads.sort((a, b) => a - b)
    return {
      vendorDelayMs: VENDOR_DELAY_MS,
      uploadMsPer10k: Math.round(sorted[Math.floor(sorted.length / 2)]),
      uploadMsPer10kMax: Math.round(sorted[sorted.length - 1]),
      uploads: sorted.length,
      small: { contacts: UPLOAD_SIZE, ...smallRun },
      large: { contacts: largeContacts, ...largeRun },
    }
  } finally {
    await fake.setDelay(0)
    await fake.setUniqueIds(false)
  }
}
