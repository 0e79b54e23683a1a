import type { VendorErrorWords } from '../../src/lib/http'
import { FastApiErrorSchema } from './vendor'

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
