import { DurableObject } from 'cloudflare:workers'

/** A delivery given up after its last attempt, kept so an operator can see and replay it. */
export interface DeadLetter {
  eventId: string
  destination: string
  attempts: number
  lastError: string
  failedAt: string
  body: string
}

/** One call's webhook memory lives this long after its last write, then is deleted whole. */
const RETENTION_MS = 30 * 24 * 60 * 60 * 1000

/**
 * Webhook bookkeeping in SQLite. One instance per call (`call:<provider>:<vendorId>`) remembers the
 * call's destination and the vendor events already accepted; the `dead-letters` instance keeps
 * deliveries that ran out of attempts.
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
      CREATE TABLE IF NOT EXISTS dead_letters (
        event_id TEXT NOT NULL, destination TEXT NOT NULL, attempts INTEGER NOT NULL,
        last_error TEXT NOT NULL, failed_at TEXT NOT NULL, body TEXT NOT NULL);
    `)
  }

  /** True the first time an event id is seen; a vendor re-delivery gets false. */
  async claimEvent(eventId: string): Promise<boolean> {
    const claimed =
      this.ctx.storage.sql.exec(
        'INSERT OR IGNORE INTO accepted_events (event_id, accepted_at) VALUES (?, ?)',
        eventId,
        Date.now(),
      ).rowsWritten > 0
    if (claimed) await this.keepFor(RETENTION_MS)
    return claimed
  }

  /** Undoes a claim whose event could not be queued, so the vendor's retry is not taken for a duplicate. */
  releaseEvent(eventId: string): void {
    this.ctx.storage.sql.exec('DELETE FROM accepted_events WHERE event_id = ?', eventId)
  }

  async rememberDestination(url: string): Promise<void> {
    this.ctx.storage.sql.exec('INSERT OR REPLACE INTO destination (only, url) VALUES (1, ?)', url)
    await this.keepFor(RETENTION_MS)
  }

  destination(): string | null {
    return this.ctx.storage.sql.exec<{ url: string }>('SELECT url FROM destination').toArray()[0]?.url ?? null
  }

  recordDeadLetter(letter: DeadLetter): void {
    this.ctx.storage.sql.exec(
      'INSERT INTO dead_letters (event_id, destination, attempts, last_error, failed_at, body) VALUES (?, ?, ?, ?, ?, ?)',
      letter.eventId,
      letter.destination,
      letter.attempts,
      letter.lastError,
      letter.failedAt,
      letter.body,
    )
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

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll()
    this.createTables()
  }
}

export const DEAD_LETTERS = 'dead-letters'

/** Only the binding it needs, so a caller's full Bindings fit and nothing here imports them. */
export const webhookStore = (env: { WEBHOOKS: DurableObjectNamespace<WebhookStore> }, name: string) =>
  env.WEBHOOKS.get(env.WEBHOOKS.idFromName(name))

export const callStoreName = (provider: string, callVendorId: string) => `call:${provider}:${callVendorId}`
