import { z } from 'zod'

/**
 * OneInbox's payloads (docs.oneinbox.ai, FastAPI, snake_case). Requests are strict: they are what
 * we send, so a misspelled field is our bug. Answers are loose (`z.looseObject`): a field the vendor adds
 * later must not break reads (and stays in providerData untouched), but a field we rely on that
 * changes type is a provider_error.
 */

/** The vendor's own pattern for `to_number` and `from_number` (create-call reference). */
export const ONEINBOX_E164 = /^\+[1-9]\d{1,14}$/

const Timestamp = z.string().min(1)
const Values = z.record(z.string(), z.unknown())

export const TranscriberConfigSchema = z.strictObject({
  provider: z.string().optional(),
  model: z.string().optional(),
  language: z.string().optional(),
})

export const TtsConfigSchema = z.strictObject({
  provider: z.string().optional(),
  credential_id: z.string().optional(),
  voice_id: z.string().optional(),
  speed: z.number().optional(),
  stability: z.number().optional(),
})

/** The agent fields we (or providerOptions) may write; `name` is required on create only. */
export const agentWritableShape = {
  name: z.string().min(1),
  llm_id: z.string().min(1),
  webhook_id: z.string().nullable(),
  transcriber: TranscriberConfigSchema.nullable(),
  tts: TtsConfigSchema.nullable(),
  first_message: z.string().nullable(),
  end_call_phrases: z.array(z.string()),
  max_duration_seconds: z.number().int().positive().nullable(),
  interruption_sensitivity: z.number().min(0).max(1),
  silence_timeout_seconds: z.number().positive(),
  enable_recording: z.boolean(),
  language: z.string().nullable(),
  dynamic_variables: Values,
  voicemail_detection: z.boolean(),
  voicemail_message: z.string().nullable(),
  responsiveness: z.number(),
  speed: z.number(),
  background_sound: z.string().nullable(),
  emotions: z.boolean(),
  job_description: z.string().nullable(),
  metadata: Values,
}

export const AgentCreateRequestSchema = z
  .strictObject(agentWritableShape)
  .partial()
  .required({ name: true, llm_id: true })
export const AgentPatchRequestSchema = z.strictObject(agentWritableShape).partial()

export const AgentResponseSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  llm_id: z.string().nullish(),
  transcriber: z
    .looseObject({
      provider: z.string().nullish(),
      model: z.string().nullish(),
      language: z.string().nullish(),
    })
    .nullish(),
  tts: z
    .looseObject({
      provider: z.string().nullish(),
      voice_id: z.string().nullish(),
      speed: z.number().nullish(),
    })
    .nullish(),
  first_message: z.string().nullish(),
  max_duration_seconds: z.number().nullish(),
  language: z.string().nullish(),
  dynamic_variables: z.record(z.string(), z.unknown()).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  effective_system_prompt: z.string().nullish(),
  created_at: Timestamp.nullish(),
  updated_at: Timestamp.nullish(),
})

export const AgentListResponseSchema = z.looseObject({
  items: z.array(AgentResponseSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

/** An LLM "model": where OneInbox keeps an agent's system prompt. */
export const modelWritableShape = {
  name: z.string().min(1),
  provider: z.string().min(1),
  model: z.string().min(1),
  system_prompt: z.string().nullable(),
  temperature: z.number().min(0).max(2),
  tool_ids: z.array(z.string()),
  knowledge_base_ids: z.array(z.string()),
}
export const ModelCreateRequestSchema = z.strictObject(modelWritableShape).partial().required({ name: true })
export const ModelPatchRequestSchema = z.strictObject(modelWritableShape).partial()

export const ModelResponseSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  provider: z.string().nullish(),
  model: z.string().nullish(),
  system_prompt: z.string().nullish(),
  temperature: z.number().nullish(),
})

/** Per-call overrides, "merged on top of the agent's stored config at dispatch". */
export const CallOverridesRequestSchema = z.strictObject({
  llm: z
    .strictObject({
      model: z.string().optional(),
      temperature: z.number().optional(),
      system_prompt: z.string().optional(),
    })
    .optional(),
  transcriber: z.strictObject({ model: z.string().optional(), language: z.string().optional() }).optional(),
  tts: z
    .strictObject({
      voice_id: z.string().optional(),
      model: z.string().optional(),
      speed: z.number().optional(),
      stability: z.number().optional(),
    })
    .optional(),
  first_message: z.string().optional(),
})

export const CallCreateRequestSchema = z.strictObject({
  agent_id: z.uuid(),
  to_number: z.string().regex(ONEINBOX_E164),
  from_number: z.string().regex(ONEINBOX_E164),
  scheduled_at: z.iso.datetime({ offset: true }).nullable().optional(),
  variables: Values.optional(),
  webhook_url: z.string().nullable().optional(),
  overrides: CallOverridesRequestSchema.optional(),
  metadata: Values.optional(),
})

export const CallResponseSchema = z.looseObject({
  id: z.string().min(1),
  agent_id: z.string().min(1),
  type: z.string().nullish(),
  status: z.string().min(1),
  from_number: z.string().nullish(),
  to_number: z.string().nullish(),
  direction: z.string().nullish(),
  scheduled_at: Timestamp.nullish(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  started_at: Timestamp.nullish(),
  ended_at: Timestamp.nullish(),
  duration_seconds: z.number().nullish(),
  end_reason: z.string().nullish(),
  transcript: z.string().nullish(),
  messages: z.array(z.unknown()).nullish(),
  recording_url: z.string().nullish(),
  cost_cents: z.number().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  created_at: Timestamp.nullish(),
  updated_at: Timestamp.nullish(),
  ai_summary: z.string().nullish(),
})

export const CallCursorPageSchema = z.looseObject({
  items: z.array(CallResponseSchema),
  next_cursor: z.string().nullish(),
  has_more: z.boolean(),
  limit: z.number().int().nullish(),
})

/**
 * A transcript turn in `messages[]`; the reference types it `any[]`, the older page showed `{role, content}`.
 * `start`/`end` are read as seconds into the call (unconfirmed).
 */
export const MessageSchema = z.object({
  role: z.string(),
  content: z.string().nullish(),
  text: z.string().nullish(),
  start: z.number().nullish(),
  end: z.number().nullish(),
})

/** FastAPI's error body: a string, or `HTTPValidationError` with one entry per invalid field. */
export const FastApiErrorSchema = z.object({
  detail: z.union([
    z.string(),
    z.array(
      z.object({
        loc: z.array(z.union([z.string(), z.number()])),
        msg: z.string(),
        type: z.string().optional(),
      }),
    ),
  ]),
})

export type OneInboxAgentCreate = z.infer<typeof AgentCreateRequestSchema>
export type OneInboxAgentPatch = z.infer<typeof AgentPatchRequestSchema>
export type OneInboxAgent = z.infer<typeof AgentResponseSchema>
export type OneInboxModelCreate = z.infer<typeof ModelCreateRequestSchema>
export type OneInboxModelPatch = z.infer<typeof ModelPatchRequestSchema>
export type OneInboxModel = z.infer<typeof ModelResponseSchema>
export type OneInboxCallCreate = z.infer<typeof CallCreateRequestSchema>
export type OneInboxCall = z.infer<typeof CallResponseSchema>
export type OneInboxCallPage = z.infer<typeof CallCursorPageSchema>
