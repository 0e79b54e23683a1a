import { createRoute, z } from '@hono/zod-openapi'
import { BatchCreateSchema, BatchResultSchema, CallCreateSchema, CallSchema } from '../../contract/call'
import {
  IdParamSchema,
  IncludeQuerySchema,
  ListQuerySchema,
  listOf,
  TimestampSchema,
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

const queryParam = (name: string, description: string) => ({
  param: { name, in: 'query' as const },
  description,
})

export const listCalls = createRoute({
  operationId: 'listCalls',
  method: 'get',
  path: '/v1/calls',
  tags,
  security: bearer,
  summary: "List the project's calls",
  description:
    "From Switchboard's ledger, newest first, across providers, without asking any vendor. Filter by exact top-level metadata with `metadata.<key>=<value>` (up to 5). List items carry no transcript: read the call for it. `source=vendor` (root keys, with provider or agentId) lists the vendor's own calls instead, as v1 did.",
  request: {
    query: ListQuerySchema.extend(IncludeQuerySchema.shape).extend({
      provider: z.string().min(1).max(64).optional().openapi(queryParam('provider', 'Only this provider')),
      agentId: z
        .string()
        .min(3)
        .max(512)
        .optional()
        .openapi(queryParam('agentId', 'Only calls of this agent')),
      campaignId: z
        .string()
        .min(1)
        .max(64)
        .optional()
        .openapi(queryParam('campaignId', 'Only this campaign')),
      status: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .openapi(queryParam('status', 'One CallStatus or several, comma-separated')),
      to: z.string().min(1).max(256).optional().openapi(queryParam('to', 'Only calls to this number')),
      createdAfter: TimestampSchema.optional().openapi(
        queryParam('createdAfter', 'Recorded after this time'),
      ),
      createdBefore: TimestampSchema.optional().openapi(
        queryParam('createdBefore', 'Recorded before this time'),
      ),
      source: z
        .enum(['ledger', 'vendor'])
        .default('ledger')
        .openapi(queryParam('source', "`vendor` (root keys): the vendor's own list, as v1 did")),
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
