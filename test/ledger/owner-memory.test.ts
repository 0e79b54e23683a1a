import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Bindings } from '../../src/env'
import { expectProblem } from '../helpers/api'
import { fleet } from './fleet'

// An isolate remembers ids recorded nowhere (src/ledger/owners.ts); the import case needs a fresh
// isolate's memory, so it has a file of its own.
describe("an isolate's memory of ids recorded nowhere", () => {
  it('lets a managed key reach an agent imported a moment ago in another isolate, though a root key just used it unrecorded', async () => {
    const { client, targets } = fleet()
    const api = client()
    const project = { 'switchboard-project': 'owner-memory' }
    const dasha = targets.find((t) => t.provider === 'dasha')
    const agentId = await (dasha as NonNullable<typeof dasha>).agentId(api)
    const key = await api('POST', '/v1/keys', { name: 'user', scopes: ['agents:read'] }, project)
    const managed = { authorization: `Bearer ${key.body.secret}` }
    // The operator works with it unrecorded; a managed key cannot reach it yet.
    expect((await api('GET', `/v1/agents/${agentId}`, undefined, project)).status).toBe(200)
    expect((await api('GET', `/v1/agents/${agentId}`, undefined, project)).status).toBe(200)
    expectProblem(await api('GET', `/v1/agents/${agentId}`, undefined, managed), 404, 'not_found')
    // Another isolate imports it: the row lands in D1 without this isolate hearing of it.
    await (env as unknown as Bindings).DB.prepare(
      `INSERT INTO agents (ref, project, id, provider, state, created_at, updated_at)
       VALUES ('ref_elsewhere', 'owner-memory', ?, 'dasha', 'recorded', 0, 0)`,
    )
      .bind(agentId)
      .run()
    const read = await api('GET', `/v1/agents/${agentId}`, undefined, managed)
    expect(read.status, JSON.stringify(read.body)).toBe(200)
    expect(read.body.id).toBe(agentId)
    // Another project's managed key still cannot.
    const other = await api(
      'POST',
      '/v1/keys',
      { name: 'other', scopes: ['agents:read'] },
      {
        'switchboard-project': 'owner-memory-other',
      },
    )
    expectProblem(
      await api('GET', `/v1/agents/${agentId}`, undefined, { authorization: `Bearer ${other.body.secret}` }),
      404,
      'not_found',
    )
  })
})
