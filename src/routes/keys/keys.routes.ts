import { createRoute, z } from '@hono/zod-openapi'
import { ListQuerySchema, listOf } from '../../contract/common'
import { ApiKeyCreateSchema, ApiKeySchema } from '../../contract/key'
import { bearer, errorResponses, jsonBody, jsonContent } from '../../lib/openapi'

const tags = ['Keys']

export const ApiKeyListSchema = listOf(ApiKeySchema, 'ApiKeyList')
const KeyIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({
      param: { name: 'id', in: 'path' },
      description: 'The key id (key_…)',
      example: 'key_01JD3W6M4N5P7Q8R9S0T1V2W3X',
    }),
})

export const createKey = createRoute({
  method: 'post',
  path: '/v1/keys',
  operationId: 'createKey',
  tags,
  security: bearer,
  summary: 'Create a managed key',
  description:
    'Scope keys:write. The secret is in this answer only; Switchboard keeps its SHA-256 digest. A key made by a managed key is never stronger than its creator.',
  request: { body: jsonBody(ApiKeyCreateSchema) },
  responses: { 201: jsonContent(ApiKeySchema, 'The key, with its secret (shown once)'), ...errorResponses },
})

export const listKeys = createRoute({
  method: 'get',
  path: '/v1/keys',
  operationId: 'listKeys',
  tags,
  security: bearer,
  summary: "List the project's keys",
  description: 'Scope keys:read. Newest first; never a secret.',
  request: { query: ListQuerySchema },
  responses: { 200: jsonContent(ApiKeyListSchema, 'A page of keys'), ...errorResponses },
})

export const getKey = createRoute({
  method: 'get',
  path: '/v1/keys/{id}',
  operationId: 'getKey',
  tags,
  security: bearer,
  summary: 'Get a managed key',
  description: 'Scope keys:read. Never the secret.',
  request: { params: KeyIdParamSchema },
  responses: { 200: jsonContent(ApiKeySchema, 'The key'), ...errorResponses },
})

export const deleteKey = createRoute({
  method: 'delete',
  path: '/v1/keys/{id}',
  operationId: 'deleteKey',
  tags,
  security: bearer,
  summary: 'Revoke a managed key',
  description: 'Scope keys:write. The key is refused everywhere within 5 seconds.',
  request: { params: KeyIdParamSchema },
  responses: { 204: { description: 'Revoked' }, ...errorResponses },
})
