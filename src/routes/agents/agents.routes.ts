import { createRoute, z } from '@hono/zod-openapi'
import { AgentCreateSchema, AgentSchema, AgentUpdateSchema } from '../../contract/agent'
import {
  IdParamSchema,
  IncludeQuerySchema,
  ListQuerySchema,
  listOf,
  WriteHeadersSchema,
} from '../../contract/common'
import { bearer, errorResponses, jsonBody, jsonContent } from '../../lib/openapi'

const tags = ['Agents']
const preferHeader = WriteHeadersSchema.pick({ prefer: true })

export const AgentListSchema = listOf(AgentSchema, 'AgentList')

export const createAgent = createRoute({
  operationId: 'createAgent',
  method: 'post',
  path: '/v1/agents',
  tags,
  security: bearer,
  summary: 'Create an agent',
  request: { body: jsonBody(AgentCreateSchema), query: IncludeQuerySchema, headers: WriteHeadersSchema },
  responses: { 201: jsonContent(AgentSchema, 'The created agent'), ...errorResponses },
})

export const listAgents = createRoute({
  operationId: 'listAgents',
  method: 'get',
  path: '/v1/agents',
  tags,
  security: bearer,
  summary: "List one provider's agents",
  request: {
    query: ListQuerySchema.extend(IncludeQuerySchema.shape).extend({
      provider: z
        .string()
        .min(1)
        .max(64)
        .openapi({
          param: { name: 'provider', in: 'query' },
          description: 'Whose agents to list: a provider id',
          example: 'sandbox',
        }),
    }),
  },
  responses: { 200: jsonContent(AgentListSchema, 'A page of agents'), ...errorResponses },
})

export const getAgent = createRoute({
  operationId: 'getAgent',
  method: 'get',
  path: '/v1/agents/{id}',
  tags,
  security: bearer,
  summary: 'Get an agent',
  request: { params: IdParamSchema, query: IncludeQuerySchema },
  responses: { 200: jsonContent(AgentSchema, 'The agent'), ...errorResponses },
})

export const updateAgent = createRoute({
  operationId: 'updateAgent',
  method: 'patch',
  path: '/v1/agents/{id}',
  tags,
  security: bearer,
  summary: 'Update an agent (only the fields given change)',
  request: {
    params: IdParamSchema,
    query: IncludeQuerySchema,
    body: jsonBody(AgentUpdateSchema),
    headers: preferHeader,
  },
  responses: { 200: jsonContent(AgentSchema, 'The updated agent'), ...errorResponses },
})

export const deleteAgent = createRoute({
  operationId: 'deleteAgent',
  method: 'delete',
  path: '/v1/agents/{id}',
  tags,
  security: bearer,
  summary: 'Delete an agent',
  request: { params: IdParamSchema },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
})
