import { createRoute, z } from '@hono/zod-openapi'
import { ListQuerySchema, listOf } from '../../contract/common'
import { ProjectSchema } from '../../contract/key'
import { bearer, errorResponses, jsonContent } from '../../lib/openapi'

export const ProjectListSchema = listOf(ProjectSchema, 'ProjectList')

export const listProjects = createRoute({
  method: 'get',
  path: '/v1/projects',
  operationId: 'listProjects',
  tags: ['Keys'],
  security: bearer,
  summary: 'List projects (root keys only)',
  description:
    'Every project a root key has named (Switchboard-Project), with how many agents, calls and keys it holds, so a mistyped slug is visible.',
  request: {
    query: ListQuerySchema.extend({
      cursor: z
        .string()
        .max(2048)
        .optional()
        .openapi({
          param: { name: 'cursor', in: 'query' },
          description: 'nextCursor from the previous page',
        }),
    }),
  },
  responses: { 200: jsonContent(ProjectListSchema, 'A page of projects, by slug'), ...errorResponses },
})
