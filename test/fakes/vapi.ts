import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { createFakeVendor, type FakeVendorBase, type InjectedFailure as VendorFailure } from './fake-vendor'
import {
  AssistantListQuery,
  CallListQuery,
  ControlMessage,
  CreateAssistant,
  CreateCall,
  NoQuery,
  PhoneNumberListQuery,
  UpdateAssistant,
} from './vapi-schemas'

/**
 * A stand-in for Vapi (api.vapi.ai), written from its OpenAPI document rather than from the
 * provider's own schemas, so a field the provider misspells fails here. Every request is validated
 * (bearer key, strict camelCase bodies, query params); a request Vapi itself would refuse is answered
 * the NestJS way (`{ message, error, statusCode }`), one that shows a gateway bug is answered 599 and
 * recorded in `violations`. Live Call Control is served at `/<callId>/control` on the same origin,
 * as `monitor.controlUrl` names it, and must arrive without the private key.
 */

export const FAKE_VAPI_KEY = 'vapi-private-test-key'
export const ASSISTANT_ID = '5b0a4c2e-7a0f-4c8e-9d51-2f3e4a5b6c7d'
export const PHONE_NUMBER_ID = '0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f'
export const PHONE_NUMBER = '+14155550199'
export const UNKNOWN_VAPI_ID = '7b1e4c36-9f2a-4d1e-8c55-0a6d3f9e2b71'

type Json = Record<string, unknown>
export type InjectedFailure = VendorFailure

export interface VapiFake extends FakeVendorBase {
  assistants: Map<string, Json>
  calls: Map<string, Json>
  /** The control messages each call received. */
  controls: Array<{ callId: string; body: unknown; authorization: string | undefined }>
  /** Moves a call on as Vapi would (status, endedReason, artifact …). */
  updateCall(id: string, changes: Json): Json
}

const nest = (statusCode: number, error: string, message: string | string[]) => ({
  message,
  error,
  statusCode,
})

export function createVapiFake(apiKey = FAKE_VAPI_KEY): VapiFake {
  const controls: VapiFake['controls'] = []
  const assistants = new Map<string, Json>()
  const calls = new Map<string, Json>()
  const phoneNumbers = [
    { id: PHONE_NUMBER_ID, provider: 'twilio', number: PHONE_NUMBER, name: 'Front desk', status: 'active' },
  ]
  // Increasing timestamps that collide now and then, as real ones do at millisecond precision.
  let clock = Date.parse('2026-11-30T09:00:00.000Z')
  let ticks = 0
  const now = () => {
    clock += ticks++ % 3 === 0 ? 1 : 0
    return new Date(clock).toISOString()
  }
  assistants.set(ASSISTANT_ID, {
    id: ASSISTANT_ID,
    orgId: 'org-1',
    name: 'Front desk',
    firstMessage: 'Hello!',
    model: {
      provider: 'openai',
      model: 'gpt-4o',
      messages: [{ role: 'system', content: 'You book visits.' }],
    },
    voice: { provider: '11labs', voiceId: 'rachel' },
    transcriber: { provider: 'deepgram', model: 'nova-3', language: 'en' },
    metadata: { variables: { clinic: 'Riverside' } },
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
  })

  const fake = createFakeVendor({
    name: 'Vapi',
    auth: {
      key: apiKey,
      refuse: (c) =>
        c.json(
          nest(
            401,
            'Unauthorized',
            'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.',
          ),
          401,
        ),
    },
    errorBody: (message) => nest(400, 'Bad Request', message),
    injectedBody: nest(500, 'Internal Server Error', 'Injected failure'),
    check: (c, { text }) => {
      if (!text && ['POST', 'PATCH'].includes(c.req.method)) return 'missing JSON body'
      if (text && ['GET', 'DELETE'].includes(c.req.method)) return `${c.req.method} with a body`
      return undefined
    },
    requestSchemas: {
      'POST /assistant': { body: CreateAssistant },
      'GET /assistant': { query: AssistantListQuery },
      'GET /assistant/:id': { query: NoQuery },
      'PATCH /assistant/:id': { body: UpdateAssistant },
      'GET /phone-number': { query: PhoneNumberListQuery },
      'POST /call': { body: CreateCall },
      'GET /call': { query: CallListQuery },
      'GET /call/:id': { query: NoQuery },
    },
    routes: (app, { parsed }) => {
      const body = <S extends z.ZodType>(c: Context, _schema: S) => parsed<z.output<S>>(c).body
      const query = <S extends z.ZodType>(c: Context, _schema: S) => parsed<never, z.output<S>>(c).query
      const byId = (c: Context, store: Map<string, Json>) => {
        const id = c.req.param('id') as string
        if (!z.uuid().safeParse(id).success)
          return c.json(nest(400, 'Bad Request', ['id must be a UUID']), 400)
        return store.get(id) ?? c.json(nest(404, 'Not Found', 'Not Found'), 404)
      }
      /** Newest first, filtered by Vapi's createdAt range and limit (default 100). */
      const listed = (
        items: Json[],
        q: { limit?: number; createdAtLe?: string; createdAtLt?: string; createdAtGe?: string },
      ) => {
        const t = (item: Json) => Date.parse(item.createdAt as string)
        return items
          .filter(
            (item) =>
              (!q.createdAtLe || t(item) <= Date.parse(q.createdAtLe)) &&
              (!q.createdAtLt || t(item) < Date.parse(q.createdAtLt)) &&
              (!q.createdAtGe || t(item) >= Date.parse(q.createdAtGe)),
          )
          .reverse()
          .sort((a, b) => t(b) - t(a))
          .slice(0, q.limit ?? 100)
      }

      // Assistants
      app.post('/assistant', (c) => {
        const at = now()
        const assistant: Json = {
          ...body(c, CreateAssistant),
          id: crypto.randomUUID(),
          orgId: 'org-1',
          createdAt: at,
          updatedAt: at,
        }
        assistants.set(assistant.id as string, assistant)
        return c.json(assistant, 201)
      })
      app.get('/assistant', (c) => {
        return c.json(listed([...assistants.values()], query(c, AssistantListQuery)))
      })
      app.get('/assistant/:id', (c) => {
        const assistant = byId(c, assistants)
        return assistant instanceof Response ? assistant : c.json(assistant)
      })
      app.patch('/assistant/:id', (c) => {
        const assistant = byId(c, assistants)
        if (assistant instanceof Response) return assistant
        // Vapi replaces nested objects whole.
        Object.assign(assistant, body(c, UpdateAssistant), { updatedAt: now() })
        return c.json(assistant)
      })
      app.delete('/assistant/:id', (c) => {
        const assistant = byId(c, assistants)
        if (assistant instanceof Response) return assistant
        assistants.delete(assistant.id as string)
        return c.json(assistant)
      })

      // Phone numbers
      app.get('/phone-number', (c) => {
        return c.json(phoneNumbers.slice(0, query(c, PhoneNumberListQuery).limit ?? 100))
      })

      // Calls
      app.post('/call', (c) => {
        const sent = body(c, CreateCall)
        if (!assistants.has(sent.assistantId)) {
          return c.json(nest(400, 'Bad Request', "Couldn't Get Assistant."), 400)
        }
        if (!phoneNumbers.some((p) => p.id === sent.phoneNumberId)) {
          return c.json(
            nest(400, 'Bad Request', "Couldn't Get Phone Number. Need Either phoneNumberId Or phoneNumber."),
            400,
          )
        }
        const id = crypto.randomUUID()
        const at = now()
        const origin = new URL(c.req.url).origin
        const call: Json = {
          id,
          orgId: 'org-1',
          type: 'outboundPhoneCall',
          status: sent.schedulePlan ? 'scheduled' : 'queued',
          assistantId: sent.assistantId,
          assistantOverrides: sent.assistantOverrides,
          phoneNumberId: sent.phoneNumberId,
          customer: sent.customer,
          schedulePlan: sent.schedulePlan,
          cost: 0,
          monitor: {
            listenUrl: `wss://listen.vapi.test/${id}/listen`,
            controlUrl: `${origin}/${id}/control`,
          },
          createdAt: at,
          updatedAt: at,
        }
        calls.set(id, call)
        return c.json(
          {
            ...call,
            subscriptionLimits: {
              concurrencyBlocked: false,
              concurrencyLimit: 10,
              remainingConcurrentCalls: 9,
            },
          },
          201,
        )
      })
      app.get('/call', (c) => {
        const q = query(c, CallListQuery)
        const matching = [...calls.values()].filter(
          (call) => !q.assistantId || call.assistantId === q.assistantId,
        )
        return c.json(listed(matching, q))
      })
      app.get('/call/:id', (c) => {
        const call = byId(c, calls)
        return call instanceof Response ? call : c.json(call)
      })
      app.delete('/call/:id', (c) => {
        const call = byId(c, calls)
        if (call instanceof Response) return call
        calls.delete(call.id as string)
        return c.json({ ...call, status: 'ended', endedReason: 'scheduled-call-deleted', updatedAt: now() })
      })
    },
  })

  /**
   * Live Call Control answers on another Vapi host without the private key: served beside the API
   * (the same origin, as `monitor.controlUrl` names it), recorded with the rest.
   */
  const control = new Hono()
  control.post('/:id/control', async (c) => {
    const parsed = ControlMessage.safeParse(await c.req.json().catch(() => null))
    const id = c.req.param('id')
    if (!parsed.success) {
      fake.violations.push(`POST /${id}/control: not a control message`)
      return c.json(nest(400, 'Bad Request', 'not a control message'), 599 as never)
    }
    controls.push({ callId: id, body: parsed.data, authorization: c.req.header('authorization') })
    const call = calls.get(id)
    if (!call || call.status === 'ended') return c.json(nest(400, 'Bad Request', 'Call is not active'), 400)
    Object.assign(call, {
      status: 'ended',
      endedReason: 'manually-canceled',
      endedAt: now(),
      updatedAt: now(),
    })
    return c.body(null, 200)
  })

  const app = new Hono()
  app.all('*', async (c) => {
    const path = new URL(c.req.url).pathname
    if (!/^\/[^/]+\/control$/.test(path) || path.startsWith('/call/')) return fake.app.fetch(c.req.raw)
    const text = await c.req.raw.clone().text()
    const authorization = c.req.header('authorization')
    fake.requests.push({
      method: c.req.method,
      path,
      headers: Object.fromEntries(c.req.raw.headers),
      body: text ? JSON.parse(text) : undefined,
    })
    // Switchboard holds no public key, so any authorization it sends here is its private key (or junk).
    if (authorization !== undefined) {
      const what = authorization.includes(apiKey) ? 'the private key' : 'an authorization header'
      fake.violations.push(`${c.req.method} ${path}: ${what} was sent to the control URL`)
      return c.json(nest(400, 'Bad Request', 'private key sent to the control URL'), 599 as never)
    }
    return control.fetch(c.req.raw)
  })

  return {
    ...fake,
    app,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) =>
      app.fetch(new Request(input, init))) as typeof fetch,
    assistants,
    calls,
    controls,
    updateCall(id, changes) {
      const call = calls.get(id)
      if (!call) throw new Error(`fake Vapi has no call ${id}`)
      return Object.assign(call, changes, { updatedAt: now() })
    },
  }
}
