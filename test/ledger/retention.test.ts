import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Bindings } from '../../src/env'
import worker from '../../src/index'
import { RETENTION_BATCH } from '../../src/ledger/retention'

const bindings = env as unknown as Bindings
const db = bindings.DB
const DAY = 86_400_000

async function seedCall(ref: string, endedDaysAgo: number | null, now: number) {
  const ended = endedDaysAgo === null ? null : now - endedDaysAgo * DAY
  const created = (ended ?? now) - 60_000
  await db.batch([
    db
      .prepare(
        `INSERT INTO calls (ref, project, id, provider, agent_id, state, status, to_number, created_at, updated_at, status_at, ended_at, body)
         VALUES (?, 'retention', ?, 'sandbox', 'sandbox_a', 'recorded', ?, '+14155550100', ?, ?, ?, ?, '{}')`,
      )
      .bind(
        ref,
        `sandbox_${ref}`,
        ended === null ? 'in_progress' : 'completed',
        created,
        created,
        created,
        ended,
      ),
    db
      .prepare(
        `INSERT INTO events (id, project, call_id, type, provider, created_at, delivery_status, payload)
         VALUES (?, 'retention', ?, 'call.completed', 'sandbox', ?, 'delivered', '{}')`,
      )
      .bind(`evt_${ref}`, `sandbox_${ref}`, created),
    db
      .prepare(
        "INSERT INTO call_metadata (ref, project, key, value, created_at) VALUES (?, 'retention', 'k', 'v', ?)",
      )
      .bind(ref, created),
  ])
}

const count = async (sql: string) => (await db.prepare(sql).first<{ n: number }>())?.n

describe('ledger retention (daily cron)', () => {
  it('deletes ended calls older than LEDGER_RETENTION_DAYS with their events, in bounded batches, and nothing else', async () => {
    const now = Date.now()
    const old = RETENTION_BATCH * 2 + 37
    const statements = []
    for (let i = 0; i < old; i++)
      statements.push(seedCall(`old${String(i).padStart(5, '0')}`, 91 + (i % 30), now))
    await Promise.all(statements)
    await seedCall('recent', 10, now)
    await seedCall('live', null, now)
    await seedCall('edge', 89, now)
    await db
      .prepare(
        "INSERT INTO agents (ref, project, id, provider, state, created_at, updated_at, body) VALUES ('agt', 'retention', 'sandbox_a', 'sandbox', 'recorded', 0, 0, '{}')",
      )
      .run()
    await db
      .prepare(
        "INSERT INTO api_keys (id, project, name, digest, prefix, scopes, created_at) VALUES ('key_old', 'retention', 'k', 'd', 'sk_x', '[]', 0)",
      )
      .run()

    const ctx = createExecutionContext()
    await worker.scheduled(
      createScheduledController({ scheduledTime: now, cron: '17 3 * * *' }),
      bindings,
      ctx,
    )
    await waitOnExecutionContext(ctx)

    expect(await count("SELECT COUNT(*) AS n FROM calls WHERE project = 'retention'")).toBe(3)
    const left = await db
      .prepare("SELECT ref FROM calls WHERE project = 'retention' ORDER BY ref")
      .all<{ ref: string }>()
    expect(left.results.map((r) => r.ref)).toEqual(['edge', 'live', 'recent'])
    expect(await count("SELECT COUNT(*) AS n FROM events WHERE project = 'retention'")).toBe(3)
    expect(await count("SELECT COUNT(*) AS n FROM call_metadata WHERE project = 'retention'")).toBe(3)
    expect(await count("SELECT COUNT(*) AS n FROM agents WHERE project = 'retention'")).toBe(1)
    expect(await count("SELECT COUNT(*) AS n FROM api_keys WHERE project = 'retention'")).toBe(1)
  }, 60_000)

  it('reads the period from LEDGER_RETENTION_DAYS', async () => {
    const now = Date.now()
    await seedCall('tenday', 10, now)
    const ctx = createExecutionContext()
    await worker.scheduled(
      createScheduledController({ scheduledTime: now }),
      { ...bindings, LEDGER_RETENTION_DAYS: '7' },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(await count("SELECT COUNT(*) AS n FROM calls WHERE ref = 'tenday'")).toBe(0)
  })
})
