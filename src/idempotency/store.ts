import { DurableObject } from 'cloudflare:workers'

/** A response as it is replayed: status, the headers that describe the body, and the body itself. */
export interface StoredResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export type Claim =
  | { outcome: 'claimed'; token: string }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'mismatch' }
  | { outcome: 'in_progress' }

/** SQLite strings top out at 2 MB; a 1,000-call batch answer can be larger, so bodies are stored in chunks. */
const CHUNK_CHARS = 500_000

type Row = {
  fingerprint: string
  state: 'running' | 'done'
  token: string
  status: number | null
  headers: string | null
  expires_at: number
}

/**
 * Idempotency records of one shard of one client's keys. A Durable Object runs one call at a
 * time and each method below is synchronous SQL, so claim-before-work is atomic: of any number of
 * concurrent duplicates exactly one is told `claimed`.
 *
 * A running claim is a lease (renewed while its request runs) so a crashed request frees the key;
 * a finished one is kept for the retention period. Expired rows are ignored on read and deleted
 * by the alarm.
 */
// Reads no bindings: typed with none, so the configuration never depends on this class.
export class IdempotencyStore extends DurableObject<object> {
  private readonly sql: SqlStorage

  constructor(ctx: DurableObjectState, env: object) {
    super(ctx, env)
    this.sql = ctx.storage.sql
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS requests (
        key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, state TEXT NOT NULL, token TEXT NOT NULL,
        status INTEGER, headers TEXT, expires_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS bodies (key TEXT NOT NULL, seq INTEGER NOT NULL, chunk TEXT NOT NULL,
        PRIMARY KEY (key, seq));
    `)
  }

  async claim(key: string, fingerprint: string, leaseMs: number): Promise<Claim> {
    const now = Date.now()
    const row = this.live(key, now)
    if (row && row.fingerprint !== fingerprint) return { outcome: 'mismatch' }
    if (row?.state === 'running') return { outcome: 'in_progress' }
    if (row?.state === 'done') {
      return {
        outcome: 'replay',
        response: {
          status: row.status ?? 500,
          headers: JSON.parse(row.headers ?? '{}'),
          body: this.body(key),
        },
      }
    }
    const token = crypto.randomUUID()
    this.forget(key)
    this.sql.exec(
      `INSERT INTO requests (key, fingerprint, state, token, expires_at) VALUES (?, ?, 'running', ?, ?)`,
      key,
      fingerprint,
      token,
      now + leaseMs,
    )
    await this.scheduleCleanup(now + leaseMs)
    return { outcome: 'claimed', token }
  }

  /** Extends a running claim; false when the lease was already lost. */
  renew(key: string, token: string, leaseMs: number): boolean {
    const now = Date.now()
    const row = this.live(key, now)
    if (row?.state !== 'running' || row.token !== token) return false
    this.sql.exec('UPDATE requests SET expires_at = ? WHERE key = ?', now + leaseMs, key)
    return true
  }

  /** Records the answer to replay. Stored even if the lease lapsed meanwhile, unless another request holds the key. */
  async complete(
    key: string,
    fingerprint: string,
    token: string,
    response: StoredResponse,
    retentionMs: number,
  ): Promise<void> {
    const now = Date.now()
    const row = this.live(key, now)
    if (row && row.token !== token) return
    this.forget(key)
    this.sql.exec(
      `INSERT INTO requests (key, fingerprint, state, token, status, headers, expires_at)
       VALUES (?, ?, 'done', ?, ?, ?, ?)`,
      key,
      fingerprint,
      token,
      response.status,
      JSON.stringify(response.headers),
      now + retentionMs,
    )
    for (let seq = 0; seq * CHUNK_CHARS < response.body.length || seq === 0; seq++) {
      const chunk = response.body.slice(seq * CHUNK_CHARS, (seq + 1) * CHUNK_CHARS)
      this.sql.exec('INSERT INTO bodies (key, seq, chunk) VALUES (?, ?, ?)', key, seq, chunk)
    }
    await this.scheduleCleanup(now + retentionMs)
  }

  /** Frees the key of a request that did nothing a retry could repeat. */
  release(key: string, token: string): void {
    const row = this.live(key, Date.now())
    if (row?.state === 'running' && row.token === token) this.forget(key)
  }

  override async alarm(): Promise<void> {
    const now = Date.now()
    const expired = this.sql
      .exec<{ key: string }>('SELECT key FROM requests WHERE expires_at <= ?', now)
      .toArray()
    for (const { key } of expired) this.forget(key)
    const next = this.sql
      .exec<{ next: number | null }>('SELECT MIN(expires_at) AS next FROM requests')
      .one().next
    if (next !== null) await this.ctx.storage.setAlarm(next)
  }

  private live(key: string, now: number): Row | undefined {
    const row = this.sql.exec<Row>('SELECT * FROM requests WHERE key = ?', key).toArray()[0]
    return row && row.expires_at > now ? row : undefined
  }

  private body(key: string): string {
    return this.sql
      .exec<{ chunk: string }>('SELECT chunk FROM bodies WHERE key = ? ORDER BY seq', key)
      .toArray()
      .map((r) => r.chunk)
      .join('')
  }

  private forget(key: string): void {
    this.sql.exec('DELETE FROM requests WHERE key = ?', key)
    this.sql.exec('DELETE FROM bodies WHERE key = ?', key)
  }

  private async scheduleCleanup(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm()
    if (current === null || current > at) await this.ctx.storage.setAlarm(at)
  }
}
