import { beforeAll, describe, expect, it } from 'vitest'
import { BatchResultSchema, CallSchema } from '../../src/contract/call'
import { CallListSchema } from '../../src/routes/calls/calls.routes'
import { apiClient, expectProblem } from '../helpers/api'

const api = apiClient()
let agentId: string

beforeAll(async () => {
  agentId = (await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Caller' })).body.id
})

describe('POST /v1/calls validation', () => {
  const invalid = async (body: Record<string, unknown>, path: string) => {
    const problem = expectProblem(
      await api('POST', '/v1/calls', { agentId, to: '+14155550100', ...body }),
      422,
      'validation_failed',
    )
    expect(problem.errors?.map((e) => e.path)).toContain(path)
    return problem
  }

  it('checks `to` with libphonenumber: E.164 that is a real number plan, or a sip: URI', async () => {
    await invalid({ to: '+1415555010' }, 'to') // one digit short for NANP
    await invalid({ to: '4155550100' }, 'to') // no country code
    await invalid({ to: '+1 415 555 0100' }, 'to') // not E.164 formatting
    await invalid({ to: 'sip:nobody' }, 'to')
    const sip = await api('POST', '/v1/calls', { agentId, to: 'sip:frontdesk@clinic.example' })
    expect(sip.status).toBe(201)
    const uk = await api('POST', '/v1/calls', { agentId, to: '+442071838750' })
    expect(uk.status).toBe(201)
  })

  it('checks time zones against IANA, timestamps as ISO 8601, and deadline after scheduledAt', async () => {
    await invalid({ timezone: 'Mars/Olympus' }, 'timezone')
    await invalid({ timezone: '+05:00' }, 'timezone')
    await invalid({ scheduledAt: 'tomorrow at noon' }, 'scheduledAt')
    await invalid(
      { scheduledAt: '2026-11-21T10:00:00.000Z', deadline: '2026-11-21T09:00:00.000Z' },
      'deadline',
    )
    const ok = await api('POST', '/v1/calls', {
      agentId,
      to: '+14155550100',
      timezone: 'Europe/Berlin',
      scheduledAt: '2026-11-21T10:00:00+01:00',
    })
    expect(ok.status).toBe(201)
    expect(ok.body.scheduledAt).toBe('2026-11-21T09:00:00.000Z')
  })

  it('refuses a deadline already passed, in a create and in a batch item, naming deadline', async () => {
    const past = new Date(Date.now() - 60_000).toISOString()
    const problem = await invalid({ deadline: past }, 'deadline')
    expect(problem.errors?.find((e) => e.path === 'deadline')?.message).toMatch(/future/)
    await invalid({ deadline: '1970-01-01T00:00:00Z' }, 'deadline')
    const batch = await api('POST', '/v1/calls/batch', {
      agentId,
      calls: [{ to: '+14155550100', deadline: past }, { to: '+14155550100' }],
    })
    expect(batch.status).toBe(200)
    expect(batch.body.created).toBe(1)
    expect(batch.body.data[0].error.errors.map((e: { path: string }) => e.path)).toContain('deadline')
  })

  it('stores time zones by their canonical IANA name, whatever the spelling given', async () => {
    const spellings: Record<string, string> = {
      utc: 'UTC',
      'america/new_york': 'America/New_York',
      'Etc/UTC': 'UTC',
      // Whatever Intl resolves it to (an IANA link target in current tz data), never the raw word.
      EST: new Intl.DateTimeFormat('en-US', { timeZone: 'EST' }).resolvedOptions().timeZone,
    }
    for (const [given, canonical] of Object.entries(spellings)) {
      const created = await api('POST', '/v1/calls', { agentId, to: '+14155550100', timezone: given })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      expect(created.body.timezone).toBe(canonical)
      const read = await api('GET', `/v1/calls/${created.body.id}`)
      expect(read.body.timezone).toBe(canonical)
    }
    const agent = await api('POST', '/v1/agents', {
      provider: 'sandbox',
      name: 'Zoned',
      schedule: { timezone: 'europe/berlin', windows: {} },
    })
    expect(agent.status).toBe(201)
    expect(agent.body.schedule.timezone).toBe('Europe/Berlin')
  })

  it('rejects unknown fields, nested ones included, naming each', async () => {
    await invalid({ callee: 'x' }, 'callee')
    await invalid({ overrides: { prompt: 'x', temperature: 1 } }, 'overrides.temperature')
  })

  it('404s an agent id with an unknown prefix, and an unknown sandbox agent', async () => {
    expectProblem(await api('POST', '/v1/calls', { agentId: 'acme_1', to: '+14155550100' }), 404, 'not_found')
    expectProblem(
      await api('POST', '/v1/calls', { agentId: 'sandbox_nope', to: '+14155550100' }),
      404,
      'not_found',
    )
  })

  it('validates providerOptions: none for the sandbox; another provider’s options are an unsupported field', async () => {
    const own = expectProblem(
      await api('POST', '/v1/calls', { agentId, to: '+14155550100', providerOptions: { sandbox: { x: 1 } } }),
      422,
      'validation_failed',
    )
    expect(own.errors?.[0]?.path).toBe('providerOptions.sandbox')
    const other = expectProblem(
      await api('POST', '/v1/calls', { agentId, to: '+14155550100', providerOptions: { dasha: { x: 1 } } }),
      422,
      'unsupported_field',
    )
    expect(other.errors?.[0]?.path).toBe('providerOptions.dasha')
    const lenient = await api(
      'POST',
      '/v1/calls',
      { agentId, to: '+14155550100', providerOptions: { dasha: { x: 1 } } },
      { prefer: 'handling=lenient' },
    )
    expect(lenient.status).toBe(201)
    expect(lenient.body.warnings).toEqual([
      { field: 'providerOptions.dasha', message: expect.stringContaining('dasha') },
    ])
  })
})

describe('calls', () => {
  it('creates, gets (raw only on request) and cancels a call', async () => {
    // Scheduled ahead: at SANDBOX_TIME_SCALE=600 a live call ends within ~50 ms, which a loaded
    // machine (and the ledger's D1 writes) can outlast between the create and the cancel.
    const created = await api('POST', '/v1/calls', {
      agentId,
      to: '+14155550100',
      metadata: { crmId: 'lead_42' },
      priority: 3,
      scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    expect(created.status).toBe(201)
    const call = CallSchema.parse(created.body)
    expect(call).toMatchObject({
      agentId,
      to: '+14155550100',
      metadata: { crmId: 'lead_42' },
      priority: 3,
      direction: 'outbound',
    })
    expect(call.warnings).toBeUndefined()
    const raw = await api('GET', `/v1/calls/${call.id}?include=raw`)
    expect(raw.body.providerData.request.to).toBe('+14155550100')
    const canceled = await api('POST', `/v1/calls/${call.id}/cancel`)
    expect(canceled.status).toBe(200)
    expect(CallSchema.parse(canceled.body).status).toBe('canceled')
  })

  it('lists by provider or agent, filters by status; with neither it lists the whole project (v2)', async () => {
    const other = (await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Other' })).body.id
    const mine = await api('POST', '/v1/calls', {
      agentId: other,
      to: '+14155550100',
      scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    const byAgent = CallListSchema.parse((await api('GET', `/v1/calls?agentId=${other}`)).body)
    expect(byAgent.data.map((c) => c.id)).toEqual([mine.body.id])
    const scheduled = CallListSchema.parse(
      (await api('GET', `/v1/calls?provider=sandbox&status=scheduled&limit=100`)).body,
    )
    expect(scheduled.data.map((c) => c.id)).toContain(mine.body.id)
    expect(scheduled.data.every((c) => c.status === 'scheduled')).toBe(true)
    // v2: the ledger lists the project's calls across providers; no filter is required.
    const all = CallListSchema.parse((await api('GET', '/v1/calls?limit=100')).body)
    expect(all.data.map((c) => c.id)).toContain(mine.body.id)
    const unknown = expectProblem(await api('GET', '/v1/calls?provider=acme'), 422, 'validation_failed')
    expect(unknown.errors?.[0]?.path).toBe('provider')
    // v2: filters intersect; a sandbox agent has no dasha calls.
    const none = CallListSchema.parse((await api('GET', `/v1/calls?provider=dasha&agentId=${other}`)).body)
    expect(none.data).toEqual([])
    expectProblem(await api('GET', '/v1/calls?provider=sandbox&status=ringingish'), 422, 'validation_failed')
  })

  it('404s an unknown call and an unknown prefix', async () => {
    expectProblem(await api('GET', '/v1/calls/sandbox_0000'), 404, 'not_found')
    expectProblem(await api('POST', '/v1/calls/acme_1/cancel'), 404, 'not_found')
  })
})

describe('POST /v1/calls/batch', () => {
  it('validates items one by one and answers in request order', async () => {
    const res = await api('POST', '/v1/calls/batch', {
      agentId,
      calls: [
        { to: '+14155550100' },
        { to: 'nope' },
        { to: '+14155550101', bogus: true },
        { to: '+14155550102', variables: { n: 3 } },
      ],
    })
    expect(res.status).toBe(200)
    const batch = BatchResultSchema.parse(res.body)
    expect(batch).toMatchObject({ created: 2, failed: 2 })
    const [a, b, c, d] = batch.data as any[]
    expect(a.call.to).toBe('+14155550100')
    expect(b.error).toMatchObject({ code: 'validation_failed', status: 422, errors: [{ path: 'to' }] })
    expect(c.error.errors[0].path).toBe('bogus')
    expect(d.call.variables).toEqual({ n: 3 })
  })

  it('fails the whole request only for envelope errors', async () => {
    expectProblem(await api('POST', '/v1/calls/batch', { agentId, calls: [] }), 422, 'validation_failed')
    expectProblem(await api('POST', '/v1/calls/batch', { agentId, calls: 'x' }), 422, 'validation_failed')
    const tooMany = Array.from({ length: 1001 }, () => ({ to: '+14155550100' }))
    expectProblem(await api('POST', '/v1/calls/batch', { agentId, calls: tooMany }), 422, 'validation_failed')
    expectProblem(
      await api('POST', '/v1/calls/batch', { agentId: 'acme_1', calls: [{ to: '+14155550100' }] }),
      404,
      'not_found',
    )
  })

  it('reports an unknown agent per item rather than failing the envelope', async () => {
    const res = await api('POST', '/v1/calls/batch', {
      agentId: 'sandbox_nope',
      calls: [{ to: '+14155550100' }],
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      created: 0,
      failed: 1,
      data: [{ index: 0, error: { code: 'not_found' } }],
    })
  })
})
