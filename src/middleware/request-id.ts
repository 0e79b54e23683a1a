import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../lib/app-env'

const SANE = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * Keeps the client's own X-Request-Id when it is sane, else makes one; every response carries it.
 * Not hono/request-id: that one refuses `.` and `:`, which trace ids (`client-abc.123`) carry.
 */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const given = c.req.header('x-request-id')
  const id = given && SANE.test(given) ? given : `req_${crypto.randomUUID().replaceAll('-', '')}`
  c.set('requestId', id)
  await next()
  c.res.headers.set('x-request-id', id)
})
