import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AGENT_FIELDS, CALL_FIELDS } from '../../providers/kit/field-support'
import { BatchResultSchema, CALL_STATUSES, CallSchema } from '../../src/contract/call'
import { ProviderSchema } from '../../src/contract/provider'
import { CallListSchema } from '../../src/routes/calls/calls.routes'
import { type ApiResponse, apiClient, expectProblem } from '../helpers/api'
import type { Api, ConformanceTarget, FakeVendor } from './target'
import { targets } from './targets'

const HOUR = 3_600_000
/** A valid value for every call field, to offer a provider the fields it says it cannot honour. */
const sampleCallValues = (): Record<string, unknown> => ({
  from: '+14155550199',
  callerName: 'Dental Clinic',
  variables: { firstName: 'Ada' },
  metadata: { crmId: 'lead_42' },
  priority: 5,
  scheduledAt: new Date(Date.now() + HOUR).toISOString(),
  deadline: new Date(Date.now() + 2 * HOUR).toISOString(),
  timezone: 'America/New_York',
  maxDurationSeconds: 120,
  language: 'en-US',
  webhookUrl: 'https://client.example/hooks/calls',
  overrides: {
    prompt: 'Be brief.',
    firstMessage: 'Hi!',
    voice: { voiceId: 'v1' },
    llm: { model: 'gpt-4o' },
    transcriber: { model: 'nova-3' },
  },
})

const setPath = (body: Record<string, unknown>, path: string, value: unknown) => {
  const keys = path.split('.')
  let node = body
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {}
    node = node[key] as Record<string, unknown>
  }
  node[keys.at(-1) as string] = value
}
const valueFor = (path: string) =>
  path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], sampleCallValues())

const valueAt = (path: string) =>
  path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], sampleAgentValues())

const writes = (fake: FakeVendor | undefined) =>
  fake ? fake.requests.filter((r) => r.method !== 'GET').length : 0
const refuseNetwork: typeof fetch = async (input) => {
  throw new Error(`unexpected vendor request to ${String(input)}`)
}

describe.each(targets)('$provider conformance', (target: ConformanceTarget) => {
  let fake: FakeVendor | undefined
  let api: Api
  let agentId: string
  const callBody = (extra: Record<string, unknown> = {}) => ({
    agentId,
    to: '+14155550100',
    ...target.callExtras,
    ...extra,
  })
  const info = async () => ProviderSchema.parse((await api('GET', `/v1/providers/${target.provider}`)).body)

  beforeEach(async () => {
    fake = target.createFake?.()
    api = apiClient({ fetch: fake?.fetch ?? refuseNetwork }, target.env)
    agentId = await target.agentId(api)
  })
  afterEach(() => {
    expect(fake?.violations ?? [], 'requests the fake vendor refused as invalid').toEqual([])
  })

  it('describes itself: configured, every field declared exactly once, every status normalized', async () => {
    const provider = await info()
    expect(provider.configured).toBe(true)
    for (const [op, all] of [
      ['agents.create', AGENT_FIELDS],
      ['agents.update', AGENT_FIELDS],
      ['calls.create', CALL_FIELDS],
    ] as const) {
      if (!provider.operations[op]) continue
      const support = provider.fields[op]
      expect(support, `${op} field support`).toBeDefined()
      const topLevel = (support?.unsupported ?? []).filter((f) => !f.includes('.'))
      expect(new Set([...(support?.supported ?? []), ...topLevel]), op).toEqual(new Set(all))
      expect(
        support?.supported.filter((f) => topLevel.includes(f)),
        `${op} declared both ways`,
      ).toEqual([])
    }
    expect(Object.keys(provider.statusMap).length).toBeGreaterThan(0)
    for (const status of Object.values(provider.statusMap)) expect(CALL_STATUSES).toContain(status)
  })

  it('places a call with one vendor create and reads the same call back', async () => {
    const writesBefore = writes(fake)
    const created = await api('POST', '/v1/calls', callBody({ variables: { firstName: 'Ada' } }))
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const call = CallSchema.parse(created.body)
    expect(call.id.startsWith(`${target.provider}_`)).toBe(true)
    expect(call.provider).toBe(target.provider)
    expect(call.agentId).toBe(agentId)
    expect(call.to).toBe('+14155550100')
    expect(call.providerData, 'providerData only with ?include=raw').toBeUndefined()
    if (fake) expect(writes(fake) - writesBefore, 'vendor writes for one call').toBe(1)

    const read = await api('GET', `/v1/calls/${call.id}?include=raw`)
    expect(read.status).toBe(200)
    const again = CallSchema.parse(read.body)
    expect(again.id).toBe(call.id)
    expect(again.to).toBe('+14155550100')
    expect(again.providerData).toBeDefined()
  })

  it('refuses every field it cannot honour in strict mode, without calling the vendor', async () => {
    const unsupported = (await info()).fields['calls.create']?.unsupported ?? []
    const body = callBody()
    for (const field of unsupported) setPath(body, field, valueFor(field))
    const before = writes(fake)
    const res = await api('POST', '/v1/calls', body)
    if (unsupported.length === 0) {
      expect(res.status).toBe(201)
      return
    }
    const problem = expectProblem(res, 422, 'unsupported_field')
    expect(new Set(problem.errors?.map((e) => e.path))).toEqual(new Set(unsupported))
    expect(writes(fake)).toBe(before)
  })

  it('drops them with a warning each under Prefer: handling=lenient', async () => {
    const unsupported = (await info()).fields['calls.create']?.unsupported ?? []
    const body = callBody()
    for (const field of unsupported) setPath(body, field, valueFor(field))
    const res = await api('POST', '/v1/calls', body, { prefer: 'handling=lenient' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.headers.get('preference-applied')).toBe('handling=lenient')
    const warned = (res.body.warnings as Array<{ field: string }>).map((w) => w.field)
    for (const field of unsupported) expect(warned).toContain(field)
  })

  it('batches in request order, one bad item failing alone', async () => {
    const item = { to: '+14155550100', ...target.callExtras }
    const res = await api('POST', '/v1/calls/batch', {
      agentId,
      calls: [item, { ...item, to: 'not-a-number' }, { ...item, to: '+14155550101' }],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const batch = BatchResultSchema.parse(res.body)
    expect(batch.created).toBe(2)
    expect(batch.failed).toBe(1)
    expect(batch.data.map((d) => d.index)).toEqual([0, 1, 2])
    const [first, bad, last] = batch.data as [any, any, any]
    expect(first.call.to).toBe('+14155550100')
    expect(bad.error.code).toBe('validation_failed')
    expect(bad.error.errors[0].path).toBe('to')
    expect(last.call.to).toBe('+14155550101')
  })

  it('lists calls as a page', async () => {
    await api('POST', '/v1/calls', callBody())
    const res: ApiResponse = await api('GET', `/v1/calls?provider=${target.provider}&limit=2`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const page = CallListSchema.parse(res.body)
    expect(page.data.length).toBeGreaterThan(0)
    expect(page.data.length).toBeLessThanOrEqual(2)
    for (const call of page.data) expect(call.provider).toBe(target.provider)
  })

  it('cancels a fresh call, or refuses with 409 — never anything else', async () => {
    const created = await api('POST', '/v1/calls', callBody())
    const res = await api('POST', `/v1/calls/${created.body.id}/cancel`)
    if (res.status === 200) expect(CallSchema.parse(res.body).status).toBe('canceled')
    else expectProblem(res, 409, 'conflict')
  })

  it('answers 404 not_found for a call the vendor does not know', async () => {
    expectProblem(await api('GET', `/v1/calls/${target.unknownCallId}`), 404, 'not_found')
  })

  it('answers agent create as its capability says', async () => {
    const provider = await info()
    if (provider.operations['agents.create']) {
      expect(agentId.startsWith(`${target.provider}_`)).toBe(true)
    } else {
      const res = await api('POST', '/v1/agents', { provider: target.provider, name: 'x' })
      expectProblem(res, 501, 'unsupported_operation')
    }
  })
})

/** A valid value for every agent field, each different from what the targets' agents carry. */
const sampleAgentValues = (): Record<string, unknown> => ({
  name: 'Sample agent',
  description: 'Calls patients back.',
  enabled: false,
  language: 'de-DE',
  prompt: 'You book appointments for {{firstName}}.',
  firstMessage: 'Guten Tag {{firstName}}!',
  voice: { vendor: 'elevenlabs', voiceId: 'sample-voice', model: 'eleven_turbo_v2', speed: 1.2 },
  llm: { vendor: 'openai', model: 'gpt-4o-mini', temperature: 0.3, maxTokens: 300 },
  transcriber: { vendor: 'deepgram', model: 'nova-2', language: 'de-DE' },
  maxDurationSeconds: 300,
  variables: { clinic: 'Acme Dental' },
  schedule: { timezone: 'Europe/Berlin', windows: { mon: [{ start: '09:00', end: '17:00' }] } },
  tools: [
    {
      name: 'book_slot',
      description: 'Books a slot.',
      parameters: { type: 'object', properties: { day: { type: 'string' } } },
      url: 'https://client.example/tools/book',
      method: 'POST',
    },
  ],
  webhookUrl: 'https://client.example/hooks/agents',
})

const SIGNING_SECRET = 'whsec_c2lnbmluZy1zZWNyZXQtZm9yLXRlc3Rz'

/** The sample of one agent field for a target: its own value where the vendor needs one, minus what it refuses. */
const agentSample = (target: ConformanceTarget, field: string, refused: readonly string[]) => {
  const value = structuredClone(target.agentSamples?.[field] ?? sampleAgentValues()[field])
  if (value && typeof value === 'object' && !Array.isArray(value))
    for (const path of refused)
      if (path.startsWith(`${field}.`))
        delete (value as Record<string, unknown>)[path.slice(field.length + 1)]
  return value
}

/** Ids and clocks the fakes and the gateway mint afresh for every agent: not part of what a field changes. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
const ULID = /[0-9A-HJKMNP-TV-Z]{26}/g
const HEX_ID = /[0-9a-f]{24,}/g
const TIMESTAMP = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g
/** Switchboard's inbound hook URL: a signed token whose payload names the agent and the client's webhookUrl. */
const HOOK_TOKEN = /\/v1\/webhooks\/(\w+)\/([\w-]+)\.[\w-]+/g
const tokenPayload = (token: string) => atob(token.replace(/-/g, '+').replace(/_/g, '/'))
const normalized = (value: unknown) =>
  JSON.stringify(value)
    .replace(HOOK_TOKEN, (_, provider, token) => `/v1/webhooks/${provider}/${tokenPayload(token)}`)
    .replace(UUID, '<id>')
    .replace(ULID, '<id>')
    .replace(HEX_ID, '<id>')
    .replace(TIMESTAMP, '<time>')

describe.each(targets)('$provider agent field support', (target) => {
  let fake: FakeVendor | undefined
  let api: Api
  beforeEach(() => {
    fake = target.createFake?.()
    // Signed events, so an agent's webhookUrl is accepted.
    api = apiClient(
      { fetch: fake?.fetch ?? refuseNetwork },
      { ...target.env, WEBHOOK_SECRET: SIGNING_SECRET, PUBLIC_BASE_URL: 'https://switchboard.example' },
    )
  })
  afterEach(() => {
    expect(fake?.violations ?? [], 'requests the fake vendor refused as invalid').toEqual([])
  })
  const support = async (op: 'agents.create' | 'agents.update') =>
    ProviderSchema.parse((await api('GET', `/v1/providers/${target.provider}`)).body).fields[op]
  // A copy: the refusal test below writes into its nested objects.
  const agentBody = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    provider: target.provider,
    name: 'Conformance agent',
    ...structuredClone(target.agentBody),
    ...extra,
  })
  const writesOf = (start: number) =>
    (fake?.requests.slice(start) ?? [])
      .filter((r) => r.method !== 'GET')
      .map((r) => ({ method: r.method, path: r.path, body: r.body }))

  /**
   * What an agent write made reach the vendor: its vendor writes; for an agent Switchboard keeps
   * (Bland's: creating it wrote nothing), the call placed with the agent; with no vendor at all
   * (sandbox), the agent as the gateway stores it.
   */
  const reachedSince = async (from: number, agentId: string, kept: boolean) => {
    let reached: unknown = writesOf(from)
    if (!fake || kept) {
      const { id, createdAt, updatedAt, ...stored } = (await api('GET', `/v1/agents/${agentId}`)).body
      if (!fake) reached = stored
      else {
        // Kept by Switchboard (Bland): its own bookkeeping stays with it, every other field is rendered into calls.
        const before = fake.requests.length
        const call = await api('POST', '/v1/calls', { agentId, to: '+14155550100', ...target.callExtras })
        const { name, description, enabled } = stored
        reached = { kept: { name, description, enabled }, call: call.status, writes: writesOf(before) }
      }
    }
    return normalized(reached)
  }

  const createFootprint = async (body: Record<string, unknown>) => {
    const from = fake?.requests.length ?? 0
    const res = await api('POST', '/v1/agents', body)
    if (res.status !== 201) return { res }
    return { res, reached: await reachedSince(from, res.body.id, writesOf(from).length === 0) }
  }

  /** A fresh agent where the provider creates them; else the one the fake knows (a HappyRobot use case). */
  const agentToUpdate = async () => {
    if (!target.agentBody) return { id: await target.agentId(api), kept: false }
    const from = fake?.requests.length ?? 0
    const created = await api('POST', '/v1/agents', agentBody())
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    return { id: created.body.id as string, kept: writesOf(from).length === 0 }
  }
  const updateFootprint = async (patch: Record<string, unknown>) => {
    const { id, kept } = await agentToUpdate()
    const from = fake?.requests.length ?? 0
    const res = await api('PATCH', `/v1/agents/${id}`, patch)
    return { res, reached: res.status === 200 ? await reachedSince(from, id, kept) : undefined }
  }

  /**
   * Each field declared supported, written alone, must change what reaches the vendor compared with
   * the same write without it; the same write twice reaches it identically, so the difference is
   * the field's.
   */
  const expectEveryFieldReaches = async (
    op: 'agents.create' | 'agents.update',
    footprint: (extra: Record<string, unknown>) => Promise<{ res: ApiResponse; reached?: string }>,
    okStatus: number,
  ) => {
    const fields = await support(op)
    if (!fields) throw new Error(`${op} without field support`)
    const baseline = await footprint({})
    expect(baseline.res.status, JSON.stringify(baseline.res.body)).toBe(okStatus)
    expect((await footprint({})).reached, 'the same write twice').toBe(baseline.reached)
    for (const field of fields.supported) {
      const value = agentSample(target, field, fields.unsupported)
      const { res, reached } = await footprint({ [field]: value })
      if (res.status === 422) {
        // A field with a single accepted value (enabled: true where agents cannot be disabled) says so.
        const problem = expectProblem(res, 422, 'unsupported_field')
        expect(problem.errors?.map((e) => e.path)).toEqual([field])
        expect(
          fields.notes?.[field],
          `${field} is refused at ${JSON.stringify(value)}: its note says why`,
        ).toBeDefined()
        continue
      }
      expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(okStatus)
      expect(reached, `${field} is declared supported but changes nothing the vendor receives`).not.toBe(
        baseline.reached,
      )
    }
  }

  if (target.agentBody) {
    it('sends every field it declares supported on agent create: each changes what reaches the vendor', () =>
      expectEveryFieldReaches('agents.create', (extra) => createFootprint(agentBody(extra)), 201))

    it('refuses every agent field it declares unsupported in strict mode, without calling the vendor', async () => {
      const unsupported = (await support('agents.create'))?.unsupported ?? []
      const body = agentBody()
      for (const field of unsupported) {
        const [parent] = field.split('.') as [string]
        if (parent !== field) body[parent] ??= agentSample(target, parent, [])
        setPath(body, field, valueAt(field))
      }
      const before = writes(fake)
      const res = await api('POST', '/v1/agents', body)
      if (unsupported.length === 0) {
        expect(res.status, JSON.stringify(res.body)).toBe(201)
        return
      }
      const problem = expectProblem(res, 422, 'unsupported_field')
      expect(new Set(problem.errors?.map((e) => e.path))).toEqual(new Set(unsupported))
      expect(writes(fake)).toBe(before)
    })
  }

  it('sends every field it declares supported on agent update: each changes what reaches the vendor', () =>
    expectEveryFieldReaches('agents.update', updateFootprint, 200))
})

describe.each(targets.filter((t) => t.createFake))('$provider without credentials', (target) => {
  it('answers 400 provider_not_configured and calls no vendor', async () => {
    const fake = target.createFake?.() as FakeVendor
    const keyless = Object.fromEntries(
      Object.keys(target.env).map((k) => [
        k,
        k.endsWith('_API_KEY') ? '' : target.env[k as keyof typeof target.env],
      ]),
    )
    const api = apiClient({ fetch: fake.fetch }, keyless)
    const res = await api('POST', '/v1/calls', {
      agentId: `${target.provider}_0123456789abcdef01234567`,
      to: '+14155550100',
      ...target.callExtras,
    })
    expectProblem(res, 400, 'provider_not_configured')
    expect(fake.requests).toEqual([])
    const info = ProviderSchema.parse((await api('GET', `/v1/providers/${target.provider}`)).body)
    expect(info.configured).toBe(false)
  })
})
