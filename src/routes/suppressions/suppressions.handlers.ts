import type { RouteHandler } from '@hono/zod-openapi'
import { isE164 } from '../../contract/common'
import { ApiError, validationError } from '../../contract/errors'
import { pageOf, readKeyset } from '../../ledger/cursor'
import type { AppEnv } from '../../lib/app-env'
import { parsed } from '../../lib/respond'
import {
  addSuppressions as add,
  listSuppressions as readPage,
  removeSuppression,
  type SuppressionRow,
} from '../../suppressions/store'
import type * as routes from './suppressions.routes'
import { SuppressionListSchema } from './suppressions.routes'

const shown = (row: SuppressionRow) => ({
  number: row.number,
  reason: row.reason,
  createdAt: new Date(row.created_at).toISOString(),
})

export const addSuppressions: RouteHandler<typeof routes.addSuppressions, AppEnv> = async (c) => {
  const { numbers, reason } = c.req.valid('json')
  const added = await add(c.env.DB, c.get('principal').project, numbers, reason ?? null)
  return c.json({ added }, 200)
}

export const listSuppressions: RouteHandler<typeof routes.listSuppressions, AppEnv> = async (c) => {
  const { limit, cursor, number } = c.req.valid('query')
  if (number !== undefined && !isE164(number)) throw validationError('number', 'Must be an E.164 number')
  const project = c.get('principal').project
  const rows = await readPage(c.env.DB, project, number, limit + 1, readKeyset(project, cursor))
  const page = pageOf(project, rows, limit, (r) => ({ t: r.created_at, r: r.number }), shown)
  return c.json(parsed(SuppressionListSchema, page), 200)
}

export const deleteSuppression: RouteHandler<typeof routes.deleteSuppression, AppEnv> = async (c) => {
  const { number } = c.req.valid('param')
  if (!(await removeSuppression(c.env.DB, c.get('principal').project, number))) {
    throw new ApiError('not_found', `${number.slice(0, 32)} is not suppressed in this project.`)
  }
  return c.body(null, 204)
}
