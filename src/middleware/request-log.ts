import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { log, rememberSecrets } from '../../providers/kit/log'
import { ApiError } from '../contract/errors'
import type { AppEnv } from '../lib/app-env'

/**
 * One structured line per request: id, method, route pattern (never the raw path, which holds
 * ids and tokens), provider, status, the vendor's last status and the durations. Runs after the
 * vendor fetch is in place, so it can watch what the vendor answered.
 */
export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now()
  rememberSecrets(c.env)
  const vendor = watchVendor(c)
  await next()
  const status = c.res.status
  const error = c.error instanceof ApiError ? c.error : undefined
  log(status >= 500 ? 'error' : 'info', {
    msg: 'request',
    requestId: c.get('requestId'),
    method: c.req.method,
    route: routePattern(c),
    provider: c.get('provider') ?? error?.extras.provider ?? null,
    status,
    ...(error ? { code: error.code } : {}),
    upstreamStatus: vendor.lastStatus,
    vendorRequests: vendor.requests,
    totalMs: round(performance.now() - started),
    upstreamMs: round(c.get('upstreamMs') ?? 0),
    ...(c.res.headers.get('idempotency-replayed') ? { idempotencyReplayed: true } : {}),
  })
})

const round = (ms: number) => Math.round(ms * 10) / 10

/** The pattern of the route that answered, e.g. /v1/calls/:id; middleware entries are skipped. */
function routePattern(c: Context<AppEnv>): string {
  const handler = c.req.matchedRoutes.findLast((route) => route.method !== 'ALL')
  return handler?.path ?? 'unmatched'
}

/** The vendor's last HTTP status (or how the exchange failed) and how many requests went out. */
function watchVendor(c: Context<AppEnv>) {
  const seen: { lastStatus: number | 'no_answer' | null; requests: number } = {
    lastStatus: null,
    requests: 0,
  }
  const upstream = c.get('upstreamFetch')
  c.set('upstreamFetch', async (input, init) => {
    seen.requests++
    try {
      const response = await upstream(input, init)
      seen.lastStatus = response.status
      return response
    } catch (error) {
      seen.lastStatus = 'no_answer'
      throw error
    }
  })
  return seen
}
