import { createMiddleware } from 'hono/factory'
import { log } from '../../providers/kit/log'
import { ApiError } from '../contract/errors'
import { managedPrincipal, rootPrincipal } from '../keys/authenticate'
import { guardRequest } from '../keys/guard'
import type { AppEnv } from '../lib/app-env'

const encoder = new TextEncoder()
const digest = async (value: string) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(value)))
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

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
  const header = c.req.header('authorization') ?? ''
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!match?.[1]) {
    throw new ApiError('unauthorized', 'Send your gateway key as Authorization: Bearer <key>.')
  }
  const presented = await digest(match[1])
  let matched = false
  for (const candidate of await digestsOf(keys)) {
    // No early exit: every configured key is compared.
    if (crypto.subtle.timingSafeEqual(candidate, presented)) matched = true
  }
  const principal = matched ? rootPrincipal(c) : await managedPrincipal(c, hex(presented))
  if (!principal) throw new ApiError('unauthorized', 'The gateway key is not valid.')
  c.set('clientId', hex(presented).slice(0, 32))
  c.set('principal', principal)
  await guardRequest(c, principal)
  await next()
})
