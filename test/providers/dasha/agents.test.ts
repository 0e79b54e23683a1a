import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AgentSchema } from '../../../src/contract/agent'
import { ProviderSchema } from '../../../src/contract/provider'
import { AgentListSchema } from '../../../src/routes/agents/agents.routes'
import { createDashaFake, type FakeDasha } from '../../fakes/dasha'
import { type ApiResponse, apiClient, expectProblem } from '../../helpers/api'
import { AGENT_ID, fullAgent } from './fixtures'

const ENV = { DASHA_API_KEY: 'vendor-secret-key', DASHA_BASE_URL: 'https://dasha.test' }
const SEEDED = `dasha_${AGENT_ID}`

let fake: FakeDasha
let api: ReturnType<typeof apiClient>
beforeEach(() => {
  fake = createDashaFake()
  api = apiClient({ fetch: fake.fetch }, ENV)
})
afterEach(() => expect(fake.violations).toEqual([]))

const newAgent = {
  provider: 'dasha',
  name: 'Reminders',
  language: 'en-US',
  prompt: 'Remind {{firstName}} of the appointment.',
  voice: { voiceId: 'EXAVITQu4vr4xnSDxMaL', vendor: 'ElevenLabs' },
  llm: { model: 'gpt-4.1-mini', vendor: 'openai', temperature: 0.3 },
  maxDurationSeconds: 300,
  variables: { clinic: 'Main St Dental' },
  schedule: { timezone: 'America/New_York', windows: { mon: [{ start: '09:00', end: '17:00' }] } },
}
const secretFree = (res: ApiResponse) => {
  expect(JSON.stringify(res.body)).not.toContain('vendor-secret-key')
  for (const [, value] of res.headers) expect(value).not.toContain('vendor-secret-key')
}

describe('Dasha agents through the gateway', () => {
  it('creates an agent with one POST /api/v1/agents carrying the mapped config, key as Bearer', async () => {
    const res = await api('POST', '/v1/agents', newAgent)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const agent = AgentSchema.parse(res.body)
    expect(agent.id).toMatch(/^dasha_[0-9a-f-]{36}$/)
    expect(agent).toMatchObject({
      name: 'Reminders',
      language: 'en-US',
      voice: { voiceId: 'EXAVITQu4vr4xnSDxMaL', vendor: 'ElevenLabs', speed: 1 },
      llm: { model: 'gpt-4.1-mini', vendor: 'openai', temperature: 0.3 },
      maxDurationSeconds: 300,
      variables: { clinic: 'Main St Dental' },
      schedule: newAgent.schedule,
    })
    expect(agent.providerData).toBeUndefined()
    const [sent] = fake.requests
    expect(sent?.method).toBe('POST')
    expect(sent?.path).toBe('/api/v1/agents')
    expect(sent?.headers.authorization).toBe('Bearer vendor-secret-key')
    expect(sent?.body).toMatchObject({
      name: 'Reminders',
      config: {
        primaryLanguage: 'en-US',
        ttsConfig: { voiceId: 'EXAVITQu4vr4xnSDxMaL', vendor: 'ElevenLabs' },
        llmConfig: { prompt: 'Remind {{firstName}} of the appointment.', model: 'gpt-4.1-mini' },
      },
      additionalData: { clinic: 'Main St Dental' },
    })
    secretFree(res)
  })

  it('refuses an agent without voice and language before calling Dasha, saying so', async () => {
    const res = await api('POST', '/v1/agents', { provider: 'dasha', name: 'Mute' })
    const problem = expectProblem(res, 422, 'validation_failed')
    expect(problem.detail).toMatch(/Dasha BlackBox requires language and voice/)
    expect(problem.errors?.map((e) => e.path)).toEqual(['language', 'voice'])
    expect(fake.requests).toEqual([])
  })

  it('refuses firstMessage and webhookUrl in strict mode, and drops them with warnings in lenient mode', async () => {
    const extra = { firstMessage: 'Hi!', transcriber: { vendor: 'Auto', model: 'nova-3' } }
    const strict = expectProblem(
      await api('POST', '/v1/agents', { ...newAgent, ...extra }),
      422,
      'unsupported_field',
    )
    expect(strict.errors?.map((e) => e.path).sort()).toEqual(['firstMessage', 'transcriber.model'])
    expect(fake.requests).toEqual([])

    const lenient = await api('POST', '/v1/agents', { ...newAgent, ...extra }, { prefer: 'handling=lenient' })
    expect(lenient.status).toBe(201)
    expect(lenient.body.warnings.map((w: { field: string }) => w.field).sort()).toEqual([
      'firstMessage',
      'transcriber.model',
    ])
    expect(fake.requests[0]?.body).toMatchObject({ config: { sttConfig: { version: 'v1', vendor: 'Auto' } } })
  })

  it('takes vendor-only settings from providerOptions.dasha, and refuses unknown or colliding keys', async () => {
    const ivr = { version: 'v1', isEnabled: true, enabledForOutbound: true }
    const ok = await api('POST', '/v1/agents', {
      ...newAgent,
      providerOptions: { dasha: { config: { features: { ivrDetection: ivr } } } },
    })
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    expect(fake.requests[0]?.body).toMatchObject({ config: { features: { ivrDetection: ivr } } })

    const typo = await api('POST', '/v1/agents', { ...newAgent, providerOptions: { dasha: { confg: {} } } })
    expect(expectProblem(typo, 422, 'validation_failed').errors?.[0]?.path).toBe(
      'providerOptions.dasha.confg',
    )
    const clash = await api('POST', '/v1/agents', {
      ...newAgent,
      providerOptions: { dasha: { config: { ttsConfig: { voiceId: 'other' } } } },
    })
    expect(expectProblem(clash, 422, 'validation_failed').errors?.[0]?.path).toBe(
      'providerOptions.dasha.config.ttsConfig.voiceId',
    )
    expect(fake.requests).toHaveLength(1)
  })

  it('gets an agent, with the untouched vendor object on ?include=raw', async () => {
    const res = await api('GET', `/v1/agents/${SEEDED}?include=raw`)
    expect(res.status).toBe(200)
    const agent = AgentSchema.parse(res.body)
    expect(agent.name).toBe('Appointment reminders')
    expect(agent.providerData).toEqual(fullAgent())
    expect(fake.requests[0]?.path).toBe(`/api/v1/agents/${AGENT_ID}`)
  })

  it('updates by read–merge–write: one GET, one full PUT, vendor-only settings intact', async () => {
    const res = await api('PATCH', `/v1/agents/${SEEDED}`, { name: 'Renamed', enabled: false })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(AgentSchema.parse(res.body)).toMatchObject({
      name: 'Renamed',
      enabled: false,
      prompt: fullAgent().config.llmConfig.prompt,
    })
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/v1/agents/${AGENT_ID}`,
      `PUT /api/v1/agents/${AGENT_ID}`,
    ])
    const stored = fake.agents.get(AGENT_ID)
    const before = fullAgent()
    expect(stored?.name).toBe('Renamed')
    expect(stored?.isEnabled).toBe(false)
    expect(stored?.config).toEqual(before.config)
    expect(stored?.schedule).toEqual(before.schedule)
    expect(stored?.additionalData).toEqual(before.additionalData)
  })

  it('lists agents in pages with an opaque cursor', async () => {
    await api('POST', '/v1/agents', newAgent)
    await api('POST', '/v1/agents', { ...newAgent, name: 'Second' })
    const first = await api('GET', '/v1/agents?source=vendor&provider=dasha&limit=2')
    expect(first.status).toBe(200)
    const page1 = AgentListSchema.parse(first.body)
    expect(page1.data.map((a) => a.name)).toEqual(['Appointment reminders', 'Reminders'])
    expect(page1.hasMore).toBe(true)
    const second = AgentListSchema.parse(
      (await api('GET', `/v1/agents?source=vendor&provider=dasha&limit=2&cursor=${page1.nextCursor}`)).body,
    )
    expect(second.data.map((a) => a.name)).toEqual(['Second'])
    expect(second).toMatchObject({ hasMore: false, nextCursor: null })
    expectProblem(
      await api('GET', '/v1/agents?source=vendor&provider=dasha&cursor=not-ours'),
      422,
      'validation_failed',
    )
  })

  it('deletes an agent; a second delete is 404 not_found with Dasha’s words', async () => {
    const res = await api('DELETE', `/v1/agents/${SEEDED}`)
    expect(res.status).toBe(204)
    expect(fake.agents.has(AGENT_ID)).toBe(false)
    const again = expectProblem(await api('DELETE', `/v1/agents/${SEEDED}`), 404, 'not_found')
    expect(again).toMatchObject({ provider: 'dasha', providerStatus: 404, upstream: 'rejected' })
    expect(again.detail).toContain(`Agent ${AGENT_ID} not found`)
  })

  it('maps Dasha refusals: 401 → provider_auth_failed, 400 → provider_rejected with its words, 500 → provider_error', async () => {
    const wrongKey = apiClient({ fetch: fake.fetch }, { ...ENV, DASHA_API_KEY: 'expired-key' })
    const auth = expectProblem(await wrongKey('GET', `/v1/agents/${SEEDED}`), 502, 'provider_auth_failed')
    expect(auth.detail).toContain('Invalid or expired API key')
    expect(JSON.stringify(auth)).not.toContain('expired-key')

    fake.fail('POST', '/api/v1/agents', {
      status: 400,
      body: {
        title: 'Bad Request',
        status: 400,
        detail: 'Voice EXAVITQu4vr4xnSDxMaL is not available for ElevenLabs',
      },
      headers: { 'content-type': 'application/problem+json' },
    })
    const rejected = expectProblem(await api('POST', '/v1/agents', newAgent), 400, 'provider_rejected')
    expect(rejected.detail).toContain('Voice EXAVITQu4vr4xnSDxMaL is not available for ElevenLabs')
    expect(rejected.upstream).toBe('rejected')

    fake.fail('PUT', /\/api\/v1\/agents\//, {
      status: 500,
      body: { title: 'Internal Server Error', status: 500 },
    })
    const failed = expectProblem(
      await api('PATCH', `/v1/agents/${SEEDED}`, { name: 'x' }),
      502,
      'provider_error',
    )
    expect(failed).toMatchObject({ provider: 'dasha', providerStatus: 500, upstream: 'ambiguous' })
  })

  it('answers provider_error when Dasha’s answer does not fit its schema', async () => {
    fake.fail('GET', `/api/v1/agents/${AGENT_ID}`, { status: 200, body: { name: 'no id, no config' } })
    const problem = expectProblem(await api('GET', `/v1/agents/${SEEDED}`), 502, 'provider_error')
    expect(problem.detail).toMatch(/unexpected shape/)
  })

  it('tells the truth in GET /v1/providers/dasha', async () => {
    const info = ProviderSchema.parse((await api('GET', '/v1/providers/dasha')).body)
    expect(info.configured).toBe(true)
    expect(Object.values(info.operations).every(Boolean)).toBe(true)
    // webhookUrl belongs to the webhooks wiring; the fields below are what Dasha itself cannot take.
    expect(info.fields['agents.create']?.unsupported).toEqual(
      expect.arrayContaining(['firstMessage', 'transcriber.model', 'transcriber.language']),
    )
    expect(info.fields['agents.create']?.supported).toEqual(
      expect.arrayContaining([
        'voice',
        'language',
        'llm',
        'schedule',
        'tools',
        'variables',
        'maxDurationSeconds',
      ]),
    )
    expect(info.fields['calls.create']?.unsupported).toEqual(
      expect.arrayContaining(['language', 'maxDurationSeconds', 'metadata', 'overrides', 'scheduledAt']),
    )
    expect(info.fields['calls.create']?.notes?.deadline).toMatch(/24 hours/)
    expect(info.statusMap).toMatchObject({ Created: 'queued', Running: 'in_progress', Canceled: 'canceled' })
    const keyless = apiClient(
      { fetch: fake.fetch },
      { DASHA_BASE_URL: 'https://dasha.test', DASHA_API_KEY: '' },
    )
    expect(ProviderSchema.parse((await keyless('GET', '/v1/providers/dasha')).body).configured).toBe(false)
  })
})
