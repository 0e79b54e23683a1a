import { Hono } from 'hono'
import { z } from 'zod'
import { AGENT_FIELDS, CALL_FIELDS, fieldSupport } from '../../providers/kit/field-support'
import { createVendorClient } from '../../providers/kit/http'
import type { Provider, ProviderContext } from '../../providers/kit/types'
import type { Agent } from '../../src/contract/agent'
import { blankCall, type Call } from '../../src/contract/call'
import { formatId } from '../../src/contract/ids'

/**
 * A minimal vendor ("Wire") that goes through the shared HTTP layer exactly as a real provider
 * does, so the reliability machinery is tested without depending on any one vendor's mapping.
 */
export const WIRE_KEY = 'wire-secret-key-5f2c9a7e1d'
export const WIRE_BASE_URL = 'https://wire.example/api'

const WireCall = z.looseObject({ id: z.string(), agent: z.string(), to: z.string(), state: z.string() })
const WireAgent = z.looseObject({ id: z.string(), name: z.string() })
type WireCall = z.infer<typeof WireCall>

const client = (ctx: ProviderContext) =>
  createVendorClient({
    provider: 'wire',
    providerName: 'Wire',
    baseUrl: WIRE_BASE_URL,
    apiKey: WIRE_KEY,
    ctx,
    describeError: (_status, body) => ({ detail: JSON.stringify(body).slice(0, 300) }),
  })

const toCall = (v: WireCall): Call => ({
  ...blankCall({
    id: formatId('wire', v.id),
    provider: 'wire',
    agentId: formatId('wire', v.agent),
    status: v.state === 'queued' ? 'queued' : 'unknown',
    providerStatus: v.state,
    to: v.to,
  }),
  providerData: v,
})

const toAgent = (v: z.infer<typeof WireAgent>): Agent => ({
  id: formatId('wire', v.id),
  provider: 'wire',
  name: v.name,
  description: null,
  enabled: true,
  language: null,
  prompt: null,
  firstMessage: null,
  voice: null,
  llm: null,
  transcriber: null,
  maxDurationSeconds: null,
  variables: {},
  schedule: null,
  tools: [],
  webhookUrl: null,
  createdAt: null,
  updatedAt: null,
  providerData: v,
})

const onlyBasics = (all: readonly string[], basics: string[]) => all.filter((f) => !basics.includes(f))

export const wireProvider: Provider = {
  id: 'wire',
  name: 'Wire',
  docsUrl: 'https://wire.example/docs',
  configured: () => true,
  fields: {
    'calls.create': fieldSupport(CALL_FIELDS, onlyBasics(CALL_FIELDS, ['to'])),
    'agents.create': fieldSupport(AGENT_FIELDS, onlyBasics(AGENT_FIELDS, ['name'])),
  },
  statusMap: { queued: 'queued' },
  agents: {
    async create(ctx, input) {
      return toAgent(await client(ctx).post('agents', WireAgent, { json: { name: input.name } }))
    },
    async get(ctx, vendorId) {
      return toAgent(await client(ctx).get(`agents/${encodeURIComponent(vendorId)}`, WireAgent))
    },
  },
  calls: {
    async create(ctx, input) {
      const json = { agent: input.agentVendorId, to: input.to }
      return toCall(await client(ctx).post('calls', WireCall, { json }))
    },
    async get(ctx, vendorId) {
      return toCall(await client(ctx).get(`calls/${encodeURIComponent(vendorId)}`, WireCall))
    },
  },
}

/** Wire's well-behaved API: creates and reads calls and agents, and counts the creates. */
export function wireVendor() {
  const calls = new Map<string, WireCall>()
  let next = 0
  const app = new Hono().basePath('/api')
  app.use('*', async (c, nextHandler) => {
    if (c.req.header('authorization') !== `Bearer ${WIRE_KEY}`) return c.json({ error: 'bad key' }, 401)
    await nextHandler()
  })
  app.post('/calls', async (c) => {
    const body = (await c.req.json()) as { agent: string; to: string }
    const call = { id: `c${++next}`, agent: body.agent, to: body.to, state: 'queued' }
    calls.set(call.id, call)
    return c.json(call, 201)
  })
  app.get('/calls/:id', (c) => {
    const call = calls.get(c.req.param('id'))
    return call ? c.json(call) : c.json({ error: 'no such call' }, 404)
  })
  app.post('/agents', async (c) => {
    const body = (await c.req.json()) as { name: string }
    return c.json({ id: `a${++next}`, name: body.name }, 201)
  })
  app.get('/agents/:id', (c) => c.json({ id: c.req.param('id'), name: 'Wire agent' }))
  return { app, calls }
}
