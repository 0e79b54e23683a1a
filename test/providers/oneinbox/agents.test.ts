import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AgentSchema } from '../../../src/contract/agent'
import { ProviderSchema } from '../../../src/contract/provider'
import { AgentListSchema } from '../../../src/routes/agents/agents.routes'
import { createOneInboxFake, type OneInboxFake } from '../../fakes/oneinbox'
import { apiClient, expectProblem } from '../../helpers/api'
import { ONEINBOX_ENV } from './fixtures'

let fake: OneInboxFake
let api: ReturnType<typeof apiClient>
beforeEach(() => {
  fake = createOneInboxFake()
  api = apiClient({ fetch: fake.fetch }, ONEINBOX_ENV)
})
afterEach(() => expect(fake.violations).toEqual([]))

const fullAgent = {
  provider: 'oneinbox',
  name: 'Dental reminders',
  description: 'Reminds patients',
  language: 'en-US',
  prompt: 'You remind {{firstName}} of their appointment.',
  firstMessage: 'Hi {{firstName}}',
  voice: { vendor: 'elevenlabs', voiceId: 'rachel', speed: 1.1 },
  llm: { vendor: 'openai', model: 'gpt-4o', temperature: 0.3 },
  transcriber: { vendor: 'deepgram', model: 'nova-3', language: 'en-US' },
  maxDurationSeconds: 300,
  variables: { firstName: 'there' },
}
const writes = () => fake.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)
const vendorId = (id: string) => id.replace(/^oneinbox_/, '')

describe('OneInbox agents through the gateway', () => {
  it('creates the LLM model, then the agent pointing at it, and answers the joined agent', async () => {
    const res = await api('POST', '/v1/agents', fullAgent)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const [model, agent] = fake.requests
    expect(model).toMatchObject({
      method: 'POST',
      path: '/v1/models',
      body: {
        name: 'Dental reminders',
        system_prompt: 'You remind {{firstName}} of their appointment.',
        provider: 'openai',
        model: 'gpt-4o',
        temperature: 0.3,
      },
    })
    expect(model?.headers.authorization).toBe('Bearer vendor-secret-key')
    const llmId = [...fake.models.keys()][0]
    expect(agent).toMatchObject({ method: 'POST', path: '/v1/agents' })
    expect(agent?.body).toEqual({
      name: 'Dental reminders',
      llm_id: llmId,
      first_message: 'Hi {{firstName}}',
      tts: { provider: 'elevenlabs', voice_id: 'rachel', speed: 1.1 },
      transcriber: { provider: 'deepgram', model: 'nova-3', language: 'en-US' },
      max_duration_seconds: 300,
      language: 'en-US',
      dynamic_variables: { firstName: 'there' },
      metadata: { switchboard_description: 'Reminds patients', switchboard_llm_id: llmId },
    })
    const created = AgentSchema.parse(res.body)
    const { provider: _p, ...writable } = fullAgent
    expect(created).toMatchObject({ ...writable, enabled: true, schedule: null, tools: [], webhookUrl: null })
    expect(created.id).toBe(`oneinbox_${[...fake.agents.keys()][0]}`)
    expect(created.providerData).toBeUndefined()
    expect(JSON.stringify(res.body)).not.toContain('vendor-secret-key')
  })

  it('deletes the model again when the agent step fails, and reports the vendor error', async () => {
    fake.fail({
      method: 'POST',
      path: /^\/v1\/agents$/,
      status: 422,
      body: {
        detail: [{ loc: ['body', 'first_message'], msg: 'Too long for this plan', type: 'value_error' }],
      },
    })
    const res = await api('POST', '/v1/agents', fullAgent)
    const problem = expectProblem(res, 422, 'provider_rejected')
    expect(problem).toMatchObject({ provider: 'oneinbox', providerStatus: 422, upstream: 'rejected' })
    expect(problem.detail).toContain('Too long for this plan')
    expect(problem.errors).toEqual([{ path: 'firstMessage', message: 'Too long for this plan' }])
    const modelId = (fake.requests[1]?.body as { llm_id?: string } | undefined)?.llm_id
    expect(writes()).toEqual(['POST /v1/models', 'POST /v1/agents', `DELETE /v1/models/${modelId}`])
    expect(fake.models.size).toBe(0)
    expect(fake.agents.size).toBe(0)
  })

  it('says so when the model left behind could not be removed either', async () => {
    fake.fail({ method: 'POST', path: /^\/v1\/agents$/, status: 500, body: { detail: 'Internal error' } })
    fake.fail({ method: 'DELETE', path: /^\/v1\/models\//, status: 500, body: { detail: 'Internal error' } })
    const problem = expectProblem(await api('POST', '/v1/agents', fullAgent), 502, 'provider_error')
    const [modelId] = [...fake.models.keys()]
    expect(problem.detail).toContain(`The LLM model ${modelId} created for it could not be removed`)
    expect(problem.upstream).toBe('ambiguous')
  })

  it('reads an agent joined with its model, and the raw vendor objects on include=raw', async () => {
    const { body: created } = await api('POST', '/v1/agents', fullAgent)
    const res = await api('GET', `/v1/agents/${created.id}?include=raw`)
    expect(res.status).toBe(200)
    const agent = AgentSchema.parse(res.body)
    expect(agent.prompt).toBe(fullAgent.prompt)
    expect(agent.llm).toEqual(fullAgent.llm)
    const id = vendorId(created.id)
    expect(agent.providerData).toMatchObject({
      agent: { id, llm_id: expect.any(String) },
      model: { system_prompt: fullAgent.prompt },
    })
    expect(fake.requests.slice(-2).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/agents/${id}`,
      `GET /v1/models/${fake.agents.get(id)?.llm_id}`,
    ])
  })

  it('patches only the objects a change touches', async () => {
    const { body: created } = await api('POST', '/v1/agents', fullAgent)
    const id = vendorId(created.id)
    const llmId = fake.agents.get(id)?.llm_id
    fake.requests.splice(0)

    const promptOnly = await api('PATCH', `/v1/agents/${created.id}`, { prompt: 'Be brief.' })
    expect(promptOnly.status, JSON.stringify(promptOnly.body)).toBe(200)
    expect(AgentSchema.parse(promptOnly.body).prompt).toBe('Be brief.')
    expect(writes()).toEqual([`PATCH /v1/models/${llmId}`])
    expect(fake.requests.at(-1)?.body).toEqual({ system_prompt: 'Be brief.' })

    fake.requests.splice(0)
    const agentOnly = await api('PATCH', `/v1/agents/${created.id}`, {
      firstMessage: null,
      description: 'Now for cleanings',
      providerOptions: { oneinbox: { voicemail_detection: true } },
    })
    expect(agentOnly.status).toBe(200)
    expect(writes()).toEqual([`PATCH /v1/agents/${id}`])
    expect(fake.requests.find((r) => r.method === 'PATCH')?.body).toEqual({
      first_message: null,
      metadata: { switchboard_llm_id: llmId, switchboard_description: 'Now for cleanings' },
      voicemail_detection: true,
    })
    expect(AgentSchema.parse(agentOnly.body)).toMatchObject({
      firstMessage: null,
      description: 'Now for cleanings',
      prompt: 'Be brief.',
    })
  })

  it('deletes the agent and the model Switchboard created for it', async () => {
    const { body: created } = await api('POST', '/v1/agents', fullAgent)
    const id = vendorId(created.id)
    const llmId = fake.agents.get(id)?.llm_id
    const res = await api('DELETE', `/v1/agents/${created.id}`)
    expect(res.status).toBe(204)
    expect(writes().slice(-2)).toEqual([`DELETE /v1/agents/${id}`, `DELETE /v1/models/${llmId}`])
    expect(fake.agents.size + fake.models.size).toBe(0)
    expectProblem(await api('GET', `/v1/agents/${created.id}`), 404, 'not_found')
  })

  it('leaves alone a model it did not create', async () => {
    const { body: created } = await api('POST', '/v1/agents', fullAgent)
    const agent = fake.agents.get(vendorId(created.id)) as Record<string, unknown>
    agent.metadata = {}
    expect((await api('DELETE', `/v1/agents/${created.id}`)).status).toBe(204)
    expect(writes().filter((w) => w.startsWith('DELETE'))).toEqual([`DELETE /v1/agents/${agent.id}`])
    expect(fake.models.size).toBe(1)
  })

  it('lists agents page by page behind an opaque cursor', async () => {
    for (const name of ['A', 'B', 'C']) await api('POST', '/v1/agents', { provider: 'oneinbox', name })
    fake.requests.splice(0)
    const first = await api('GET', '/v1/agents?source=vendor&provider=oneinbox&limit=2')
    expect(first.status).toBe(200)
    const page = AgentListSchema.parse(first.body)
    expect(page.data.map((a) => a.name)).toEqual(['A', 'B'])
    expect(page.hasMore).toBe(true)
    expect(page.nextCursor).not.toMatch(/offset/)
    expect(fake.requests[0]?.path).toBe('/v1/agents?limit=2&offset=0')
    const second = AgentListSchema.parse(
      (await api('GET', `/v1/agents?source=vendor&provider=oneinbox&limit=2&cursor=${page.nextCursor}`)).body,
    )
    expect(second.data.map((a) => a.name)).toEqual(['C'])
    expect(second).toMatchObject({ hasMore: false, nextCursor: null })
    expectProblem(
      await api('GET', '/v1/agents?source=vendor&provider=oneinbox&cursor=bogus'),
      422,
      'validation_failed',
    )
  })

  it('refuses in strict mode what OneInbox cannot hold, and drops it with warnings when lenient', async () => {
    const extra = {
      schedule: { timezone: 'Europe/Berlin', windows: { mon: [{ start: '09:00', end: '17:00' }] } },
      voice: { voiceId: 'rachel', model: 'eleven_turbo_v2' },
      llm: { model: 'gpt-4o', maxTokens: 200 },
      enabled: false,
    }
    const strict = expectProblem(
      await api('POST', '/v1/agents', { ...fullAgent, ...extra }),
      422,
      'unsupported_field',
    )
    expect(new Set(strict.errors?.map((e) => e.path))).toEqual(
      new Set(['schedule', 'voice.model', 'llm.maxTokens']),
    )
    expect(fake.requests).toEqual([])

    const lenient = await api(
      'POST',
      '/v1/agents',
      { ...fullAgent, ...extra },
      { prefer: 'handling=lenient' },
    )
    expect(lenient.status, JSON.stringify(lenient.body)).toBe(201)
    expect(lenient.body.warnings.map((w: { field: string }) => w.field).sort()).toEqual(
      ['enabled', 'llm.maxTokens', 'schedule', 'voice.model'].sort(),
    )
    expect(fake.requests[0]?.body).not.toHaveProperty('max_tokens')
    expect(fake.requests[1]?.body).toMatchObject({ tts: { voice_id: 'rachel' } })
  })

  it('validates providerOptions strictly and refuses one that collides with a mapped field', async () => {
    const unknown = await api('POST', '/v1/agents', {
      ...fullAgent,
      providerOptions: { oneinbox: { enable_recordings: true } },
    })
    expect(expectProblem(unknown, 422, 'validation_failed').errors?.[0]?.path).toBe(
      'providerOptions.oneinbox.enable_recordings',
    )
    const collision = await api('POST', '/v1/agents', {
      ...fullAgent,
      providerOptions: { oneinbox: { model: { system_prompt: 'Other' } } },
    })
    expect(expectProblem(collision, 422, 'validation_failed').errors?.[0]?.path).toBe(
      'providerOptions.oneinbox.model.system_prompt',
    )
    expect(fake.requests).toEqual([])
  })

  it('tells the truth about itself in GET /v1/providers/oneinbox', async () => {
    const info = ProviderSchema.parse((await api('GET', '/v1/providers/oneinbox')).body)
    expect(info.configured).toBe(true)
    expect(Object.values(info.operations).every(Boolean)).toBe(true)
    expect(info.fields['agents.create']?.unsupported).toEqual([
      'schedule',
      'tools',
      'webhookUrl',
      'voice.model',
      'llm.maxTokens',
    ])
    expect(info.fields['agents.create']?.notes?.description).toContain('metadata')
    const bare = apiClient({ fetch: fake.fetch }, { ONEINBOX_API_KEY: '' })
    expect(ProviderSchema.parse((await bare('GET', '/v1/providers/oneinbox')).body).configured).toBe(false)
  })
})
