import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Call } from '../../src/contract/call'
import type { Bindings } from '../../src/env'
import { refreshCall } from '../../src/ledger/calls'
import { apiClient } from '../helpers/api'

const db = () => (env as unknown as Bindings).DB

async function row(id: string) {
  return db()
    .prepare('SELECT status, status_at FROM calls WHERE id = ?')
    .bind(id)
    .first<{ status: string; status_at: number }>()
}

describe('refreshing a recorded call from a read', () => {
  it('writes a repeated identical view once per few seconds, and any change or final status at once', async () => {
    const api = apiClient()
    const project = { 'switchboard-project': 'ledger-refresh' }
    const agentId = (await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Poll' }, project)).body.id
    const placed = await api('POST', '/v1/calls', { agentId, to: '+14155550100' }, project)
    expect(placed.status).toBe(201)
    const call = { ...(placed.body as Call), status: 'ringing' } as Call
    // Observations well after anything the create or a read wrote, one second apart like a poll.
    const t0 = Date.now() + 60_000
    await refreshCall(db(), call, t0)
    expect(await row(call.id)).toEqual({ status: 'ringing', status_at: t0 })

    // The same view a second later: the record already says it, nothing is written.
    await refreshCall(db(), call, t0 + 1_000)
    expect((await row(call.id))?.status_at).toBe(t0)

    // A changed view is written at once.
    const answered = { ...call, status: 'in_progress' } as Call
    await refreshCall(db(), answered, t0 + 2_000)
    expect(await row(call.id)).toEqual({ status: 'in_progress', status_at: t0 + 2_000 })

    // The same view again after the window is written, so the record's freshness stays bounded.
    await refreshCall(db(), answered, t0 + 3_000)
    expect((await row(call.id))?.status_at).toBe(t0 + 2_000)
    await refreshCall(db(), answered, t0 + 8_000)
    expect((await row(call.id))?.status_at).toBe(t0 + 8_000)

    // A final status is always written, even repeated.
    const done = { ...call, status: 'completed' } as Call
    await refreshCall(db(), done, t0 + 9_000)
    await refreshCall(db(), done, t0 + 9_500)
    expect(await row(call.id)).toEqual({ status: 'completed', status_at: t0 + 9_500 })
  })
})
