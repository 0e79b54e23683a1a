import { createRoute, z } from '@hono/zod-openapi'
import {
  BatchCreateSchema,
  BatchResultSchema,
  CallCreateSchema,
  CallSchema,
  CallStatusSchema,
} from '../../contract/call'
import {
  IdParamSchema,
  IncludeQuerySchema,
  ListQuerySchema,
  listOf,
  WriteHeadersSchema,
} from '../../contract/common'
import { bearer, errorResponses, jsonBody, jsonContent } from '../../lib/openapi'

const tags = ['Calls']

export const CallListSchema = listOf(CallSchema, 'CallList')

export const createCall = createRoute({
  method: 'post',
  path: '/v1/calls',
  tags,
  security: bearer,
  summary: 'Place a call',
  description: "The agentId's prefix picks the provider.",
  request: { body: jsonBody(CallCreateSchema), query: IncludeQuerySchema, headers: WriteHeadersSchema },
  responses: { 201: jsonContent(CallSchema, 'The call, as the vendor accepted it'), ...errorResponses },
})

export const batchCalls = createRoute({
  method: 'post',
  path: '/v1/calls/batch',
  tags,
  security: bearer,
  summary: 'Place up to 1,000 calls with one agent',
  description:
    'Items are validated one by one: one bad item never sinks the others. Results come back in request order.',
  request: { body: jsonBody(BatchCreateSchema), query: IncludeQuerySchema, headers: WriteHeadersSchema },
  responses: {
    200: jsonContent(BatchResultSchema, 'One result per item, in request order'),
    ...errorResponses,
  },
})

export const listCalls = createRoute({
  method: 'get',
  path: '/v1/calls',
  tags,
  security: bearer,
  summary: 'List calls (provider or agentId required)',
  request: {
    query: ListQuerySchema.extend(IncludeQuerySchema.shape).extend({
      provider: z
        .string()
        .min(1)
        .max(64)
        .optional()
        .openapi({ param: { name: 'provider', in: 'query' } }),
      agentId: z
        .string()
        .min(3)
        .max(512)
        .optional()
        .openapi({ param: { name: 'agentId', in: 'query' } }),
      status: CallStatusSchema.optional().openapi({ param: { name: 'status', in: 'query' } }),
    }),
  },
  responses: { 200: jsonContent(CallListSchema, 'A page of calls, newest first'), ...errorResponses },
})

export const getCall = createRoute({
  method: 'get',
  path: '/v1/calls/{id}',
  tags,
  security: bearer,
  summary: 'Get a call',
  request: { params: IdParamSchema, query: IncludeQuerySchema },
  responses: { 200: jsonContent(CallSchema, 'The call'), ...errorResponses },
})

export const cancelCall = createRoute({
  method: 'post',
  path: '/v1/calls/{id}/cancel',
  tags,
  security: bearer,
  summary: 'Cancel a call',
  description:
    'Withdraws a call that has not connected, or hangs up a live one where the vendor can. 409 conflict where the vendor refuses; nothing changes then.',
  request: { params: IdParamSchema, query: IncludeQuerySchema },
  responses: { 200: jsonContent(CallSchema, 'The canceled call'), ...errorResponses },
})
