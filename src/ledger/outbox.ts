import { DurableObject } from 'cloudflare:workers'
import { log } from '../../providers/kit/log'

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
      seq INTEGER PRIMARY KEY AUTOINCREMENT, writes TEXT NOT NULL, tries INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE IF NOT EXISTS owners (seq INTEGER NOT NULL, id TEXT NOT NULL, project TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS owners_by_id ON owners (id);`)
  }

  /**
   * Keeps a group of writes (applied together) and schedules its retry. `owners` are the objects
   * the writes record: until they land, their owner's reads and cancels find them here.
   */
  async enqueue(writes: LedgerWrite[], owners: { id: string; project: string }[] = []): Promise<void> {
    const seq = this.ctx.storage.sql
      .exec<{ seq: number }>('INSERT INTO pending (writes) VALUES (?) RETURNING seq', JSON.stringify(writes))
      .one().seq
    for (const owner of owners) {
      this.ctx.storage.sql.exec(
        'INSERT INTO owners (seq, id, project) VALUES (?, ?, ?)',
        seq,
        owner.id,
        owner.project,
      )
    }
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + RETRY_MS)
  }

  /** The project of an object whose record is still waiting here, or null. */
  projectOf(id: string): string | null {
    return (
      this.ctx.storage.sql
        .exec<{ project: string }>('SELECT project FROM owners WHERE id = ? LIMIT 1', id)
        .toArray()[0]?.project ?? null
    )
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
        this.ctx.storage.sql.exec('DELETE FROM owners WHERE seq = ?', row.seq)
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
