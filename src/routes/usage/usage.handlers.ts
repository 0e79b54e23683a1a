import type { RouteHandler } from '@hono/zod-openapi'
import { validationError } from '../../contract/errors'
import { usage } from '../../ledger/usage'
import type { AppEnv } from '../../lib/app-env'
import { parsed } from '../../lib/respond'
import type * as routes from './usage.routes'
import { UsageSchema } from './usage.routes'

const DAY_MS = 86_400_000
const MAX_RANGE_DAYS = 92

export const getUsage: RouteHandler<typeof routes.getUsage, AppEnv> = async (c) => {
  const query = c.req.valid('query')
  const to = query.to ? Date.parse(query.to) : Date.now()
  const from = query.from ? Date.parse(query.from) : to - 30 * DAY_MS
  if (from >= to) throw validationError('from', 'Must be before to')
  if (to - from > MAX_RANGE_DAYS * DAY_MS)
    throw validationError('to', `The range is at most ${MAX_RANGE_DAYS} days`)
  if (query.thenBy === query.groupBy) throw validationError('thenBy', 'Must differ from groupBy')
  const principal = c.get('principal')
  const data = await usage(
    c.env.DB,
    principal.project,
    from,
    to,
    query.groupBy,
    principal.providers,
    query.thenBy,
  )
  return c.json(
    parsed(UsageSchema, {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      groupBy: query.groupBy,
      ...(query.thenBy ? { thenBy: query.thenBy } : {}),
      data,
    }),
    200,
  )
}
