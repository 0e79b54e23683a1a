import { describe, expect, it } from 'vitest'
import { apiClient, expectProblem } from '../helpers/api'

const root = apiClient()
const inProject =
  (project: string) =>
  (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    root(method, path, body, { 'switchboard-project': project, ...headers })

async function sandboxAgent(api: ReturnType<typeof inProject>) {
  const agent = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Suppression test' })
  expect(agent.status).toBe(201)
  return agent.body.id as string
}

/** The ledger's calls to a number: a refused create must leave none. */
async function callsTo(api: ReturnType<typeof inProject>, to: string) {
  const page = await api('GET', '/v1/calls?limit=100')
  return (page.body.data as { to: string }[]).filter((c) => c.to === to).length
}

describe('suppressions', () => {
  it('adds, lists, looks up and removes numbers; counts only new ones', async () => {
    const api = inProject('supp-crud')
    const first = await api('POST', '/v1/suppressions', {
      numbers: ['+14155550170', '+14155550171', '+14155550170'],
      reason: 'asked not to be called',
    })
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ added: 2 })
    expect(
      (await api('POST', '/v1/suppressions', { numbers: ['+14155550171', '+14155550172'] })).body,
    ).toEqual({
      added: 1,
    })

    const all = await api('GET', '/v1/suppressions?limit=2')
    expect(all.status).toBe(200)
    expect(all.body.data).toHaveLength(2)
    expect(all.body.hasMore).toBe(true)
    const rest = await api(
      'GET',
      `/v1/suppressions?limit=2&cursor=${encodeURIComponent(all.body.nextCursor)}`,
    )
    const listed = [...all.body.data, ...rest.body.data].map((s: { number: string }) => s.number).sort()
    expect(listed).toEqual(['+14155550170', '+14155550171', '+14155550172'])
    expect(rest.body.hasMore).toBe(false)

    const one = await api('GET', `/v1/suppressions?number=${encodeURIComponent('+14155550170')}`)
    expect(one.body.data).toEqual([
      { number: '+14155550170', reason: 'asked not to be called', createdAt: expect.any(String) },
    ])

    expect((await api('DELETE', `/v1/suppressions/${encodeURIComponent('+14155550170')}`)).status).toBe(204)
    const after = await api('GET', `/v1/suppressions?number=${encodeURIComponent('+14155550170')}`)
    expect(after.body.data).toEqual([])
    expectProblem(
      await api('DELETE', `/v1/suppressions/${encodeURIComponent('+14155550170')}`),
      404,
      'not_found',
    )
  })

  it('refuses bad input naming the field', async () => {
    const api = inProject('supp-bad')
    const empty = expectProblem(
      await api('POST', '/v1/suppressions', { numbers: [] }),
      422,
      'validation_failed',
    )
    expect(empty.errors?.[0]?.path).toBe('numbers')
    const bad = expectProblem(
      await api('POST', '/v1/suppressions', { numbers: ['+14155550100', '555-0100'] }),
      422,
      'validation_failed',
    )
    expect(bad.errors?.[0]?.path).toBe('numbers.1')
    const tooMany = Array.from({ length: 10_001 }, (_, i) => `+1415555${String(i % 10_000).padStart(4, '0')}`)
    expectProblem(await api('POST', '/v1/suppressions', { numbers: tooMany }), 422, 'validation_failed')
    const lookup = expectProblem(await api('GET', '/v1/suppressions?number=nope'), 422, 'validation_failed')
    expect(lookup.errors?.[0]?.path).toBe('number')
  })

  it('takes 10,000 numbers in one request', async () => {
    const api = inProject('supp-bulk')
    const numbers = Array.from({ length: 10_000 }, (_, i) => `+1415555${String(i).padStart(4, '0')}`)
    const res = await api('POST', '/v1/suppressions', { numbers })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ added: 10_000 })
    const one = await api('GET', `/v1/suppressions?number=${encodeURIComponent('+14155559999')}`)
    expect(one.body.data).toHaveLength(1)
  })

  it('refuses a direct create and a batch item to a suppressed number, and places the rest', async () => {
    const api = inProject('supp-calls')
    const agentId = await sandboxAgent(api)
    await api('POST', '/v1/suppressions', { numbers: ['+14155550180'] })

    const refused = expectProblem(
      await api('POST', '/v1/calls', { agentId, to: '+14155550180' }),
      422,
      'suppressed',
    )
    expect(refused.errors?.[0]?.path).toBe('to')
    expect(await callsTo(api, '+14155550180')).toBe(0)

    const batch = await api('POST', '/v1/calls/batch', {
      agentId,
      calls: [{ to: '+14155550181' }, { to: '+14155550180' }],
    })
    expect(batch.status).toBe(200)
    expect(batch.body.created).toBe(1)
    expect(batch.body.data[0].call.to).toBe('+14155550181')
    expect(batch.body.data[1].error).toMatchObject({ code: 'suppressed', status: 422 })
    expect(await callsTo(api, '+14155550180')).toBe(0)

    // Lifted: the number may be called again.
    await api('DELETE', `/v1/suppressions/${encodeURIComponent('+14155550180')}`)
    expect((await api('POST', '/v1/calls', { agentId, to: '+14155550180' })).status).toBe(201)
  })

  it('refuses a routed call (portable agent) and a routed batch item too', async () => {
    const api = inProject('supp-routed')
    const agent = await api('POST', '/v1/agents', {
      name: 'Portable',
      prompt: 'Remind.',
      firstMessage: 'Hello',
      targets: [{ provider: 'sandbox' }],
    })
    expect(agent.status, JSON.stringify(agent.body)).toBe(201)
    await api('POST', '/v1/suppressions', { numbers: ['+14155550182'] })
    const refused = expectProblem(
      await api('POST', '/v1/calls', { agentId: agent.body.id, to: '+14155550182' }),
      422,
      'suppressed',
    )
    // Refused before any attempt: no target was tried, so the problem lists no attempts.
    expect(refused.attempts).toBeUndefined()
    expect(await callsTo(api, '+14155550182')).toBe(0)
    const batch = await api('POST', '/v1/calls/batch', {
      agentId: agent.body.id,
      calls: [{ to: '+14155550182' }, { to: '+14155550183' }],
    })
    expect(batch.body.data[0].error.code).toBe('suppressed')
    expect(batch.body.data[1].call.to).toBe('+14155550183')
  })

  it('keeps projects apart: a suppression applies, lists and deletes only in its own project', async () => {
    const a = inProject('supp-iso-a')
    const b = inProject('supp-iso-b')
    await a('POST', '/v1/suppressions', { numbers: ['+14155550190'] })
    expect((await b('GET', '/v1/suppressions')).body.data).toEqual([])
    expectProblem(
      await b('DELETE', `/v1/suppressions/${encodeURIComponent('+14155550190')}`),
      404,
      'not_found',
    )
    const agentB = await sandboxAgent(b)
    expect((await b('POST', '/v1/calls', { agentId: agentB, to: '+14155550190' })).status).toBe(201)
    const agentA = await sandboxAgent(a)
    expectProblem(await a('POST', '/v1/calls', { agentId: agentA, to: '+14155550190' }), 422, 'suppressed')
    await a('POST', '/v1/suppressions', { numbers: ['+14155550191'] })
    const page = await a('GET', '/v1/suppressions?limit=1')
    expect(page.body.hasMore).toBe(true)
    const foreign = await b('GET', `/v1/suppressions?cursor=${encodeURIComponent(page.body.nextCursor)}`)
    expectProblem(foreign, 404, 'not_found')
  })

  it('needs suppressions:read to list and suppressions:write to change', async () => {
    const api = inProject('supp-scopes')
    const key = await api('POST', '/v1/keys', { name: 'reader', scopes: ['suppressions:read'] })
    expect(key.status).toBe(201)
    const reader = (method: string, path: string, body?: unknown) =>
      root(method, path, body, { authorization: `Bearer ${key.body.secret}` })
    expect((await reader('GET', '/v1/suppressions')).status).toBe(200)
    const denied = expectProblem(
      await reader('POST', '/v1/suppressions', { numbers: ['+14155550192'] }),
      403,
      'forbidden',
    )
    expect(denied.detail).toContain('suppressions:write')
    expectProblem(
      await reader('DELETE', `/v1/suppressions/${encodeURIComponent('+14155550192')}`),
      403,
      'forbidden',
    )
  })
})
