import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { BatchResultSchema, type Call } from '../../src/contract/call'
import type { Bindings } from '../../src/env'
import { ledgerOutbox } from '../../src/ledger/writes'
import { CallListSchema } from '../../src/routes/calls/calls.routes'
import type { Api } from '../conformance/target'
import { target as sandboxTarget } from '../conformance/targets/sandbox'
import { expectProblem } from '../helpers/api'
import { fleet } from './fleet'

type Created = Call & { metadata: { group?: string; parity?: string } }

/** Every page of a list, following nextCursor. */
async function listAll(api: Api, query: string): Promise<Call[]> {
  const all: Call[] = []
  let cursor: string | null = null
  for (let page = 0; page < 200; page++) {
    const res = await api('GET', `/v1/calls?limit=100&${query}${cursor ? `&cursor=${cursor}` : ''}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const body = CallListSchema.parse(res.body)
    all.push(...body.data)
    cursor = body.nextCursor
    if (!body.hasMore) return all
  }
  throw new Error('too many pages')
}

const ids = (calls: { id: string }[]) => calls.map((c) => c.id).sort()

describe('the call ledger', () => {
  it('lists 1,000 calls across the sandbox and every vendor exactly, through every filter, without asking a vendor', async () => {
    const { client, counter, targets } = fleet()
    const project = { 'switchboard-project': 'ledger-thousand' }
    const api: Api = (method, path, body, headers = {}) =>
      client()(method, path, body, { ...project, ...headers })
    const everyTarget = [sandboxTarget, ...targets]
    // A thousand calls shared out over the registry's providers, each placed in two batches.
    const perProvider = Math.floor(1_000 / everyTarget.length)
    const total = perProvider * everyTarget.length
    const chunk = Math.ceil(perProvider / 2)
    const created: Created[] = []
    const agents = new Map<string, string>()
    let halfway = ''
    for (const [t, target] of everyTarget.entries()) {
      const agentId = await target.agentId(api)
      agents.set(target.provider, agentId)
      for (let start = 0; start < perProvider; start += chunk) {
        const calls = Array.from({ length: Math.min(chunk, perProvider - start) }, (_, i) => {
          const n = start + i
          return {
            to: `+1415555${String(1000 + ((n * 7 + t) % 50)).padStart(4, '0')}`,
            metadata: { group: `g${n % 5}`, parity: n % 2 ? 'odd' : 'even' },
            ...target.callExtras,
          }
        })
        // Dasha keeps no metadata: lenient drops it there, and the filters below follow what was recorded.
        const res = await api('POST', '/v1/calls/batch', { agentId, calls }, { prefer: 'handling=lenient' })
        expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200)
        const batch = BatchResultSchema.parse(res.body)
        expect(batch.failed, JSON.stringify(batch.data.find((d) => 'error' in d))).toBe(0)
        for (const item of batch.data) if ('call' in item) created.push(item.call as Created)
      }
      if (t === 1) halfway = new Date(Date.now() + 1).toISOString()
      await new Promise((r) => setTimeout(r, 5))
    }
    expect(created).toHaveLength(total)
    expect(new Set(ids(created)).size).toBe(total)

    const before = counter.vendorRequests
    expect(ids(await listAll(api, ''))).toEqual(ids(created))
    for (const target of everyTarget) {
      const expected = created.filter((c) => c.provider === target.provider)
      expect(ids(await listAll(api, `provider=${target.provider}`))).toEqual(ids(expected))
      expect(ids(await listAll(api, `agentId=${agents.get(target.provider)}`))).toEqual(ids(expected))
    }
    const statuses = [...new Set(created.map((c) => c.status))]
    const twoStatuses = statuses.slice(0, 2).join(',')
    expect(ids(await listAll(api, `status=${twoStatuses}`))).toEqual(
      ids(created.filter((c) => statuses.slice(0, 2).includes(c.status))),
    )
    const to = created[17]?.to as string
    expect(ids(await listAll(api, `to=${encodeURIComponent(to)}`))).toEqual(
      ids(created.filter((c) => c.to === to)),
    )
    expect(ids(await listAll(api, 'metadata.group=g3&metadata.parity=odd'))).toEqual(
      ids(created.filter((c) => c.metadata?.group === 'g3' && c.metadata?.parity === 'odd')),
    )
    const early = await listAll(api, `createdBefore=${halfway}`)
    const late = await listAll(api, `createdAfter=${halfway}`)
    expect(early).toHaveLength(2 * perProvider)
    expect(late).toHaveLength(total - 2 * perProvider)
    expect(ids([...early, ...late])).toEqual(ids(created))
    expect(ids(await listAll(api, 'provider=oneinbox&metadata.group=g1'))).toEqual(
      ids(created.filter((c) => c.provider === 'oneinbox' && c.metadata?.group === 'g1')),
    )
    expect(await listAll(api, 'campaignId=cmp_none')).toEqual([])
    expect(counter.vendorRequests, 'listing asked a vendor').toBe(before)

    // List items are the recorded calls: newest first, no transcript, campaignId present.
    const page = CallListSchema.parse((await api('GET', '/v1/calls?limit=5')).body)
    expect(page.data.every((c) => c.transcript === null && c.campaignId === null)).toBe(true)
  }, 120_000)

  it('keeps a cursor correct while new calls arrive', async () => {
    const { client } = fleet()
    const api = client()
    const project = { 'switchboard-project': 'ledger-cursor' }
    const agentId = (await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Cursor' }, project)).body
      .id
    const place = async (n: number) =>
      BatchResultSchema.parse(
        (
          await api(
            'POST',
            '/v1/calls/batch',
            { agentId, calls: Array.from({ length: n }, () => ({ to: '+14155550100' })) },
            project,
          )
        ).body,
      ).data.map((d) => ('call' in d ? d.call.id : ''))
    const first = await place(30)
    const page1 = CallListSchema.parse((await api('GET', '/v1/calls?limit=10', undefined, project)).body)
    const arriving = await place(15)
    const rest: string[] = []
    let cursor = page1.nextCursor
    while (cursor) {
      const page = CallListSchema.parse(
        (await api('GET', `/v1/calls?limit=7&cursor=${cursor}`, undefined, project)).body,
      )
      rest.push(...page.data.map((c) => c.id))
      cursor = page.nextCursor
    }
    const seen = [...page1.data.map((c) => c.id), ...rest]
    expect(seen).toHaveLength(30)
    expect([...seen].sort()).toEqual([...first].sort())
    expect(seen.some((id) => arriving.includes(id))).toBe(false)
  })

  it('says in Server-Timing how long the ledger took, on creates and lists', async () => {
    const api = fleet().client()
    const agentId = (await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Timed' })).body.id
    const created = await api('POST', '/v1/calls', { agentId, to: '+14155550100' })
    expect(created.headers.get('server-timing')).toMatch(/ledger;dur=\d+(\.\d)?/)
    expect((await api('GET', '/v1/calls?limit=1')).headers.get('server-timing')).toMatch(/ledger;dur=/)
    expect((await api('GET', '/v1/providers')).headers.get('server-timing')).not.toMatch(/ledger/)
  })

  it('validates list filters: status names, timestamps, cursors of this list', async () => {
    const api = fleet().client()
    const bad = expectProblem(
      await api('GET', '/v1/calls?status=completed,ringingish'),
      422,
      'validation_failed',
    )
    expect(bad.errors?.[0]?.path).toBe('status')
    expectProblem(await api('GET', '/v1/calls?createdAfter=yesterday'), 422, 'validation_failed')
    expectProblem(await api('GET', '/v1/calls?cursor=not-ours'), 422, 'validation_failed')
    expectProblem(await api('GET', '/v1/calls?agentId=acme_1'), 404, 'not_found')
  })

  it('records a call whose completion D1 refused through the outbox, which retries until it lands', async () => {
    const bindings = env as unknown as Bindings
    const db = bindings.DB
    let refused = 0
    const sqlOf = new WeakMap<object, string>()
    // A database that refuses the first completion batch (the UPDATE that gives the row its id).
    const flaky = new Proxy(db, {
      get(target, prop) {
        if (prop === 'prepare') {
          return (sql: string) => {
            const statement = target.prepare(sql)
            return {
              bind: (...params: unknown[]) => {
                const bound = statement.bind(...params)
                sqlOf.set(bound, sql)
                return bound
              },
            }
          }
        }
        if (prop === 'batch') {
          return async (statements: D1PreparedStatement[]) => {
            if (refused === 0 && statements.some((s) => sqlOf.get(s)?.includes('UPDATE calls SET id'))) {
              refused++
              throw new Error('D1 is unavailable')
            }
            return target.batch(statements)
          }
        }
        const value = Reflect.get(target, prop)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    const api = fleet().client({ DB: flaky })
    const project = { 'switchboard-project': 'ledger-outbox' }
    const agentId = (await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Outbox' }, project)).body
      .id
    const placed = await api('POST', '/v1/calls', { agentId, to: '+14155550100' }, project)
    expect(placed.status).toBe(201)
    expect(refused).toBe(1)
    const listed = async () =>
      CallListSchema.parse((await api('GET', '/v1/calls', undefined, project)).body).data.map((c) => c.id)
    expect(await listed()).toEqual([])
    // Meanwhile its owner still reads it (a managed key needs the call in its project); others do not.
    const key = await api('POST', '/v1/keys', { name: 'reader' }, project)
    const managed = await api('GET', `/v1/calls/${placed.body.id}`, undefined, {
      authorization: `Bearer ${key.body.secret}`,
    })
    expect(managed.status, JSON.stringify(managed.body)).toBe(200)
    expectProblem(
      await api('GET', `/v1/calls/${placed.body.id}`, undefined, {
        'switchboard-project': 'ledger-elsewhere',
      }),
      404,
      'not_found',
    )
    const outbox = ledgerOutbox(bindings)
    expect(await outbox.size()).toBeGreaterThan(0)
    expect(await runDurableObjectAlarm(outbox)).toBe(true)
    expect(await outbox.size()).toBe(0)
    expect(await listed()).toEqual([placed.body.id])
  })
})

describe('reading a recorded call', () => {
  it('answers from the record, with a warning, when the vendor no longer has the call', async () => {
    const { client } = fleet()
    const api = client()
    const project = { 'switchboard-project': 'ledger-gone' }
    const agentId = (await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Gone' }, project)).body.id
    const placed = await api(
      'POST',
      '/v1/calls',
      { agentId, to: '+14155550100', metadata: { crm: 'x1' } },
      project,
    )
    expect(placed.status).toBe(201)
    // The vendor forgets the call (as vendors that delete canceled calls do).
    const sandbox = (env as unknown as Bindings).SANDBOX
    const store = sandbox.get(sandbox.idFromName('sandbox:ledger-gone'))
    await runInDurableObject(store, (_instance, state) => {
      state.storage.sql.exec('DELETE FROM calls')
    })
    const res = await api('GET', `/v1/calls/${placed.body.id}`, undefined, project)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({ id: placed.body.id, metadata: { crm: 'x1' }, campaignId: null })
    expect(res.body.warnings?.[0]?.field).toBe('id')
    // A call recorded nowhere is still the vendor's 404.
    expectProblem(await api('GET', '/v1/calls/sandbox_0000', undefined, project), 404, 'not_found')
  })
})

describe('POST /v1/agents/import', () => {
  it("records a vendor agent made outside Switchboard into the caller's project, for its managed keys to use", async () => {
    const { client, targets } = fleet()
    const api = client()
    const project = { 'switchboard-project': 'ledger-import' }
    const dasha = targets.find((t) => t.provider === 'dasha')
    const agentId = await (dasha as NonNullable<typeof dasha>).agentId(api)
    const key = await api(
      'POST',
      '/v1/keys',
      { name: 'importer', scopes: ['agents:import', 'agents:read', 'calls:write'] },
      project,
    )
    const managed = (method: string, path: string, body?: unknown) =>
      api(method, path, body, { authorization: `Bearer ${key.body.secret}` })
    // Not recorded anywhere: a managed key cannot reach it yet.
    expectProblem(await managed('GET', `/v1/agents/${agentId}`), 404, 'not_found')
    expectProblem(await managed('POST', '/v1/calls', { agentId, to: '+14155550100' }), 404, 'not_found')

    const imported = await managed('POST', '/v1/agents/import', { id: agentId })
    expect(imported.status, JSON.stringify(imported.body)).toBe(200)
    expect(imported.body.id).toBe(agentId)
    const listed = await managed('GET', '/v1/agents')
    expect(listed.body.data.map((a: { id: string }) => a.id)).toEqual([agentId])
    expect((await managed('POST', '/v1/calls', { agentId, to: '+14155550100' })).status).toBe(201)

    // Importing needs its own scope, and another project cannot take it over.
    const plain = await api('POST', '/v1/keys', { name: 'plain' }, project)
    const refused = expectProblem(
      await api(
        'POST',
        '/v1/agents/import',
        { id: agentId },
        { authorization: `Bearer ${plain.body.secret}` },
      ),
      403,
      'forbidden',
    )
    expect(refused.detail).toContain('agents:import')
    expectProblem(
      await api('POST', '/v1/agents/import', { id: agentId }, { 'switchboard-project': 'ledger-thief' }),
      404,
      'not_found',
    )
  })
})
