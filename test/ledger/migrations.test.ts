import { applyD1Migrations, type D1Migration, env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'

const bindings = env as unknown as { DB: D1Database; TEST_MIGRATIONS: D1Migration[] }

const tables = async (db: D1Database) =>
  (
    await db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'd1!_%' ESCAPE '!' AND name NOT LIKE '!_cf!_%' ESCAPE '!' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name",
      )
      .all<{ name: string }>()
  ).results.map((r) => r.name)

describe('D1 migrations', () => {
  it('create the ledger schema in an empty database, and applying them again changes nothing', async () => {
    // The setup file already applied them; an empty database is made by dropping everything.
    const db = bindings.DB
    for (const name of await tables(db)) await db.prepare(`DROP TABLE ${name}`).run()
    await db.prepare('DROP TABLE IF EXISTS d1_migrations').run()
    expect(await tables(db)).toEqual([])

    await applyD1Migrations(db, bindings.TEST_MIGRATIONS)
    expect(await tables(db)).toEqual([
      'agents',
      'api_keys',
      'call_metadata',
      'calls',
      'campaigns',
      'console_sessions',
      'events',
      // The agents Switchboard keeps for vendors with none (Bland): migrations/0003.
      'kept_agents',
      'projects',
      'suppressions',
    ])
    await db.prepare('INSERT INTO projects (slug, created_at) VALUES (?, ?)').bind('kept', Date.now()).run()
    await applyD1Migrations(db, bindings.TEST_MIGRATIONS)
    const kept = await db.prepare('SELECT slug FROM projects').all<{ slug: string }>()
    expect(kept.results.map((r) => r.slug)).toEqual(['kept'])
  })

  it('serves every list and usage query of the ledger from an index', async () => {
    const plan = async (sql: string) =>
      (await bindings.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).all<{ detail: string }>()).results
        .map((r) => r.detail)
        .join(' | ')
    const queries = [
      'SELECT * FROM calls WHERE project = 1 ORDER BY created_at DESC, ref DESC LIMIT 21',
      'SELECT * FROM calls WHERE project = 1 AND provider = 1 ORDER BY created_at DESC, ref DESC LIMIT 21',
      'SELECT * FROM calls WHERE project = 1 AND agent_id = 1 ORDER BY created_at DESC, ref DESC LIMIT 21',
      'SELECT * FROM calls WHERE project = 1 AND campaign_id = 1 ORDER BY created_at DESC, ref DESC LIMIT 21',
      'SELECT * FROM calls WHERE project = 1 AND to_number = 1 ORDER BY created_at DESC, ref DESC LIMIT 21',
      "SELECT * FROM calls WHERE project = 1 AND status IN ('a','b') ORDER BY created_at DESC, ref DESC LIMIT 21",
      'SELECT * FROM call_metadata WHERE project = 1 AND key = 1 AND value = 1 ORDER BY created_at DESC LIMIT 21',
      'SELECT * FROM agents WHERE project = 1 ORDER BY created_at DESC, ref DESC LIMIT 21',
      'SELECT * FROM events WHERE project = 1 ORDER BY created_at DESC, id DESC LIMIT 21',
      'SELECT * FROM events WHERE call_id = 1 ORDER BY created_at, id LIMIT 21',
      'SELECT provider, COUNT(*) FROM calls WHERE project = 1 AND created_at >= 1 AND created_at < 2 GROUP BY provider',
      // groupBy=day&thenBy=provider (the console's usage chart) in one query (src/ledger/usage.ts).
      "SELECT strftime('%Y-%m-%d', created_at / 1000, 'unixepoch') AS key, provider AS sub_key, COUNT(*) FROM calls WHERE project = 1 AND created_at >= 1 AND created_at < 2 GROUP BY key, sub_key",
      'SELECT ref FROM calls WHERE ended_at < 1 LIMIT 100',
    ]
    for (const sql of queries) {
      const detail = await plan(sql)
      expect(detail, sql).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/)
      expect(detail, sql).not.toMatch(/SCAN (calls|agents|events|call_metadata)(?! USING)/)
    }
  })
})
