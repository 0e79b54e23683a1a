import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Bindings } from '../../src/env'
import { type ApiResponse, apiClient, expectProblem } from '../helpers/api'

const rootApi = apiClient()
type Api = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<ApiResponse<any>>
type Side = {
  name: string
  root: Api
  managed: Api
  agentId: string
  callId: string
  idempotentCallId: string
  listCursor: string
}

const IDEMPOTENCY_KEY = 'same-key-in-both-projects'

async function side(name: string): Promise<Side> {
  const root: Side['root'] = (method, path, body, headers = {}) =>
    rootApi(method, path, body, { 'switchboard-project': name, ...headers })
  const key = await root('POST', '/v1/keys', {
    name: `${name} app`,
    scopes: [
      'agents:read',
      'agents:write',
      'calls:read',
      'calls:write',
      'events:read',
      'usage:read',
      'keys:read',
    ],
  })
  expect(key.status).toBe(201)
  const managed: Side['managed'] = (method, path, body, headers = {}) =>
    rootApi(method, path, body, { authorization: `Bearer ${key.body.secret}`, ...headers })
  const agentId = (await managed('POST', '/v1/agents', { provider: 'sandbox', name: `${name} agent` })).body
    .id
  const call = await managed('POST', '/v1/calls', { agentId, to: '+14155550100', metadata: { side: name } })
  expect(call.status).toBe(201)
  await root('POST', '/v1/calls', { agentId, to: '+14155550101' })
  const idempotent = await root(
    'POST',
    '/v1/calls',
    { agentId, to: '+14155550102' },
    { 'idempotency-key': IDEMPOTENCY_KEY },
  )
  expect(idempotent.status).toBe(201)
  expect(idempotent.headers.get('idempotency-replayed')).toBeNull()
  const page = await managed('GET', '/v1/calls?limit=1')
  return {
    name,
    root,
    managed,
    agentId,
    callId: call.body.id,
    idempotentCallId: idempotent.body.id,
    listCursor: page.body.nextCursor,
  }
}

let a: Side
let b: Side

beforeAll(async () => {
  a = await side('alpha')
  b = await side('beta')
})

describe('two projects side by side', () => {
  it('answer 404 for the other project’s ids on every route, to root and managed keys alike', async () => {
    for (const [me, other] of [
      [a, b],
      [b, a],
    ] as const) {
      for (const api of [me.root, me.managed]) {
        expectProblem(await api('GET', `/v1/calls/${other.callId}`), 404, 'not_found')
        expectProblem(await api('POST', `/v1/calls/${other.callId}/cancel`), 404, 'not_found')
        expectProblem(await api('GET', `/v1/agents/${other.agentId}`), 404, 'not_found')
        expectProblem(
          await api('PATCH', `/v1/agents/${other.agentId}`, { name: 'mine now' }),
          404,
          'not_found',
        )
        expectProblem(await api('DELETE', `/v1/agents/${other.agentId}`), 404, 'not_found')
        expectProblem(
          await api('POST', '/v1/calls', { agentId: other.agentId, to: '+14155550100' }),
          404,
          'not_found',
        )
        expectProblem(
          await api('POST', '/v1/calls/batch', { agentId: other.agentId, calls: [{ to: '+14155550100' }] }),
          404,
          'not_found',
        )
        expectProblem(await api('GET', `/v1/calls?limit=1&cursor=${other.listCursor}`), 404, 'not_found')
      }
      // Each still reads its own.
      expect((await me.managed('GET', `/v1/calls/${me.callId}`)).status).toBe(200)
      expect((await me.managed('GET', `/v1/agents/${me.agentId}`)).status).toBe(200)
    }
  })

  it('list only their own agents and calls', async () => {
    for (const [me, other] of [
      [a, b],
      [b, a],
    ] as const) {
      for (const api of [me.root, me.managed]) {
        const calls = (await api('GET', '/v1/calls?limit=100')).body.data.map((c: { id: string }) => c.id)
        expect(calls).toHaveLength(3)
        expect(calls).toContain(me.callId)
        expect(calls).not.toContain(other.callId)
        expect(calls).not.toContain(other.idempotentCallId)
        const agents = (await api('GET', '/v1/agents?limit=100')).body.data.map((x: { id: string }) => x.id)
        expect(agents).toEqual([me.agentId])
        const byMetadata = (await api('GET', `/v1/calls?metadata.side=${other.name}`)).body.data
        expect(byMetadata).toEqual([])
      }
    }
  })

  it('keep idempotency keys apart: the same key placed a call in each', async () => {
    expect(a.idempotentCallId).not.toBe(b.idempotentCallId)
    const replay = await a.root(
      'POST',
      '/v1/calls',
      { agentId: a.agentId, to: '+14155550102' },
      { 'idempotency-key': IDEMPOTENCY_KEY },
    )
    expect(replay.headers.get('idempotency-replayed')).toBe('true')
    expect(replay.body.id).toBe(a.idempotentCallId)
  })

  it('keep sandbox data in one simulated account per project', async () => {
    const sandbox = (env as unknown as Bindings).SANDBOX
    const store = (name: string) =>
      sandbox.get(sandbox.idFromName(name)) as unknown as {
        getCall(id: string): Promise<unknown>
      }
    const vendorId = (id: string) => id.slice('sandbox_'.length)
    expect(await store('sandbox:alpha').getCall(vendorId(a.callId))).not.toBeNull()
    expect(await store('sandbox:beta').getCall(vendorId(a.callId))).toBeNull()
    expect(await store('sandbox:beta').getCall(vendorId(b.callId))).not.toBeNull()
    expect(await store('sandbox').getCall(vendorId(b.callId))).toBeNull()
  })

  it('let a managed key reach an agent of its project only once it is recorded there (import)', async () => {
    const unrecorded = (await rootApi('POST', '/v1/agents', { provider: 'sandbox', name: 'in default' })).body
      .id
    // Recorded in project default: 404 for both sides.
    expectProblem(await a.managed('GET', `/v1/agents/${unrecorded}`), 404, 'not_found')
    expectProblem(await a.root('POST', '/v1/agents/import', { id: unrecorded }), 404, 'not_found')
  })
})
