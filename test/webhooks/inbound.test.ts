import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Provider } from '../../providers/kit/types'
import { sandbox } from '../../providers/sandbox'
import { blankCall, type Call } from '../../src/contract/call'
import { ApiError } from '../../src/contract/errors'
import { EventSchema } from '../../src/contract/events'
import type { Bindings } from '../../src/env'
import { rememberCallDestination } from '../../src/webhooks/outbox'
import { signToken } from '../../src/webhooks/token'
import { apiClient, expectProblem } from '../helpers/api'
import { asQueue, fakeQueue, OTHER_SECRET, QUEUE_MESSAGE_LIMIT, WEBHOOK_SECRET } from './helpers'

const AcmePayload = z.looseObject({
  id: z.string(),
  callId: z.string(),
  state: z.enum(['done', 'typing']),
  at: z.string(),
  turns: z.number().optional(),
})

/** `turns` transcript turns of about 1 KB each: 200 make a call of some 200 KB. */
const transcriptOf = (turns: number | undefined) =>
  turns === undefined
    ? null
    : Array.from({ length: turns }, (_, i) => ({
        role: i % 2 ? ('user' as const) : ('agent' as const),
        text: `turn ${i} ${'blah '.repeat(200)}`,
        startSeconds: i,
        endSeconds: i + 1,
      }))

const call = (id: string): Call => ({
  ...blankCall({
    id: `acme_${id}`,
    provider: 'acme',
    agentId: 'acme_agent1',
    status: 'completed',
    providerStatus: 'done',
    to: '+14155550100',
  }),
  createdAt: '2026-11-21T09:00:00.000Z',
  startedAt: '2026-11-21T09:00:05.000Z',
  endedAt: '2026-11-21T09:01:05.000Z',
  durationSeconds: 60,
  endReason: 'agent_hangup',
  providerData: { secretish: 'vendor object' },
})

/** A minimal vendor whose hook posts `{id, callId, state, at}`; `typing` events are not call events. */
const acme: Provider = {
  id: 'acme',
  name: 'Acme Voice',
  docsUrl: 'https://acme.example/docs',
  configured: () => true,
  fields: {},
  statusMap: { done: 'completed' },
  webhooks: {
    async parse(_ctx, { body }) {
      const parsed = AcmePayload.safeParse(body)
      if (!parsed.success) throw new ApiError('validation_failed', 'not an Acme event', { provider: 'acme' })
      if (parsed.data.state === 'typing') return null
      return {
        vendorEventKey: parsed.data.id,
        callVendorId: parsed.data.callId,
        type: 'call.completed',
        createdAt: parsed.data.at,
        call: { ...call(parsed.data.callId), transcript: transcriptOf(parsed.data.turns) },
        providerEvent: parsed.data,
      }
    },
  },
  // Acme's calls all belong to agent1; `gone-` calls do not exist and `down-` ones cannot be read.
  calls: {
    async get(_ctx, id) {
      acmeReads.push(id)
      if (id.startsWith('gone-')) throw new ApiError('not_found', 'no such call', { provider: 'acme' })
      if (id.startsWith('down-') && downReads-- > 0) {
        throw new ApiError('provider_error', 'Acme answered 500', { provider: 'acme', providerStatus: 500 })
      }
      return call(id)
    },
  },
}
const acmeReads: string[] = []
let downReads = 0

function setup() {
  const queue = fakeQueue()
  const api = apiClient(
    { providers: [sandbox, acme] },
    { WEBHOOK_SECRET, WEBHOOK_QUEUE: asQueue(queue), WEBHOOK_URL: 'https://default.example/hooks' },
  )
  // Vendors send no gateway key.
  const post = (path: string, body: unknown) => api('POST', path, body, { authorization: '' })
  return { queue, post }
}

const unique = () => crypto.randomUUID()
const payload = (callId: string, id = unique()) => ({
  id,
  callId,
  state: 'done',
  at: '2026-11-21T09:01:05.000Z',
})

describe('POST /v1/webhooks/{provider}/{token}', () => {
  it('turns a vendor delivery into one contract Event for the token’s destination, without a gateway key', async () => {
    const { queue, post } = setup()
    const token = await signToken(WEBHOOK_SECRET, {
      provider: 'acme',
      destination: 'https://client.example/hooks',
      agent: 'agent1',
    })
    const body = payload(unique())
    const res = await post(`/v1/webhooks/acme/${token}`, body)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'queued', eventId: expect.stringMatching(/^evt_[0-9a-f]{32}$/) })
    expect(queue.messages).toHaveLength(1)
    const [message] = queue.messages
    expect(message?.destination).toBe('https://client.example/hooks')
    const event = EventSchema.parse(message?.event)
    expect(event).toEqual({
      id: res.body.eventId,
      type: 'call.completed',
      createdAt: '2026-11-21T09:01:05.000Z',
      provider: 'acme',
      // v2: a call event's Call carries campaignId (and attempts, for routed calls).
      data: {
        call: {
          ...call(body.callId),
          providerData: undefined,
          campaignId: null,
          attempts: null,
          targetAgentId: null,
        },
      },
      providerEvent: body,
    })
    expect(event.data.call).not.toHaveProperty('providerData')
  })

  it('answers a re-delivered event 200 and delivers nothing more', async () => {
    const { queue, post } = setup()
    const token = await signToken(WEBHOOK_SECRET, {
      provider: 'acme',
      destination: 'https://client.example/hooks',
      agent: 'agent1',
    })
    const body = payload(unique())
    const first = await post(`/v1/webhooks/acme/${token}`, body)
    const again = await post(`/v1/webhooks/acme/${token}`, body)
    expect(first.body.status).toBe('queued')
    expect(again.status).toBe(200)
    expect(again.body).toEqual({ status: 'duplicate', eventId: first.body.eventId })
    expect(queue.messages).toHaveLength(1)
  })

  it.each([
    [
      'another deployment’s token',
      async () =>
        signToken(OTHER_SECRET, { provider: 'acme', destination: 'https://a.example/', agent: 'agent1' }),
    ],
    [
      'a token for another provider',
      async () =>
        signToken(WEBHOOK_SECRET, {
          provider: 'sandbox',
          destination: 'https://a.example/',
          agent: 'agent1',
        }),
    ],
    ['a made-up token', async () => 'eyJ2IjoxfQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ])('refuses %s with 401 and delivers nothing', async (_name, makeToken) => {
    const { queue, post } = setup()
    const res = await post(`/v1/webhooks/acme/${await makeToken()}`, payload(unique()))
    expectProblem(res, 401, 'unauthorized')
    expect(queue.messages).toHaveLength(0)
  })

  it('refuses every token when the deployment has no WEBHOOK_SECRET', async () => {
    const queue = fakeQueue()
    const api = apiClient({ providers: [acme] }, { WEBHOOK_QUEUE: asQueue(queue) })
    const token = await signToken(WEBHOOK_SECRET, {
      provider: 'acme',
      destination: 'https://a.example/',
      agent: 'agent1',
    })
    expectProblem(await api('POST', `/v1/webhooks/acme/${token}`, payload(unique())), 401, 'unauthorized')
    expect(queue.messages).toHaveLength(0)
  })

  it('routes by call: a destination remembered for the call wins over the token’s', async () => {
    const { queue, post } = setup()
    const callId = unique()
    await rememberCallDestination(
      env as unknown as Bindings,
      'acme',
      callId,
      'https://per-call.example/hooks',
      'agent1',
    )
    const token = await signToken(WEBHOOK_SECRET, {
      provider: 'acme',
      destination: 'https://agent.example/hooks',
      agent: 'agent1',
    })
    await post(`/v1/webhooks/acme/${token}`, payload(callId))
    expect(queue.messages.map((m) => m.destination)).toEqual(['https://per-call.example/hooks'])
  })

  it('falls back to WEBHOOK_URL for a token that routes by call, when the call has none', async () => {
    const { queue, post } = setup()
    const token = await signToken(WEBHOOK_SECRET, { provider: 'acme', destination: null, agent: 'agent1' })
    await post(`/v1/webhooks/acme/${token}`, payload(unique()))
    expect(queue.messages.map((m) => m.destination)).toEqual(['https://default.example/hooks'])
  })

  it('answers 200 and delivers nothing for a delivery that is no call event', async () => {
    const { queue, post } = setup()
    const token = await signToken(WEBHOOK_SECRET, {
      provider: 'acme',
      destination: 'https://a.example/',
      agent: 'agent1',
    })
    const res = await post(`/v1/webhooks/acme/${token}`, { ...payload(unique()), state: 'typing' })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ignored' })
    expect(queue.messages).toHaveLength(0)
  })

  it('refuses a payload the vendor schema does not match with a 4xx, not a 5xx', async () => {
    const { queue, post } = setup()
    const token = await signToken(WEBHOOK_SECRET, {
      provider: 'acme',
      destination: 'https://a.example/',
      agent: 'agent1',
    })
    expectProblem(await post(`/v1/webhooks/acme/${token}`, { hello: 'world' }), 422, 'validation_failed')
    expectProblem(await post(`/v1/webhooks/acme/${token}`, '{not json'), 400, 'invalid_json')
    expect(queue.messages).toHaveLength(0)
  })

  it('lets the vendor retry when the event could not be queued: the first failure is not taken for a duplicate', async () => {
    const { queue, post } = setup()
    const token = await signToken(WEBHOOK_SECRET, {
      provider: 'acme',
      destination: 'https://a.example/',
      agent: 'agent1',
    })
    const body = payload(unique())
    queue.failNext()
    const failed = await post(`/v1/webhooks/acme/${token}`, body)
    expect(failed.status).toBeGreaterThanOrEqual(500)
    expect(queue.messages).toHaveLength(0)
    const retried = await post(`/v1/webhooks/acme/${token}`, body)
    expect(retried.body.status).toBe('queued')
    expect(queue.messages).toHaveLength(1)
  })

  it('is 404 for an unknown provider, and for one whose events are not received', async () => {
    const { post } = setup()
    const token = await signToken(WEBHOOK_SECRET, { provider: 'nope', destination: null, agent: 'agent1' })
    expectProblem(await post(`/v1/webhooks/nope/${token}`, payload(unique())), 404, 'not_found')
    const noHooks = apiClient({ providers: [{ ...acme, webhooks: undefined }] }, { WEBHOOK_SECRET })
    const acmeToken = await signToken(WEBHOOK_SECRET, {
      provider: 'acme',
      destination: null,
      agent: 'agent1',
    })
    expectProblem(
      await noHooks('POST', `/v1/webhooks/acme/${acmeToken}`, payload(unique())),
      404,
      'not_found',
    )
  })

  it('is in the OpenAPI document without bearer security, with the Event it delivers', async () => {
    const api = apiClient()
    const spec = (await api('GET', '/openapi.json')).body
    const operation = spec.paths['/v1/webhooks/{provider}/{token}'].post
    expect(operation.security).toEqual([])
    expect(spec.components.schemas.Event.required).toEqual(['id', 'type', 'createdAt', 'provider', 'data'])
    expect(spec.webhooks['/call-event'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Event',
    })
  })
})

describe('events too large for a queue message', () => {
  it('travel without providerEvent rather than not at all', async () => {
    const { queue, post } = setup()
    const token = await signToken(WEBHOOK_SECRET, {
      provider: 'acme',
      destination: 'https://a.example/',
      agent: 'agent1',
    })
    const res = await post(`/v1/webhooks/acme/${token}`, { ...payload(unique()), notes: 'x'.repeat(130_000) })
    expect(res.body.status).toBe('queued')
    expect(queue.messages).toHaveLength(1)
    expect(queue.messages[0]?.event).not.toHaveProperty('providerEvent')
    expect(queue.messages[0]?.event.data.call.status).toBe('completed')
  })
})

describe('inbound events are checked against the token’s agent', () => {
  const hook = (agent: string, destination = 'https://client.example/hooks') =>
    signToken(WEBHOOK_SECRET, { provider: 'acme', destination, agent })

  it('drops a forged event for another agent’s call (2xx) and still delivers the genuine one', async () => {
    const { queue, post } = setup()
    const victimCall = unique()
    const body = payload(victimCall, `${victimCall}:done`)
    // The attacker's own hook (agent2) with the victim's call id (agent1's call at the vendor).
    const forged = await post(`/v1/webhooks/acme/${await hook('agent2', 'https://attacker.example/')}`, {
      ...body,
      notes: 'forged transcript',
    })
    expect(forged.status).toBe(200)
    expect(forged.body).toEqual({ status: 'dropped' })
    expect(queue.messages).toEqual([])
    const genuine = await post(`/v1/webhooks/acme/${await hook('agent1')}`, body)
    expect(genuine.body.status).toBe('queued')
    expect(queue.messages.map((m) => m.destination)).toEqual(['https://client.example/hooks'])
  })

  it('drops, answering 2xx, an event for a call that does not exist at the vendor', async () => {
    const { queue, post } = setup()
    const res = await post(`/v1/webhooks/acme/${await hook('agent1')}`, payload(`gone-${unique()}`))
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'dropped' })
    expect(queue.messages).toEqual([])
  })

  it('answers 503 when the vendor cannot be read, so the vendor retries and the event arrives', async () => {
    const { queue, post } = setup()
    const body = payload(`down-${unique()}`)
    const token = await hook('agent1')
    downReads = 1
    const refused = await post(`/v1/webhooks/acme/${token}`, body)
    expectProblem(refused, 503, 'provider_unavailable')
    expect(queue.messages).toEqual([])
    const retried = await post(`/v1/webhooks/acme/${token}`, body)
    expect(retried.body.status).toBe('queued')
    expect(queue.messages).toHaveLength(1)
  })

  it('checks a call Switchboard placed against its recorded agent, without asking the vendor', async () => {
    const { queue, post } = setup()
    const callId = unique()
    await rememberCallDestination(env as unknown as Bindings, 'acme', callId, 'https://c.example/', 'agent9')
    const before = acmeReads.length
    const res = await post(`/v1/webhooks/acme/${await hook('agent1')}`, payload(callId))
    expect(res.body).toEqual({ status: 'dropped' })
    expect(acmeReads.length).toBe(before)
    expect(queue.messages).toEqual([])
  })

  it('asks the vendor once per call, then remembers the answer', async () => {
    const { post } = setup()
    const callId = unique()
    const token = await hook('agent1')
    await post(`/v1/webhooks/acme/${token}`, payload(callId))
    await post(`/v1/webhooks/acme/${token}`, payload(callId))
    expect(acmeReads.filter((id) => id === callId)).toHaveLength(1)
  })

  it('delivers exactly one terminal event per call: a later correction is not delivered again', async () => {
    const { queue, post } = setup()
    const callId = unique()
    const token = await hook('agent1')
    expect((await post(`/v1/webhooks/acme/${token}`, payload(callId, 'first'))).body.status).toBe('queued')
    const correction = await post(`/v1/webhooks/acme/${token}`, payload(callId, 'second'))
    expect(correction.status).toBe(200)
    expect(correction.body.status).toBe('duplicate')
    expect(queue.messages).toHaveLength(1)
  })

  it('keeps Switchboard’s inbound URLs out of providerEvent', async () => {
    const { queue, post } = setup()
    const token = await hook('agent1')
    const inboundUrl = `https://gw.example/v1/webhooks/acme/${token}`
    await post(`/v1/webhooks/acme/${token}`, { ...payload(unique()), hooks: [{ url: inboundUrl }] })
    const delivered = JSON.stringify(queue.messages[0]?.event)
    expect(delivered).not.toContain(token)
    expect(delivered).not.toContain('/v1/webhooks/')
  })
})

describe('inbound events with long transcripts', () => {
  it('are answered 2xx and delivered with the transcript trimmed and marked', async () => {
    const { queue, post } = setup()
    const token = await signToken(WEBHOOK_SECRET, {
      provider: 'acme',
      destination: 'https://client.example/hooks',
      agent: 'agent1',
    })
    const res = await post(`/v1/webhooks/acme/${token}`, { ...payload(unique()), turns: 200 })
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('queued')
    const call = queue.messages[0]?.event.data.call
    expect(call?.transcriptTruncated).toBe(true)
    expect(call?.transcript?.length).toBeGreaterThan(50)
    expect(call?.transcript?.length).toBeLessThan(200)
    expect(call?.transcript?.[0]?.text).toMatch(/^turn 0 /)
    expect(new TextEncoder().encode(JSON.stringify(queue.messages[0])).length).toBeLessThanOrEqual(
      QUEUE_MESSAGE_LIMIT,
    )
  })
})
