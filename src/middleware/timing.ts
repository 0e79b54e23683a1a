import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../lib/app-env'

/** Server-Timing: `total` always, `upstream` when a vendor was called. */
export const serverTiming = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now()
  c.set('upstreamMs', 0)
  await next()
  const parts = [`total;dur=${(performance.now() - started).toFixed(1)}`]
  const upstream = c.get('upstreamMs')
  if (upstream > 0) parts.push(`upstream;dur=${upstream.toFixed(1)}`)
  c.res.headers.set('server-timing', parts.join(', '))
})
