import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import { BatchResultSchema } from '../../src/contract/call'
import { AUTH, apiClient, expectProblem } from '../helpers/api'

// docs/api.md § Conventions: unknown JSON fields are a 422 naming them, in every body and at every
// depth; bodies are limited to 1 MiB, and a 1,000-item batch with ordinary variables fits.

const api = apiClient()
let agentId: string

beforeAll(async () => {
  const agent = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Body agent' })
  agentId = agent.body.id
})

const tool = {
  name: 'lookup',
  description: 'Looks up',
  parameters: { type: 'object' },
  url: 'https://t.example',
}
const windows = { mon: [{ start: '09:00', end: '17:00' }] }

describe('unknown fields are refused, naming each', () => {
  const agentCases: Array<[string, Record<string, unknown>, string]> = [
    ['top level', { bogus: 1 }, 'bogus'],
    ['a read-only field', { createdAt: '2026-11-21T09:30:00.000Z' }, 'createdAt'],
    ['voice', { voice: { voiceId: 'v', pitch: 2 } }, 'voice.pitch'],
    ['llm', { llm: { model: 'm', topP: 1 } }, 'llm.topP'],
    ['transcriber', { transcriber: { model: 'm', punctuate: true } }, 'transcriber.punctuate'],
    ['schedule', { schedule: { timezone: 'UTC', windows, holidays: [] } }, 'schedule.holidays'],
    [
      'schedule windows',
      { schedule: { timezone: 'UTC', windows: { ...windows, weekday: [] } } },
      'schedule.windows.weekday',
    ],
    [
      'a window',
      { schedule: { timezone: 'UTC', windows: { mon: [{ start: '09:00', end: '10:00', tz: 'x' }] } } },
      'schedule.windows.mon.0.tz',
    ],
    ['a tool', { tools: [{ ...tool, retries: 2 }] }, 'tools.0.retries'],
  ]

  it.each(agentCases)('agent create: %s', async (_label, extra, path) => {
    const res = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'x', ...extra })
    expect(expectProblem(res, 422, 'validation_failed').errors?.map((e) => e.path)).toContain(path)
  })

  it.each([
    ...agentCases,
    ['provider, which only create takes', { provider: 'sandbox' }, 'provider'] as const,
  ])('agent update: %s', async (_label, extra, path) => {
    const res = await api('PATCH', `/v1/agents/${agentId}`, extra)
    expect(expectProblem(res, 422, 'validation_failed').errors?.map((e) => e.path)).toContain(path)
  })

  const callCases: Array<[string, Record<string, unknown>, string]> = [
    ['top level', { bogus: 1 }, 'bogus'],
    ['a read-only field', { status: 'queued' }, 'status'],
    ['overrides', { overrides: { temperature: 1 } }, 'overrides.temperature'],
    ['overrides.voice', { overrides: { voice: { voiceId: 'v', pitch: 2 } } }, 'overrides.voice.pitch'],
    ['overrides.llm', { overrides: { llm: { model: 'm', topP: 1 } } }, 'overrides.llm.topP'],
  ]

  it.each(callCases)('call create: %s', async (_label, extra, path) => {
    const res = await api('POST', '/v1/calls', { agentId, to: '+14155550100', ...extra })
    expect(expectProblem(res, 422, 'validation_failed').errors?.map((e) => e.path)).toContain(path)
  })

  it.each(callCases)('batch item: %s fails that item alone', async (_label, extra, path) => {
    const res = await api('POST', '/v1/calls/batch', {
      agentId,
      calls: [{ to: '+14155550100' }, { to: '+14155550101', ...extra }],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const batch = BatchResultSchema.parse(res.body)
    expect(batch).toMatchObject({ created: 1, failed: 1 })
    const bad = batch.data[1] as { error: { code: string; errors?: Array<{ path: string }> } }
    expect(bad.error.code).toBe('validation_failed')
    expect(bad.error.errors?.map((e) => e.path)).toContain(path)
  })

  it('batch envelope: an unknown field fails the whole request', async () => {
    const fresh = (await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Envelope agent' })).body.id
    const res = await api('POST', '/v1/calls/batch', {
      agentId: fresh,
      calls: [{ to: '+14155550100' }],
      dryRun: true,
    })
    expect(expectProblem(res, 422, 'validation_failed').errors?.map((e) => e.path)).toEqual(['dryRun'])
    const calls = await api('GET', `/v1/calls?agentId=${fresh}`)
    expect(calls.body.data).toEqual([])
  })

  it('providerOptions: a provider that takes none refuses its own entry', async () => {
    const res = await api('POST', '/v1/calls', {
      agentId,
      to: '+14155550100',
      providerOptions: { sandbox: { speed: 2 } },
    })
    expect(expectProblem(res, 422, 'validation_failed').errors?.[0]?.path).toBe('providerOptions.sandbox')
  })
})

describe('agent name', () => {
  it.each([
    ['empty', ''],
    ['over 100 characters', 'n'.repeat(101)],
  ])('is refused %s on create and update, naming name', async (_label, name) => {
    const created = await api('POST', '/v1/agents', { provider: 'sandbox', name })
    expect(expectProblem(created, 422, 'validation_failed').errors?.map((e) => e.path)).toEqual(['name'])
    const updated = await api('PATCH', `/v1/agents/${agentId}`, { name })
    expect(expectProblem(updated, 422, 'validation_failed').errors?.map((e) => e.path)).toEqual(['name'])
  })

  it('is required on create only, and 100 characters fit', async () => {
    const missing = await api('POST', '/v1/agents', { provider: 'sandbox' })
    expect(expectProblem(missing, 422, 'validation_failed').errors?.map((e) => e.path)).toEqual(['name'])
    expect((await api('POST', '/v1/agents', { provider: 'sandbox', name: 'n'.repeat(100) })).status).toBe(201)
    expect((await api('PATCH', `/v1/agents/${agentId}`, { prompt: 'Only the prompt' })).status).toBe(200)
  })
})

describe('the 1 MiB body limit', () => {
  it('fits a 1,000-item batch with ordinary variables and metadata, and places every call', async () => {
    const calls = Array.from({ length: 1000 }, (_, i) => ({
      to: `+1415555${String(i).padStart(4, '0')}`,
      variables: {
        firstName: `Caller number ${i}`,
        lastName: 'Lovelace-Byron',
        appointment: 'Tuesday 21 November at 10:30',
        clinic: 'Main Street Dental, Suite 200',
      },
      metadata: { crmId: `lead_${100_000 + i}`, campaign: 'november-reminders' },
      timezone: 'America/Los_Angeles',
    }))
    const body = JSON.stringify({ agentId, calls })
    expect(body.length).toBeGreaterThan(250_000)
    const res = await api('POST', '/v1/calls/batch', body)
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200)
    expect(res.body.created + res.body.failed).toBe(1000)
    expect(res.body.data.map((d: { index: number }) => d.index)).toEqual(calls.map((_, i) => i))
    // A thousand calls are a thousand ledger rows too: on a shared, loaded machine that passes 5 s.
  }, 30_000)

  it('refuses a streamed body with no Content-Length once it passes 1 MiB, without reading the rest', async () => {
    const chunk = new TextEncoder().encode(
      `{"provider":"sandbox","name":"x","prompt":"${'a'.repeat(64 * 1024)}`,
    )
    const filler = new TextEncoder().encode('a'.repeat(64 * 1024))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(sent === 0 ? chunk : filler)
        sent++
        if (sent === 200) controller.close()
      },
    })
    const res = await createApp().request(
      '/v1/agents',
      {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit,
      env,
    )
    expectProblem(
      { status: res.status, headers: res.headers, body: await res.json() },
      413,
      'payload_too_large',
    )
    // 12.5 MiB were on offer: reading stopped soon after the limit.
    expect(sent).toBeLessThan(40)
  })

  it('refuses one byte over 1 MiB with 413, and accepts exactly 1 MiB past the size check', async () => {
    const sized = (bytes: number) => {
      const shell = JSON.stringify({ provider: 'sandbox', name: 'x', prompt: '' })
      return JSON.stringify({ provider: 'sandbox', name: 'x', prompt: 'a'.repeat(bytes - shell.length) })
    }
    expectProblem(await api('POST', '/v1/agents', sized(1024 * 1024 + 1)), 413, 'payload_too_large')
    const atLimit = await api('POST', '/v1/agents', sized(1024 * 1024))
    expect(atLimit.status).not.toBe(413)
  })
})
