import { type Endpoint, endpointApi } from '../kit/endpoints'
import type { VendorErrorWords } from '../kit/http'
import type { ProviderContext } from '../kit/types'
import { defineVendor } from '../kit/vendor'
import {
  AgentCreateRequestSchema,
  AgentListResponseSchema,
  AgentPatchRequestSchema,
  AgentResponseSchema,
  CallCreateRequestSchema,
  CallCursorPageSchema,
  CallResponseSchema,
  FastApiErrorSchema,
  ModelCreateRequestSchema,
  ModelPatchRequestSchema,
  ModelResponseSchema,
} from './vendor'

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

/**
 * Endpoints. Agent get and delete, and model delete, follow the documented REST pattern but are
 * not on a reference page (unconfirmed): correct them here if OneInbox answers differently.
 */
export const ENDPOINTS = {
  createModel: {
    method: 'POST',
    path: '/v1/models',
    request: ModelCreateRequestSchema,
    answer: ModelResponseSchema,
  },
  getModel: { method: 'GET', path: '/v1/models/{id}', answer: ModelResponseSchema },
  updateModel: {
    method: 'PATCH',
    path: '/v1/models/{id}',
    request: ModelPatchRequestSchema,
    answer: ModelResponseSchema,
  },
  deleteModel: { method: 'DELETE', path: '/v1/models/{id}' },
  createAgent: {
    method: 'POST',
    path: '/v1/agents',
    request: AgentCreateRequestSchema,
    answer: AgentResponseSchema,
  },
  /** Offset-paged: limit, offset. */
  listAgents: { method: 'GET', path: '/v1/agents', answer: AgentListResponseSchema },
  getAgent: { method: 'GET', path: '/v1/agents/{id}', answer: AgentResponseSchema },
  updateAgent: {
    method: 'PATCH',
    path: '/v1/agents/{id}',
    request: AgentPatchRequestSchema,
    answer: AgentResponseSchema,
  },
  deleteAgent: { method: 'DELETE', path: '/v1/agents/{id}' },
  createCall: {
    method: 'POST',
    path: '/v1/calls',
    request: CallCreateRequestSchema,
    answer: CallResponseSchema,
  },
  getCall: { method: 'GET', path: '/v1/calls/{id}', answer: CallResponseSchema },
  /** Newest first: limit, cursor, agent_id, status. */
  listCalls: { method: 'GET', path: '/v1/calls/cursor', answer: CallCursorPageSchema },
  /** Also the way to withdraw a scheduled call: OneInbox documents no other (unconfirmed). */
  stopCall: { method: 'POST', path: '/v1/calls/{id}/stop', answer: CallResponseSchema },
} as const satisfies Record<string, Endpoint>

export const vendorApi = (ctx: ProviderContext) => endpointApi(vendor.client(ctx), ENDPOINTS)

export type VendorApi = ReturnType<typeof vendorApi>
