import type { Context } from 'hono'
import { ApiError } from '../contract/errors'
import type { AppEnv } from '../lib/app-env'
import type { Principal } from './principal'
import { requiredScope } from './scopes'

/** The scope this route needs, and the key's rate limit: 403 naming the scope, 429 past the limit. */
export async function guardRequest(c: Context<AppEnv>, principal: Principal): Promise<void> {
  const needed = requiredScope(c.req.method, c.req.path)
  if (needed === 'root' && principal.kind !== 'root') {
    throw new ApiError('forbidden', 'Only a root key (GATEWAY_API_KEYS) may use this route.')
  }
  if (needed !== null && needed !== 'root' && !principal.scopes.has(needed)) {
    throw new ApiError('forbidden', `This key lacks the scope ${needed}.`, {
      errors: [{ path: 'scope', message: `requires ${needed}` }],
    })
  }
  if (principal.requestsPerMinute !== null && principal.keyId !== null) {
    const limiter = c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(principal.keyId))
    const started = performance.now()
    const decision = await limiter.hit(principal.requestsPerMinute)
    c.set('rateMs', performance.now() - started)
    if (!decision.allowed) {
      throw new ApiError(
        'rate_limited',
        `This key allows ${principal.requestsPerMinute} requests per minute; retry after ${decision.retryAfterSeconds} s.`,
        { retryAfter: decision.retryAfterSeconds },
      )
    }
  }
}

/** The provider allow-list: a provider outside the key's list is 403 naming it. */
export function assertProviderAllowed(principal: Principal | undefined, provider: string): void {
  if (!principal?.providers || principal.providers.includes(provider)) return
  throw new ApiError('forbidden', `This key may not use the provider ${provider}.`, {
    errors: [{ path: 'provider', message: `${provider} is not in this key's providers` }],
  })
}

export const providerAllowed = (principal: Principal | undefined, provider: string) =>
  !principal?.providers || principal.providers.includes(provider)
