import { z } from 'zod'

/** OneInbox's request schemas as its reference pages give them, for the fake vendor to judge what it receives. */

const E164 = /^\+[1-9]\d{1,14}$/
const CALL_STATUSES = ['queued', 'initiated', 'in_progress', 'completed', 'failed'] as const

const Obj = z.record(z.string(), z.unknown())
const Transcriber = z.strictObject({
  provider: z.string().optional(),
  model: z.string().optional(),
  language: z.string().optional(),
})
const Tts = z.strictObject({
  provider: z.string().optional(),
  credential_id: z.string().optional(),
  voice_id: z.string().optional(),
  speed: z.number().optional(),
  stability: z.number().optional(),
})
const agentShape = {
  name: z.string().min(1),
  llm_id: z.string().optional(),
  webhook_id: z.string().nullable().optional(),
  transcriber: Transcriber.nullable().optional(),
  tts: Tts.nullable().optional(),
  first_message: z.string().nullable().optional(),
  end_call_phrases: z.array(z.string()).optional(),
  max_duration_seconds: z.number().int().positive().nullable().optional(),
  interruption_sensitivity: z.number().min(0).max(1).optional(),
  silence_timeout_seconds: z.number().positive().optional(),
  enable_recording: z.boolean().optional(),
  language: z.string().nullable().optional(),
  dynamic_variables: Obj.optional(),
  voicemail_detection: z.boolean().optional(),
  voicemail_message: z.string().nullable().optional(),
  responsiveness: z.number().optional(),
  speed: z.number().optional(),
  background_sound: z.string().nullable().optional(),
  emotions: z.boolean().optional(),
  job_description: z.string().nullable().optional(),
  metadata: Obj.optional(),
}
export const AgentCreate = z.strictObject(agentShape)
export const AgentPatch = z.strictObject(agentShape).partial()
const modelShape = {
  name: z.string().min(1),
  provider: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  system_prompt: z.string().nullable().optional(),
  temperature: z.number().min(0).max(2).optional(),
  tool_ids: z.array(z.string()).optional(),
  knowledge_base_ids: z.array(z.string()).optional(),
}
export const ModelCreate = z.strictObject(modelShape)
export const ModelPatch = z.strictObject(modelShape).partial()
export const CallCreate = z.strictObject({
  agent_id: z.uuid(),
  to_number: z.string().regex(E164),
  from_number: z.string().regex(E164),
  scheduled_at: z.iso.datetime({ offset: true }).nullable().optional(),
  variables: Obj.optional(),
  webhook_url: z.string().nullable().optional(),
  overrides: z
    .strictObject({
      llm: z
        .strictObject({
          model: z.string().optional(),
          temperature: z.number().optional(),
          system_prompt: z.string().optional(),
        })
        .optional(),
      transcriber: z
        .strictObject({ model: z.string().optional(), language: z.string().optional() })
        .optional(),
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
    .optional(),
  metadata: Obj.optional(),
})
const Limit = z.coerce.number().int().min(1).max(100).optional()
export const AgentListQuery = z.strictObject({
  limit: Limit,
  offset: z.coerce.number().int().min(0).optional(),
})
export const CallCursorQuery = z.strictObject({
  limit: Limit,
  cursor: z.string().min(1).optional(),
  agent_id: z.string().min(1).optional(),
  status: z.enum(CALL_STATUSES).optional(),
})
export const NoQuery = z.strictObject({})
