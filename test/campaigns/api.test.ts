import { describe, expect, it } from 'vitest'
import { apiClient, expectProblem } from '../helpers/api'

const root = apiClient()
type Api = ReturnType<typeof inProject>
const inProject =
  (project: string) =>
  (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    root(method, path, body, { 'switchboard-project': project, ...headers })

async function draft(api: Api, extra: Record<string, unknown> = {}) {
  const agent = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Campaign agent' })
  expect(agent.status).toBe(201)
  const res = await api('POST', '/v1/campaigns', { name: 'Reminders', agentId: agent.body.id, ...extra })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body
}

const number = (i: number) => `+1415555${String(i).padStart(4, '0')}`
const ndjson = (lines: unknown[]) =>
  lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')

describe('campaigns API', () => {
  it('creates a draft with the defaults API.md gives, and reads it back', async () => {
    const api = inProject('cmp-create')
    const campaign = await draft(api, { contacts: [{ to: number(1), ref: 'crm-1' }, { to: number(1) }] })
    expect(campaign.id).toMatch(/^cmp_[0-9A-Z]{26}$/)
    expect(campaign).toMatchObject({
      status: 'draft',
      window: { start: '09:00', end: '20:00', timezone: 'callee' },
      pacing: { maxConcurrent: 10, callsPerMinute: 60 },
      retry: { on: ['no_answer', 'busy'], maxAttempts: 3, delayMinutes: 60 },
      handling: 'strict',
      startedAt: null,
      stats: { total: 2, pending: 1, duplicate: 1, attempts: 0 },
    })
    expect(campaign.window.days).toHaveLength(7)
    const read = await api('GET', `/v1/campaigns/${campaign.id}`)
    expect(read.status).toBe(200)
    expect(read.body).toEqual(campaign)
    const list = await api('GET', '/v1/campaigns')
    expect(list.body.data.map((c: { id: string }) => c.id)).toContain(campaign.id)
  })

  it('refuses bad settings naming the field', async () => {
    const api = inProject('cmp-bad')
    const agent = (await api('POST', '/v1/agents', { provider: 'sandbox', name: 'A' })).body.id
    const cases: [Record<string, unknown>, string][] = [
      [{ window: { start: '9am', end: '20:00' } }, 'window.start'],
      [{ window: { start: '09:00', end: '09:00' } }, 'window.end'],
      [{ window: { start: '09:00', end: '20:00', timezone: 'Mars/Base' } }, 'window.timezone'],
      [{ pacing: { maxConcurrent: 0 } }, 'pacing.maxConcurrent'],
      [{ retry: { maxAttempts: 11 } }, 'retry.maxAttempts'],
      [{ endAt: '2020-01-01T00:00:00Z' }, 'endAt'],
      [{ bogus: 1 }, 'bogus'],
    ]
    for (const [extra, path] of cases) {
      const problem = expectProblem(
        await api('POST', '/v1/campaigns', { name: 'X', agentId: agent, ...extra }),
        422,
        'validation_failed',
      )
      expect(problem.errors?.map((e) => e.path)).toContain(path)
    }
    expectProblem(
      await api('POST', '/v1/campaigns', { name: 'X', agentId: 'sandbox_nope' }),
      404,
      'not_found',
    )
  })

  it('adds contacts as JSON and NDJSON: counts duplicates, lists invalid ones with their index', async () => {
    const api = inProject('cmp-upload')
    const campaign = await draft(api)
    const json = await api('POST', `/v1/campaigns/${campaign.id}/contacts`, {
      contacts: [
        { to: number(10), variables: { name: 'Ada' } },
        { to: 'nope' },
        { to: number(10) },
        { to: number(11), variables: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`v${i}`, i])) },
        { to: number(12), notes: 'x'.repeat(5000) },
      ],
    })
    expect(json.status, JSON.stringify(json.body)).toBe(200)
    expect(json.body.added).toBe(1)
    expect(json.body.duplicate).toBe(1)
    expect(json.body.invalid.map((i: { index: number }) => i.index)).toEqual([1, 3, 4])
    expect(json.body.invalid[0].error).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'contacts.1.to' }],
    })
    expect(json.body.invalid[1].error.errors[0].path).toBe('contacts.3.variables')
    expect(json.body.invalid[2].error.detail).toContain('4096 bytes')

    const nd = await api(
      'POST',
      `/v1/campaigns/${campaign.id}/contacts`,
      ndjson([{ to: number(13) }, '{oops', '', { to: number(10) }]),
      {
        'content-type': 'application/x-ndjson',
      },
    )
    expect(nd.status, JSON.stringify(nd.body)).toBe(200)
    expect(nd.body).toMatchObject({ added: 1, duplicate: 1 })
    expect(nd.body.invalid.map((i: { index: number }) => i.index)).toEqual([1])

    const stats = (await api('GET', `/v1/campaigns/${campaign.id}`)).body.stats
    expect(stats).toMatchObject({ total: 8, pending: 2, duplicate: 2, invalid: 4 })

    const pending = await api('GET', `/v1/campaigns/${campaign.id}/contacts?status=pending`)
    expect(pending.body.data.map((c: { to: string }) => c.to)).toEqual([number(10), number(13)])
    expect(pending.body.data[0]).toMatchObject({
      id: expect.stringMatching(/^cnt_/),
      status: 'pending',
      attempts: [],
      nextAttemptAt: null,
    })
    const page1 = await api('GET', `/v1/campaigns/${campaign.id}/contacts?limit=5`)
    expect(page1.body.hasMore).toBe(true)
    const page2 = await api(
      'GET',
      `/v1/campaigns/${campaign.id}/contacts?limit=5&cursor=${page1.body.nextCursor}`,
    )
    expect(page1.body.data.length + page2.body.data.length).toBe(8)
    expect(page2.body.hasMore).toBe(false)
  })

  it('bounds an upload: 10,000 per request, 8 MiB per body, JSON or NDJSON only', async () => {
    const api = inProject('cmp-limits')
    const campaign = await draft(api)
    const url = `/v1/campaigns/${campaign.id}/contacts`
    const tooMany = Array.from({ length: 10_001 }, (_, i) => ({ to: number(i % 10_000) }))
    expectProblem(await api('POST', url, { contacts: tooMany }), 422, 'validation_failed')
    expectProblem(
      await api('POST', url, ndjson(tooMany), { 'content-type': 'application/x-ndjson' }),
      422,
      'validation_failed',
    )
    const huge = `${JSON.stringify({ to: number(1), ref: 'x'.repeat(190) })}\n`.repeat(45_000)
    const over = expectProblem(
      await api('POST', url, huge, { 'content-type': 'application/x-ndjson' }),
      413,
      'payload_too_large',
    )
    expect(over.detail).toContain('8 MiB')
    expectProblem(
      await api('POST', url, 'to,+14155550100', { 'content-type': 'text/csv' }),
      415,
      'unsupported_media_type',
    )
    // Between 1 MiB (every other route's limit) and 8 MiB passes.
    const big = Array.from({ length: 9_000 }, (_, i) => ({ to: number(i), ref: `r${'x'.repeat(150)}${i}` }))
    const ok = await api('POST', url, { contacts: big })
    expect(ok.status).toBe(200)
    expect(ok.body.added).toBe(9_000)
  })

  it('moves through start / pause / resume / cancel: repeats are 200, transitions that do not apply 409', async () => {
    const api = inProject('cmp-transitions')
    const campaign = await draft(api, {
      contacts: [{ to: number(20) }, { to: number(21) }],
      startAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    const act = (verb: string) => api('POST', `/v1/campaigns/${campaign.id}/${verb}`)
    expectProblem(await act('pause'), 409, 'conflict')
    expectProblem(await act('resume'), 409, 'conflict')
    const started = await act('start')
    expect(started.status).toBe(200)
    expect(started.body.status).toBe('running')
    expect(started.body.startedAt).not.toBeNull()
    expect((await act('start')).status).toBe(200)
    expectProblem(await act('resume'), 409, 'conflict')
    expect((await act('pause')).body.status).toBe('paused')
    expect((await act('pause')).body.status).toBe('paused')
    expectProblem(await act('start'), 409, 'conflict')
    expect((await act('resume')).body.status).toBe('running')
    expect((await act('resume')).body.status).toBe('running')
    const canceled = await act('cancel')
    expect(canceled.body).toMatchObject({ status: 'canceled', stats: { canceled: 2, pending: 0 } })
    expect(canceled.body.endedAt).not.toBeNull()
    expect((await act('cancel')).status).toBe(200)
    expectProblem(await act('start'), 409, 'conflict')
    expectProblem(await act('resume'), 409, 'conflict')
    expectProblem(
      await api('POST', `/v1/campaigns/${campaign.id}/contacts`, { contacts: [{ to: number(22) }] }),
      409,
      'conflict',
    )
    const listed = await api('GET', '/v1/campaigns')
    expect(listed.body.data.find((c: { id: string }) => c.id === campaign.id).status).toBe('canceled')
  })

  it('keeps projects apart: another project sees 404 for every campaign route', async () => {
    const a = inProject('cmp-iso-a')
    const b = inProject('cmp-iso-b')
    const campaign = await draft(a, { contacts: [{ to: number(30) }] })
    for (const [method, path] of [
      ['GET', `/v1/campaigns/${campaign.id}`],
      ['GET', `/v1/campaigns/${campaign.id}/contacts`],
      ['POST', `/v1/campaigns/${campaign.id}/start`],
      ['POST', `/v1/campaigns/${campaign.id}/cancel`],
    ] as const) {
      expectProblem(await b(method, path), 404, 'not_found')
    }
    expectProblem(
      await b('POST', `/v1/campaigns/${campaign.id}/contacts`, { contacts: [{ to: number(31) }] }),
      404,
      'not_found',
    )
    expect((await b('GET', '/v1/campaigns')).body.data).toEqual([])
    expect((await a('GET', `/v1/campaigns/${campaign.id}`)).body.stats.total).toBe(1)
    // An agent of another project cannot be used.
    const agentA = (await a('POST', '/v1/agents', { provider: 'sandbox', name: 'A' })).body.id
    expectProblem(await b('POST', '/v1/campaigns', { name: 'X', agentId: agentA }), 404, 'not_found')
  })

  it('needs campaigns:read to read and campaigns:write to change', async () => {
    const api = inProject('cmp-scopes')
    const campaign = await draft(api)
    const key = await api('POST', '/v1/keys', { name: 'reader', scopes: ['campaigns:read'] })
    const reader = (method: string, path: string, body?: unknown) =>
      root(method, path, body, { authorization: `Bearer ${key.body.secret}` })
    expect((await reader('GET', `/v1/campaigns/${campaign.id}`)).status).toBe(200)
    expect((await reader('GET', `/v1/campaigns/${campaign.id}/contacts`)).status).toBe(200)
    const denied = expectProblem(await reader('POST', `/v1/campaigns/${campaign.id}/start`), 403, 'forbidden')
    expect(denied.detail).toContain('campaigns:write')
    expectProblem(
      await reader('POST', `/v1/campaigns/${campaign.id}/contacts`, { contacts: [] }),
      403,
      'forbidden',
    )
  })
})
