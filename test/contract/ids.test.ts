import { describe, expect, it } from 'vitest'
import type { Provider } from '../../providers/kit/types'
import { providers as builtIn } from '../../providers/registry'
import { blankCall, type Call } from '../../src/contract/call'
import { ApiError } from '../../src/contract/errors'
import { apiClient, expectProblem } from '../helpers/api'

// docs/api.md § IDs: `<provider>_<vendorId>`, the prefix routes, the rest is the vendor's id unchanged;
// an unknown prefix is a 404 on every route that takes an id, never a 500.

const api = apiClient()
const call = { to: '+14155550100' }

describe('an id with an unknown prefix', () => {
  const routes: Array<[string, string, string, unknown?]> = [
    ['get agent', 'GET', '/v1/agents/acme_123'],
    ['update agent', 'PATCH', '/v1/agents/acme_123', { name: 'x' }],
    ['delete agent', 'DELETE', '/v1/agents/acme_123'],
    ['get call', 'GET', '/v1/calls/acme_123'],
    ['cancel call', 'POST', '/v1/calls/acme_123/cancel'],
    ['create call agentId', 'POST', '/v1/calls', { agentId: 'acme_123', ...call }],
    ['batch agentId', 'POST', '/v1/calls/batch', { agentId: 'acme_123', calls: [call] }],
    ['list calls agentId', 'GET', '/v1/calls?agentId=acme_123'],
  ]

  it.each(routes)('is 404 not_found on %s', async (_label, method, path, body) => {
    expectProblem(await api(method, path, body), 404, 'not_found')
  })

  it.each([
    ['no separator', 'sandbox123'],
    ['empty provider', '_sandbox123'],
    ['empty vendor id', 'sandbox_'],
    ['a provider written differently', 'Sandbox_123'],
  ])('is 404 for %s too', async (_label, id) => {
    expectProblem(await api('GET', `/v1/calls/${id}`), 404, 'not_found')
    expectProblem(await api('GET', `/v1/agents/${id}`), 404, 'not_found')
  })
})

describe('routing by prefix', () => {
  /** A provider whose vendor ids contain underscores, echoing the vendor id it was handed. */
  const underscored: Provider = {
    id: 'echo',
    name: 'Echo',
    docsUrl: 'https://echo.example',
    configured: () => true,
    fields: {},
    statusMap: { done: 'completed' },
    calls: {
      async get(_ctx, vendorId) {
        if (!vendorId.startsWith('call_'))
          throw new ApiError('not_found', 'no such call', { provider: 'echo' })
        return {
          ...blankCall({
            id: `echo_${vendorId}`,
            provider: 'echo',
            agentId: null,
            status: 'completed',
            providerStatus: 'done',
            to: '+14155550100',
          }),
          createdAt: '2026-11-21T09:30:00.000Z',
        } satisfies Call
      },
    },
  }

  it('hands the provider everything after the first underscore, unchanged', async () => {
    const echo = apiClient({ providers: [...builtIn, underscored] })
    const res = await echo('GET', '/v1/calls/echo_call_2026_11_21-x')
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.id).toBe('echo_call_2026_11_21-x')
    expectProblem(await echo('GET', '/v1/calls/echo_other_1'), 404, 'not_found')
  })

  it('uses provider ids without underscores, so the first one always ends the prefix', () => {
    for (const provider of builtIn) expect(provider.id).toMatch(/^[a-z0-9]+$/)
  })

  it('answers sandbox ids with the sandbox prefix and routes them back', async () => {
    const agent = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Prefix agent' })
    expect(agent.body.id).toMatch(/^sandbox_[^_].*/)
    const created = await api('POST', '/v1/calls', { agentId: agent.body.id, ...call })
    expect(created.body.id).toMatch(/^sandbox_/)
    expect(created.body.agentId).toBe(agent.body.id)
    expect((await api('GET', `/v1/calls/${created.body.id}`)).body.id).toBe(created.body.id)
  })
})
