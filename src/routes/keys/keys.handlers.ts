import type { RouteHandler } from '@hono/zod-openapi'
import { endSessionsOfKey } from '../../console/sessions'
import { ApiError } from '../../contract/errors'
import { ApiKeySchema } from '../../contract/key'
import { forgetKeyId } from '../../keys/authenticate'
import { assertMayRevoke, grantFor } from '../../keys/grant'
import { insertKey, type KeyRecord, keyById, listKeys as readKeys, revokeKey } from '../../keys/store'
import { pageOf, readKeyset } from '../../ledger/cursor'
import type { AppEnv } from '../../lib/app-env'
import { parsed } from '../../lib/respond'
import type * as routes from './keys.routes'
import { ApiKeyListSchema } from './keys.routes'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

const shown = (record: KeyRecord) => ({
  id: record.id,
  name: record.name,
  project: record.project,
  scopes: record.scopes,
  providers: record.providers,
  rateLimit: record.requestsPerMinute === null ? null : { requestsPerMinute: record.requestsPerMinute },
  prefix: record.prefix,
  createdAt: new Date(record.createdAt).toISOString(),
  expiresAt: iso(record.expiresAt),
  lastUsedAt: iso(record.lastUsedAt),
})

const notFound = (id: string) => new ApiError('not_found', `No key ${id.slice(0, 64)} in this project.`)

export const createKey: RouteHandler<typeof routes.createKey, AppEnv> = async (c) => {
  const grant = grantFor(c.get('principal'), c.req.valid('json'), [...c.get('registry').keys()])
  const { record, secret } = await insertKey(c.env.DB, grant)
  return c.json(parsed(ApiKeySchema, { ...shown(record), secret }), 201)
}

export const listKeys: RouteHandler<typeof routes.listKeys, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid('query')
  const project = c.get('principal').project
  const rows = await readKeys(c.env.DB, project, limit + 1, readKeyset(project, cursor))
  const page = pageOf(project, rows, limit, (r) => ({ t: r.createdAt, r: r.id }), shown)
  return c.json(parsed(ApiKeyListSchema, page), 200)
}

export const getKey: RouteHandler<typeof routes.getKey, AppEnv> = async (c) => {
  const { id } = c.req.valid('param')
  const record = await keyById(c.env.DB, c.get('principal').project, id)
  if (!record) throw notFound(id)
  return c.json(parsed(ApiKeySchema, shown(record)), 200)
}

export const deleteKey: RouteHandler<typeof routes.deleteKey, AppEnv> = async (c) => {
  const { id } = c.req.valid('param')
  const principal = c.get('principal')
  const record = await keyById(c.env.DB, principal.project, id)
  if (!record) throw notFound(id)
  assertMayRevoke(principal, record)
  await revokeKey(c.env.DB, principal.project, id)
  forgetKeyId(id)
  await endSessionsOfKey(c.env.DB, id)
  return c.body(null, 204)
}
