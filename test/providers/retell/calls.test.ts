import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ProviderContext } from '../../../providers/kit/types'
import { retell } from '../../../providers/retell'
import { BatchResultSchema, CallSchema } from '../../../src/contract/call'
import { CallListSchema } from '../../../src/routes/calls/calls.routes'
import { createRetellFake, RETELL_NUMBERS, type RetellFake } from '../../fakes/retell'
import { apiClient, expectProblem } from '../../helpers/api'
import { WEBHOOK_SECRET } from '../../webhooks/helpers'
import { RETELL_ENV } from './fixtures'

const FROM = RETELL_NUMBERS[0] as string
let fake: RetellFake
let api: ReturnType<typeof apiClient>
let agentId: string
beforeEach(async () => {
  fake = createRetellFake()
  api = apiClient(
    { fetch: fake.fetch },
    { ...RETELL_ENV, WEBHOOK_SECRET, PUBLIC_BASE_URL: 'https://gw.example' },
  )
  const res = await api('POST', '/v1/agents', {
    provider: 'retell',
    name: 'Reminders',
    prompt: 'Remind {{first_name}}.',
    voice: { voiceId: '11labs-Adrian' },
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  agentId = res.body.id
  fake.requests.splice(0)
})
afterEach(() => expect(fake.violations).toEqual([]))

const vendorId = (id: string) => id.replace(/^retell_/, '')
const place = (extra: Record<string, unknown> = {}) =>
  api('POST', '/v1/calls', { agentId, to: '+14155550100', from: FROM, ...extra })

describe('Retell calls through the gateway', () => {
  it('places one call with string variables, metadata and our reference, and reads it back', async () => {
    const res = await place({ variables: { first_name: 'Ada', visits: 3 }, metadata: { crm_id: 'lead_42' } })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const call = CallSchema.parse(res.body)
    expect(call).toMatchObject({
      agentId,
      status: 'ringing',
      providerStatus: 'registered',
      to: '+14155550100',
      from: FROM,
      variables: { first_name: 'Ada', visits: '3' },
      metadata: { crm_id: 'lead_42' },
    })
    const sent = fake.requests.filter((r) => r.method === 'POST')
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({
      path: '/v2/create-phone-call',
      body: {
        from_number: FROM,
        to_number: '+14155550100',
        override_agent_id: vendorId(agentId),
        override_agent_version: 'latest',
        retell_llm_dynamic_variables: { first_name: 'Ada', visits: '3' },
        metadata: { crm_id: 'lead_42', switchboard_reference: res.headers.get('x-request-id') },
      },
    })
    const read = await api('GET', `/v1/calls/${call.id}`)
    expect(CallSchema.parse(read.body)).toMatchObject({ id: call.id, metadata: { crm_id: 'lead_42' } })
  })

  it("points a call's own webhookUrl at Switchboard through agent_override", async () => {
    const res = await place({ webhookUrl: 'https://client.example/hooks' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const override = fake.calls.get(vendorId(res.body.id))?.agent_override as {
      agent: { webhook_url: string }
    }
    expect(override.agent.webhook_url).toMatch(
      /^https:\/\/gw\.example\/v1\/webhooks\/retell\/[\w-]+\.[\w-]+$/,
    )
  })

  it("refuses a call without from (422 naming Retell) and sends nothing; an unowned number is Retell's 422", async () => {
    const problem = expectProblem(
      await api('POST', '/v1/calls', { agentId, to: '+14155550100' }),
      422,
      'validation_failed',
    )
    expect(problem.detail).toContain('Retell')
    expect(problem.errors?.[0]?.path).toBe('from')
    expect(fake.requests).toEqual([])
    const unowned = expectProblem(await place({ from: '+14155550111' }), 422, 'provider_rejected')
    expect(unowned).toMatchObject({ provider: 'retell', providerStatus: 422, upstream: 'rejected' })
    expect(unowned.detail).toContain('from_number is not a phone number of this workspace.')
  })

  it('refuses what Retell cannot do per call in strict mode', async () => {
    const problem = expectProblem(
      await place({
        scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
        priority: 3,
        callerName: 'Acme Dental',
        overrides: { prompt: 'Be brief.' },
      }),
      422,
      'unsupported_field',
    )
    expect(new Set(problem.errors?.map((e) => e.path))).toEqual(
      new Set(['scheduledAt', 'priority', 'callerName', 'overrides.prompt']),
    )
    expect(fake.requests).toEqual([])
  })

  it('batches by bounded fan-out: results in request order, bad items alone, one reference each', async () => {
    const calls = Array.from({ length: 12 }, (_, i) => ({ to: `+1415555${String(2000 + i)}`, from: FROM }))
    calls[3] = { to: '+14155552003', from: undefined as unknown as string }
    calls[7] = { to: 'sip:desk@clinic.example', from: FROM }
    const res = await api('POST', '/v1/calls/batch', { agentId, calls })
    expect(res.status, JSON.stringify(res.body).slice(0, 400)).toBe(200)
    const batch = BatchResultSchema.parse(res.body)
    expect(batch).toMatchObject({ created: 10, failed: 2 })
    expect(batch.data.map((d) => d.index)).toEqual(calls.map((_, i) => i))
    for (const [i, entry] of batch.data.entries()) {
      if (i === 3 || i === 7)
        expect('error' in entry && entry.error.errors?.[0]?.path).toBe(i === 3 ? 'from' : 'to')
      else expect('call' in entry && entry.call.to).toBe(calls[i]?.to)
    }
    const references = [...fake.calls.values()].map(
      (c) => (c.metadata as Record<string, string>).switchboard_reference,
    )
    expect(new Set(references).size).toBe(10)
  })

  it('reads an unknown call (422 at Retell) as our 404', async () => {
    const problem = expectProblem(await api('GET', '/v1/calls/retell_call_unknown'), 404, 'not_found')
    expect(problem).toMatchObject({ provider: 'retell', providerStatus: 422 })
  })

  it('lists by status and agent over pages, through Retell filters', async () => {
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await place({ to: `+1415555300${i}` })).body.id)
    fake.updateCall(vendorId(ids[0] as string), {
      call_status: 'not_connected',
      disconnection_reason: 'dial_busy',
    })
    fake.updateCall(vendorId(ids[1] as string), { call_status: 'ongoing', start_timestamp: Date.now() })
    fake.requests.splice(0)
    const busy = CallListSchema.parse(
      (await api('GET', `/v1/calls?source=vendor&agentId=${agentId}&status=busy`)).body,
    )
    expect(busy.data.map((c) => c.id)).toEqual([ids[0]])
    expect(fake.requests[0]?.body).toMatchObject({
      filter_criteria: {
        agent: [{ agent_id: vendorId(agentId) }],
        disconnection_reason: { type: 'enum', op: 'in', value: ['dial_busy', 'user_declined'] },
      },
    })
    const live = CallListSchema.parse(
      (await api('GET', `/v1/calls?source=vendor&provider=retell&status=in_progress`)).body,
    )
    expect(live.data.map((c) => c.id)).toEqual([ids[1]])
    const ringing = CallListSchema.parse(
      (await api('GET', `/v1/calls?source=vendor&provider=retell&status=ringing`)).body,
    )
    expect(ringing.data).toHaveLength(3)
    expect((await api('GET', '/v1/calls?source=vendor&provider=retell&status=queued')).body.data).toEqual([])

    const first = CallListSchema.parse(
      (await api('GET', `/v1/calls?source=vendor&agentId=${agentId}&limit=3`)).body,
    )
    expect(first).toMatchObject({ hasMore: true })
    const second = CallListSchema.parse(
      (await api('GET', `/v1/calls?source=vendor&agentId=${agentId}&limit=3&cursor=${first.nextCursor}`))
        .body,
    )
    expect(second).toMatchObject({ hasMore: false, nextCursor: null })
    expect([...first.data, ...second.data].map((c) => c.id)).toEqual([...ids].reverse())
  })

  it('stops a registered or live call, and answers 409 once it ended', async () => {
    const ringing = (await place()).body.id
    const stopped = await api('POST', `/v1/calls/${ringing}/cancel`)
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200)
    expect(CallSchema.parse(stopped.body)).toMatchObject({ status: 'canceled', endReason: 'manual_stopped' })
    expect(fake.requests.filter((r) => r.method === 'POST').at(-1)?.path).toBe(
      `/v2/stop-call/${vendorId(ringing)}`,
    )

    const live = (await place()).body.id
    fake.updateCall(vendorId(live), { call_status: 'ongoing', start_timestamp: Date.now() - 5_000 })
    expect((await api('POST', `/v1/calls/${live}/cancel`)).status).toBe(200)

    const ended = (await place()).body.id
    fake.updateCall(vendorId(ended), { call_status: 'ended', disconnection_reason: 'user_hangup' })
    const before = fake.requests.length
    const conflict = expectProblem(await api('POST', `/v1/calls/${ended}/cancel`), 409, 'conflict')
    expect(conflict.detail).toContain('already ended')
    expect(fake.requests.slice(before).map((r) => r.method)).toEqual(['GET'])
    // The call ended between our read and the stop: Retell's refusal is a 409 too.
    const racing = (await place()).body.id
    fake.fail({
      method: 'POST',
      path: /^\/v2\/stop-call\//,
      status: 400,
      body: { status: 'error', message: 'Call is not ongoing.' },
    })
    const raced = expectProblem(await api('POST', `/v1/calls/${racing}/cancel`), 409, 'conflict')
    expect(raced.detail).toContain('Call is not ongoing.')
  })

  it('writes the reference every create carries into the call, and finds a routed one by its attempt (calls.reconcile)', async () => {
    const res = await place({ to: '+14155550177' })
    const reference = res.headers.get('x-request-id') as string
    const ctx = {
      env: RETELL_ENV,
      config: {
        upstreamTimeoutMs: 5_000,
        batchConcurrency: 4,
        sandboxTimeScale: 1,
        webhookSecret: undefined,
        webhookUrl: undefined,
      },
      fetch: fake.fetch,
      recordUpstream: () => {},
      requestId: 'req_test',
    } as unknown as ProviderContext
    expect(fake.calls.get(vendorId(res.body.id))?.metadata).toMatchObject({
      switchboard_reference: reference,
    })

    // A routed create carries its attempt reference in metadata: calls.reconcile finds it the same way.
    const routed = await place({ to: '+14155550178', metadata: { switchboardAttempt: 'att_0123' } })
    const query = { to: '+14155550178', after: Date.now() - 60_000, agentVendorId: vendorId(agentId) }
    const reconciled = await retell.calls?.reconcile?.(ctx, 'att_0123', query)
    expect(reconciled?.id).toBe(routed.body.id)
    expect(fake.requests.at(-1)?.body).toMatchObject({
      filter_criteria: {
        agent: [{ agent_id: vendorId(agentId) }],
        metadata: [{ key: 'switchboardAttempt', type: 'string', op: 'eq', value: 'att_0123' }],
      },
    })
    expect(await retell.calls?.reconcile?.(ctx, 'att_other', query)).toBeNull()
    expect(retell.reconcileLookup).toBe('best_effort')
  })
})
