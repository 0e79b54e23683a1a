// Issue 15's figures, through the public API only (the engine behind it may change): contacts
// upload time, calls started per second by one campaign against a fake answering in 5 ms with
// pacing unbounded, and what dispatching costs with a short list and with a long one.
import { cpuMsOf, settle } from './load.mjs'
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
  // Uploads and the campaign before leave work behind (SQLite checkpoints, cancelled calls): measured
  // from a busy start, this campaign would be charged for it.
  await settle([cpuPid])
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
 * Campaigns of 10,000 contacts and of `largeContacts` on `agentId`, two of each, each dispatching its
 * first 500 calls, in the order small, large, large, small after an unmeasured warm-up: the engine's
 * tick is bounded by pacing, not by the list, so the large ones should cost the same per call. One
 * pair was too noisy to tell (the two sizes differed by 25-40 % either way, following the order, not
 * the size: the first dispatch after the uploads paid for what they left in the isolate).
 */
export async function benchCampaigns({ gateway, fake, agentId, cpuPid, largeContacts }) {
  await fake.setDelay(VENDOR_DELAY_MS)
  await fake.setUniqueIds(true)
  try {
    const uploads = []
    let offset = 0
    const prepared = async (name, count) => {
      const campaign = await createCampaign(gateway, agentId, name)
      log(`campaign: uploading ${count.toLocaleString('en')} contacts in requests of 10,000`)
      uploads.push(...(await upload(gateway, campaign.id, count, offset)))
      offset += count
      return campaign
    }
    const small = [await prepared('Bench 10k a', UPLOAD_SIZE), await prepared('Bench 10k b', UPLOAD_SIZE)]
    const large = [
      await prepared(`Bench ${largeContacts} a`, largeContacts),
      await prepared(`Bench ${largeContacts} b`, largeContacts),
    ]
    const warmup = await prepared('Bench warm-up', DISPATCHED)
    uploads.pop() // the warm-up's upload is smaller than the rest
    log(`campaign: dispatching ${DISPATCHED} calls from each (a warm-up first)`)
    await dispatch(gateway, warmup.id, cpuPid)
    const runs = { small: [], large: [] }
    runs.small.push(await dispatch(gateway, small[0].id, cpuPid))
    runs.large.push(await dispatch(gateway, large[0].id, cpuPid))
    runs.large.push(await dispatch(gateway, large[1].id, cpuPid))
    runs.small.push(await dispatch(gateway, small[1].id, cpuPid))
    const both = (pair, contacts) => {
      const calls = pair[0].calls + pair[1].calls
      const seconds = pair[0].seconds + pair[1].seconds
      return {
        contacts,
        calls,
        seconds: Number(seconds.toFixed(3)),
        callsPerSecond: Math.round(calls / seconds),
        cpuUsPerCall: Math.round(
          (pair[0].cpuUsPerCall * pair[0].calls + pair[1].cpuUsPerCall * pair[1].calls) / calls,
        ),
      }
    }
    const sorted = uploads.sort((a, b) => a - b)
    return {
      vendorDelayMs: VENDOR_DELAY_MS,
      uploadMsPer10k: Math.round(sorted[Math.floor(sorted.length / 2)]),
      uploadMsPer10kMax: Math.round(sorted[sorted.length - 1]),
      uploads: sorted.length,
      small: both(runs.small, UPLOAD_SIZE),
      large: both(runs.large, largeContacts),
    }
  } finally {
    await fake.setDelay(0)
    await fake.setUniqueIds(false)
  }
}
