import { createVendorClient } from '../../src/lib/http'
import type { ProviderContext } from '../types'
import { describeOneInboxError } from './describe-error'
import { PROVIDER_ID } from './map'
import {
  AgentListResponseSchema,
  AgentResponseSchema,
  CallCursorPageSchema,
  CallResponseSchema,
  ModelResponseSchema,
  type OneInboxAgentCreate,
  type OneInboxAgentPatch,
  type OneInboxCallCreate,
  type OneInboxModelCreate,
  type OneInboxModelPatch,
} from './vendor'

export const DEFAULT_BASE_URL = 'https://api.oneinbox.ai'

/**
 * Endpoints. Agent get and delete, and model delete, follow the documented REST pattern but are
 * not on a reference page (unconfirmed): correct them here if OneInbox answers differently.
 */
export const PATHS = {
  models: '/v1/models',
  model: (id: string) => `/v1/models/${encodeURIComponent(id)}`,
  agents: '/v1/agents',
  agent: (id: string) => `/v1/agents/${encodeURIComponent(id)}`,
  calls: '/v1/calls',
  callsCursor: '/v1/calls/cursor',
  call: (id: string) => `/v1/calls/${encodeURIComponent(id)}`,
  stopCall: (id: string) => `/v1/calls/${encodeURIComponent(id)}/stop`,
} as const

export function oneInboxClient(ctx: ProviderContext) {
  const http = createVendorClient({
    provider: PROVIDER_ID,
    providerName: 'OneInbox',
    baseUrl: ctx.env.ONEINBOX_BASE_URL || DEFAULT_BASE_URL,
    apiKey: ctx.env.ONEINBOX_API_KEY ?? '',
    ctx,
    describeError: describeOneInboxError,
  })
  return {
    createModel: (body: OneInboxModelCreate) => http.post(PATHS.models, ModelResponseSchema, { json: body }),
    getModel: (id: string) => http.get(PATHS.model(id), ModelResponseSchema),
    updateModel: (id: string, body: OneInboxModelPatch) =>
      http.patch(PATHS.model(id), ModelResponseSchema, { json: body }),
    deleteModel: (id: string) => http.delete(PATHS.model(id), undefined),

    createAgent: (body: OneInboxAgentCreate) => http.post(PATHS.agents, AgentResponseSchema, { json: body }),
    getAgent: (id: string) => http.get(PATHS.agent(id), AgentResponseSchema),
    listAgents: (limit: number, offset: number) =>
      http.get(PATHS.agents, AgentListResponseSchema, { searchParams: { limit, offset } }),
    updateAgent: (id: string, body: OneInboxAgentPatch) =>
      http.patch(PATHS.agent(id), AgentResponseSchema, { json: body }),
    deleteAgent: (id: string) => http.delete(PATHS.agent(id), undefined),

    createCall: (body: OneInboxCallCreate) => http.post(PATHS.calls, CallResponseSchema, { json: body }),
    getCall: (id: string) => http.get(PATHS.call(id), CallResponseSchema),
    listCalls: (query: { limit: number; cursor?: string; agentId?: string; status?: string }) =>
      http.get(PATHS.callsCursor, CallCursorPageSchema, {
        searchParams: {
          limit: query.limit,
          cursor: query.cursor,
          agent_id: query.agentId,
          status: query.status,
        },
      }),
    // Also the way to withdraw a scheduled call: OneInbox documents no other (unconfirmed).
    stopCall: (id: string) => http.post(PATHS.stopCall(id), CallResponseSchema),
  }
}

export type OneInboxClient = ReturnType<typeof oneInboxClient>
