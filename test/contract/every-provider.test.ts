import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProviderSchema } from '../../src/contract/provider'
import type { Api, ConformanceTarget, FakeVendor } from '../conformance/target'
import { targets } from '../conformance/targets'
import { apiClient, expectProblem } from '../helpers/api'

// docs/api.md § Conventions (timestamps, ?include=raw) and § Errors (vendor 404), held for every provider.

const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const AGENT_TIMESTAMPS = ['createdAt', 'updatedAt'] as const
const CALL_TIMESTAMPS = [
  'scheduledAt',
  'deadline',
  'nextAttemptAt',
  'createdAt',
  'startedAt',
  'endedAt',
] as const

const refuseNetwork: typeof fetch = async (input) => {
  throw new Error(`unexpected vendor request to ${String(input)}`)
}

/** `2026-11-21T10:30:00+01:00`: the same instant as `date`, written with a +01:00 offset. */
const withOffset = (date: Date) => `${new Date(date.getTime() + 3_600_000).toISOString().slice(0, 19)}+01:00`

describe.each(targets)('$provider', (target: ConformanceTarget) => {
  let fake: FakeVendor | undefined
  let api: Api
  let agentId: string
  let operations: Record<string, boolean>
  let callFields: { supported: string[] }
  const callBody = (extra: Record<string, unknown> = {}) => ({
    agentId,
    to: '+14155550100',
    ...target.callExtras,
    ...extra,
  })

  beforeEach(async () => {
    fake = target.createFake?.()
    api = apiClient({ fetch: fake?.fetch ?? refuseNetwork }, target.env)
    agentId = await target.agentId(api)
    const info = ProviderSchema.parse((await api('GET', `/v1/providers/${target.provider}`)).body)
    operations = info.operations
    callFields = info.fields['calls.create'] ?? { supported: [] }
  })
  afterEach(() => {
    expect(fake?.violations ?? [], 'requests the fake vendor refused as invalid').toEqual([])
  })

  const expectTimestamps = (resource: Record<string, unknown>, fields: readonly string[], where: string) => {
    for (const field of fields) {
      const value = resource[field]
      expect(value, `${where}.${field} is present`).not.toBeUndefined()
      if (value !== null) expect(value, `${where}.${field}`).toMatch(UTC_MILLIS)
    }
  }
  const expectRaw = (resource: Record<string, unknown>, raw: boolean, where: string) => {
    if (raw) expect(resource.providerData, `${where}: providerData with ?include=raw`).toBeDefined()
    else expect(resource, `${where}: no providerData without ?include=raw`).not.toHaveProperty('providerData')
  }

  it('adds providerData on every call route with ?include=raw, and only then; timestamps are UTC with milliseconds', async () => {
    for (const raw of [false, true]) {
      const query = raw ? '?include=raw' : ''
      const created = await api('POST', `/v1/calls${query}`, callBody())
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      expectRaw(created.body, raw, 'create')
      expectTimestamps(created.body, CALL_TIMESTAMPS, 'create')
      expect(created.body, 'strict answers carry no warnings').not.toHaveProperty('warnings')
      expect(created.headers.get('preference-applied')).toBeNull()

      const got = await api('GET', `/v1/calls/${created.body.id}${query}`)
      expectRaw(got.body, raw, 'get')
      expectTimestamps(got.body, CALL_TIMESTAMPS, 'get')

      const batch = await api('POST', `/v1/calls/batch${query}`, {
        agentId,
        calls: [{ to: '+14155550101', ...target.callExtras }],
      })
      expect(batch.body.created, JSON.stringify(batch.body)).toBe(1)
      expectRaw(batch.body.data[0].call, raw, 'batch item')
      expectTimestamps(batch.body.data[0].call, CALL_TIMESTAMPS, 'batch item')

      const list = await api('GET', `/v1/calls?provider=${target.provider}${raw ? '&include=raw' : ''}`)
      expect(list.status, JSON.stringify(list.body)).toBe(200)
      expect(list.body.data.length).toBeGreaterThan(0)
      for (const call of list.body.data) {
        expectRaw(call, raw, 'list item')
        expectTimestamps(call, CALL_TIMESTAMPS, 'list item')
      }

      const canceled = await api('POST', `/v1/calls/${created.body.id}/cancel${query}`)
      if (canceled.status === 200) {
        expectRaw(canceled.body, raw, 'cancel')
        expectTimestamps(canceled.body, CALL_TIMESTAMPS, 'cancel')
      } else expectProblem(canceled, 409, 'conflict')
    }
  })

  it('adds providerData on every agent route with ?include=raw, and only then; timestamps are UTC with milliseconds', async () => {
    for (const raw of [false, true]) {
      const query = raw ? '?include=raw' : ''
      let id = agentId
      // A minimal agent each provider that creates agents accepts (its target says what it requires).
      const body = target.agentBody && {
        name: 'Contract agent',
        prompt: 'Confirm the appointment.',
        ...target.agentBody,
      }
      if (operations['agents.create'] && body) {
        const created = await api('POST', `/v1/agents${query}`, { provider: target.provider, ...body })
        expect(created.status, JSON.stringify(created.body)).toBe(201)
        expectRaw(created.body, raw, 'create')
        expectTimestamps(created.body, AGENT_TIMESTAMPS, 'create')
        id = created.body.id
      }
      const got = await api('GET', `/v1/agents/${id}${query}`)
      expect(got.status, JSON.stringify(got.body)).toBe(200)
      expectRaw(got.body, raw, 'get')
      expectTimestamps(got.body, AGENT_TIMESTAMPS, 'get')
      if (operations['agents.update']) {
        const updated = await api('PATCH', `/v1/agents/${id}${query}`, { name: 'Renamed agent' })
        expect(updated.status, JSON.stringify(updated.body)).toBe(200)
        expectRaw(updated.body, raw, 'update')
        expectTimestamps(updated.body, AGENT_TIMESTAMPS, 'update')
      }
      if (operations['agents.list']) {
        const list = await api('GET', `/v1/agents?provider=${target.provider}${raw ? '&include=raw' : ''}`)
        expect(list.status, JSON.stringify(list.body)).toBe(200)
        expect(list.body.data.length).toBeGreaterThan(0)
        for (const agent of list.body.data) {
          expectRaw(agent, raw, 'list item')
          expectTimestamps(agent, AGENT_TIMESTAMPS, 'list item')
        }
      }
    }
  })

  it('filters the call list by status', async () => {
    // The sandbox's scaled clock moves a fresh call on within milliseconds; a scheduled one stays put.
    const stable = target.createFake ? {} : { scheduledAt: new Date(Date.now() + 3_600_000).toISOString() }
    const created = await api('POST', '/v1/calls', callBody(stable))
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const status = created.body.status
    const same = await api('GET', `/v1/calls?provider=${target.provider}&status=${status}`)
    expect(same.status, JSON.stringify(same.body)).toBe(200)
    expect(same.body.data.map((c: { id: string }) => c.id)).toContain(created.body.id)
    for (const call of same.body.data) expect(call.status).toBe(status)
    const other = status === 'completed' ? 'busy' : 'completed'
    const filtered = await api('GET', `/v1/calls?provider=${target.provider}&status=${other}`)
    expect(filtered.status, JSON.stringify(filtered.body)).toBe(200)
    for (const call of filtered.body.data) expect(call.status).toBe(other)
    expect(filtered.body.data.map((c: { id: string }) => c.id)).not.toContain(created.body.id)
  })

  it('answers timestamps given with an offset in UTC, the same instant', async () => {
    const hour = 3_600_000
    const start = new Date(Math.ceil((Date.now() + 2 * hour) / 1000) * 1000)
    const end = new Date(start.getTime() + 3 * hour)
    const offsets: Record<string, string> = {}
    if (callFields.supported.includes('scheduledAt')) offsets.scheduledAt = withOffset(start)
    if (callFields.supported.includes('deadline')) offsets.deadline = withOffset(end)
    if (Object.keys(offsets).length === 0) {
      // A provider that honours neither (Retell dials at once) refuses both rather than misread them.
      const body = callBody({ scheduledAt: withOffset(start), deadline: withOffset(end) })
      const problem = expectProblem(await api('POST', '/v1/calls', body), 422, 'unsupported_field')
      expect(new Set(problem.errors?.map((e) => e.path))).toEqual(new Set(['scheduledAt', 'deadline']))
      return
    }
    const created = await api('POST', '/v1/calls', callBody(offsets))
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const got = await api('GET', `/v1/calls/${created.body.id}`)
    for (const call of [created.body, got.body]) {
      if (offsets.scheduledAt) expect(call.scheduledAt).toBe(start.toISOString())
      if (offsets.deadline) expect(call.deadline).toBe(end.toISOString())
    }
  })
})

describe.each(targets.filter((t) => t.createFake))('$provider vendor 404', (target) => {
  it('names the provider and upstream: rejected', async () => {
    const fake = target.createFake?.() as FakeVendor
    const api = apiClient({ fetch: fake.fetch }, target.env)
    const problem = expectProblem(await api('GET', `/v1/calls/${target.unknownCallId}`), 404, 'not_found')
    expect(problem.provider).toBe(target.provider)
    expect(problem.upstream).toBe('rejected')
  })
})
