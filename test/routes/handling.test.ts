import { describe, expect, it } from 'vitest'
import { BatchResultSchema, CallSchema } from '../../src/contract/call'
import { apiClient, expectProblem } from '../helpers/api'
import { createPartialProvider } from '../helpers/partial-provider'

const body = { agentId: 'partial_agent-1', to: '+14155550100' }

describe('fields a provider cannot honour', () => {
  it('strict (default): 422 unsupported_field naming every such field; nothing reaches the vendor', async () => {
    const { provider, received } = createPartialProvider()
    const api = apiClient({ providers: [provider] })
    const res = await api('POST', '/v1/calls', {
      ...body,
      priority: 5,
      deadline: '2030-01-01T00:00:00Z',
      overrides: { voice: { voiceId: 'v' }, prompt: 'ok' },
    })
    const problem = expectProblem(res, 422, 'unsupported_field')
    expect(problem.errors?.map((e) => e.path)).toEqual(['priority', 'deadline', 'overrides.voice'])
    expect(problem.errors?.[1]?.message).toMatch(/deadline/)
    expect(problem.detail).toMatch(/handling=lenient/)
    expect(received).toEqual([])
  })

  it('lenient: drops them, says so in warnings and Preference-Applied, and the vendor never sees them', async () => {
    const { provider, received } = createPartialProvider()
    const api = apiClient({ providers: [provider] })
    const res = await api(
      'POST',
      '/v1/calls',
      { ...body, priority: 5, overrides: { voice: { voiceId: 'v' }, prompt: 'kept' } },
      { prefer: 'respond-async, handling=lenient' },
    )
    expect(res.status).toBe(201)
    expect(res.headers.get('preference-applied')).toBe('handling=lenient')
    const call = CallSchema.parse(res.body)
    expect(call.warnings?.map((w) => w.field)).toEqual(['priority', 'overrides.voice'])
    expect(received[0]).not.toHaveProperty('priority')
    expect(received[0]?.overrides).toEqual({ prompt: 'kept' })
  })

  it('applies value-level refusals the same way (strict 422, lenient warning)', async () => {
    const { provider } = createPartialProvider()
    const api = apiClient({ providers: [provider] })
    const strict = expectProblem(
      await api('POST', '/v1/calls', { ...body, language: 'fr-FR' }),
      422,
      'unsupported_field',
    )
    expect(strict.errors).toEqual([{ path: 'language', message: 'Partial speaks en-US only' }])
    const lenient = await api(
      'POST',
      '/v1/calls',
      { ...body, language: 'fr-FR' },
      { prefer: 'handling=lenient' },
    )
    expect(lenient.body.warnings).toEqual([{ field: 'language', message: 'Partial speaks en-US only' }])
  })

  it('lenient with nothing to drop still says the preference was applied, with empty warnings', async () => {
    const { provider } = createPartialProvider()
    const res = await apiClient({ providers: [provider] })('POST', '/v1/calls', body, {
      prefer: 'handling=lenient',
    })
    expect(res.body.warnings).toEqual([])
  })

  it('polices each batch item on its own', async () => {
    const { provider, received } = createPartialProvider()
    const api = apiClient({ providers: [provider] })
    const res = await api('POST', '/v1/calls/batch', {
      agentId: body.agentId,
      calls: [{ to: body.to, priority: 1 }, { to: body.to }],
    })
    const batch = BatchResultSchema.parse(res.body)
    expect(batch.data[0]).toMatchObject({ index: 0, error: { code: 'unsupported_field' } })
    expect(batch.data[1]).toMatchObject({ index: 1, call: { to: body.to } })
    expect(received).toHaveLength(1)
  })

  it('validates the provider’s own providerOptions with its schema', async () => {
    const { provider, received } = createPartialProvider()
    const api = apiClient({ providers: [provider] })
    const bad = expectProblem(
      await api('POST', '/v1/calls', { ...body, providerOptions: { partial: { region: 'mars' } } }),
      422,
      'validation_failed',
    )
    expect(bad.errors?.[0]?.path).toBe('providerOptions.partial.region')
    const ok = await api('POST', '/v1/calls', { ...body, providerOptions: { partial: { region: 'eu' } } })
    expect(ok.status).toBe(201)
    expect(received[0]?.providerOptions).toEqual({ region: 'eu' })
  })
})

describe('capability and configuration', () => {
  it('answers 501 for an absent operation, with the provider’s hint', async () => {
    const { provider } = createPartialProvider()
    const api = apiClient({ providers: [provider] })
    const create = expectProblem(
      await api('POST', '/v1/agents', { provider: 'partial', name: 'x' }),
      501,
      'unsupported_operation',
    )
    expect(create.detail).toMatch(/Partial dashboard/)
    expect(create.provider).toBe('partial')
    expectProblem(await api('POST', '/v1/calls/partial_call-1/cancel'), 501, 'unsupported_operation')
    // v2: lists come from the ledger; the vendor's own list is source=vendor.
    expectProblem(await api('GET', '/v1/calls?provider=partial&source=vendor'), 501, 'unsupported_operation')
  })

  it('answers 400 provider_not_configured when credentials are missing', async () => {
    const { provider, received } = createPartialProvider({ configured: false })
    const problem = expectProblem(
      await apiClient({ providers: [provider] })('POST', '/v1/calls', body),
      400,
      'provider_not_configured',
    )
    expect(problem.detail).toMatch(/PARTIAL_API_KEY/)
    expect(received).toEqual([])
  })

  it('refuses a webhookUrl without WEBHOOK_SECRET, and plain http outside local development', async () => {
    const { provider } = createPartialProvider()
    const unsigned = apiClient({ providers: [provider] }, { WEBHOOK_SECRET: '' })
    expectProblem(
      await unsigned('POST', '/v1/calls', { ...body, webhookUrl: 'https://client.example/hook' }),
      400,
      'webhooks_not_configured',
    )
    const signed = apiClient(
      { providers: [provider] },
      { WEBHOOK_SECRET: 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=' },
    )
    const insecure = expectProblem(
      await signed('POST', '/v1/calls', { ...body, webhookUrl: 'http://client.example/hook' }),
      422,
      'validation_failed',
    )
    expect(insecure.errors?.[0]?.path).toBe('webhookUrl')
    expectProblem(
      await signed('POST', '/v1/calls', { ...body, webhookUrl: 'http://127.0.0.1:9999/hook' }),
      422,
      'validation_failed',
    )
    const local = apiClient(
      { providers: [provider] },
      { WEBHOOK_SECRET: 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=', ALLOW_INSECURE_WEBHOOKS: 'true' },
    )
    expect(
      (await local('POST', '/v1/calls', { ...body, webhookUrl: 'http://127.0.0.1:9999/hook' })).status,
    ).toBe(201)
    expect(
      (await signed('POST', '/v1/calls', { ...body, webhookUrl: 'https://client.example/hook' })).status,
    ).toBe(201)
  })
})
