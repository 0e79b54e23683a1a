import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { blankCall, type Call } from '../../src/contract/call'
import type { Bindings } from '../../src/env'
import {
  completeCalls,
  completionsWrites,
  findCall,
  MAX_BOUND_PARAMS,
  recordPendingCalls,
} from '../../src/ledger/calls'

const bindings = env as unknown as Bindings
const PROJECT = 'batch-writes'

const vendorCall = (id: string, n: number): Call => ({
  ...blankCall({
    id,
    provider: 'sandbox',
    agentId: 'sandbox_agent',
    status: 'queued',
    providerStatus: 'queued',
    to: '+14155550100',
  }),
  metadata: { crm: `lead_${n}`, group: `g${n % 3}` },
})

const rowCount = async (sql: string, ...params: unknown[]) =>
  (
    await bindings.DB.prepare(sql)
      .bind(...params)
      .first<{ n: number }>()
  )?.n

describe('ledger writes of a batch', () => {
  it('complete 1,000 calls with a few hundred multi-row statements, each within D1’s 100 bound parameters', async () => {
    const pending = Array.from({ length: 1_000 }, (_, n) => ({
      ref: `att_bw_${n}`,
      provider: 'sandbox',
      agentId: 'sandbox_agent',
      to: '+14155550100',
      campaignId: null,
    }))
    await recordPendingCalls(bindings.DB, PROJECT, pending)
    const done = pending.map((p, n) => ({ ref: p.ref, call: vendorCall(`sandbox_bw_${n}`, n) }))

    const writes = completionsWrites(done)
    // One statement per call per kind (4,000 plus metadata) was what crashed the bench's workerd.
    expect(writes.length).toBeLessThan(400)
    for (const w of writes) expect(w.params.length).toBeLessThanOrEqual(MAX_BOUND_PARAMS)

    await completeCalls(bindings, PROJECT, done)
    expect(
      await rowCount("SELECT COUNT(*) AS n FROM calls WHERE project = ? AND state = 'recorded'", PROJECT),
    ).toBe(1_000)
    expect(await rowCount('SELECT COUNT(*) AS n FROM call_metadata WHERE project = ?', PROJECT)).toBe(2_000)
    const record = await findCall(bindings.DB, 'sandbox_bw_417')
    expect(record).toMatchObject({ ref: 'att_bw_417', project: PROJECT })
    expect(record?.call).toMatchObject({
      id: 'sandbox_bw_417',
      status: 'queued',
      metadata: { crm: 'lead_417' },
    })
    expect(
      await rowCount(
        "SELECT COUNT(*) AS n FROM call_metadata WHERE project = ? AND key = 'group' AND value = 'g2'",
        PROJECT,
      ),
    ).toBe(333)
  })

  it('keeps one row per vendor id: a stale row holding it goes, and a batch holding it twice keeps its last call', async () => {
    await recordPendingCalls(bindings.DB, PROJECT, [
      {
        ref: 'att_stale',
        provider: 'sandbox',
        agentId: 'sandbox_agent',
        to: '+14155550100',
        campaignId: null,
      },
    ])
    await completeCalls(bindings, PROJECT, [{ ref: 'att_stale', call: vendorCall('sandbox_reused', 1) }])
    const refs = ['att_first', 'att_second', 'att_other']
    await recordPendingCalls(
      bindings.DB,
      PROJECT,
      refs.map((ref) => ({
        ref,
        provider: 'sandbox',
        agentId: 'sandbox_agent',
        to: '+14155550100',
        campaignId: null,
      })),
    )
    await completeCalls(bindings, PROJECT, [
      { ref: 'att_first', call: vendorCall('sandbox_reused', 2) },
      { ref: 'att_other', call: vendorCall('sandbox_other', 3) },
      { ref: 'att_second', call: vendorCall('sandbox_reused', 4) },
    ])
    expect(await findCall(bindings.DB, 'sandbox_reused')).toMatchObject({ ref: 'att_second' })
    expect(await findCall(bindings.DB, 'sandbox_other')).toMatchObject({ ref: 'att_other' })
    for (const gone of ['att_stale', 'att_first']) {
      expect(await rowCount('SELECT COUNT(*) AS n FROM calls WHERE ref = ?', gone)).toBe(0)
      expect(await rowCount('SELECT COUNT(*) AS n FROM call_metadata WHERE ref = ?', gone)).toBe(0)
    }
  })
  it('gives an event that overtook its call’s completion the call’s project, and leaves other events alone', async () => {
    const event = (id: string, callId: string, project: string | null) =>
      bindings.DB.prepare(
        `INSERT INTO events (id, project, call_id, type, provider, created_at, delivery_status, payload)
         VALUES (?, ?, ?, 'call.completed', 'sandbox', 0, 'none', '{}')`,
      )
        .bind(id, project, callId)
        .run()
    await event('evt_early', 'sandbox_overtaken', null)
    await event('evt_unrelated', 'sandbox_elsewhere', null)
    await event('evt_owned', 'sandbox_overtaken', 'another-project')
    await recordPendingCalls(bindings.DB, PROJECT, [
      {
        ref: 'att_overtaken',
        provider: 'sandbox',
        agentId: 'sandbox_agent',
        to: '+14155550100',
        campaignId: null,
      },
    ])
    await completeCalls(bindings, PROJECT, [
      { ref: 'att_overtaken', call: vendorCall('sandbox_overtaken', 5) },
    ])
    const projectOf = async (id: string) =>
      (
        await bindings.DB.prepare('SELECT project FROM events WHERE id = ?')
          .bind(id)
          .first<{ project: string | null }>()
      )?.project
    expect(await projectOf('evt_early')).toBe(PROJECT)
    expect(await projectOf('evt_unrelated')).toBeNull()
    expect(await projectOf('evt_owned')).toBe('another-project')
  })
})
