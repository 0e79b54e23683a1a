import { z } from 'zod'

/**
 * Retell's request schemas as its SDK types (generated from its OpenAPI) and docs give them, for
 * the fake vendor to judge what it receives. Written apart from providers/retell/vendor.ts, so a
 * field the provider misspells or a range it ignores fails here.
 */

export const E164 = /^\+[1-9]\d{1,14}$/
const Strings = z.record(z.string(), z.string())
const Obj = z.record(z.string(), z.unknown())

export const LLM_MODELS = [
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-4.1-nano',
  'gpt-5',
  'gpt-5-mini',
  'gpt-5-nano',
  'gpt-5.1',
  'gpt-5.2',
  'gpt-5.4',
  'gpt-5.4-mini',
  'gpt-5.4-nano',
  'gpt-5.5',
  'gpt-5.6-terra',
  'gpt-5.6-luna',
  'claude-4.5-sonnet',
  'claude-4.6-sonnet',
  'claude-5-sonnet',
  'claude-4.5-haiku',
  'gemini-3.0-flash',
  'gemini-3.1-flash-lite',
  'gemini-3.5-flash',
] as const
export const S2S_MODELS = [
  'gpt-realtime-2.1',
  'gpt-realtime-2.1-mini',
  'gpt-realtime-2',
  'gpt-realtime-1.5',
  'gpt-realtime',
  'gpt-realtime-mini',
] as const

const VOICE_MODELS = [
  'eleven_flash_v2',
  'eleven_flash_v2_5',
  'eleven_multilingual_v2',
  'eleven_v3',
  'sonic-3',
  'sonic-3-latest',
  'sonic-3.5',
  'tts-1',
  'gpt-4o-mini-tts',
  'speech-02-turbo',
  'speech-2.8-turbo',
  's1',
  's2-pro',
  's2.1-pro',
] as const

const LOCALES = (
  'en-US en-IN en-GB en-AU en-NZ de-DE es-ES es-419 hi-IN fr-FR fr-CA ja-JP pt-PT pt-BR zh-CN ru-RU it-IT ' +
  'ko-KR nl-NL nl-BE pl-PL tr-TR vi-VN ro-RO bg-BG ca-ES th-TH da-DK fi-FI el-GR hu-HU id-ID no-NO sk-SK ' +
  'sv-SE lt-LT lv-LV cs-CZ ms-MY af-ZA ar-SA az-AZ bs-BA cy-GB fa-IR fil-PH gl-ES he-IL hr-HR hy-AM is-IS ' +
  'kk-KZ kn-IN mk-MK mr-IN ne-NP sl-SI sr-RS sw-KE ta-IN ur-IN yue-CN uk-UA'
).split(' ') as [string, ...string[]]
const Locale = z.enum(LOCALES)

const WEBHOOK_EVENTS = [
  'call_started',
  'call_ended',
  'call_analyzed',
  'transcript_updated',
  'transfer_started',
  'transfer_bridged',
  'transfer_cancelled',
  'transfer_ended',
] as const

/** A custom tool, as create-retell-llm takes it; other tool types are checked for their type only. */
const CustomTool = z.strictObject({
  type: z.literal('custom'),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  url: z.string().url(),
  description: z.string().optional(),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
  headers: Strings.optional(),
  query_params: Strings.optional(),
  parameters: z.looseObject({ type: z.literal('object'), properties: z.unknown() }).optional(),
  args_at_root: z.boolean().optional(),
  speak_during_execution: z.boolean().optional(),
  speak_after_execution: z.boolean().optional(),
  execution_message_description: z.string().optional(),
  timeout_ms: z.number().int().min(1_000).max(600_000).optional(),
  response_variables: Strings.optional(),
})
const Tool = z.union([
  CustomTool,
  z.looseObject({
    type: z.enum([
      'end_call',
      'transfer_call',
      'check_availability_cal',
      'book_appointment_cal',
      'agent_swap',
      'press_digit',
      'send_sms',
      'code',
      'extract_dynamic_variable',
      'bridge_transfer',
      'cancel_transfer',
      'mcp',
    ]),
  }),
])

const llmShape = {
  general_prompt: z.string().nullable(),
  begin_message: z.string().nullable(),
  start_speaker: z.enum(['user', 'agent']),
  begin_after_user_silence_ms: z.number().int().nullable(),
  model: z.enum(LLM_MODELS).nullable(),
  s2s_model: z.enum(S2S_MODELS).nullable(),
  model_temperature: z.number().min(0).max(1),
  model_high_priority: z.boolean().nullable(),
  tool_call_strict_mode: z.boolean().nullable(),
  general_tools: z.array(Tool).nullable(),
  states: z.array(Obj).nullable(),
  starting_state: z.string().nullable(),
  default_dynamic_variables: Strings.nullable(),
  knowledge_base_ids: z.array(z.string()).nullable(),
  kb_config: Obj.nullable(),
  mcps: z.array(Obj).nullable(),
}
const bothModels = (llm: { model?: unknown; s2s_model?: unknown }) => !(llm.model && llm.s2s_model)
export const LlmCreate = z
  .strictObject(llmShape)
  .partial()
  .refine(bothModels, 'Set model or s2s_model, not both')
export const LlmPatch = LlmCreate

const ResponseEngine = z.union([
  z.strictObject({
    type: z.literal('retell-llm'),
    llm_id: z.string().min(1),
    version: z.number().optional(),
  }),
  z.strictObject({ type: z.literal('custom-llm'), llm_websocket_url: z.string().url() }),
  z.strictObject({
    type: z.literal('conversation-flow'),
    conversation_flow_id: z.string().min(1),
    version: z.number().optional(),
  }),
])

const agentShape = {
  response_engine: ResponseEngine,
  voice_id: z.string().min(1),
  agent_name: z.string().nullable(),
  voice_model: z.enum(VOICE_MODELS).nullable(),
  voice_speed: z.number().min(0.5).max(2),
  voice_temperature: z.number().min(0).max(2),
  volume: z.number().min(0).max(2),
  voice_emotion: z.string().nullable(),
  fallback_voice_ids: z.array(z.string()).nullable(),
  language: z.union([Locale, z.literal('multi'), z.array(Locale).min(1)]),
  stt_mode: z.enum(['fast', 'accurate', 'custom']),
  custom_stt_config: z.strictObject({
    provider: z.enum(['azure', 'deepgram', 'soniox', 'assemblyai']),
    endpointing_ms: z.number().int().min(0),
  }),
  vocab_specialization: z.enum(['general', 'medical']),
  boosted_keywords: z.array(z.string()).nullable(),
  webhook_url: z.string().url().nullable(),
  webhook_events: z.array(z.enum(WEBHOOK_EVENTS)).nullable(),
  webhook_timeout_ms: z.number().int().positive(),
  max_call_duration_ms: z.number().int().min(60_000).max(7_200_000),
  begin_message_delay_ms: z.number().int().min(0).max(5_000),
  end_call_after_silence_ms: z.number().int().min(10_000),
  ring_duration_ms: z.number().int().min(5_000).max(300_000),
  reminder_trigger_ms: z.number().int().positive(),
  reminder_max_count: z.number().int().min(0),
  responsiveness: z.number().min(0).max(1),
  interruption_sensitivity: z.number().min(0).max(1),
  enable_backchannel: z.boolean(),
  backchannel_frequency: z.number().min(0).max(1),
  ambient_sound: z.string().nullable(),
  ambient_sound_volume: z.number().min(0).max(2),
  denoising_mode: z.enum(['no-denoise', 'noise-cancellation', 'noise-and-background-speech-cancellation']),
  voicemail_option: Obj.nullable(),
  ivr_option: Obj.nullable(),
  post_call_analysis_data: z.array(Obj).nullable(),
  post_call_analysis_model: z.string().nullable(),
  timezone: z.string().min(1),
  allow_user_dtmf: z.boolean(),
  data_storage_setting: z.enum(['everything', 'everything_except_pii', 'basic_attributes_only']),
  data_storage_retention_days: z.number().int().min(1).max(730),
  pronunciation_dictionary: z.array(Obj).nullable(),
  version_title: z.string(),
  version_description: z.string(),
}
export const AgentCreate = z
  .strictObject(agentShape)
  .partial()
  .required({ response_engine: true, voice_id: true })
export const AgentPatch = z.strictObject(agentShape).partial()

/** `limit`, `pagination_key`, `sort_order` in the query; `filter_criteria` in the body. */
export const AgentListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  pagination_key: z.string().min(1).optional(),
  sort_order: z.enum(['ascending', 'descending']).optional(),
})
export const AgentListBody = z.strictObject({
  filter_criteria: z
    .strictObject({
      channel: z
        .strictObject({
          type: z.literal('string'),
          op: z.enum(['eq', 'ne', 'sw', 'ew', 'co']),
          value: z.enum(['voice', 'chat']),
        })
        .optional(),
      query: z.string().optional(),
    })
    .optional(),
})

const AgentOverride = z.strictObject({
  agent: AgentPatch.optional(),
  retell_llm: z
    .strictObject({
      model: z.enum(LLM_MODELS).nullable(),
      s2s_model: z.enum(S2S_MODELS).nullable(),
      model_temperature: z.number().min(0).max(1),
      model_high_priority: z.boolean(),
      tool_call_strict_mode: z.boolean(),
      knowledge_base_ids: z.array(z.string()),
      kb_config: Obj,
      start_speaker: z.enum(['user', 'agent']),
      begin_after_user_silence_ms: z.number().int(),
      begin_message: z.string(),
    })
    .partial()
    .optional(),
  conversation_flow: Obj.optional(),
})

export const CallCreate = z.strictObject({
  from_number: z.string().regex(E164),
  to_number: z.string().regex(E164),
  override_agent_id: z.string().min(1).optional(),
  override_agent_version: z.union([z.string().min(1), z.number().int()]).optional(),
  metadata: z.unknown().optional(),
  // "All values must be strings" (dynamic variables guide).
  retell_llm_dynamic_variables: Strings.optional(),
  custom_sip_headers: Strings.optional(),
  ignore_e164_validation: z.boolean().optional(),
  agent_override: AgentOverride.optional(),
})

const enumFilter = z.strictObject({
  type: z.literal('enum'),
  op: z.literal('in'),
  value: z.array(z.string()),
})
const stringFilter = z.strictObject({
  type: z.literal('string'),
  op: z.enum(['eq', 'ne', 'sw', 'ew', 'co']),
  value: z.string(),
})
const keyed = z.union([
  stringFilter.extend({ key: z.string().min(1) }),
  z.strictObject({ key: z.string().min(1), type: z.literal('present'), op: z.enum(['pr', 'np']) }),
])
const numberFilter = z.union([
  z.strictObject({
    type: z.literal('number'),
    op: z.enum(['eq', 'ne', 'gt', 'ge', 'lt', 'le']),
    value: z.number(),
  }),
  z.strictObject({ type: z.literal('range'), op: z.literal('bt'), value: z.array(z.number()).length(2) }),
])

export const CallListBody = z.strictObject({
  filter_criteria: z
    .strictObject({
      agent: z.array(
        z.strictObject({ agent_id: z.string().min(1), version: z.array(z.number()).optional() }),
      ),
      call_status: z.strictObject({
        type: z.literal('enum'),
        op: z.literal('in'),
        // `registered` is not accepted here.
        value: z.array(z.enum(['not_connected', 'ongoing', 'ended', 'error'])),
      }),
      call_type: enumFilter,
      direction: enumFilter,
      disconnection_reason: enumFilter,
      batch_call_id: stringFilter,
      from_number: stringFilter,
      to_number: stringFilter,
      start_timestamp: numberFilter,
      end_timestamp: numberFilter,
      metadata: z.array(keyed),
      dynamic_variables: z.array(keyed),
    })
    .partial()
    .optional(),
  sort_order: z.enum(['ascending', 'descending']).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  pagination_key: z.string().min(1).optional(),
  skip: z.number().int().min(0).optional(),
  include_total: z.boolean().optional(),
})

export const NoQuery = z.strictObject({})
