import type { Context } from 'hono'
import { ApiError, validationError } from '../contract/errors'
import { SCOPES } from '../contract/scopes'
import type { AppEnv } from '../lib/app-env'
import { inBackground } from '../lib/background'
import { DEFAULT_PROJECT, PROJECT_SLUG, type Principal } from './principal'
import { type KeyRecord, keyByDigest, touchKey } from './store'

/** A key lookup is reused this long in an isolate: a revoked key is refused everywhere within 5 s. */
const KEY_CACHE_MS = 4_000
/** lastUsedAt is written at most this often per key, so a request costs no database write. */
const TOUCH_EVERY_MS = 60_000
/** A project seen by this isolate is re-recorded after this long (cheap, and survives a reset database). */
const PROJECT_RECHECK_MS = 10 * 60_000

const keyCache = new Map<string, { record: KeyRecord | null; at: number }>()
const touchedAt = new Map<string, number>()
const projectsSeen = new Map<string, number>()

/** Forgets a cached lookup at once in this isolate (the one that revoked it). */
export const forgetKey = (digest: string) => keyCache.delete(digest)
export function forgetKeyId(id: string): void {
  for (const [digest, entry] of keyCache) if (entry.record?.id === id) keyCache.delete(digest)
}

async function lookup(db: D1Database, digest: string): Promise<KeyRecord | null> {
  const now = Date.now()
  const cached = keyCache.get(digest)
  if (cached && now - cached.at < KEY_CACHE_MS) return cached.record
  const record = await keyByDigest(db, digest)
  if (keyCache.size > 10_000) keyCache.clear()
  keyCache.set(digest, { record, at: now })
  return record
}

function projectHeader(c: Context<AppEnv>): string | undefined {
  const raw = c.req.header('switchboard-project')
  if (raw === undefined) return undefined
  if (!PROJECT_SLUG.test(raw)) {
    throw validationError(
      'Switchboard-Project',
      'Must be a project slug: lowercase letters, digits and dashes, 1–63 characters',
    )
  }
  return raw
}

/** Projects come into being when a root key first names them. */
function recordProject(c: Context<AppEnv>, slug: string): void {
  const now = Date.now()
  const seen = projectsSeen.get(slug)
  if (seen !== undefined && now - seen < PROJECT_RECHECK_MS) return
  projectsSeen.set(slug, now)
  inBackground(
    c,
    'project record',
    c.env.DB.prepare('INSERT OR IGNORE INTO projects (slug, created_at) VALUES (?, ?)').bind(slug, now).run(),
  )
}

export function rootPrincipal(c: Context<AppEnv>): Principal {
  const project = projectHeader(c) ?? DEFAULT_PROJECT
  recordProject(c, project)
  return {
    kind: 'root',
    project,
    scopes: new Set(SCOPES),
    providers: null,
    keyId: null,
    requestsPerMinute: null,
    expiresAt: null,
  }
}

/** A managed key from its secret's digest; null when no live key has it. */
export async function managedPrincipal(c: Context<AppEnv>, digest: string): Promise<Principal | null> {
  const record = await lookup(c.env.DB, digest)
  const now = Date.now()
  if (!record || record.revokedAt !== null) return null
  if (record.expiresAt !== null && record.expiresAt <= now) return null
  const named = projectHeader(c)
  if (named !== undefined && named !== record.project) {
    throw new ApiError(
      'forbidden',
      `This key belongs to project "${record.project}"; it cannot act in "${named}".`,
    )
  }
  const last = touchedAt.get(record.id) ?? record.lastUsedAt ?? 0
  if (now - last >= TOUCH_EVERY_MS) {
    touchedAt.set(record.id, now)
    inBackground(c, 'key lastUsedAt', touchKey(c.env.DB, record.id, now))
  }
  return {
    kind: 'managed',
    project: record.project,
    scopes: new Set(record.scopes),
    providers: record.providers,
    keyId: record.id,
    requestsPerMinute: record.requestsPerMinute,
    expiresAt: record.expiresAt,
  }
}
