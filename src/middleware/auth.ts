import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { log } from '../../providers/kit/log'
import { ApiError } from '../contract/errors'
import { managedPrincipal, rootPrincipal } from '../keys/authenticate'
import { delegatedDigest } from '../keys/delegation'
import { guardRequest } from '../keys/guard'
import type { Principal } from '../keys/principal'
import type { AppEnv } from '../lib/app-env'

const encoder = new TextEncoder()
const digest = async (value: string) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(value)))
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
const fromHex = (text: string) =>
  Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16))

/** SHA-256 of a presented key, hex: what sessions and the keys table keep instead of the key. */
export const keyDigest = async (key: string) => hex(await digest(key))

/**
 * Digests of recently presented keys, least recently used dropped first: a client sends the same
 * key on every request, and its digest never changes. Revocation is untouched: whether the digest
 * still names a live key is decided by src/keys/authenticate.ts on every request.
 */
const MAX_PRESENTED = 1_000
const presentedDigests = new Map<string, string>()
async function presentedDigest(key: string): Promise<string> {
  const known = presentedDigests.get(key)
  if (known !== undefined) {
    presentedDigests.delete(key)
    presentedDigests.set(key, known)
    return known
  }
  const computed = await keyDigest(key)
  if (presentedDigests.size >= MAX_PRESENTED) {
    const oldest = presentedDigests.keys().next().value
    if (oldest !== undefined) presentedDigests.delete(oldest)
  }
  presentedDigests.set(key, computed)
  return computed
}

// Digests of the configured keys, per key list: computed once per isolate, not per request.
const keyDigests = new Map<string, Promise<Uint8Array[]>>()
const digestsOf = (keys: string[]) => {
  const cacheKey = keys.join('\n')
  let digests = keyDigests.get(cacheKey)
  if (!digests) {
    digests = Promise.all(keys.map(digest))
    keyDigests.set(cacheKey, digests)
  }
  return digests
}

/**
 * Bearer keys: root keys from GATEWAY_API_KEYS, compared as SHA-256 digests in constant time (so
 * neither content nor length leaks), else a managed key found by its digest. Fails closed: with no
 * root keys configured every request is refused, exactly as a wrong key is. Then the route's scope and the key's rate limit.
 */
export const gatewayAuth = createMiddleware<AppEnv>(async (c, next) => {
  const keys = c.get('config').gatewayKeys
  if (keys.length === 0) {
    // The operator learns why from the log; a caller learns nothing about the configuration.
    log('warn', {
      requestId: c.get('requestId'),
      msg: 'no gateway keys configured: set GATEWAY_API_KEYS to accept requests',
    })
  }
  const started = performance.now()
  const delegated = delegatedDigest(c.req.raw)
  let presented: string
  if (delegated) presented = delegated
  else {
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match?.[1]) {
      throw new ApiError('unauthorized', 'Send your gateway key as Authorization: Bearer <key>.')
    }
    presented = await presentedDigest(match[1])
  }
  const principal = await principalForDigest(c, presented)
  c.set('keyMs', performance.now() - started)
  if (!principal) throw new ApiError('unauthorized', 'The gateway key is not valid.')
  c.set('clientId', presented.slice(0, 32))
  c.set('principal', principal)
  await guardRequest(c, principal)
  await next()
})

/**
 * The principal of a key given by its digest (hex): a root key when it matches one configured,
 * compared in constant time, else a live managed key; null when neither.
 */
export async function principalForDigest(
  c: Context<AppEnv>,
  presentedHex: string,
): Promise<Principal | null> {
  const keys = c.get('config').gatewayKeys
  const presented = fromHex(presentedHex)
  let matched = false
  if (presented.length === 32) {
    for (const candidate of await digestsOf(keys)) {
      // No early exit: every configured key is compared.
      if (crypto.subtle.timingSafeEqual(candidate, presented)) matched = true
    }
  }
  return matched ? rootPrincipal(c) : await managedPrincipal(c, presentedHex)
}
