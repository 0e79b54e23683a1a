import { sha256Hex } from '../keys/store'

/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 12 * 60 * 60_000
/** last_seen_at is written at most this often, so reading a page costs no database write. */
const TOUCH_EVERY_MS = 60_000
/**
 * Expired sessions removed per sweep: bounded work. A sweep rides along with every sign-in and with
 * each session's once-a-minute touch, and the daily cron repeats it, so the table cannot grow without end.
 */
export const SWEEP_LIMIT = 100
/** The daily cron's sweeps at most this many batches. */
const CRON_SWEEPS = 50

export interface Session {
  /** SHA-256 of the cookie's token. */
  id: string
  keyDigest: string
  keyId: string | null
  project: string
  createdAt: number
  lastSeenAt: number
}

type Row = {
  id: string
  key_digest: string
  key_id: string | null
  project: string
  created_at: number
  last_seen_at: number
}

const fromRow = (row: Row): Session => ({
  id: row.id,
  keyDigest: row.key_digest,
  keyId: row.key_id,
  project: row.project,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
})

const base64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')

const sweepStatement = (db: D1Database, now: number) =>
  db
    .prepare(
      'DELETE FROM console_sessions WHERE id IN (SELECT id FROM console_sessions WHERE last_seen_at < ? LIMIT ?)',
    )
    .bind(now - SESSION_IDLE_MS, SWEEP_LIMIT)

/** The daily cron's sweep: bounded batches until none is full. Returns how many sessions it removed. */
export async function sweepExpiredSessions(db: D1Database, now = Date.now()): Promise<number> {
  let removed = 0
  for (let i = 0; i < CRON_SWEEPS; i++) {
    const { meta } = await sweepStatement(db, now).run()
    removed += meta.changes
    if (meta.changes < SWEEP_LIMIT) break
  }
  return removed
}

/** Starts a session; the returned token goes in the cookie and is stored nowhere. */
export async function startSession(
  db: D1Database,
  identity: { keyDigest: string; keyId: string | null; project: string },
  now = Date.now(),
): Promise<string> {
  const token = base64Url(crypto.getRandomValues(new Uint8Array(32)))
  await db.batch([
    sweepStatement(db, now),
    db
      .prepare(
        'INSERT INTO console_sessions (id, key_digest, key_id, project, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .bind(await sha256Hex(token), identity.keyDigest, identity.keyId, identity.project, now, now),
  ])
  return token
}

/** The live session of a cookie token; an idle one is ended here. */
export async function findSession(db: D1Database, token: string, now = Date.now()): Promise<Session | null> {
  if (token.length === 0 || token.length > 100) return null
  const id = await sha256Hex(token)
  const row = await db.prepare('SELECT * FROM console_sessions WHERE id = ?').bind(id).first<Row>()
  if (!row) return null
  if (now - row.last_seen_at >= SESSION_IDLE_MS) {
    await endSession(db, id)
    return null
  }
  if (now - row.last_seen_at >= TOUCH_EVERY_MS) {
    await db.batch([
      db.prepare('UPDATE console_sessions SET last_seen_at = ? WHERE id = ?').bind(now, id),
      sweepStatement(db, now),
    ])
  }
  return fromRow(row)
}

export async function endSession(db: D1Database, id: string): Promise<void> {
  await db.prepare('DELETE FROM console_sessions WHERE id = ?').bind(id).run()
}

/** A revoked key's sessions end with it. */
export async function endSessionsOfKey(db: D1Database, keyId: string): Promise<void> {
  await db.prepare('DELETE FROM console_sessions WHERE key_id = ?').bind(keyId).run()
}

export async function setSessionProject(db: D1Database, id: string, project: string): Promise<void> {
  await db.prepare('UPDATE console_sessions SET project = ? WHERE id = ?').bind(project, id).run()
}
