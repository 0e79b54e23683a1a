import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CallSchema } from '../../../src/contract/call'
import { CallListSchema } from '../../../src/routes/calls/calls.routes'
import { createDashaFake, type FakeDasha, UNKNOWN_DASHA_ID } from '../../fakes/dasha'
import { apiClient, expectProblem } from '../../helpers/api'
import { AGENT_ID } from './fixtures'

const ENV = { DASHA_API_KEY: 'vendor-secret-key', DASHA_BASE_URL: 'https://dasha.test' }
const AGENT = `dasha_${AGENT_ID}`

let fake: FakeDasha
let api: ReturnType<typeof apiClient>
beforeEach(() => {
  fake = createDashaFake()
  api = apiClient({ fetch: fake.fetch }, ENV)
})
afterEach(() => expect(fake.violations).toEqual([]))

const vendorId = (id: string) => id.replace(/^dasha_/, '')
const place = async (extra: Record<string, unknown> = {}) => {
  const res = await api('POST', '/v1/calls', { agentId: AGENT, to: '+14155550100', ...extra })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return CallSchema.parse(res.body)
}
const sent = () => fake.requests.map((r) => `${r.method} ${r.path}`)

describe('Dasha calls through the gateway', () => {
  it('enqueues with POST /api/v1/calls?agentId= and the reference’s field names', async () => {
    const deadline = new Date(Date.now() + 3_600_000).toISOString()
    const call = await place({
      to: 'sip:front-desk@pbx.example.com',
      from: '+14155550199',
      callerName: 'Main St Dental',
      variables: { firstName: 'Ada' },
      priority: 9,
      deadline,
      timezone: 'America/Chicago',
    })
    expect(sent()).toEqual([`POST /api/v1/calls?agentId=${AGENT_ID}`])
    expect(fake.requests[0]?.body).toEqual({
      endpoint: 'sip:front-desk@pbx.example.com',
      additionalData: { firstName: 'Ada' },
      priority: 9,
      callDeadline: deadline,
      timezone: 'America/Chicago',
      overrideOutboundConfig: { phoneNumber: '+14155550199', displayName: 'Main St Dental' },
    })
    expect(call).toMatchObject({
      agentId: AGENT,
      status: 'queued',
      providerStatus: 'Created',
      to: 'sip:front-desk@pbx.example.com',
      from: '+14155550199',
      priority: 9,
      deadline,
      timezone: 'America/Chicago',
    })
    expect(fake.calls.has(vendorId(call.id))).toBe(true)
  })

  it('sends Dasha the canonical IANA name of a time zone given in another spelling', async () => {
    const call = await place({ timezone: 'america/chicago' })
    expect(fake.requests[0]?.body).toMatchObject({ timezone: 'America/Chicago' })
    expect(call.timezone).toBe('America/Chicago')
  })

  it('never retries a create Dasha failed on: one request, 502 provider_error, ambiguous', async () => {
    fake.fail('POST', '/api/v1/calls', { status: 503, body: { title: 'Service Unavailable', status: 503 } })
    const problem = expectProblem(
      await api('POST', '/v1/calls', { agentId: AGENT, to: '+14155550100' }),
      502,
      'provider_error',
    )
    expect(problem).toMatchObject({ provider: 'dasha', providerStatus: 503, upstream: 'ambiguous' })
    expect(sent()).toEqual([`POST /api/v1/calls?agentId=${AGENT_ID}`])
  })

  it('answers 404 for an agent Dasha does not know, keeping its words', async () => {
    const res = await api('POST', '/v1/calls', { agentId: `dasha_${UNKNOWN_DASHA_ID}`, to: '+14155550100' })
    expect(expectProblem(res, 404, 'not_found').detail).toContain(`Agent ${UNKNOWN_DASHA_ID} not found`)
  })

  it('gets a waiting call with one GET, and a finished one enriched from the call results', async () => {
    const call = await place()
    fake.requests.length = 0
    expect(CallSchema.parse((await api('GET', `/v1/calls/${call.id}`)).body).transcript).toBeNull()
    expect(sent()).toEqual([`GET /api/v1/calls/${vendorId(call.id)}`])

    fake.finish(vendorId(call.id), 'Completed')
    fake.requests.length = 0
    const done = CallSchema.parse((await api('GET', `/v1/calls/${call.id}?include=raw`)).body)
    expect(sent()).toEqual([`GET /api/v1/calls/${vendorId(call.id)}`, 'POST /api/v1/callresults/search'])
    expect(fake.requests[1]?.body).toEqual({ page: 0, size: 1, callIds: [vendorId(call.id)] })
    expect(done).toMatchObject({ status: 'completed', durationSeconds: 187, endReason: 'user_hangup' })
    expect(done.transcript?.[0]).toEqual({
      role: 'agent',
      text: 'Hi Ada, this is Main St Dental.',
      startSeconds: 0.5,
      endSeconds: 2.4,
    })
    expect(done.recordingUrl).toBe('https://recordings.dasha.ai/9d8c7b6a.mp3')
    expect(done.providerData).toMatchObject({
      call: { callId: vendorId(call.id) },
      result: { callStatus: 'Completed' },
    })
  })

  it('reports a busy failure as busy with providerStatus Failed', async () => {
    const call = await place()
    fake.finish(vendorId(call.id), 'Failed', { errorMessage: 'BUSY', result: null, durationSeconds: 0 })
    const read = CallSchema.parse((await api('GET', `/v1/calls/${call.id}`)).body)
    expect(read).toMatchObject({ status: 'busy', providerStatus: 'Failed', endReason: 'BUSY' })
  })

  it('lists the queue, then the history, over opaque cursors', async () => {
    const calls = [await place(), await place(), await place()]
    fake.finish(vendorId((calls[0] as { id: string }).id), 'Completed')
    fake.requests.length = 0

    const first = CallListSchema.parse(
      (await api('GET', `/v1/calls?source=vendor&agentId=${AGENT}&limit=2`)).body,
    )
    expect(first.data.map((c) => c.status)).toEqual(['queued', 'queued'])
    expect(first.hasMore).toBe(true)
    expect(fake.requests[0]?.path).toBe(`/api/v1/calls/queue/list?skip=0&take=2&agentId=${AGENT_ID}`)

    const second = CallListSchema.parse(
      (await api('GET', `/v1/calls?source=vendor&agentId=${AGENT}&limit=2&cursor=${first.nextCursor}`)).body,
    )
    expect(second.data.map((c) => [c.id, c.status])).toEqual([[(calls[0] as { id: string }).id, 'completed']])
    expect(second).toMatchObject({ hasMore: false, nextCursor: null })
    const ids = [...first.data, ...second.data].map((c) => c.id).sort()
    expect(ids).toEqual(calls.map((c) => c.id).sort())
    expectProblem(
      await api('GET', `/v1/calls?source=vendor&provider=dasha&cursor=${'x'.repeat(12)}`),
      422,
      'validation_failed',
    )
  })

  it('filters by status on the side of Dasha that holds it', async () => {
    const [a, b] = [await place(), await place()]
    fake.finish(vendorId(a.id), 'Completed')
    fake.finish(vendorId(b.id), 'Failed', { errorMessage: 'NO_ANSWER' })
    fake.requests.length = 0
    const res = CallListSchema.parse(
      (await api('GET', '/v1/calls?source=vendor&provider=dasha&status=no_answer')).body,
    )
    expect(res.data.map((c) => c.id)).toEqual([b.id])
    expect(sent()).toEqual(['POST /api/v1/callresults/search'])
    expect(fake.requests[0]?.body).toMatchObject({ callStatuses: ['Failed'] })
  })

  it('cancels a queued call with DELETE and answers it canceled', async () => {
    const call = await place()
    fake.requests.length = 0
    const res = await api('POST', `/v1/calls/${call.id}/cancel`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(CallSchema.parse(res.body)).toMatchObject({ status: 'canceled', providerStatus: 'Canceled' })
    expect(sent()).toEqual([
      `GET /api/v1/calls/${vendorId(call.id)}`,
      `DELETE /api/v1/calls/${vendorId(call.id)}`,
      `GET /api/v1/calls/${vendorId(call.id)}`,
    ])
  })

  it.each(['Running', 'Completed', 'Failed', 'Canceled'])(
    'refuses to cancel a %s call with 409 conflict and sends no DELETE',
    async (status) => {
      const call = await place()
      fake.setStatus(vendorId(call.id), status as 'Running')
      const problem = expectProblem(await api('POST', `/v1/calls/${call.id}/cancel`), 409, 'conflict')
      expect(problem.detail).toContain(status)
      expect(problem).toMatchObject({ provider: 'dasha', upstream: 'not_sent' })
      expect(fake.requests.filter((r) => r.method === 'DELETE')).toEqual([])
      expect(fake.calls.get(vendorId(call.id))?.status).toBe(status)
    },
  )

  it('maps Dasha’s own refusal to cancel (the call started meanwhile) to 409 conflict', async () => {
    const call = await place()
    fake.fail('DELETE', `/api/v1/calls/${vendorId(call.id)}`, {
      status: 400,
      body: { title: 'Bad Request', status: 400, detail: 'Call in status Running cannot be canceled' },
    })
    const problem = expectProblem(await api('POST', `/v1/calls/${call.id}/cancel`), 409, 'conflict')
    expect(problem).toMatchObject({ provider: 'dasha', providerStatus: 400 })
    expect(problem.detail).toContain('Call in status Running cannot be canceled')
  })

  it('answers 404 not_found for a call Dasha does not know', async () => {
    const problem = expectProblem(await api('GET', `/v1/calls/dasha_${UNKNOWN_DASHA_ID}`), 404, 'not_found')
    expect(problem.provider).toBe('dasha')
  })
})
