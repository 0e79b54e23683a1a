import { log } from '../../providers/kit/log'
import type { Bindings } from '../env'
import { readConfig } from '../env'

const DAY_MS = 86_400_000
export const RETENTION_BATCH = 500
/** Per run: the cron is daily, so a backlog larger than this is worked off over the following days. */
export const RETENTION_MAX_BATCHES = 40

/**
 * Deletes ended calls older than LEDGER_RETENTION_DAYS, and their events and metadata, a bounded
 * batch at a time (each batch one transaction). Agents, keys and projects are never touched.
 */
export async function runRetention(
  env: Pick<Bindings, 'DB'> & Bindings,
  now = Date.now(),
  batchSize = RETENTION_BATCH,
): Promise<{ calls: number; batches: number }> {
  const cutoff = now - readConfig(env).ledgerRetentionDays * DAY_MS
  const db = env.DB
  const oldest = 'SELECT ref FROM calls WHERE ended_at < ? ORDER BY ended_at LIMIT ?'
  let calls = 0
  let batches = 0
  while (batches < RETENTION_MAX_BATCHES) {
    const results = await db.batch([
      db
        .prepare(`DELETE FROM events WHERE call_id IN (SELECT id FROM calls WHERE ref IN (${oldest}))`)
        .bind(cutoff, batchSize),
      db.prepare(`DELETE FROM call_metadata WHERE ref IN (${oldest})`).bind(cutoff, batchSize),
      db.prepare(`DELETE FROM calls WHERE ref IN (${oldest})`).bind(cutoff, batchSize),
    ])
    const deleted = results[2]?.meta.changes ?? 0
    batches++
    calls += deleted
    if (deleted < batchSize) break
  }
  // Events of calls never recorded here (made outside Switchboard) age out on their own time.
  await db.prepare('DELETE FROM events WHERE project IS NULL AND created_at < ?').bind(cutoff).run()
  log('info', {
    msg: 'ledger retention ran',
    deletedCalls: calls,
    batches,
    cutoff: new Date(cutoff).toISOString(),
  })
  return { calls, batches }
}
