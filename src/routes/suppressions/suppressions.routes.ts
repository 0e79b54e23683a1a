import { createRoute, z } from '@hono/zod-openapi'
import { ListQuerySchema, listOf } from '../../contract/common'
import {
  SuppressionAddedSchema,
  SuppressionCreateSchema,
  SuppressionSchema,
} from '../../contract/suppression'
import { bearer, errorResponses, jsonBody, jsonContent } from '../../lib/openapi'

const tags = ['Suppressions']

export const SuppressionListSchema = listOf(SuppressionSchema, 'SuppressionList')

const NumberParamSchema = z.object({
  number: z
    .string()
    .min(1)
    .max(32)
    .openapi({
      param: { name: 'number', in: 'path' },
      example: '+14155550100',
      description: 'The suppressed number, E.164 (URL-encode the +: %2B)',
    }),
})

const SuppressionQuerySchema = ListQuerySchema.extend({
  number: z
    .string()
    .max(32)
    .optional()
    .openapi({ param: { name: 'number', in: 'query' }, description: 'Only this number (E.164)' }),
})

export const addSuppressions = createRoute({
  method: 'post',
  path: '/v1/suppressions',
  operationId: 'addSuppressions',
  tags,
  security: bearer,
  summary: 'Suppress numbers',
  description:
    'Scope suppressions:write. Up to 10,000 E.164 numbers the project must never call: every later create of the project refuses them (422 suppressed), and a campaign marks such a contact suppressed when it is about to dial it.',
  request: { body: jsonBody(SuppressionCreateSchema) },
  responses: { 200: jsonContent(SuppressionAddedSchema, 'How many numbers were added'), ...errorResponses },
})

export const listSuppressions = createRoute({
  method: 'get',
  path: '/v1/suppressions',
  operationId: 'listSuppressions',
  tags,
  security: bearer,
  summary: "List the project's suppressed numbers",
  description: 'Scope suppressions:read. Newest first; `number` looks one up.',
  request: { query: SuppressionQuerySchema },
  responses: { 200: jsonContent(SuppressionListSchema, 'A page of suppressions'), ...errorResponses },
})

export const deleteSuppression = createRoute({
  method: 'delete',
  path: '/v1/suppressions/{number}',
  operationId: 'deleteSuppression',
  tags,
  security: bearer,
  summary: 'Lift a suppression',
  description: 'Scope suppressions:write. The number may be called again; 404 if it was not suppressed.',
  request: { params: NumberParamSchema },
  responses: { 204: { description: 'Removed' }, ...errorResponses },
})
