import { describe, expect, it } from 'vitest'
import { AgentSchema } from '../../src/contract/agent'
import { AgentListSchema } from '../../src/routes/agents/agents.routes'
import { apiClient, expectProblem } from '../helpers/api'

const api = apiClient()
const fullAgent = {
  provider: 'sandbox',
  name: 'Appointment reminder',
  description: 'Confirms tomorrow’s appointments',
  language: 'en-US',
  prompt: 'You confirm {{appointment}} with {{firstName}}.',
  firstMessage: 'Hi {{firstName}}, this is the clinic.',
  voice: { vendor: 'elevenlabs', voiceId: 'rachel', speed: 1.1 },
  llm: { vendor: 'openai', model: 'gpt-4o-mini', temperature: 0.3, maxTokens: 400 },
  transcriber: { vendor: 'deepgram', model: 'nova-3', language: 'en-US' },
  maxDurationSeconds: 300,
  variables: { appointment: 'your appointment', firstName: 'there' },
  schedule: { timezone: 'America/New_York', windows: { mon: [{ start: '09:00', end: '17:30' }], sat: [] } },
  tools: [
    {
      name: 'reschedule',
      description: 'Moves the appointment',
      parameters: { type: 'object', properties: { when: { type: 'string' } } },
      url: 'https://clinic.example/tools/reschedule',
      method: 'POST',
      timeoutSeconds: 10,
    },
  ],
}

describe('agents', () => {
  it('creates an agent with every field and reads it back identically', async () => {
    const created = await api('POST', '/v1/agents', fullAgent)
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const agent = AgentSchema.parse(created.body)
    expect(agent.id).toMatch(/^sandbox_[0-9a-z]+$/)
    const { provider: _p, ...fields } = fullAgent
    expect(agent).toMatchObject({ ...fields, provider: 'sandbox', enabled: true })
    expect(agent.providerData).toBeUndefined()
    const read = await api('GET', `/v1/agents/${agent.id}`)
    expect(AgentSchema.parse(read.body)).toEqual(agent)
  })

  it('adds the vendor object only with ?include=raw', async () => {
    const created = await api('POST', '/v1/agents?include=raw', { provider: 'sandbox', name: 'Raw' })
    expect(created.body.providerData).toMatchObject({ name: 'Raw' })
    const read = await api('GET', `/v1/agents/${created.body.id}?include=raw`)
    expect(read.body.providerData.id).toBe(created.body.id.replace('sandbox_', ''))
  })

  it('names each invalid field', async () => {
    const res = await api('POST', '/v1/agents', {
      provider: 'sandbox',
      language: 'english please',
      schedule: {
        timezone: 'Mars/Olympus',
        windows: { mon: [{ start: '18:00', end: '09:00' }], someday: [] },
      },
      voice: { speed: 1 },
      color: 'blue',
    })
    const problem = expectProblem(res, 422, 'validation_failed')
    const paths = problem.errors?.map((e) => e.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        'name',
        'language',
        'schedule.timezone',
        'schedule.windows.mon.0.end',
        'schedule.windows.someday',
        'voice.voiceId',
        'color',
      ]),
    )
    expect(problem.errors?.find((e) => e.path === 'name')?.message).toBe('Required')
    expect(problem.errors?.find((e) => e.path === 'color')?.message).toBe('Unknown field')
  })

  it('refuses an unknown provider in the body as a validation error', async () => {
    const problem = expectProblem(
      await api('POST', '/v1/agents', { provider: 'acme', name: 'x' }),
      422,
      'validation_failed',
    )
    expect(problem.errors?.[0]?.path).toBe('provider')
  })

  it('updates only the fields given, and clears a field set to null', async () => {
    const { body: agent } = await api('POST', '/v1/agents', fullAgent)
    const res = await api('PATCH', `/v1/agents/${agent.id}`, {
      name: 'Renamed',
      firstMessage: null,
      enabled: false,
    })
    expect(res.status).toBe(200)
    const updated = AgentSchema.parse(res.body)
    expect(updated).toMatchObject({
      name: 'Renamed',
      firstMessage: null,
      enabled: false,
      prompt: fullAgent.prompt,
      voice: fullAgent.voice,
    })
    expect(Date.parse(updated.updatedAt as string)).toBeGreaterThanOrEqual(Date.parse(agent.updatedAt))
    expectProblem(
      await api('PATCH', `/v1/agents/${agent.id}`, { provider: 'dasha' }),
      422,
      'validation_failed',
    )
  })

  it('deletes an agent: 204, then 404', async () => {
    const { body: agent } = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Temp' })
    const res = await api('DELETE', `/v1/agents/${agent.id}`)
    expect(res.status).toBe(204)
    expect(res.body).toBeNull()
    expectProblem(await api('GET', `/v1/agents/${agent.id}`), 404, 'not_found')
    expectProblem(await api('DELETE', `/v1/agents/${agent.id}`), 404, 'not_found')
  })

  it('404s ids with an unknown or missing provider prefix, never 500', async () => {
    for (const id of ['acme_123', 'nounderscore', '_123', 'sandbox_', 'x'.repeat(500)]) {
      expectProblem(await api('GET', `/v1/agents/${id}`), 404, 'not_found')
    }
  })

  it('lists one provider’s agents newest first, in pages with opaque cursors', async () => {
    const isolated = apiClient()
    const names = ['A1', 'A2', 'A3']
    for (const name of names) await isolated('POST', '/v1/agents', { provider: 'sandbox', name })
    const first = AgentListSchema.parse((await isolated('GET', '/v1/agents?provider=sandbox&limit=2')).body)
    expect(first.data).toHaveLength(2)
    expect(first.hasMore).toBe(true)
    const second = AgentListSchema.parse(
      (await isolated('GET', `/v1/agents?provider=sandbox&limit=2&cursor=${first.nextCursor}`)).body,
    )
    const seen = [...first.data, ...second.data].map((a) => a.name)
    expect(seen.slice(0, 3)).toEqual(['A3', 'A2', 'A1'])
    expect(new Set([...first.data, ...second.data].map((a) => a.id)).size).toBe(
      first.data.length + second.data.length,
    )
  })

  it('validates list queries: limit 1–100, cursor issued by us, a known provider', async () => {
    // v2: provider is an optional filter of the project's ledger.
    expect((await api('GET', '/v1/agents')).status).toBe(200)
    expectProblem(await api('GET', '/v1/agents?provider=sandbox&limit=0'), 422, 'validation_failed')
    expectProblem(await api('GET', '/v1/agents?provider=sandbox&limit=101'), 422, 'validation_failed')
    const bad = expectProblem(
      await api('GET', '/v1/agents?provider=sandbox&cursor=not-ours'),
      422,
      'validation_failed',
    )
    expect(bad.errors?.[0]?.path).toBe('cursor')
    const unknown = expectProblem(await api('GET', '/v1/agents?provider=acme'), 422, 'validation_failed')
    expect(unknown.errors?.[0]?.path).toBe('provider')
  })
})
