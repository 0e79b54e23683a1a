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
  operationId: 'createCall',
  method: 'post',
  path: '/v1/calls',
  tags,
  security: bearer,
  summary: 'Place a call',
  description: "The agentId's prefix picks the provider.",
  request: { body: jsonBody(CallCreateSchema), query: IncludeQuerySchema, headers: WriteHeadersSchema },
  responses: { 201: jsonContent(CallSchema, 'The call, as the vendor accepted it'), ...errorResponses },
})

export const createCallBatch = createRoute({
  operationId: 'createCallBatch',
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
  operationId: 'listCalls',
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
        .openapi({
          param: { name: 'provider', in: 'query' },
          description: 'Only calls on this provider',
          example: 'sandbox',
        }),
      agentId: z
        .string()
        .min(3)
        .max(512)
        .optional()
        .openapi({
          param: { name: 'agentId', in: 'query' },
          description: 'Only calls this agent placed (its prefix names the provider)',
          example: 'sandbox_0mhx2kq1a7f3c9',
        }),
      status: CallStatusSchema.optional().openapi({
        param: { name: 'status', in: 'query' },
        description: 'Only calls in this status',
        example: 'completed',
      }),
    }),
  },
  responses: { 200: jsonContent(CallListSchema, 'A page of calls, newest first'), ...errorResponses },
})

export const getCall = createRoute({
  operationId: 'getCall',
  method: 'get',
  path: '/v1/calls/{id}',
  tags,
  security: bearer,
  summary: 'Get a call',
  request: { params: IdParamSchema, query: IncludeQuerySchema },
  responses: { 200: jsonContent(CallSchema, 'The call'), ...errorResponses },
})

export const cancelCall = createRoute({
  operationId: 'cancelCall',
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
