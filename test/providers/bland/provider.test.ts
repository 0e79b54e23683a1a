import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { bland } from '../../../providers/bland'
import type { ProviderContext } from '../../../providers/kit/types'
import { BatchResultSchema, CallSchema } from '../../../src/contract/call'
import { EventSchema } from '../../../src/contract/events'
import { CallListSchema } from '../../../src/routes/calls/calls.routes'
import { BLAND_TEST_KEY, type BlandFake, createBlandFake } from '../../fakes/bland'
import { apiClient, expectProblem } from '../../helpers/api'
import { asQueue, fakeQueue, WEBHOOK_SECRET } from '../../webhooks/helpers'

const SIGNING_SECRET = 'bland-webhook-signing-secret'
const CLIENT_URL = 'https://client.example/hooks/bland'

let fake: BlandFake
let queue: ReturnType<typeof fakeQueue>
let api: ReturnType<typeof apiClient>
let agentId: string

const project = (name: string) => ({ 'switchboard-project': name })

beforeEach(async () => {
  fake = createBlandFake()
  queue = fakeQueue()
  api = apiClient(
    { fetch: fake.fetch },
    {
      BLAND_API_KEY: BLAND_TEST_KEY,
      BLAND_BASE_URL: 'https://bland.test',
      BLAND_WEBHOOK_SECRET: SIGNING_SECRET,
      WEBHOOK_SECRET,
      WEBHOOK_QUEUE: asQueue(queue),
      ALLOW_INSECURE_WEBHOOKS: 'true',
    },
  )
  const res = await api('POST', '/v1/agents', {
    provider: 'bland',
    name: 'Reminder',
    prompt: 'Remind {{firstName}} of the visit at {{clinic}}.',
    firstMessage: 'Hi {{firstName}}, this is Acme Dental.',
    voice: { voiceId: 'maya' },
    providerOptions: { bland: { model: 'turbo' } },
    language: 'en-US',
    maxDurationSeconds: 300,
    variables: { clinic: 'Main Street', firstName: 'there' },
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  agentId = res.body.id
})
afterEach(() => expect(fake.violations).toEqual([]))

const vendorId = (id: string) => id.replace(/^bland_/, '')
const place = async (extra: Record<string, unknown> = {}) => {
  const res = await api('POST', '/v1/calls', { agentId, to: '+14155550100', ...extra })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return CallSchema.parse(res.body)
}

describe('Bland agents, kept by Switchboard', () => {
  it('creates, reads, lists, updates and deletes without one request to Bland', async () => {
    expect(agentId).toMatch(/^bland_[0-9A-HJKMNP-TV-Z]{26}$/)
    const read = await api('GET', `/v1/agents/${agentId}`)
    expect(read.status).toBe(200)
    expect(read.body).toMatchObject({
      name: 'Reminder',
      prompt: 'Remind {{firstName}} of the visit at {{clinic}}.',
      voice: { voiceId: 'maya' },
    })
    const patched = await api('PATCH', `/v1/agents/${agentId}`, { firstMessage: 'Hello!' })
    expect(patched.status).toBe(200)
    expect(patched.body.firstMessage).toBe('Hello!')
    expect(patched.body.prompt).toBe('Remind {{firstName}} of the visit at {{clinic}}.')
    const vendorList = await api('GET', '/v1/agents?provider=bland&source=vendor&limit=1')
    expect(vendorList.status).toBe(200)
    expect(vendorList.body.data.map((a: { id: string }) => a.id)).toEqual([agentId])
    expect((await api('DELETE', `/v1/agents/${agentId}`)).status).toBe(204)
    expectProblem(await api('GET', `/v1/agents/${agentId}`), 404, 'not_found')
    expect(fake.requests).toEqual([])
  })

  it('keeps each project’s agents to itself', async () => {
    const other = await api(
      'POST',
      '/v1/agents',
      { provider: 'bland', name: 'Other', prompt: 'x' },
      project('bland-b'),
    )
    expect(other.status).toBe(201)
    expectProblem(await api('GET', `/v1/agents/${other.body.id}`), 404, 'not_found')
    expect((await api('GET', `/v1/agents/${other.body.id}`, undefined, project('bland-b'))).status).toBe(200)
  })

  it('says in GET /v1/providers/bland that the gateway keeps the agent', async () => {
    const info = await api('GET', '/v1/providers/bland')
    expect(info.body.fields['agents.create'].notes.name).toMatch(/Switchboard keeps this agent/)
    expect(info.body.fields['calls.create'].unsupported).toEqual(
      expect.arrayContaining(['callerName', 'priority', 'deadline']),
    )
  })

  it('refuses 90 s in strict mode and rounds it up to 2 minutes, with a warning, in lenient', async () => {
    const body = { provider: 'bland', name: 'Short', prompt: 'x', maxDurationSeconds: 90 }
    expectProblem(await api('POST', '/v1/agents', body), 422, 'unsupported_field')
    const lenient = await api('POST', '/v1/agents', body, { prefer: 'handling=lenient' })
    expect(lenient.status).toBe(201)
    expect(lenient.body.maxDurationSeconds).toBe(120)
    expect(lenient.body.warnings.map((w: { field: string }) => w.field)).toEqual(['maxDurationSeconds'])
  })
})

describe('Bland calls', () => {
  it('renders the agent into the send: prompt, first sentence, voice, model, minutes and merged variables', async () => {
    const call = await place({ variables: { firstName: 'Ada' }, metadata: { crm: 'lead_42' } })
    expect(call).toMatchObject({ provider: 'bland', agentId, status: 'queued', metadata: { crm: 'lead_42' } })
    const [sent] = fake.requests.filter((r) => r.method === 'POST')
    expect(sent?.headers.authorization).toBe(BLAND_TEST_KEY)
    expect(sent?.body).toMatchObject({
      phone_number: '+14155550100',
      task: 'Remind {{firstName}} of the visit at {{clinic}}.',
      first_sentence: 'Hi {{firstName}}, this is Acme Dental.',
      voice: 'maya',
      model: 'turbo',
      language: 'en-US',
      max_duration: 5,
      request_data: { clinic: 'Main Street', firstName: 'Ada' },
      metadata: { crm: 'lead_42', switchboard_agent: vendorId(agentId) },
    })
    expect(
      (sent?.body as { metadata: Record<string, string> } | undefined)?.metadata.switchboard_ref,
    ).toMatch(/^ref_/)
  })

  it('schedules with start_time at least 5 minutes ahead; nearer is 422 naming scheduledAt, sent nowhere', async () => {
    const at = new Date(Date.now() + 3_600_000)
    const call = await place({ scheduledAt: at.toISOString() })
    expect(call.status).toBe('scheduled')
    const sent = fake.calls.get(vendorId(call.id))
    expect(sent?.start_time).toBe(`${at.toISOString().slice(0, 10)} ${at.toISOString().slice(11, 19)} +00:00`)
    expect((await api('GET', `/v1/calls/${call.id}`)).body.status).toBe('scheduled')
    const before = fake.requests.length
    const near = await api('POST', '/v1/calls', {
      agentId,
      to: '+14155550100',
      scheduledAt: new Date(Date.now() + 60_000).toISOString(),
    })
    const problem = expectProblem(near, 422, 'validation_failed')
    expect(problem.errors?.[0]?.path).toBe('scheduledAt')
    expect(fake.requests.length).toBe(before)
  })

  it('places a batch of 50 with 2 bad items: ids in request order, the bad ones failing alone', async () => {
    const calls = Array.from({ length: 50 }, (_, i) => ({ to: `+1415555${String(1000 + i)}` }))
    calls[7] = { to: 'not-a-number' }
    calls[31] = { to: '+14155550100', metadata: { switchboard_ref: 'mine' } } as never
    const res = await api('POST', '/v1/calls/batch', { agentId, calls })
    expect(res.status, JSON.stringify(res.body).slice(0, 400)).toBe(200)
    const batch = BatchResultSchema.parse(res.body)
    expect(batch.created).toBe(48)
    expect(batch.failed).toBe(2)
    expect(batch.data.map((d) => d.index)).toEqual(calls.map((_, i) => i))
    for (const [i, item] of batch.data.entries()) {
      if (i === 7 || i === 31) expect('error' in item && item.error.code).toBe('validation_failed')
      else expect('call' in item && item.call.to).toBe(calls[i]?.to)
    }
    expect(fake.calls.size).toBe(48)
  })

  it.each([
    [{ queue_status: 'started' }, 'in_progress'],
    [
      {
        status: 'completed',
        queue_status: 'complete',
        completed: true,
        answered_by: 'human',
        call_length: 1.5,
        price: 0.21,
      },
      'completed',
    ],
    [{ status: 'completed', completed: true, answered_by: 'voicemail' }, 'voicemail'],
    [{ status: 'no-answer', completed: true }, 'no_answer'],
    [{ status: 'busy', completed: true }, 'busy'],
    [{ status: 'failed', queue_status: 'call_error', completed: true }, 'failed'],
    [{ status: 'canceled', completed: true }, 'canceled'],
  ])('reads %j as %s', async (changes, status) => {
    const call = await place()
    fake.updateCall(vendorId(call.id), changes)
    const read = CallSchema.parse((await api('GET', `/v1/calls/${call.id}`)).body)
    expect(read.status).toBe(status)
    if (status === 'completed') {
      expect(read.durationSeconds).toBe(90)
      expect(read.cost).toEqual({ amount: 0.21, currency: 'USD' })
    }
  })

  it('lists over two pages with an opaque cursor', async () => {
    for (let i = 0; i < 3; i++) await place({ to: `+1415555020${i}` })
    const first = CallListSchema.parse(
      (await api('GET', '/v1/calls?provider=bland&source=vendor&limit=2')).body,
    )
    expect(first.data.map((c) => c.to)).toEqual(['+14155550202', '+14155550201'])
    expect(first.hasMore).toBe(true)
    const second = CallListSchema.parse(
      (await api('GET', `/v1/calls?provider=bland&source=vendor&limit=2&cursor=${first.nextCursor}`)).body,
    )
    expect(second.data.map((c) => c.to)).toEqual(['+14155550200'])
    expect(second.hasMore).toBe(false)
  })

  it('stops a call with POST /v1/calls/{id}/stop, and answers 409 once it has ended', async () => {
    const call = await place()
    const stopped = await api('POST', `/v1/calls/${call.id}/cancel`)
    expect(stopped.status).toBe(200)
    expect(stopped.body.status).toBe('canceled')
    expect(
      fake.requests.some((r) => r.method === 'POST' && r.path === `/v1/calls/${vendorId(call.id)}/stop`),
    ).toBe(true)
    const ended = await place()
    fake.updateCall(vendorId(ended.id), { status: 'completed', completed: true, answered_by: 'human' })
    const before = fake.requests.filter((r) => r.method === 'POST').length
    expectProblem(await api('POST', `/v1/calls/${ended.id}/cancel`), 409, 'conflict')
    expect(fake.requests.filter((r) => r.method === 'POST').length).toBe(before)
  })

  it('reconciles: finds the call its create made by the reference in its metadata, and nothing for another', async () => {
    const started = Date.now()
    const call = await place({ to: '+14155550177' })
    await place({ to: '+14155550178' })
    const stored = fake.calls.get(vendorId(call.id)) as { metadata: Record<string, string> }
    const ref = stored.metadata.switchboard_ref as string
    const ctx = {
      env: { BLAND_API_KEY: BLAND_TEST_KEY, BLAND_BASE_URL: 'https://bland.test' },
      config: { upstreamTimeoutMs: 5_000 },
      fetch: fake.fetch,
      recordUpstream: () => undefined,
    } as unknown as ProviderContext
    const query = { to: '+14155550177', after: started, agentVendorId: vendorId(agentId) }
    expect((await bland.calls?.reconcile?.(ctx, ref, query))?.id).toBe(call.id)
    expect(await bland.calls?.reconcile?.(ctx, 'ref_unknown', query)).toBeNull()
    expect(bland.reconcileLookup).toBe('best_effort')
  })

  it("answers Bland's refusal as one Problem in Bland's words, and never retries the POST", async () => {
    fake.fail({
      method: 'POST',
      path: '/v1/calls',
      status: 400,
      body: { status: 'error', message: 'Invalid parameters', errors: ['Invalid From Number'] },
    })
    const res = await api('POST', '/v1/calls', { agentId, to: '+14155550100' })
    const problem = expectProblem(res, 400, 'provider_rejected')
    expect(problem.detail).toContain('Invalid From Number')
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  })
})

describe('Bland webhooks', () => {
  const sign = async (text: string) => {
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(SIGNING_SECRET),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text)))
    return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')
  }

  it('relays a signed post-call webhook as one Event; a forged one is 401; a re-delivery is no second Event', async () => {
    const call = await place({ webhookUrl: CLIENT_URL })
    const stored = fake.calls.get(vendorId(call.id)) as Record<string, unknown>
    expect(typeof stored.webhook).toBe('string')
    const hookPath = new URL(stored.webhook as string).pathname
    fake.updateCall(vendorId(call.id), {
      status: 'completed',
      queue_status: 'complete',
      completed: true,
      answered_by: 'human',
      call_length: 1,
      end_at: '2026-11-21T09:31:00.000Z',
      summary: 'Ada confirmed.',
    })
    const raw = JSON.stringify(fake.calls.get(vendorId(call.id)))
    const post = async (signature: string) =>
      api('POST', hookPath, raw, { authorization: '', 'x-webhook-signature': signature })

    const forged = await post(await sign(`${raw} `))
    expectProblem(forged, 401, 'unauthorized')
    expect(queue.messages).toHaveLength(0)

    const valid = await post(await sign(raw))
    expect(valid.status, JSON.stringify(valid.body)).toBe(200)
    expect(queue.messages).toHaveLength(1)
    expect(queue.messages[0]?.destination).toBe(CLIENT_URL)
    const event = EventSchema.parse(queue.messages[0]?.event)
    expect(event).toMatchObject({ type: 'call.completed', provider: 'bland' })
    expect(event.data.call).toMatchObject({
      id: call.id,
      agentId,
      status: 'completed',
      summary: 'Ada confirmed.',
    })

    const again = await post(await sign(raw))
    expect(again.status).toBe(200)
    expect(again.body.status).toBe('duplicate')
    expect(queue.messages).toHaveLength(1)
  })

  it("relays an inline portable agent's call: the hook is the portable agent's, the event names it", async () => {
    const portable = await api('POST', '/v1/agents', {
      name: 'Router',
      prompt: 'You confirm appointments.',
      targets: [{ provider: 'bland', voice: { voiceId: 'maya' } }],
    })
    expect(portable.status, JSON.stringify(portable.body)).toBe(201)
    expect(portable.body.deployments).toEqual([
      expect.objectContaining({ provider: 'bland', agentId: null, state: 'inline' }),
    ])
    const res = await api('POST', '/v1/calls', {
      agentId: portable.body.id,
      to: '+14155550100',
      webhookUrl: CLIENT_URL,
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const stored = fake.calls.get(vendorId(res.body.id)) as Record<string, unknown>
    expect(stored).toMatchObject({ task: 'You confirm appointments.', voice: 'maya' })
    fake.updateCall(vendorId(res.body.id), {
      status: 'completed',
      queue_status: 'complete',
      completed: true,
      answered_by: 'human',
      call_length: 1,
      end_at: '2026-11-21T09:31:00.000Z',
    })
    const raw = JSON.stringify(fake.calls.get(vendorId(res.body.id)))
    const hookPath = new URL(stored.webhook as string).pathname
    const posted = await api('POST', hookPath, raw, {
      authorization: '',
      'x-webhook-signature': await sign(raw),
    })
    expect(posted.status, JSON.stringify(posted.body)).toBe(200)
    expect(queue.messages).toHaveLength(1)
    expect(queue.messages[0]?.destination).toBe(CLIENT_URL)
    const event = EventSchema.parse(queue.messages[0]?.event)
    expect(event.data.call).toMatchObject({ id: res.body.id, agentId: portable.body.id, status: 'completed' })
  })
})
