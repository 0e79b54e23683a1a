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
  description:
    'With `provider`: a vendor agent, created at that vendor. Without it, with `targets`: a portable agent (agt_…) deployed to each target; a target that fails to deploy is `failed` in `deployments` and the answer is still 201.',
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
  description:
    'A portable agent is redeployed to every target; a removed target has the vendor agent Switchboard deployed for it deleted. A vendor agent deployed for a portable agent is 409: change the portable agent.',
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
  description:
    'A portable agent: the vendor agents Switchboard deployed are deleted first (never one given as agentId); if a vendor refuses, the answer is its Problem and the agent stays. A vendor agent deployed for a portable agent is 409.',
  request: { params: IdParamSchema },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
})

export const syncAgent = createRoute({
  method: 'post',
  path: '/v1/agents/{id}/sync',
  operationId: 'syncAgent',
  tags,
  security: bearer,
  summary: "Retry a portable agent's failed deployments",
  description:
    "Portable agents only (agt_…). Deploys again every target whose deployment is `failed`, and answers the agent with each deployment's new state. Ready and inline deployments are left as they are.",
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(AgentSchema, 'The portable agent'), ...errorResponses },
})
