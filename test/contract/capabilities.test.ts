import { describe, expect, it } from 'vitest'
import { providers as builtIn } from '../../providers/registry'
import { OPERATIONS, type Operation, ProviderListSchema, ProviderSchema } from '../../src/contract/provider'
import type { FakeVendor } from '../conformance/target'
import { targets } from '../conformance/targets'
import { type ApiResponse, apiClient, expectProblem } from '../helpers/api'
import { createPartialProvider } from '../helpers/partial-provider'

// docs/api.md § Errors: 501 unsupported_operation comes from an operation's absence, 400
// provider_not_configured from missing credentials — on every route, for every provider.

type Api = ReturnType<typeof apiClient>

/** One request per operation, against `provider`, shaped so only capability or configuration can refuse it. */
const requestFor = (api: Api, provider: string, op: Operation, callExtras: object): Promise<ApiResponse> => {
  const id = `${provider}_0123456789abcdef01234567`
  const call = { to: '+14155550100', ...callExtras }
  switch (op) {
    case 'agents.create':
      return api('POST', '/v1/agents', { provider, name: 'Capability probe' })
    case 'agents.list':
      return api('GET', `/v1/agents?provider=${provider}&source=vendor`)
    case 'agents.get':
      return api('GET', `/v1/agents/${id}`)
    case 'agents.update':
      return api('PATCH', `/v1/agents/${id}`, { name: 'Renamed' })
    case 'agents.delete':
      return api('DELETE', `/v1/agents/${id}`)
    case 'calls.create':
      return api('POST', '/v1/calls', { agentId: id, ...call })
    case 'calls.batch':
      return api('POST', '/v1/calls/batch', { agentId: id, calls: [call] })
    case 'calls.get':
      return api('GET', `/v1/calls/${id}`)
    case 'calls.list':
      return api('GET', `/v1/calls?provider=${provider}&source=vendor`)
    case 'calls.cancel':
      return api('POST', `/v1/calls/${id}/cancel`)
  }
}

const operationsOf = async (api: Api, provider: string) =>
  ProviderSchema.parse((await api('GET', `/v1/providers/${provider}`)).body).operations as Record<
    Operation,
    boolean
  >

describe('501 unsupported_operation on every route of an absent operation', () => {
  it('for the partial test provider: every agent route, calls list and cancel', async () => {
    const { provider, received } = createPartialProvider()
    const api = apiClient({ providers: [...builtIn, provider] })
    const operations = await operationsOf(api, 'partial')
    const absent = Object.entries(operations).filter(([, present]) => !present)
    expect(absent.map(([op]) => op).sort()).toEqual(
      [
        'agents.create',
        'agents.delete',
        'agents.get',
        'agents.list',
        'agents.update',
        'calls.cancel',
        'calls.list',
      ].sort(),
    )
    for (const [op] of absent) {
      const problem = expectProblem(
        await requestFor(api, 'partial', op as Operation, {}),
        501,
        'unsupported_operation',
      )
      expect(problem.provider, op).toBe('partial')
      expect(problem.detail, op).toContain(op)
    }
    expect(received).toEqual([])
  })

  it.each(targets.filter((t) => t.createFake))(
    'for $provider, as its capability document says',
    async (target) => {
      const fake = target.createFake?.() as FakeVendor
      const api = apiClient({ fetch: fake.fetch }, target.env)
      for (const [op, present] of Object.entries(await operationsOf(api, target.provider))) {
        if (present) continue
        const res = await requestFor(api, target.provider, op as Operation, target.callExtras)
        expect(expectProblem(res, 501, 'unsupported_operation').provider, op).toBe(target.provider)
      }
      expect(fake.requests).toEqual([])
    },
  )
})

describe.each(targets.filter((t) => t.createFake))('$provider without credentials', (target) => {
  it('answers 400 provider_not_configured on every route it supports, 501 on the others, and calls no vendor', async () => {
    const fake = target.createFake?.() as FakeVendor
    const keyless = Object.fromEntries(
      Object.entries(target.env).map(([name, value]) => [name, name.endsWith('_API_KEY') ? '' : value]),
    )
    const api = apiClient({ fetch: fake.fetch }, keyless)
    const operations = await operationsOf(api, target.provider)
    for (const [op, present] of Object.entries(operations)) {
      const res = await requestFor(api, target.provider, op as Operation, target.callExtras)
      const problem = present
        ? expectProblem(res, 400, 'provider_not_configured')
        : expectProblem(res, 501, 'unsupported_operation')
      expect(problem.provider, op).toBe(target.provider)
    }
    expect(fake.requests).toEqual([])
  })
})

describe('GET /v1/providers', () => {
  it('lists every provider of the registry, each with every operation named and the same document as its own route', async () => {
    // Every vendor's key unset, so only the sandbox counts as configured.
    const noKeys = Object.fromEntries(builtIn.flatMap((p) => (p.env ? [[p.env.apiKey, '']] : [])))
    const api = apiClient({}, noKeys)
    const list = ProviderListSchema.parse((await api('GET', '/v1/providers')).body)
    expect(list.data.map((p) => p.id).sort()).toEqual(builtIn.map((p) => p.id).sort())
    for (const provider of list.data) {
      expect(Object.keys(provider.operations).sort(), provider.id).toEqual([...OPERATIONS].sort())
      for (const op of Object.keys(provider.fields))
        expect(provider.operations[op], `${provider.id} ${op}`).toBe(true)
      expect(provider.configured, provider.id).toBe(provider.id === 'sandbox')
      expect((await api('GET', `/v1/providers/${provider.id}`)).body).toEqual(provider)
    }
  })
})
