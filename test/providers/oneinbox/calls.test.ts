import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BatchResultSchema, CallSchema } from '../../../src/contract/call'
import { CallListSchema } from '../../../src/routes/calls/calls.routes'
import { createOneInboxFake, type OneInboxFake } from '../../fakes/oneinbox'
import { apiClient, expectProblem } from '../../helpers/api'
import { ONEINBOX_ENV, vendorCall } from './fixtures'

let fake: OneInboxFake
let api: ReturnType<typeof apiClient>
let agentId: string

beforeEach(async () => {
  fake = createOneInboxFake()
  api = apiClient({ fetch: fake.fetch }, ONEINBOX_ENV)
  const res = await api('POST', '/v1/agents', { provider: 'oneinbox', name: 'Caller', prompt: 'Be kind.' })
  agentId = res.body.id
  fake.requests.splice(0)
})
afterEach(() => expect(fake.violations).toEqual([]))

const vendorAgentId = () => agentId.replace(/^oneinbox_/, '')
const call = (extra: Record<string, unknown> = {}) => ({
  agentId,
  to: '+14155550100',
  from: '+14155550199',
  ...extra,
})
const vendorCallId = (id: string) => id.replace(/^oneinbox_/, '')
type Failed = { error: { code: string; provider?: string; errors?: unknown } }
type Created = { call: { to: string } }
const posts = () => fake.requests.filter((r) => r.method === 'POST')

describe('OneInbox calls through the gateway', () => {
  it('places a call with per-call overrides and answers it unified', async () => {
    const res = await api(
      'POST',
      '/v1/calls',
      call({
        variables: { firstName: 'Ada' },
        metadata: { crmId: 'lead_42' },
        overrides: {
          prompt: 'Only confirm the time.',
          firstMessage: 'Hi Ada!',
          voice: { voiceId: 'rachel', speed: 1.2 },
          llm: { model: 'gpt-4o', temperature: 0.2 },
          transcriber: { model: 'nova-3', language: 'en-GB' },
        },
        providerOptions: { oneinbox: { overrides: { tts: { stability: 0.4 } } } },
      }),
    )
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(fake.requests).toHaveLength(1)
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/calls' })
    expect(fake.requests[0]?.body).toEqual({
      agent_id: vendorAgentId(),
      to_number: '+14155550100',
      from_number: '+14155550199',
      variables: { firstName: 'Ada' },
      metadata: { crmId: 'lead_42' },
      overrides: {
        llm: { model: 'gpt-4o', temperature: 0.2, system_prompt: 'Only confirm the time.' },
        transcriber: { model: 'nova-3', language: 'en-GB' },
        tts: { voice_id: 'rachel', speed: 1.2, stability: 0.4 },
        first_message: 'Hi Ada!',
      },
    })
    const created = CallSchema.parse(res.body)
    expect(created).toMatchObject({
      id: `oneinbox_${[...fake.calls.keys()][0]}`,
      agentId,
      status: 'queued',
      providerStatus: 'queued',
      to: '+14155550100',
      from: '+14155550199',
      variables: { firstName: 'Ada' },
      metadata: { crmId: 'lead_42' },
    })
  })

  it('sends scheduledAt and reads a future call as scheduled', async () => {
    const at = new Date(Date.now() + 3_600_000).toISOString()
    const res = await api('POST', '/v1/calls', call({ scheduledAt: at }))
    expect(fake.requests[0]?.body).toMatchObject({ scheduled_at: at })
    expect(CallSchema.parse(res.body)).toMatchObject({
      status: 'scheduled',
      scheduledAt: at,
      nextAttemptAt: at,
    })
  })

  it('answers 422 naming OneInbox when from is missing or the destination is SIP, calling no one', async () => {
    const noFrom = expectProblem(
      await api('POST', '/v1/calls', call({ from: undefined })),
      422,
      'validation_failed',
    )
    expect(noFrom.detail).toContain('OneInbox')
    expect(noFrom).toMatchObject({ provider: 'oneinbox', errors: [{ path: 'from' }] })
    const sip = expectProblem(
      await api('POST', '/v1/calls', call({ to: 'sip:alice@example.com' })),
      422,
      'validation_failed',
    )
    expect(sip.errors?.[0]?.path).toBe('to')
    const numberId = await api('POST', '/v1/calls', call({ from: 'PN5f1c' }))
    expect(expectProblem(numberId, 422, 'validation_failed').errors?.[0]?.path).toBe('from')
    expect(fake.requests).toEqual([])
  })

  it('drops unsupported fields with warnings under lenient handling and never sends them', async () => {
    const res = await api(
      'POST',
      '/v1/calls',
      call({ priority: 3, timezone: 'America/New_York', callerName: 'Clinic', maxDurationSeconds: 60 }),
      { prefer: 'handling=lenient' },
    )
    expect(res.status).toBe(201)
    expect(res.body.warnings.map((w: { field: string }) => w.field).sort()).toEqual([
      'callerName',
      'maxDurationSeconds',
      'priority',
      'timezone',
    ])
    expect(Object.keys(fake.requests[0]?.body as object).sort()).toEqual([
      'agent_id',
      'from_number',
      'to_number',
    ])
  })

  it('refuses a providerOptions key that would overwrite a mapped override', async () => {
    const res = await api(
      'POST',
      '/v1/calls',
      call({
        overrides: { firstMessage: 'Hi' },
        providerOptions: { oneinbox: { overrides: { first_message: 'Other' } } },
      }),
    )
    expect(expectProblem(res, 422, 'validation_failed').errors?.[0]?.path).toBe(
      'providerOptions.oneinbox.overrides.first_message',
    )
    expect(fake.requests).toEqual([])
  })

  it('maps vendor errors: FastAPI 422 onto our fields, 401 as auth failure, 5xx as provider_error, POST never retried', async () => {
    fake.fail({
      method: 'POST',
      path: /^\/v1\/calls$/,
      status: 422,
      body: {
        detail: [{ loc: ['body', 'from_number'], msg: 'Phone number not registered', type: 'value_error' }],
      },
    })
    const rejected = expectProblem(await api('POST', '/v1/calls', call()), 422, 'provider_rejected')
    expect(rejected).toMatchObject({
      provider: 'oneinbox',
      providerStatus: 422,
      providerCode: 'value_error',
      upstream: 'rejected',
      errors: [{ path: 'from', message: 'Phone number not registered' }],
    })
    expect(rejected.detail).toContain('Phone number not registered')

    fake.fail({ method: 'POST', path: /^\/v1\/calls$/, status: 401, body: { detail: 'Invalid API key' } })
    const auth = await api('POST', '/v1/calls', call())
    expect(expectProblem(auth, 502, 'provider_auth_failed').detail).toContain('Invalid API key')
    expect(JSON.stringify(auth.body)).not.toContain('vendor-secret-key')

    fake.fail({
      method: 'POST',
      path: /^\/v1\/calls$/,
      status: 503,
      body: { detail: 'Upstream carrier down' },
    })
    const down = expectProblem(await api('POST', '/v1/calls', call()), 502, 'provider_error')
    expect(down).toMatchObject({ upstream: 'ambiguous', providerStatus: 503 })
    expect(posts()).toHaveLength(3)
  })

  it('reads a finished call: transcript, summary, cost, recording, end reason', async () => {
    const { body: created } = await api('POST', '/v1/calls', call())
    const id = vendorCallId(created.id)
    const finished = vendorCall()
    fake.updateCall(id, {
      status: finished.status,
      started_at: finished.started_at,
      ended_at: finished.ended_at,
      duration_seconds: finished.duration_seconds,
      end_reason: finished.end_reason,
      messages: finished.messages,
      ai_summary: finished.ai_summary,
      cost_cents: finished.cost_cents,
      recording_url: finished.recording_url,
    })
    const res = await api('GET', `/v1/calls/${created.id}`)
    expect(res.status).toBe(200)
    expect(fake.requests.at(-1)?.path).toBe(`/v1/calls/${id}`)
    expect(CallSchema.parse(res.body)).toMatchObject({
      status: 'completed',
      durationSeconds: 102,
      endReason: 'user_hangup',
      summary: 'Ada confirmed Tuesday 10:00.',
      cost: { amount: 0.37, currency: 'USD' },
      recordingUrl: finished.recording_url,
      transcript: [
        { role: 'agent', text: 'Hi Ada, this is the dental clinic.', startSeconds: 0.4, endSeconds: 2.9 },
        { role: 'user', text: 'Oh hi, yes?' },
        { role: 'tool', text: '{"slot":"10:00"}' },
      ],
    })
    fake.updateCall(id, { status: 'failed', end_reason: 'busy' })
    expect((await api('GET', `/v1/calls/${created.id}`)).body).toMatchObject({
      status: 'busy',
      providerStatus: 'failed',
    })
    expectProblem(await api('GET', '/v1/calls/oneinbox_not-a-uuid'), 422, 'provider_rejected')
  })

  it('lists through the cursor endpoint with agent and status filters', async () => {
    const ids: string[] = []
    for (const to of ['+14155550101', '+14155550102', '+14155550103']) {
      ids.push((await api('POST', '/v1/calls', call({ to }))).body.id)
    }
    for (const id of ids) fake.updateCall(vendorCallId(id), { status: 'initiated' })
    fake.requests.splice(0)

    const first = await api('GET', `/v1/calls?source=vendor&agentId=${agentId}&status=ringing&limit=2`)
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(fake.requests[0]?.path).toBe(
      `/v1/calls/cursor?limit=2&agent_id=${vendorAgentId()}&status=initiated`,
    )
    const page = CallListSchema.parse(first.body)
    expect(page.data.map((c) => c.to)).toEqual(['+14155550103', '+14155550102'])
    expect(page.data.every((c) => c.status === 'ringing')).toBe(true)
    expect(page.hasMore).toBe(true)
    const rest = CallListSchema.parse(
      (
        await api(
          'GET',
          `/v1/calls?source=vendor&agentId=${agentId}&status=ringing&limit=2&cursor=${page.nextCursor}`,
        )
      ).body,
    )
    expect(rest.data.map((c) => c.to)).toEqual(['+14155550101'])
    expect(rest).toMatchObject({ hasMore: false, nextCursor: null })

    // Canceled comes from end_reason: no vendor filter, filtered on our side.
    fake.updateCall(vendorCallId(ids[0] as string), { status: 'completed', end_reason: 'api_stop' })
    fake.requests.splice(0)
    const canceled = CallListSchema.parse(
      (await api('GET', '/v1/calls?source=vendor&provider=oneinbox&status=canceled')).body,
    )
    expect(fake.requests[0]?.path).toBe('/v1/calls/cursor?limit=20')
    expect(canceled.data.map((c) => c.id)).toEqual([ids[0]])
    const foreign = await api('GET', '/v1/calls?source=vendor&agentId=oneinbox_agt_123')
    expect(expectProblem(foreign, 422, 'provider_rejected').errors).toEqual([
      { path: 'agentId', message: 'Input should be a valid UUID' },
    ])
  })

  it('cancels with POST /stop and answers canceled; an ended call is a 409 and nothing is sent', async () => {
    const { body: created } = await api('POST', '/v1/calls', call())
    const id = vendorCallId(created.id)
    fake.updateCall(id, { status: 'in_progress', started_at: new Date().toISOString() })
    const res = await api('POST', `/v1/calls/${created.id}/cancel`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(CallSchema.parse(res.body)).toMatchObject({
      status: 'canceled',
      providerStatus: 'completed',
      endReason: 'api_stop',
    })
    expect(posts().at(-1)?.path).toBe(`/v1/calls/${id}/stop`)

    fake.requests.splice(0)
    const again = expectProblem(await api('POST', `/v1/calls/${created.id}/cancel`), 409, 'conflict')
    expect(again.detail).toContain('already ended')
    // Only read, never asked to stop: safe to retry anywhere, as the other providers say.
    expect(again).toMatchObject({ provider: 'oneinbox', upstream: 'not_sent' })
    expect(posts()).toEqual([])
  })

  it('answers 409 with the vendor words when OneInbox refuses the stop', async () => {
    const { body: created } = await api('POST', '/v1/calls', call())
    fake.fail({ method: 'POST', path: /\/stop$/, status: 400, body: { detail: 'Call is not active' } })
    const problem = expectProblem(await api('POST', `/v1/calls/${created.id}/cancel`), 409, 'conflict')
    expect(problem.detail).toContain('Call is not active')
    expect(problem.providerStatus).toBe(400)
  })

  it('fans a batch out over single creates in request order, each item reported', async () => {
    const serial = apiClient({ fetch: fake.fetch }, { ...ONEINBOX_ENV, BATCH_CONCURRENCY: '1' })
    fake.fail({ method: 'POST', path: /^\/v1\/calls$/, status: 500, body: { detail: 'Database timeout' } })
    const item = { to: '+14155550100', from: '+14155550199' }
    const res = await serial('POST', '/v1/calls/batch', {
      agentId,
      calls: [item, { ...item, from: undefined }, { ...item, to: '+14155550102' }, { to: 'bad' }],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const batch = BatchResultSchema.parse(res.body)
    expect(batch).toMatchObject({ created: 1, failed: 3 })
    const [vendorDown, noFrom, ok, invalid] = batch.data as unknown as [Failed, Failed, Created, Failed]
    expect(vendorDown.error).toMatchObject({ code: 'provider_error', provider: 'oneinbox' })
    expect(noFrom.error).toMatchObject({ code: 'validation_failed', errors: [{ path: 'from' }] })
    expect(ok.call.to).toBe('+14155550102')
    expect(invalid.error.code).toBe('validation_failed')
    expect(posts().map((r) => (r.body as { to_number: string }).to_number)).toEqual([
      '+14155550100',
      '+14155550102',
    ])
  })
})
