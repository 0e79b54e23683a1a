import { DurableObject } from 'cloudflare:workers'

import { DEAD_LETTERS, type DeadLetter } from '../../providers/kit/dead-letters'

export { DEAD_LETTERS, type DeadLetter }

/** One call's webhook memory lives this long after its last write, then is deleted whole. */
const RETENTION_MS = 30 * 24 * 60 * 60 * 1000
/** A dead letter is kept as long as a call's webhook memory, then pruned by the store's alarm. */
export const DEAD_LETTER_RETENTION_MS = RETENTION_MS
/** Dead letters pruned per alarm run, so one run stays short however many expired at once. */
export const DEAD_LETTER_PRUNE_BATCH = 500
/** The marker row that records a call's terminal event (exactly one per call). */
const TERMINAL = 'terminal'

/**
 * Webhook bookkeeping in SQLite. One instance per call (`call:<provider>:<vendorId>`) remembers the
 * call's destination, its agent and the vendor events already accepted; the `dead-letters` instance
 * keeps deliveries that ran out of attempts, for DEAD_LETTER_RETENTION_MS.
 */
// Reads no bindings: typed with none, so the configuration never depends on this class.
export class WebhookStore extends DurableObject<object> {
  constructor(ctx: DurableObjectState, env: object) {
    super(ctx, env)
    this.createTables()
  }

  private createTables(): void {
    this.ctx.storage.sql.exec(`
      CREATE TABLE IF NOT EXISTS accepted_events (event_id TEXT PRIMARY KEY, accepted_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS destination (only INTEGER PRIMARY KEY CHECK (only = 1), url TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS call_agent (only INTEGER PRIMARY KEY CHECK (only = 1), agent TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS dead_letters (
        event_id TEXT NOT NULL, destination TEXT NOT NULL, attempts INTEGER NOT NULL,
        last_error TEXT NOT NULL, failed_at TEXT NOT NULL, body TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS dead_letters_by_age ON dead_letters (failed_at);
    `)
  }

  /**
   * True the first time an event id is seen; a vendor re-delivery gets false, and so does a terminal
   * event after the call already had one (a vendor's later correction is not delivered again).
   * Called only for events already verified, so a forged arrival can never claim a genuine one's id.
   */
  async claimEvent(eventId: string, terminal = false): Promise<boolean> {
    const sql = this.ctx.storage.sql
    const ended = terminal && sql.exec('SELECT 1 FROM accepted_events WHERE event_id = ?', TERMINAL).toArray()
    if (ended && ended.length > 0) return false
    const now = Date.now()
    const claimed =
      sql.exec('INSERT OR IGNORE INTO accepted_events (event_id, accepted_at) VALUES (?, ?)', eventId, now)
        .rowsWritten > 0
    if (!claimed) return false
    if (terminal) sql.exec('INSERT INTO accepted_events (event_id, accepted_at) VALUES (?, ?)', TERMINAL, now)
    await this.keepFor(RETENTION_MS)
    return true
  }

  /** Undoes a claim whose event could not be queued, so the vendor's retry is not taken for a duplicate. */
  releaseEvent(eventId: string, terminal = false): void {
    this.ctx.storage.sql.exec('DELETE FROM accepted_events WHERE event_id = ?', eventId)
    if (terminal) this.ctx.storage.sql.exec('DELETE FROM accepted_events WHERE event_id = ?', TERMINAL)
  }

  async rememberDestination(url: string): Promise<void> {
    this.ctx.storage.sql.exec('INSERT OR REPLACE INTO destination (only, url) VALUES (1, ?)', url)
    await this.keepFor(RETENTION_MS)
  }

  destination(): string | null {
    return this.ctx.storage.sql.exec<{ url: string }>('SELECT url FROM destination').toArray()[0]?.url ?? null
  }

  /** The vendor's id of the call's agent: known from the create, or once the vendor confirmed it. */
  async rememberAgent(agent: string): Promise<void> {
    this.ctx.storage.sql.exec('INSERT OR REPLACE INTO call_agent (only, agent) VALUES (1, ?)', agent)
    await this.keepFor(RETENTION_MS)
  }

  agent(): string | null {
    return (
      this.ctx.storage.sql.exec<{ agent: string }>('SELECT agent FROM call_agent').toArray()[0]?.agent ?? null
    )
  }

  async recordDeadLetter(letter: DeadLetter): Promise<void> {
    this.ctx.storage.sql.exec(
      'INSERT INTO dead_letters (event_id, destination, attempts, last_error, failed_at, body) VALUES (?, ?, ?, ?, ?, ?)',
      letter.eventId,
      letter.destination,
      letter.attempts,
      letter.lastError,
      letter.failedAt,
      letter.body,
    )
    if ((await this.ctx.storage.getAlarm()) === null) await this.scheduleDeadLetterPruning()
  }

  deadLetters(): DeadLetter[] {
    return this.ctx.storage.sql
      .exec<{
        event_id: string
        destination: string
        attempts: number
        last_error: string
        failed_at: string
        body: string
      }>('SELECT * FROM dead_letters ORDER BY failed_at')
      .toArray()
      .map((row) => ({
        eventId: row.event_id,
        destination: row.destination,
        attempts: row.attempts,
        lastError: row.last_error,
        failedAt: row.failed_at,
        body: row.body,
      }))
  }

  private async keepFor(ms: number): Promise<void> {
    await this.ctx.storage.setAlarm(Date.now() + ms)
  }

  /** Wakes when the oldest dead letter expires (right away when expired ones remain). */
  private async scheduleDeadLetterPruning(): Promise<boolean> {
    const oldest = this.ctx.storage.sql
      .exec<{ failed_at: string }>('SELECT failed_at FROM dead_letters ORDER BY failed_at LIMIT 1')
      .toArray()[0]?.failed_at
    if (oldest === undefined) return false
    const expires = Date.parse(oldest) + DEAD_LETTER_RETENTION_MS
    await this.ctx.storage.setAlarm(Math.max(Date.now() + 1, Number.isNaN(expires) ? 0 : expires))
    return true
  }

  /** A call's memory expires whole; the dead-letter instance prunes its expired letters in batches. */
  override async alarm(): Promise<void> {
    const cutoff = new Date(Date.now() - DEAD_LETTER_RETENTION_MS).toISOString()
    this.ctx.storage.sql.exec(
      'DELETE FROM dead_letters WHERE rowid IN (SELECT rowid FROM dead_letters WHERE failed_at < ? ORDER BY failed_at LIMIT ?)',
      cutoff,
      DEAD_LETTER_PRUNE_BATCH,
    )
    if (await this.scheduleDeadLetterPruning()) return
    await this.ctx.storage.deleteAll()
    this.createTables()
  }
}

/** Only the binding it needs, so a caller's full Bindings fit and nothing here imports them. */
export const webhookStore = (env: { WEBHOOKS: DurableObjectNamespace<WebhookStore> }, name: string) =>
  env.WEBHOOKS.get(env.WEBHOOKS.idFromName(name))

export const callStoreName = (provider: string, callVendorId: string) => `call:${provider}:${callVendorId}`
