import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { providers } from '../../providers/registry'
import { ProviderSchema } from '../../src/contract/provider'
import type { Api, ConformanceTarget, FakeVendor } from '../conformance/target'
import { targets } from '../conformance/targets'
import { apiClient, expectProblem } from '../helpers/api'

// docs/api.md § Fields a provider cannot honour, on agent writes: strict refuses naming each field,
// lenient drops them with `warnings` and Preference-Applied; a strict answer carries no warnings.

/** A valid value for every agent field; a nested field is offered through its whole parent. */
const SAMPLE_AGENT: Record<string, unknown> = {
  description: 'Reminds patients of appointments',
  enabled: true,
  language: 'en-US',
  prompt: 'Be brief.',
  firstMessage: 'Hello!',
  voice: { vendor: 'elevenlabs', voiceId: 'rachel', model: 'eleven_turbo_v2' },
  llm: { model: 'gpt-4o', maxTokens: 200 },
  transcriber: { vendor: 'Auto', model: 'nova-3', language: 'en-US' },
  maxDurationSeconds: 600,
  variables: { clinic: 'Main St Dental' },
  schedule: { timezone: 'Europe/Berlin', windows: { mon: [{ start: '09:00', end: '17:00' }] } },
  tools: [
    {
      name: 'lookup',
      description: 'Looks up the appointment',
      parameters: { type: 'object' },
      url: 'https://tools.example/lookup',
    },
  ],
  webhookUrl: 'https://client.example/hooks/agents',
}

const offering = (fields: string[]) =>
  Object.fromEntries(
    fields.map((field) => field.split('.')[0] as string).map((top) => [top, SAMPLE_AGENT[top]]),
  )

const refuseNetwork: typeof fetch = async (input) => {
  throw new Error(`unexpected vendor request to ${String(input)}`)
}

describe.each(targets)('$provider agent writes', (target: ConformanceTarget) => {
  const agentOps = providers.find((p) => p.id === target.provider)?.agents ?? {}
  const writeOps = (['agents.create', 'agents.update'] as const).filter(
    (op) => typeof agentOps[op === 'agents.create' ? 'create' : 'update'] === 'function',
  )
  let fake: FakeVendor | undefined
  let api: Api
  let agentId: string
  let info: ReturnType<typeof ProviderSchema.parse>
  const writes = () => (fake ? fake.requests.filter((r) => r.method !== 'GET').length : 0)

  beforeEach(async () => {
    fake = target.createFake?.()
    api = apiClient({ fetch: fake?.fetch ?? refuseNetwork }, target.env)
    agentId = await target.agentId(api)
    info = ProviderSchema.parse((await api('GET', `/v1/providers/${target.provider}`)).body)
  })
  afterEach(() => {
    expect(fake?.violations ?? [], 'requests the fake vendor refused as invalid').toEqual([])
  })

  const writesOf = (op: 'agents.create' | 'agents.update') => {
    const unsupported = info.fields[op]?.unsupported ?? []
    const send = (headers: Record<string, string> = {}) =>
      op === 'agents.create'
        ? api(
            'POST',
            '/v1/agents',
            {
              provider: target.provider,
              name: 'Handling agent',
              ...target.agentBody,
              ...offering(unsupported),
            },
            headers,
          )
        : api('PATCH', `/v1/agents/${agentId}`, offering(unsupported), headers)
    return { unsupported, send }
  }

  it.each(writeOps)(
    '%s: strict refuses every field it cannot honour, naming each, and writes nothing',
    async (op) => {
      expect(info.operations[op]).toBe(true)
      const { unsupported, send } = writesOf(op)
      const before = writes()
      const res = await send()
      if (unsupported.length === 0) {
        expect(res.status, JSON.stringify(res.body)).toBe(op === 'agents.create' ? 201 : 200)
        return
      }
      const problem = expectProblem(res, 422, 'unsupported_field')
      expect(new Set(problem.errors?.map((e) => e.path))).toEqual(new Set(unsupported))
      expect(writes()).toBe(before)
    },
  )

  it.each(writeOps)('%s: lenient drops them with a warning each and Preference-Applied', async (op) => {
    expect(info.operations[op]).toBe(true)
    const { unsupported, send } = writesOf(op)
    const res = await send({ prefer: 'handling=lenient' })
    expect(res.status, JSON.stringify(res.body)).toBe(op === 'agents.create' ? 201 : 200)
    expect(res.headers.get('preference-applied')).toBe('handling=lenient')
    expect(Array.isArray(res.body.warnings)).toBe(true)
    const warned = res.body.warnings.map((w: { field: string }) => w.field)
    for (const field of unsupported) expect(warned).toContain(field)
  })

  it('a strict write that needed nothing dropped carries neither warnings nor Preference-Applied', async () => {
    const res = await api('PATCH', `/v1/agents/${agentId}`, { name: 'Strictly renamed' })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).not.toHaveProperty('warnings')
    expect(res.headers.get('preference-applied')).toBeNull()
  })
})
