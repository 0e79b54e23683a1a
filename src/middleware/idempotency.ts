import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { log } from '../../providers/kit/log'
import { ApiError, validationError } from '../contract/errors'
import type { Claim, IdempotencyStore, StoredResponse } from '../idempotency/store'
import type { AppEnv } from '../lib/app-env'
import { canonicalJson } from '../lib/canonical-json'

/** The writes a retry could repeat, so the ones a key protects (docs/api.md § Idempotency). */
export const IDEMPOTENT_ROUTES = [
  '/v1/calls',
  '/v1/calls/batch',
  '/v1/agents',
  '/v1/agents/import',
  '/v1/agents/:id/sync',
  '/v1/events/:id/redeliver',
] as const

const RETENTION_MS = 24 * 60 * 60 * 1000
/**
 * Each client's keys are spread over a few store instances: enough that one busy client is not
 * serialized through a single object, few enough that a new key rarely pays for a new one.
 */
const SHARDS_PER_CLIENT = 16
/** Beyond the upstream budget, so a healthy request never loses its claim between renewals. */
const LEASE_MARGIN_MS = 5_000
const REPLAYED_HEADERS = ['content-type', 'preference-applied'] as const
const READS = new Set(['GET', 'HEAD'])

const encoder = new TextEncoder()
const sha256 = async (text: string) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('')

/**
 * Idempotency-Key on the create routes. The first answer is stored and replayed; a different
 * request under the same key is 422, a duplicate of one still running is 409.
 *
 * What is kept decides whether a retry can ring twice:
 * - stored: every success, and every answer after a vendor may have acted — a vendor write that
 *   got a 2xx/5xx or no answer (timeout, dropped connection), or any 5xx of ours, which cannot
 *   prove nothing happened. Replaying a 504 is safe; re-sending the call is not.
 * - released: answers refused before any vendor could act (validation, unsupported field, 401,
 *   vendor 4xx/429 refusals, `not_sent`), so the corrected or later retry runs for real.
 */
export const idempotency = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header('idempotency-key')
  if (c.req.method !== 'POST' || key === undefined) return next()
  if (key.length < 1 || key.length > 255) {
    throw validationError('Idempotency-Key', 'Must be 1–255 characters')
  }
  // Scoped to (project, presenting key): a root key's keys in one project are not another's.
  const shard = `${c.get('principal').project}:${c.get('clientId')}:${shardOf(key)}`
  const store = c.env.IDEMPOTENCY.get(c.env.IDEMPOTENCY.idFromName(shard))
  const fingerprint = await fingerprintOf(c)
  const leaseMs = c.get('config').upstreamTimeoutMs + LEASE_MARGIN_MS
  const claim = (await store.claim(key, fingerprint, leaseMs)) as Claim
  if (claim.outcome === 'replay') return replay(claim.response)
  if (claim.outcome === 'mismatch') {
    throw new ApiError(
      'idempotency_mismatch',
      'This Idempotency-Key was used with a different request; use a new key for a new request.',
      { errors: [{ path: 'Idempotency-Key', message: 'Already used with a different request' }] },
    )
  }
  if (claim.outcome === 'in_progress') {
    throw new ApiError(
      'idempotency_in_progress',
      'A request with this Idempotency-Key is still running; retry after it has answered.',
      { retryAfter: 1 },
    )
  }

  const writes = watchVendorWrites(c)
  // A crashed request stops renewing, and its claim lapses one lease later.
  const renewal = setInterval(() => {
    store.renew(key, claim.token, leaseMs).catch(() => undefined)
  }, leaseMs / 3)
  // The work and the recording of its answer outlive the client: if it disconnects, the edge may
  // cancel the request, and a claim that lapsed unrecorded would let a retry dial again.
  const work = (async () => {
    try {
      await next()
    } finally {
      clearInterval(renewal)
    }
    await settle(c, store, key, fingerprint, claim.token, writes.mayHaveActed)
  })()
  keepAlive(c, work)
  await work
})

/** Stores the answer a retry must replay, or frees the key of a request that did nothing. */
async function settle(
  c: Context<AppEnv>,
  store: DurableObjectStub<IdempotencyStore>,
  key: string,
  fingerprint: string,
  token: string,
  wroteToVendor: boolean,
) {
  const status = c.res.status
  const upstream = c.error instanceof ApiError ? c.error.extras.upstream : undefined
  const mayHaveActed = wroteToVendor || (status >= 500 && upstream !== 'not_sent')
  if (status < 400 || mayHaveActed) {
    const body = await c.res.text()
    const headers = Object.fromEntries(
      REPLAYED_HEADERS.flatMap((name) => {
        const value = c.res.headers.get(name)
        return value === null ? [] : [[name, value]]
      }),
    )
    c.res = new Response(body, c.res)
    await storeAnswer(c, () =>
      store.complete(key, fingerprint, token, { status, headers, body }, RETENTION_MS),
    )
  } else {
    await store.release(key, token)
  }
}

const keepAlive = (c: Context<AppEnv>, work: Promise<unknown>) => {
  try {
    c.executionCtx.waitUntil(work.catch(() => undefined))
  } catch {
    // No execution context (app.request in tests): the request itself awaits the work.
  }
}

/** FNV-1a over the key: stable, cheap, and even enough to spread keys over the shards. */
function shardOf(key: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193)
  return (hash >>> 0) % SHARDS_PER_CLIENT
}

/**
 * Everything that changes what the request does: method, path and query, handling preference, and
 * the body as parameters (canonical JSON), so key order, whitespace and escapes do not count.
 */
const fingerprintOf = async (c: Context<AppEnv>) => {
  const url = new URL(c.req.url)
  const body = canonicalJson(await c.req.text())
  return sha256([c.req.method, url.pathname + url.search, c.req.header('prefer') ?? '', body].join('\n'))
}

const replay = (stored: StoredResponse) =>
  new Response(stored.body, {
    status: stored.status,
    headers: { ...stored.headers, 'idempotency-replayed': 'true' },
  })

/**
 * Wraps the vendor fetch of this request to learn whether a vendor write may have acted: one that
 * was answered with anything but a 4xx refusal, or that failed without an answer.
 */
function watchVendorWrites(c: Context<AppEnv>) {
  const watch = { mayHaveActed: false }
  const upstream = c.get('upstreamFetch')
  c.set('upstreamFetch', async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
    if (READS.has(method)) return upstream(input, init)
    try {
      const response = await upstream(input, init)
      if (response.status < 400 || response.status >= 500) watch.mayHaveActed = true
      return response
    } catch (error) {
      watch.mayHaveActed = true
      throw error
    }
  })
  return watch
}

/** The answer already happened at the vendor: failing to record it must not turn it into an error. */
async function storeAnswer(c: Context<AppEnv>, write: () => Promise<void>) {
  try {
    await write()
  } catch (first) {
    try {
      await write()
    } catch {
      log('error', {
        requestId: c.get('requestId'),
        msg: 'could not store the idempotent answer; its key is released when the lease lapses',
        error: first instanceof Error ? first.message : String(first),
      })
    }
  }
}
