import { z } from 'zod'

/**
 * Retell's payloads (docs/vendors/retell.md; Retell's SDK types follow its OpenAPI field for
 * field). snake_case, epoch milliseconds. Requests are strict: they are what we send, so a
 * misspelled field is our bug. Answers are loose: a field Retell adds later must not break reads
 * (it stays in providerData), but a field we rely on that changes type is a provider_error.
 */

/**
 * Retell's closed value lists as of its SDK 5.60 (Jul 2026). Retell adds models and locales over
 * time: a value missing here is refused as unsupported before anything is sent, so extend these
 * lists when Retell does.
 */
export const LLM_MODELS: readonly string[] = [
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
]
/** Speech-to-speech models: Retell takes them in `s2s_model` instead of `model`. */
export const S2S_MODELS: readonly string[] = [
  'gpt-realtime-2.1',
  'gpt-realtime-2.1-mini',
  'gpt-realtime-2',
  'gpt-realtime-1.5',
  'gpt-realtime',
  'gpt-realtime-mini',
]
export const VOICE_MODELS: readonly string[] = [
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
]
export const LANGUAGES: readonly string[] = (
  'en-US en-IN en-GB en-AU en-NZ de-DE es-ES es-419 hi-IN fr-FR fr-CA ja-JP pt-PT pt-BR zh-CN ru-RU ' +
  'it-IT ko-KR nl-NL nl-BE pl-PL tr-TR vi-VN ro-RO bg-BG ca-ES th-TH da-DK fi-FI el-GR hu-HU id-ID ' +
  'no-NO sk-SK sv-SE lt-LT lv-LV cs-CZ ms-MY af-ZA ar-SA az-AZ bs-BA cy-GB fa-IR fil-PH gl-ES he-IL ' +
  'hr-HR hy-AM is-IS kk-KZ kn-IN mk-MK mr-IN ne-NP sl-SI sr-RS sw-KE ta-IN ur-IN yue-CN uk-UA multi'
).split(' ')

const Strings = z.record(z.string(), z.string())
const Millis = z.number()

/** Retell's one error body: `{status: "error", message}`. */
export const RetellErrorSchema = z.looseObject({ status: z.string().optional(), message: z.string() })

// Retell LLM: prompt, first message, model and tools.

export const CustomToolSchema = z.strictObject({
  type: z.literal('custom'),
  name: z.string().min(1).max(64),
  description: z.string().optional(),
  url: z.string().min(1),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
  headers: Strings.optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  timeout_ms: z.number().int().min(1_000).max(600_000).optional(),
  speak_during_execution: z.boolean().optional(),
  speak_after_execution: z.boolean().optional(),
})
export type RetellCustomTool = z.infer<typeof CustomToolSchema>

/** The LLM fields we (or providerOptions) write; create and update take the same set. */
export const llmWritableShape = {
  general_prompt: z.string().nullable(),
  begin_message: z.string().nullable(),
  start_speaker: z.enum(['user', 'agent']),
  begin_after_user_silence_ms: z.number().int().min(0).nullable(),
  model: z.string().min(1).nullable(),
  s2s_model: z.string().min(1).nullable(),
  model_temperature: z.number().min(0).max(1),
  model_high_priority: z.boolean().nullable(),
  tool_call_strict_mode: z.boolean().nullable(),
  general_tools: z.array(z.record(z.string(), z.unknown())).nullable(),
  default_dynamic_variables: Strings.nullable(),
  knowledge_base_ids: z.array(z.string()).nullable(),
  kb_config: z.record(z.string(), z.unknown()).nullable(),
}
export const LlmWriteSchema = z.strictObject(llmWritableShape).partial()
export type RetellLlmWrite = z.infer<typeof LlmWriteSchema>

export const LlmSchema = z.looseObject({
  llm_id: z.string().min(1),
  version: z.number().nullish(),
  is_published: z.boolean().nullish(),
  general_prompt: z.string().nullish(),
  begin_message: z.string().nullish(),
  start_speaker: z.string().nullish(),
  model: z.string().nullish(),
  s2s_model: z.string().nullish(),
  model_temperature: z.number().nullish(),
  general_tools: z.array(z.looseObject({ type: z.string() })).nullish(),
  default_dynamic_variables: z.record(z.string(), z.unknown()).nullish(),
  last_modification_timestamp: Millis.nullish(),
})
export type RetellLlm = z.infer<typeof LlmSchema>

// Retell agent: voice, language, limits, webhook; points at the LLM through response_engine.

export const ResponseEngineSchema = z.strictObject({
  type: z.literal('retell-llm'),
  llm_id: z.string().min(1),
  version: z.number().int().optional(),
})

const CustomSttSchema = z.strictObject({
  provider: z.enum(['azure', 'deepgram', 'soniox', 'assemblyai']),
  endpointing_ms: z.number().int().min(0),
})

export const agentWritableShape = {
  response_engine: ResponseEngineSchema,
  voice_id: z.string().min(1),
  agent_name: z.string().nullable(),
  voice_model: z.string().min(1).nullable(),
  voice_speed: z.number().min(0.5).max(2),
  voice_temperature: z.number().min(0).max(2),
  language: z.union([z.string().min(2), z.array(z.string().min(2))]),
  stt_mode: z.enum(['fast', 'accurate', 'custom']),
  custom_stt_config: CustomSttSchema,
  webhook_url: z.string().nullable(),
  webhook_events: z.array(z.string()).nullable(),
  webhook_timeout_ms: z.number().int().min(1),
  max_call_duration_ms: z.number().int().min(60_000).max(7_200_000),
  end_call_after_silence_ms: z.number().int().min(10_000),
  ring_duration_ms: z.number().int().min(5_000).max(300_000),
  begin_message_delay_ms: z.number().int().min(0).max(5_000),
  interruption_sensitivity: z.number().min(0).max(1),
  responsiveness: z.number().min(0).max(1),
  enable_backchannel: z.boolean(),
  ambient_sound: z.string().nullable(),
  voicemail_option: z.record(z.string(), z.unknown()).nullable(),
  post_call_analysis_data: z.array(z.record(z.string(), z.unknown())).nullable(),
  timezone: z.string().min(1),
  vocab_specialization: z.enum(['general', 'medical']),
  boosted_keywords: z.array(z.string()).nullable(),
  data_storage_setting: z.enum(['everything', 'everything_except_pii', 'basic_attributes_only']),
}
export const AgentCreateRequestSchema = z
  .strictObject(agentWritableShape)
  .partial()
  .required({ response_engine: true, voice_id: true })
export const AgentPatchRequestSchema = z.strictObject(agentWritableShape).partial()
export type RetellAgentCreate = z.infer<typeof AgentCreateRequestSchema>
export type RetellAgentPatch = z.infer<typeof AgentPatchRequestSchema>

export const AgentSchema = z.looseObject({
  agent_id: z.string().min(1),
  version: z.number().nullish(),
  is_published: z.boolean().nullish(),
  agent_name: z.string().nullish(),
  response_engine: z.looseObject({ type: z.string(), llm_id: z.string().nullish() }),
  voice_id: z.string().nullish(),
  voice_model: z.string().nullish(),
  voice_speed: z.number().nullish(),
  language: z.union([z.string(), z.array(z.string())]).nullish(),
  stt_mode: z.string().nullish(),
  custom_stt_config: z.looseObject({ provider: z.string().nullish() }).nullish(),
  webhook_url: z.string().nullish(),
  max_call_duration_ms: z.number().nullish(),
  last_modification_timestamp: Millis.nullish(),
})
export type RetellAgent = z.infer<typeof AgentSchema>

export const AgentListSchema = z.looseObject({
  items: z.array(z.looseObject({ agent_id: z.string().min(1), channel: z.string().nullish() })).default([]),
  has_more: z.boolean().nullish(),
  pagination_key: z.string().nullish(),
})

export const AgentListRequestSchema = z.strictObject({
  filter_criteria: z
    .strictObject({
      channel: z.strictObject({
        type: z.literal('string'),
        op: z.literal('eq'),
        value: z.enum(['voice', 'chat']),
      }),
    })
    .optional(),
})

// Calls.

/** Per-call overrides: the agent part takes agent fields, the LLM part only these. */
export const AgentOverrideSchema = z.strictObject({
  agent: AgentPatchRequestSchema.omit({ response_engine: true }).optional(),
  retell_llm: z
    .strictObject({
      model: z.string().min(1).nullable(),
      s2s_model: z.string().min(1).nullable(),
      model_temperature: z.number().min(0).max(1),
      model_high_priority: z.boolean(),
      tool_call_strict_mode: z.boolean(),
      knowledge_base_ids: z.array(z.string()),
      kb_config: z.record(z.string(), z.unknown()),
      start_speaker: z.enum(['user', 'agent']),
      begin_after_user_silence_ms: z.number().int().min(0),
      begin_message: z.string(),
    })
    .partial()
    .optional(),
})
export type RetellAgentOverride = z.infer<typeof AgentOverrideSchema>

export const CallCreateRequestSchema = z.strictObject({
  from_number: z.string().min(1),
  to_number: z.string().min(1),
  override_agent_id: z.string().min(1).optional(),
  override_agent_version: z.union([z.string().min(1), z.number().int()]).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  retell_llm_dynamic_variables: Strings.optional(),
  custom_sip_headers: Strings.optional(),
  ignore_e164_validation: z.boolean().optional(),
  agent_override: AgentOverrideSchema.optional(),
})
export type RetellCallCreate = z.infer<typeof CallCreateRequestSchema>

const TranscriptEntrySchema = z.looseObject({
  role: z.string(),
  content: z.string().nullish(),
  words: z.array(z.looseObject({ start: z.number().nullish(), end: z.number().nullish() })).nullish(),
})

export const CallSchema = z.looseObject({
  call_id: z.string().min(1),
  call_type: z.string().nullish(),
  agent_id: z.string().nullish(),
  agent_version: z.number().nullish(),
  call_status: z.string(),
  direction: z.string().nullish(),
  from_number: z.string().nullish(),
  to_number: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  retell_llm_dynamic_variables: z.record(z.string(), z.unknown()).nullish(),
  start_timestamp: Millis.nullish(),
  end_timestamp: Millis.nullish(),
  duration_ms: z.number().nullish(),
  disconnection_reason: z.string().nullish(),
  transcript_object: z.array(TranscriptEntrySchema).nullish(),
  recording_url: z.string().nullish(),
  call_analysis: z
    .looseObject({ call_summary: z.string().nullish(), in_voicemail: z.boolean().nullish() })
    .nullish(),
  call_cost: z.looseObject({ combined_cost: z.number().nullish() }).nullish(),
})
export type RetellCall = z.infer<typeof CallSchema>

const enumFilter = <T extends z.ZodType>(value: T) =>
  z.strictObject({ type: z.literal('enum'), op: z.literal('in'), value: z.array(value).min(1) })

/** The metadata filter we use to find a call by Switchboard's reference. */
const MetadataFilterSchema = z.strictObject({
  key: z.string().min(1),
  type: z.literal('string'),
  op: z.literal('eq'),
  value: z.string(),
})

export const CallListRequestSchema = z.strictObject({
  filter_criteria: z
    .strictObject({
      agent: z.array(z.strictObject({ agent_id: z.string().min(1) })).min(1),
      call_status: enumFilter(z.enum(['not_connected', 'ongoing', 'ended', 'error'])),
      disconnection_reason: enumFilter(z.string().min(1)),
      metadata: z.array(MetadataFilterSchema).min(1),
      to_number: z.strictObject({ type: z.literal('string'), op: z.literal('eq'), value: z.string() }),
    })
    .partial()
    .optional(),
  sort_order: z.enum(['ascending', 'descending']).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  pagination_key: z.string().min(1).optional(),
})
export type RetellCallListRequest = z.infer<typeof CallListRequestSchema>

export const CallListSchema = z.looseObject({
  items: z.array(CallSchema).default([]),
  has_more: z.boolean().nullish(),
  pagination_key: z.string().nullish(),
})

/** What Retell posts to a webhook_url: `{event, call}` (the older `data` key is read too). */
export const WebhookSchema = z.looseObject({
  event: z.string().min(1),
  call: CallSchema.optional(),
  data: CallSchema.optional(),
})
