import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AgentSchema } from '../../../src/contract/agent'
import { AgentListSchema } from '../../../src/routes/agents/agents.routes'
import { createRetellFake, RETELL_TEST_KEY, type RetellFake } from '../../fakes/retell'
import { apiClient, expectProblem } from '../../helpers/api'
import { RETELL_ENV } from './fixtures'

let fake: RetellFake
let api: ReturnType<typeof apiClient>
beforeEach(() => {
  fake = createRetellFake()
  api = apiClient({ fetch: fake.fetch }, RETELL_ENV)
})
afterEach(() => expect(fake.violations).toEqual([]))

const fullAgent = {
  provider: 'retell',
  name: 'Dental reminders',
  language: 'en-US',
  prompt: 'You remind {{first_name}} of their appointment.',
  firstMessage: 'Hi {{first_name}}',
  voice: { voiceId: '11labs-Adrian', model: 'eleven_flash_v2_5', speed: 1.1 },
  llm: { vendor: 'openai', model: 'gpt-4.1', temperature: 0.3 },
  maxDurationSeconds: 300,
  variables: { first_name: 'there', visits: 2 },
}
const writes = () => fake.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)
const vendorId = (id: string) => id.replace(/^retell_/, '')
const llmIdOf = (agentId: string) =>
  (fake.agents.get(vendorId(agentId)) as { response_engine: { llm_id: string } }).response_engine.llm_id

describe('Retell agents through the gateway', () => {
  it('creates the Retell LLM, then the agent pointing at it, and answers the joined agent', async () => {
    const res = await api('POST', '/v1/agents', fullAgent)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const [llm, agent] = fake.requests
    expect(llm).toMatchObject({
      method: 'POST',
      path: '/create-retell-llm',
      body: {
        start_speaker: 'agent',
        general_prompt: 'You remind {{first_name}} of their appointment.',
        begin_message: 'Hi {{first_name}}',
        model: 'gpt-4.1',
        model_temperature: 0.3,
        default_dynamic_variables: { first_name: 'there', visits: '2' },
      },
    })
    expect(llm?.headers.authorization).toBe(`Bearer ${RETELL_TEST_KEY}`)
    const llmId = [...fake.llms.keys()][0]
    expect(agent).toMatchObject({ method: 'POST', path: '/create-agent' })
    expect(agent?.body).toEqual({
      agent_name: 'Dental reminders',
      voice_id: '11labs-Adrian',
      voice_model: 'eleven_flash_v2_5',
      voice_speed: 1.1,
      language: 'en-US',
      max_call_duration_ms: 300_000,
      response_engine: { type: 'retell-llm', llm_id: llmId },
    })
    const created = AgentSchema.parse(res.body)
    const { provider: _p, ...writable } = fullAgent
    expect(created).toMatchObject({
      ...writable,
      variables: { first_name: 'there', visits: '2' },
      enabled: true,
      schedule: null,
      tools: [],
      webhookUrl: null,
    })
    expect(created.id).toBe(`retell_${[...fake.agents.keys()][0]}`)
    expect(JSON.stringify(res.body)).not.toContain(RETELL_TEST_KEY)
  })

  it("deletes the LLM again when the agent step fails, with Retell's words in the Problem", async () => {
    fake.fail({
      method: 'POST',
      path: /^\/create-agent$/,
      status: 400,
      body: { status: 'error', message: 'voice_id 11labs-Adrian is not available in this workspace.' },
    })
    const problem = expectProblem(await api('POST', '/v1/agents', fullAgent), 400, 'provider_rejected')
    expect(problem).toMatchObject({ provider: 'retell', providerStatus: 400, upstream: 'rejected' })
    expect(problem.detail).toContain('voice_id 11labs-Adrian is not available in this workspace.')
    const sent = fake.requests.find((r) => r.path === '/create-agent')?.body as {
      response_engine: { llm_id: string }
    }
    expect(writes()).toEqual([
      'POST /create-retell-llm',
      'POST /create-agent',
      `DELETE /delete-retell-llm/${sent.response_engine.llm_id}`,
    ])
    expect(fake.llms.size + fake.agents.size).toBe(0)
  })

  it('names the LLM left behind when it could not be removed either', async () => {
    fake.fail({
      method: 'POST',
      path: /^\/create-agent$/,
      status: 500,
      body: { status: 'error', message: 'An unexpected server error occurred.' },
    })
    fake.fail({ method: 'DELETE', path: /^\/delete-retell-llm\//, status: 500 })
    const problem = expectProblem(await api('POST', '/v1/agents', fullAgent), 502, 'provider_error')
    const [llmId] = [...fake.llms.keys()]
    expect(problem.detail).toContain('An unexpected server error occurred.')
    expect(problem.detail).toContain(`The Retell LLM ${llmId} created for it could not be removed`)
    expect(problem.upstream).toBe('ambiguous')
  })

  it('refuses an agent without a voice before writing anything, naming Retell', async () => {
    const { voice: _voice, ...noVoice } = fullAgent
    const problem = expectProblem(await api('POST', '/v1/agents', noVoice), 422, 'validation_failed')
    expect(problem.errors).toEqual([
      { path: 'voice', message: 'Retell requires a voice: give voice.voiceId, e.g. 11labs-Adrian' },
    ])
    expect(writes()).toEqual([])
  })

  it('reads an agent joined with its LLM; an unknown id (422 at Retell) is our 404', async () => {
    const { body: created } = await api('POST', '/v1/agents', fullAgent)
    const res = await api('GET', `/v1/agents/${created.id}?include=raw`)
    expect(res.status).toBe(200)
    const agent = AgentSchema.parse(res.body)
    expect(agent).toMatchObject({
      prompt: fullAgent.prompt,
      llm: fullAgent.llm,
      firstMessage: fullAgent.firstMessage,
    })
    expect(agent.providerData).toMatchObject({
      agent: { agent_id: vendorId(created.id) },
      llm: { llm_id: llmIdOf(created.id) },
    })
    const missing = expectProblem(await api('GET', '/v1/agents/retell_nope'), 404, 'not_found')
    expect(missing).toMatchObject({ provider: 'retell', providerStatus: 422, upstream: 'rejected' })
    expect(missing.detail).toContain('Cannot find requested asset under given api key.')
  })

  it('updates by read–merge–write, touching only the object a change lives on', async () => {
    const { body: created } = await api('POST', '/v1/agents', {
      ...fullAgent,
      providerOptions: {
        retell: {
          voicemail_option: { action: { type: 'hangup' } },
          llm: { kb_config: { top_k: 3, filter_score: 0.6 } },
        },
      },
    })
    const id = vendorId(created.id)
    const llmId = llmIdOf(created.id)
    fake.requests.splice(0)

    const promptOnly = await api('PATCH', `/v1/agents/${created.id}`, {
      prompt: 'Be brief.',
      providerOptions: { retell: { llm: { kb_config: { top_k: 5 } } } },
    })
    expect(promptOnly.status, JSON.stringify(promptOnly.body)).toBe(200)
    expect(AgentSchema.parse(promptOnly.body).prompt).toBe('Be brief.')
    expect(writes()).toEqual([`PATCH /update-retell-llm/${llmId}`])
    // The nested object keeps what the patch did not name.
    expect(fake.requests.at(-1)?.body).toEqual({
      general_prompt: 'Be brief.',
      kb_config: { top_k: 5, filter_score: 0.6 },
    })

    fake.requests.splice(0)
    const agentOnly = await api('PATCH', `/v1/agents/${created.id}`, {
      name: 'Cleanings',
      maxDurationSeconds: null,
    })
    expect(agentOnly.status).toBe(200)
    expect(writes()).toEqual([`PATCH /update-agent/${id}`])
    expect(fake.requests.find((r) => r.method === 'PATCH')?.body).toEqual({
      agent_name: 'Cleanings',
      max_call_duration_ms: 3_600_000,
    })
    expect(AgentSchema.parse(agentOnly.body)).toMatchObject({
      name: 'Cleanings',
      prompt: 'Be brief.',
      maxDurationSeconds: 3600,
    })
  })

  it('deletes the agent, then its LLM', async () => {
    const { body: created } = await api('POST', '/v1/agents', fullAgent)
    const llmId = llmIdOf(created.id)
    const res = await api('DELETE', `/v1/agents/${created.id}`)
    expect(res.status).toBe(204)
    expect(writes().slice(-2)).toEqual([
      `DELETE /delete-agent/${vendorId(created.id)}`,
      `DELETE /delete-retell-llm/${llmId}`,
    ])
    expect(fake.agents.size + fake.llms.size).toBe(0)
    expectProblem(await api('GET', `/v1/agents/${created.id}`), 404, 'not_found')
    expectProblem(await api('DELETE', `/v1/agents/${created.id}`), 404, 'not_found')
  })

  it('lists voice agents page by page behind an opaque cursor', async () => {
    for (const name of ['A', 'B', 'C']) {
      await api('POST', '/v1/agents', { provider: 'retell', name, voice: { voiceId: '11labs-Adrian' } })
    }
    // Chat agents share Retell's list but place no calls.
    fake.agents.set('chat1', {
      agent_id: 'chat1',
      channel: 'chat',
      agent_name: 'Chat',
      response_engine: { type: 'retell-llm', llm_id: 'x' },
    })
    fake.requests.splice(0)
    const first = await api('GET', '/v1/agents?source=vendor&provider=retell&limit=2')
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    const page = AgentListSchema.parse(first.body)
    expect(page.data.map((a) => a.name)).toEqual(['C', 'B'])
    expect(page.hasMore).toBe(true)
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v2/list-agents?limit=2&sort_order=descending',
      body: { filter_criteria: { channel: { type: 'string', op: 'eq', value: 'voice' } } },
    })
    const second = AgentListSchema.parse(
      (await api('GET', `/v1/agents?source=vendor&provider=retell&limit=2&cursor=${page.nextCursor}`)).body,
    )
    expect(second.data.map((a) => a.name)).toEqual(['A'])
    expect(second).toMatchObject({ hasMore: false, nextCursor: null })
    expectProblem(
      await api('GET', '/v1/agents?source=vendor&provider=retell&cursor=bogus'),
      422,
      'validation_failed',
    )
  })

  it('refuses in strict mode what Retell cannot hold, and drops it with warnings when lenient', async () => {
    const extra = {
      description: 'Reminds patients',
      schedule: { timezone: 'Europe/Berlin', windows: { mon: [{ start: '09:00', end: '17:00' }] } },
      llm: { model: 'gpt-4.1', maxTokens: 200, temperature: 1.5 },
      transcriber: { model: 'nova-3' },
    }
    const strict = expectProblem(
      await api('POST', '/v1/agents', { ...fullAgent, ...extra }),
      422,
      'unsupported_field',
    )
    expect(new Set(strict.errors?.map((e) => e.path))).toEqual(
      new Set(['description', 'schedule', 'llm.maxTokens', 'transcriber.model']),
    )
    expect(writes()).toEqual([])
    const lenient = await api(
      'POST',
      '/v1/agents',
      { ...fullAgent, ...extra },
      { prefer: 'handling=lenient' },
    )
    expect(lenient.status, JSON.stringify(lenient.body)).toBe(201)
    expect(lenient.body.warnings.map((w: { field: string }) => w.field).sort()).toEqual([
      'description',
      'llm.maxTokens',
      'llm.temperature',
      'schedule',
      'transcriber.model',
    ])
    expect(fake.requests.find((r) => r.path === '/create-retell-llm')?.body).not.toHaveProperty(
      'model_temperature',
    )
  })
})
