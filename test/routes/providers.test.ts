import { describe, expect, it } from 'vitest'
import { ProviderListSchema, ProviderSchema } from '../../src/contract/provider'
import { apiClient, expectProblem } from '../helpers/api'
import { createPartialProvider } from '../helpers/partial-provider'

describe('GET /v1/providers', () => {
  it('is generated from the provider modules: operations follow presence, fields follow declarations', async () => {
    const { provider } = createPartialProvider()
    const api = apiClient({ providers: [provider] })
    const list = ProviderListSchema.parse((await api('GET', '/v1/providers')).body)
    expect(list.data.map((p) => p.id)).toEqual(['partial'])
    const partial = list.data[0]
    expect(partial?.operations).toMatchObject({
      'calls.create': true,
      'calls.get': true,
      'calls.batch': true,
      'calls.cancel': false,
      'agents.create': false,
    })
    expect(partial?.fields['calls.create']?.unsupported).toEqual(['priority', 'deadline', 'overrides.voice'])
    expect(partial?.fields['calls.create']?.notes?.deadline).toMatch(/deadline/)
    // Field support of an absent operation is not advertised.
    expect(partial?.fields['agents.create']).toBeUndefined()
    expect(partial?.statusMap).toEqual({ QUEUED: 'queued', DONE: 'completed' })
  })

  it('lists the built-in providers, sandbox configured with no keys', async () => {
    const list = ProviderListSchema.parse((await apiClient()('GET', '/v1/providers')).body)
    const sandbox = list.data.find((p) => p.id === 'sandbox')
    expect(sandbox?.configured).toBe(true)
    expect(Object.values(sandbox?.operations ?? {}).every(Boolean)).toBe(true)
  })

  it('gets one provider, and 404s an unknown one', async () => {
    const api = apiClient()
    const sandbox = ProviderSchema.parse((await api('GET', '/v1/providers/sandbox')).body)
    expect(sandbox.id).toBe('sandbox')
    expectProblem(await api('GET', '/v1/providers/acme'), 404, 'not_found')
  })
})
