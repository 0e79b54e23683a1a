import type { VendorErrorWords } from '../kit/http'
import type { ProviderContext } from '../kit/types'
import { defineVendor } from '../kit/vendor'
import {
  AgentListResponseSchema,
  AgentResponseSchema,
  CallCursorPageSchema,
  CallResponseSchema,
  FastApiErrorSchema,
  ModelResponseSchema,
  type OneInboxAgentCreate,
  type OneInboxAgentPatch,
  type OneInboxCallCreate,
  type OneInboxModelCreate,
  type OneInboxModelPatch,
} from './vendor'

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

/** OneInbox's snake_case field names (after FastAPI's leading `body`) as our field paths. */
const FIELD_NAMES: Record<string, string> = {
  agent_id: 'agentId',
  to_number: 'to',
  from_number: 'from',
  scheduled_at: 'scheduledAt',
  variables: 'variables',
  metadata: 'metadata',
  overrides: 'overrides',
  'overrides.llm': 'overrides.llm',
  'overrides.llm.model': 'overrides.llm.model',
  'overrides.llm.temperature': 'overrides.llm.temperature',
  'overrides.llm.system_prompt': 'overrides.prompt',
  'overrides.first_message': 'overrides.firstMessage',
  'overrides.tts': 'overrides.voice',
  'overrides.tts.voice_id': 'overrides.voice.voiceId',
  'overrides.tts.model': 'overrides.voice.model',
  'overrides.tts.speed': 'overrides.voice.speed',
  'overrides.transcriber.model': 'overrides.transcriber.model',
  'overrides.transcriber.language': 'overrides.transcriber.language',
  name: 'name',
  first_message: 'firstMessage',
  language: 'language',
  max_duration_seconds: 'maxDurationSeconds',
  dynamic_variables: 'variables',
  tts: 'voice',
  'tts.voice_id': 'voice.voiceId',
  'tts.provider': 'voice.vendor',
  'tts.speed': 'voice.speed',
  transcriber: 'transcriber',
  'transcriber.provider': 'transcriber.vendor',
  'transcriber.model': 'transcriber.model',
  'transcriber.language': 'transcriber.language',
  system_prompt: 'prompt',
  model: 'llm.model',
  provider: 'llm.vendor',
  temperature: 'llm.temperature',
}

/** FastAPI locations start with where the value came from: body, query or path. */
const SOURCES = new Set(['body', 'query', 'path'])

function fieldPath(loc: ReadonlyArray<string | number>): string {
  const parts = loc.map(String)
  const inner = SOURCES.has(parts[0] ?? '') ? parts.slice(1) : parts
  const vendorPath = inner.join('.')
  return FIELD_NAMES[vendorPath] ?? (vendorPath || parts.join('.'))
}

/**
 * OneInbox answers FastAPI-style: `{detail: "…"}`, or on 422 `{detail: [{loc, msg, type}]}`.
 * The vendor's words stay in the detail; each entry becomes an `errors[]` item on our field names.
 */
export function describeOneInboxError(_status: number, body: unknown): VendorErrorWords {
  const parsed = FastApiErrorSchema.safeParse(body)
  if (!parsed.success) return {}
  const { detail } = parsed.data
  if (typeof detail === 'string') return { detail }
  const errors = detail.map((entry) => ({ path: fieldPath(entry.loc), message: entry.msg }))
  return {
    detail: detail.map((entry) => `${entry.loc.join('.')}: ${entry.msg}`).join('; '),
    code: detail[0]?.type,
    errors,
  }
}

export const vendor = defineVendor({
  id: 'oneinbox',
  name: 'OneInbox',
  docsUrl: 'https://docs.oneinbox.ai',
  env: { apiKey: 'ONEINBOX_API_KEY', baseUrl: 'ONEINBOX_BASE_URL' },
  defaultBaseUrl: 'https://api.oneinbox.ai',
  describeError: describeOneInboxError,
})

export function vendorApi(ctx: ProviderContext) {
  const http = vendor.client(ctx)
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

export type VendorApi = ReturnType<typeof vendorApi>
