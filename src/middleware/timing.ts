import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../lib/app-env'

export const serverTiming = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now()
  c.set('upstreamMs', 0)
  c.set('upstreamCalls', 0)
  await next()
  const parts = [`total;dur=${(performance.now() - started).toFixed(1)}`]
  // By count, not duration: workerd's clock moves only on I/O, so a vendor exchange can measure 0 ms.
  if (c.get('upstreamCalls') > 0) parts.push(`upstream;dur=${c.get('upstreamMs').toFixed(1)}`)
  if ((c.get('ledgerCalls') ?? 0) > 0) parts.push(`ledger;dur=${(c.get('ledgerMs') ?? 0).toFixed(1)}`)
  const keyMs = c.get('keyMs')
  if (keyMs !== undefined) parts.push(`key;dur=${keyMs.toFixed(1)}`)
  const rateMs = c.get('rateMs')
  if (rateMs !== undefined) parts.push(`rate;dur=${rateMs.toFixed(1)}`)
  c.res.headers.set('server-timing', parts.join(', '))
})
