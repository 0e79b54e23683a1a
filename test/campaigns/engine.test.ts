import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { CampaignObject } from '../../src/campaigns/campaign-object'
import type { Bindings } from '../../src/env'
import { apiClient, eventually } from '../helpers/api'

const root = apiClient()
const inProject =
  (project: string) =>
  (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    root(method, path, body, { 'switchboard-project': project, ...headers })
type Api = ReturnType<typeof inProject>

/** The issue's mixed list: 1,000 contacts, a tenth busy and a tenth no-answer. */
const SIZE = 1_000
const bindings = env as unknown as Bindings
const ALWAYS_OPEN = { start: '00:00', end: '24:00', timezone: 'UTC' }

async function campaignWith(api: Api, contacts: unknown[], extra: Record<string, unknown> = {}) {
  const agent = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Dialer', firstMessage: 'Hi' })
  const created = await api('POST', '/v1/campaigns', {
    name: 'Engine',
    agentId: agent.body.id,
    window: ALWAYS_OPEN,
    ...extra,
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const id = created.body.id as string
  for (let i = 0; i < contacts.length; i += 10_000) {
    const added = await api('POST', `/v1/campaigns/${id}/contacts`, {
      contacts: contacts.slice(i, i + 10_000),
    })
    expect(added.status).toBe(200)
  }
  return id
}

async function allContacts(api: Api, id: string) {
  const out: any[] = []
  let cursor: string | null = null
  do {
    const page: any = await api(
      'GET',
      `/v1/campaigns/${id}/contacts?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    )
    out.push(...page.body.data)
    cursor = page.body.nextCursor
  } while (cursor)
  return out
}

async function campaignCalls(api: Api, id: string) {
  const out: any[] = []
  let cursor: string | null = null
  do {
    const page: any = await api(
      'GET',
      `/v1/calls?campaignId=${id}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    )
    out.push(...page.body.data)
    cursor = page.body.nextCursor
  } while (cursor)
  return out
}

async function waitForStatus(api: Api, id: string, status: string, timeout = 170_000) {
  const res = await eventually(
    () => api('GET', `/v1/campaigns/${id}`),
    (r) => r.body.status === status,
    timeout,
  )
  expect(res.body.status, JSON.stringify(res.body.stats)).toBe(status)
  return res.body
}

describe('campaign engine on the sandbox', () => {
  it('dials a mixed list at maxConcurrent 20: right final status and attempts for each, never 21 in flight', async () => {
    const api = inProject('cmp-engine-mixed')
    const contacts = Array.from({ length: SIZE }, (_, i) => {
      if (i % 10 === 3) return { to: `+15005551${String(i).padStart(3, '0')}`, ref: `busy-${i}` }
      if (i % 10 === 7) return { to: `+15005552${String(i).padStart(3, '0')}`, ref: `noanswer-${i}` }
      return { to: `+1415555${String(i).padStart(4, '0')}`, ref: `ok-${i}` }
    })
    const id = await campaignWith(api, contacts, {
      pacing: { maxConcurrent: 20, callsPerMinute: null },
      retry: { on: ['no_answer'], maxAttempts: 3, delayMinutes: 1 },
    })
    await api('POST', '/v1/suppressions', { numbers: ['+14155550001'] })
    const started = Date.now()
    expect((await api('POST', `/v1/campaigns/${id}/start`)).status).toBe(200)
    const done = await waitForStatus(api, id, 'completed')
    const seconds = (Date.now() - started) / 1000
    console.log(`${SIZE} contacts, ${done.stats.attempts} attempts in ${seconds.toFixed(1)} s`)

    const tenth = SIZE / 10
    const ok = SIZE - 2 * tenth - 1
    expect(done.stats).toMatchObject({
      total: SIZE,
      completed: ok,
      busy: tenth,
      no_answer: tenth,
      suppressed: 1,
      inFlight: 0,
    })
    // Suppressed: one refused attempt; busy is not in retry.on; no_answer is tried 3 times.
    expect(done.stats.attempts).toBe(ok + tenth + tenth * 3 + 1)
    const listed = await allContacts(api, id)
    for (const contact of listed) {
      const kind = contact.ref.split('-')[0]
      if (contact.to === '+14155550001') {
        expect(contact).toMatchObject({ status: 'suppressed' })
        expect(contact.attempts[0].status).toBe('refused:suppressed')
        continue
      }
      const expected: Record<string, [string, number]> = {
        ok: ['completed', 1],
        busy: ['busy', 1],
        noanswer: ['no_answer', 3],
      }
      const [status, attempts] = expected[kind] as [string, number]
      expect(contact.status, contact.to).toBe(status)
      expect(contact.attempts, contact.to).toHaveLength(attempts)
      for (const attempt of contact.attempts) expect(attempt.callId).toMatch(/^sandbox_/)
    }

    const calls = await campaignCalls(api, id)
    expect(calls).toHaveLength(ok + tenth + tenth * 3)
    expect(calls.every((c) => c.campaignId === id)).toBe(true)
    // Nobody dialed twice within one attempt: calls per number equal that contact's attempts.
    const perNumber = new Map<string, number>()
    for (const call of calls) perNumber.set(call.to, (perNumber.get(call.to) ?? 0) + 1)
    for (const contact of listed) {
      if (contact.status !== 'suppressed') expect(perNumber.get(contact.to)).toBe(contact.attempts.length)
    }
    expect(perNumber.has('+14155550001')).toBe(false)
    // In flight from the calls' own timestamps: created .. ended never overlaps more than 20 at once.
    const edges = calls.flatMap((c) => [
      [Date.parse(c.createdAt), 1],
      [Date.parse(c.endedAt), -1],
    ]) as [number, number][]
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1])
    let live = 0
    let peak = 0
    for (const [, d] of edges) {
      live += d
      peak = Math.max(peak, live)
    }
    expect(peak).toBeLessThanOrEqual(20)
    expect(peak).toBeGreaterThan(1)
  }, 180_000)

  it('pause stops new dials, resume continues, cancel withdraws the rest while live calls finish', async () => {
    const api = inProject('cmp-engine-pause')
    const contacts = Array.from({ length: 40 }, (_, i) => ({ to: `+1415556${String(i).padStart(4, '0')}` }))
    const id = await campaignWith(api, contacts, { pacing: { maxConcurrent: 2, callsPerMinute: null } })
    await api('POST', `/v1/campaigns/${id}/start`)
    await eventually(
      () => api('GET', `/v1/campaigns/${id}`),
      (r) => r.body.stats.attempts >= 2,
      20_000,
    )
    await api('POST', `/v1/campaigns/${id}/pause`)
    // Calls already live finish; then nothing new is dialed while paused.
    const settled = await eventually(
      () => api('GET', `/v1/campaigns/${id}`),
      (r) => r.body.stats.inFlight === 0,
      20_000,
    )
    expect(settled.body.stats.inFlight).toBe(0)
    const paused = settled.body.stats.attempts
    await new Promise((r) => setTimeout(r, 1_000))
    const still = (await api('GET', `/v1/campaigns/${id}`)).body
    expect(still.status).toBe('paused')
    expect(still.stats.attempts).toBe(paused)
    expect((await campaignCalls(api, id)).length).toBe(paused)

    await api('POST', `/v1/campaigns/${id}/resume`)
    await eventually(
      () => api('GET', `/v1/campaigns/${id}`),
      (r) => r.body.stats.attempts >= paused + 2,
      20_000,
    )
    const canceled = (await api('POST', `/v1/campaigns/${id}/cancel`)).body
    expect(canceled.status).toBe('canceled')
    const dialed = canceled.stats.attempts
    expect(canceled.stats.canceled).toBe(40 - dialed)
    expect(canceled.stats.pending).toBe(0)
    const done = await eventually(
      () => api('GET', `/v1/campaigns/${id}`),
      (r) => r.body.stats.inFlight === 0,
      20_000,
    )
    // The live calls ended on their own (completed), none was added after the cancel.
    expect(done.body.stats.completed).toBe(dialed)
    expect((await campaignCalls(api, id)).length).toBe(dialed)
  }, 60_000)

  it('waits for a closed window: a contact whose zone is closed now gets nextAttemptAt and no call', async () => {
    const api = inProject('cmp-engine-window')
    const now = new Date()
    const hh = (h: number) => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`
    // Open for the next few hours in UTC; the other contact's zone is 12 hours off, so closed now.
    const id = await campaignWith(
      api,
      [
        { to: '+14155557001', timezone: 'Etc/UTC', ref: 'open' },
        { to: '+14155557002', timezone: 'Etc/GMT-12', ref: 'closed' },
      ],
      { window: { start: hh(now.getUTCHours() - 1), end: hh(now.getUTCHours() + 4) } },
    )
    await api('POST', `/v1/campaigns/${id}/start`)
    await eventually(
      () => api('GET', `/v1/campaigns/${id}`),
      (r) => r.body.stats.completed === 1 && r.body.stats.waiting === 1,
      20_000,
    )
    const listed = await allContacts(api, id)
    const closed = listed.find((c) => c.ref === 'closed')
    expect(closed).toMatchObject({ status: 'waiting', attempts: [] })
    // It opens at the window's start in UTC+12: within the next day, later than now.
    expect(Date.parse(closed.nextAttemptAt)).toBeGreaterThan(Date.now())
    expect(Date.parse(closed.nextAttemptAt)).toBeLessThan(Date.now() + 86_400_000)
    expect((await campaignCalls(api, id)).map((c) => c.to)).toEqual(['+14155557001'])
    // A short window a US number never has open in all its zones is invalid, with a Problem saying so.
    const short = await campaignWith(api, [{ to: '+14155557003' }], {
      window: { start: '09:00', end: '10:00' },
    })
    await api('POST', `/v1/campaigns/${short}/start`)
    const invalid = await eventually(
      () => api('GET', `/v1/campaigns/${short}/contacts`),
      (r) => r.body.data[0].status === 'invalid',
      20_000,
    )
    expect(invalid.body.data[0].error.detail).toContain('never open')
  }, 60_000)

  it('after a crash between placing and recording, the attempt is settled from the ledger, never dialed again', async () => {
    const api = inProject('cmp-engine-crash')
    const id = await campaignWith(api, [{ to: '+14155558001' }])
    const stub = bindings.CAMPAIGNS.get(bindings.CAMPAIGNS.idFromName(id))
    const agentId = (await api('GET', `/v1/campaigns/${id}`)).body.agentId
    // The create that went out before the crash: the vendor has the call, the campaign only `placing`.
    const attemptId = 'att_01JD3W6M4N5P7Q8R9S0T1V2W3X'
    const placed = await api('POST', '/v1/calls', {
      agentId,
      to: '+14155558001',
      metadata: { switchboardCampaignAttempt: attemptId },
    })
    expect(placed.status).toBe(201)
    await runInDurableObject(stub, (_instance: CampaignObject, state) => {
      const sql = state.storage.sql
      sql.exec(
        "INSERT INTO attempts (id, contact_seq, n, status, at, check_at) VALUES (?, 1, 1, 'placing', ?, 0)",
        attemptId,
        Date.now() - 120_000,
      )
      sql.exec("UPDATE contacts SET status = 'in_flight', attempts = 1 WHERE seq = 1")
      sql.exec("UPDATE counts SET n = n - 1 WHERE status = 'pending'")
      sql.exec("INSERT INTO counts (status, n) VALUES ('in_flight', 1), ('attempts', 1)")
    })
    await api('POST', `/v1/campaigns/${id}/start`)
    const done = await waitForStatus(api, id, 'completed', 20_000)
    expect(done.stats).toMatchObject({ completed: 1, attempts: 1 })
    const [contact] = await allContacts(api, id)
    expect(contact.attempts).toEqual([
      { id: attemptId, callId: placed.body.id, status: 'completed', at: expect.any(String) },
    ])
    const calls = (await api('GET', '/v1/calls?limit=100')).body.data.filter(
      (c: { to: string }) => c.to === '+14155558001',
    )
    expect(calls).toHaveLength(1)
  }, 60_000)
})

describe('contacts upload at scale', () => {
  it('takes 100,000 contacts in 10 uploads of 10,000', async () => {
    const api = inProject('cmp-engine-scale')
    const id = await campaignWith(api, [])
    const times: number[] = []
    for (let batch = 0; batch < 10; batch++) {
      const lines = Array.from({ length: 10_000 }, (_, i) =>
        JSON.stringify({ to: `+1${212 + batch}555${String(i).padStart(4, '0')}`, variables: { n: i } }),
      ).join('\n')
      const started = performance.now()
      const res = await api('POST', `/v1/campaigns/${id}/contacts`, lines, {
        'content-type': 'application/x-ndjson',
      })
      times.push(performance.now() - started)
      expect(res.status).toBe(200)
      expect(res.body.added + res.body.duplicate + res.body.invalid.length).toBe(10_000)
    }
    console.log(`upload ms per 10,000: ${times.map((t) => t.toFixed(0)).join(', ')}`)
    const stats = (await api('GET', `/v1/campaigns/${id}`)).body.stats
    expect(stats.total).toBe(100_000)
  }, 120_000)
})
