import { describe, expect, it } from 'vitest'
import { apiClient, eventually } from '../helpers/api'

const root = apiClient()
const inProject =
  (project: string) =>
  (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    root(method, path, body, { 'switchboard-project': project, ...headers })
type Api = ReturnType<typeof inProject>

/** 1,000 in the issue; scaled down so the file stays under a minute on a shared 2-core machine. */
const SIZE = 100
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

async function waitForStatus(api: Api, id: string, status: string, timeout = 50_000) {
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
  }, 60_000)
})
