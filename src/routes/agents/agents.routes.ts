import { createRoute, z } from '@hono/zod-openapi'
import { bearer, errorResponses, jsonBody, jsonContent } from '../../lib/openapi'
import { AgentCreateSchema, AgentSchema, AgentUpdateSchema } from '../../schemas/agent'
import {
  IdParamSchema,
  IncludeQuerySchema,
  ListQuerySchema,
  listOf,
  WriteHeadersSchema,
} from '../../schemas/common'

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
  summary: "List the project's agents",
  description:
    "From Switchboard's ledger, newest first: the agents created or imported in this project. `provider` narrows it. `source=vendor` (root keys, with provider) lists the vendor's own agents instead, as v1 did.",
  request: {
    query: ListQuerySchema.extend(IncludeQuerySchema.shape).extend({
      provider: z
        .string()
        .min(1)
        .max(64)
        .optional()
        .openapi({
          param: { name: 'provider', in: 'query' },
          description: 'Only agents on this provider',
          example: 'sandbox',
        }),
      source: z
        .enum(['ledger', 'vendor'])
        .default('ledger')
        .openapi({
          param: { name: 'source', in: 'query' },
          description: "`vendor` (root keys): the vendor's own list",
        }),
    }),
  },
  responses: { 200: jsonContent(AgentListSchema, 'A page of agents'), ...errorResponses },
})

export const importAgent = createRoute({
  method: 'post',
  path: '/v1/agents/import',
  operationId: 'importAgent',
  tags,
  security: bearer,
  summary: 'Import an agent made outside Switchboard',
  description:
    "Scope agents:import. Reads the agent from its vendor and records it in the caller's project, so managed keys of the project can use it. An agent recorded in another project is 404.",
  request: {
    body: jsonBody(
      z
        .strictObject({ id: z.string().min(3).max(512) })
        .openapi('AgentImport', { description: 'The vendor agent to record in this project' }),
    ),
    query: IncludeQuerySchema,
  },
  responses: { 200: jsonContent(AgentSchema, 'The imported agent'), ...errorResponses },
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
