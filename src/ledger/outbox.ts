import { DurableObject } from 'cloudflare:workers'
import { log } from '../lib/log'

/** A ledger write as D1 takes it: SQL and its parameters. */
export interface LedgerWrite {
  sql: string
  params: (string | number | null)[]
}

const RETRY_MS = 1_000
const MAX_RETRY_MS = 60_000

/**
 * Ledger writes that must not be lost: the completion of a call or agent the vendor already
 * created. Each entry is kept until D1 takes it, retried by alarm with a growing delay.
 */
export class LedgerOutbox extends DurableObject<{ DB: D1Database }> {
  constructor(ctx: DurableObjectState, env: { DB: D1Database }) {
    super(ctx, env)
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS pending (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, writes TEXT NOT NULL, tries INTEGER NOT NULL DEFAULT 0)`)
  }

  /** Keeps a group of writes (applied together) and schedules its retry. */
  async enqueue(writes: LedgerWrite[]): Promise<void> {
    this.ctx.storage.sql.exec('INSERT INTO pending (writes) VALUES (?)', JSON.stringify(writes))
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + RETRY_MS)
  }

  /** How many groups still wait for D1 (for operators and tests). */
  size(): number {
    return this.ctx.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM pending').one().n
  }

  override async alarm(): Promise<void> {
    const rows = this.ctx.storage.sql
      .exec<{ seq: number; writes: string; tries: number }>('SELECT * FROM pending ORDER BY seq LIMIT 50')
      .toArray()
    let maxTries = 0
    for (const row of rows) {
      const writes = JSON.parse(row.writes) as LedgerWrite[]
      try {
        await this.env.DB.batch(writes.map((w) => this.env.DB.prepare(w.sql).bind(...w.params)))
        this.ctx.storage.sql.exec('DELETE FROM pending WHERE seq = ?', row.seq)
      } catch (error) {
        maxTries = Math.max(maxTries, row.tries + 1)
        this.ctx.storage.sql.exec('UPDATE pending SET tries = tries + 1 WHERE seq = ?', row.seq)
        log('warn', {
          msg: 'ledger write still failing; will retry',
          error: error instanceof Error ? error.message : String(error),
        })
      }
    }
    if (this.size() > 0) {
      const delay = Math.min(RETRY_MS * 2 ** maxTries, MAX_RETRY_MS)
      await this.ctx.storage.setAlarm(Date.now() + delay)
    }
  }
}
