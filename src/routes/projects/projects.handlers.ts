import type { RouteHandler } from '@hono/zod-openapi'
import { z } from 'zod'
import { decodeCursor, encodeCursor } from '../../contract/cursor'
import { listProjects as readProjects } from '../../keys/projects'
import type { AppEnv } from '../../lib/app-env'
import { parsed } from '../../lib/respond'
import type * as routes from './projects.routes'
import { ProjectListSchema } from './projects.routes'

const AfterSchema = z.object({ after: z.string().max(63) })

export const listProjects: RouteHandler<typeof routes.listProjects, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid('query')
  const after = cursor ? decodeCursor(cursor, AfterSchema).after : null
  const rows = await readProjects(c.env.DB, limit + 1, after)
  const kept = rows.slice(0, limit)
  const last = kept.at(-1)
  return c.json(
    parsed(ProjectListSchema, {
      data: kept.map((p) => ({ ...p, createdAt: new Date(p.createdAt).toISOString() })),
      hasMore: rows.length > limit,
      nextCursor: rows.length > limit && last ? encodeCursor({ after: last.slug }) : null,
    }),
    200,
  )
}
