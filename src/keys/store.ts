import type { Scope } from '../contract/scopes'
import { ownId } from '../lib/ulid'

/** A managed key as the ledger keeps it: the secret's digest, never the secret. */
export interface KeyRecord {
  id: string
  project: string
  name: string
  prefix: string
  scopes: Scope[]
  providers: string[] | null
  requestsPerMinute: number | null
  createdAt: number
  expiresAt: number | null
  lastUsedAt: number | null
  revokedAt: number | null
}

type Row = {
  id: string
  project: string
  name: string
  prefix: string
  scopes: string
  providers: string | null
  requests_per_minute: number | null
  created_at: number
  expires_at: number | null
  last_used_at: number | null
  revoked_at: number | null
}

const fromRow = (row: Row): KeyRecord => ({
  id: row.id,
  project: row.project,
  name: row.name,
  prefix: row.prefix,
  scopes: JSON.parse(row.scopes) as Scope[],
  providers: row.providers === null ? null : (JSON.parse(row.providers) as string[]),
  requestsPerMinute: row.requests_per_minute,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
})

const COLUMNS =
  'id, project, name, prefix, scopes, providers, requests_per_minute, created_at, expires_at, last_used_at, revoked_at'

const encoder = new TextEncoder()
export const sha256Hex = async (text: string) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('')

const base64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')

/** `sk_` and 32 random bytes: the secret is shown once, and only its digest is kept. */
export const newSecret = () => `sk_${base64Url(crypto.getRandomValues(new Uint8Array(32)))}`

export interface NewKey {
  project: string
  name: string
  scopes: Scope[]
  providers: string[] | null
  requestsPerMinute: number | null
  expiresAt: number | null
}

export async function insertKey(db: D1Database, key: NewKey): Promise<{ record: KeyRecord; secret: string }> {
  const secret = newSecret()
  const now = Date.now()
  const record: KeyRecord = {
    ...key,
    id: ownId('key', now),
    prefix: secret.slice(0, 8),
    createdAt: now,
    lastUsedAt: null,
    revokedAt: null,
  }
  await db
    .prepare(`INSERT INTO api_keys (${COLUMNS}, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)`)
    .bind(
      record.id,
      record.project,
      record.name,
      record.prefix,
      JSON.stringify(record.scopes),
      record.providers === null ? null : JSON.stringify(record.providers),
      record.requestsPerMinute,
      record.createdAt,
      record.expiresAt,
      await sha256Hex(secret),
    )
    .run()
  return { record, secret }
}

export async function keyByDigest(db: D1Database, digest: string): Promise<KeyRecord | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM api_keys WHERE digest = ?`).bind(digest).first<Row>()
  return row ? fromRow(row) : null
}

/** A live (not revoked) key of this project. */
export async function keyById(db: D1Database, project: string, id: string): Promise<KeyRecord | null> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM api_keys WHERE id = ? AND project = ? AND revoked_at IS NULL`)
    .bind(id, project)
    .first<Row>()
  return row ? fromRow(row) : null
}

/** Newest first, keyset-paged on (created_at, id). */
export async function listKeys(
  db: D1Database,
  project: string,
  limit: number,
  after: { t: number; r: string } | null,
): Promise<KeyRecord[]> {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM api_keys WHERE project = ? AND revoked_at IS NULL
       AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .bind(project, after?.t ?? Number.MAX_SAFE_INTEGER, after?.t ?? 0, after?.r ?? '', limit)
    .all<Row>()
  return results.map(fromRow)
}

export async function revokeKey(db: D1Database, project: string, id: string): Promise<void> {
  await db
    .prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND project = ?')
    .bind(Date.now(), id, project)
    .run()
}

export async function touchKey(db: D1Database, id: string, at: number): Promise<void> {
  await db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').bind(at, id).run()
}
