import { beforeAll, describe, expect, it } from 'vitest'
import { AgentListSchema } from '../../src/routes/agents/agents.routes'
import { CallListSchema } from '../../src/routes/calls/calls.routes'
import { apiClient, expectProblem } from '../helpers/api'

// docs/api.md § Lists: `?limit=` 1–100 (default 20), `?cursor=` opaque, and the
// `{ data, hasMore, nextCursor }` envelope, on both list routes.

const api = apiClient()
const COUNT = 23
let agentId: string

beforeAll(async () => {
  const agents = []
  for (let i = 0; i < COUNT; i++) {
    agents.push(await api('POST', '/v1/agents', { provider: 'sandbox', name: `List agent ${i}` }))
  }
  agentId = agents[0]?.body.id
  const calls = Array.from({ length: COUNT }, (_, i) => ({
    to: `+1415555${String(100 + i).padStart(4, '0')}`,
  }))
  const batch = await api('POST', '/v1/calls/batch', { agentId, calls })
  expect(batch.body.created).toBe(COUNT)
})

const lists = [
  ['agents', '/v1/agents?provider=sandbox', AgentListSchema],
  ['calls', () => `/v1/calls?agentId=${agentId}`, CallListSchema],
] as const
const pathOf = (base: string | (() => string)) => (typeof base === 'string' ? base : base())

describe.each(lists)('GET %s', (_name, base, schema) => {
  it('answers 20 items by default, with hasMore and a cursor', async () => {
    const res = await api('GET', pathOf(base))
    expect(res.status).toBe(200)
    const page = schema.parse(res.body)
    expect(page.data).toHaveLength(20)
    expect(page.hasMore).toBe(true)
    expect(typeof page.nextCursor).toBe('string')
  })

  it('walks every item exactly once with cursors, ending with hasMore false and nextCursor null', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    for (let pages = 0; pages < 10; pages++) {
      const query: string = `&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const page = schema.parse((await api('GET', `${pathOf(base)}${query}`)).body)
      expect(page.data.length).toBeLessThanOrEqual(7)
      seen.push(...page.data.map((item: { id: string }) => item.id))
      if (!page.hasMore) {
        expect(page.nextCursor).toBeNull()
        break
      }
      cursor = page.nextCursor
    }
    expect(seen).toHaveLength(COUNT)
    expect(new Set(seen).size).toBe(COUNT)
  })

  it('accepts limit 1 and 100', async () => {
    expect(schema.parse((await api('GET', `${pathOf(base)}&limit=1`)).body).data).toHaveLength(1)
    expect(schema.parse((await api('GET', `${pathOf(base)}&limit=100`)).body).data).toHaveLength(COUNT)
  })

  it.each(['0', '101', '-1', '1.5', 'ten', '', '1e2x'])(
    'refuses limit=%s with 422 naming limit',
    async (limit) => {
      const problem = expectProblem(
        await api('GET', `${pathOf(base)}&limit=${limit}`),
        422,
        'validation_failed',
      )
      expect(problem.errors?.map((e) => e.path)).toEqual(['limit'])
    },
  )

  it.each(['garbage', 'eyJ4IjoxfQ', '%00'])(
    'refuses a cursor it did not issue (%s) with 422 naming cursor',
    async (cursor) => {
      const problem = expectProblem(
        await api('GET', `${pathOf(base)}&cursor=${cursor}`),
        422,
        'validation_failed',
      )
      expect(problem.errors?.map((e) => e.path)).toEqual(['cursor'])
    },
  )
})
