import { z } from 'zod'

/**
 * Bland's v1 calls API, from docs/vendors/bland.md. Requests are strict (Bland itself refuses
 * unknown fields: "Additional properties are not allowed"); answers are loose so `providerData`
 * keeps the vendor object untouched.
 */

/** Bland's call ids are UUIDs. */
export const CALL_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isCallId = (value: string) => CALL_ID_PATTERN.test(value)

/** `start_time`: `YYYY-MM-DD HH:MM:SS ±HH:MM`. */
export const START_TIME_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}$/

/** Bland's `model`: its own two tiers, not an LLM vendor's model name. */
export const MODELS = ['base', 'turbo'] as const

/** An inline custom tool on a call (docs/vendors/bland.md § Send). */
export const InlineToolSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().min(1),
  url: z.string().url(),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  headers: z.record(z.string(), z.string()).optional(),
  input_schema: z.record(z.string(), z.unknown()),
  timeout: z.number().int().min(1).optional(),
})
export type InlineTool = z.infer<typeof InlineToolSchema>

/** Vendor-only fields a client may add through providerOptions.bland (agent or call). */
export const callExtraShape = {
  model: z.enum(MODELS).optional(),
  temperature: z.number().min(0).max(1).optional(),
  wait_for_greeting: z.boolean().optional(),
  record: z.boolean().optional(),
  interruption_threshold: z.number().min(0).max(5_000).optional(),
  block_interruptions: z.boolean().optional(),
  keywords: z.array(z.string().min(1).max(99)).max(20).optional(),
  background_track: z.enum(['office', 'cafe', 'restaurant', 'none']).nullable().optional(),
  noise_cancellation: z.boolean().optional(),
  summary_prompt: z.string().max(2_000).optional(),
  dispositions: z.array(z.string().min(1).max(100)).max(50).optional(),
  voicemail: z
    .strictObject({
      message: z.string().max(2_000).optional(),
      action: z.enum(['hangup', 'leave_message', 'ignore', 'leave_message_and_sms']),
      sms: z
        .strictObject({ to: z.string().optional(), from: z.string().optional(), message: z.string() })
        .optional(),
      sensitive: z.boolean().optional(),
    })
    .optional(),
  transfer_phone_number: z.string().min(7).max(20).optional(),
  transfer_list: z.record(z.string(), z.string()).optional(),
  pronunciation_guide: z
    .array(
      z.strictObject({
        word: z.string().min(1),
        pronunciation: z.string().min(1),
        case_sensitive: z.boolean().optional(),
        spaced: z.boolean().optional(),
      }),
    )
    .max(100)
    .optional(),
  ignore_button_press: z.boolean().optional(),
}

/** POST /v1/calls body: the rendered agent, the call's own fields and Switchboard's reference. */
export const SendCallSchema = z.strictObject({
  phone_number: z.string().regex(/^\+?\d{7,15}$/, 'phone_number: 7–15 digits'),
  task: z.string().min(1),
  first_sentence: z.string().min(1).optional(),
  voice: z.string().min(1).optional(),
  language: z.string().min(2).optional(),
  from: z.string().min(7).optional(),
  timezone: z.string().min(1).optional(),
  start_time: z.string().regex(START_TIME_PATTERN, 'start_time: YYYY-MM-DD HH:MM:SS ±HH:MM').optional(),
  max_duration: z.number().int().min(1).max(720).optional(),
  tools: z.array(z.union([z.string().regex(/^(TL|KB)-/), InlineToolSchema])).optional(),
  request_data: z.record(z.string(), z.unknown()).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  webhook: z.string().url().optional(),
  ...callExtraShape,
})
export type SendCall = z.infer<typeof SendCallSchema>

export const SendCallAnswerSchema = z.looseObject({
  status: z.string(),
  message: z.string().nullish(),
  call_id: z.string().min(1),
  batch_id: z.string().nullish(),
})
export type SendCallAnswer = z.infer<typeof SendCallAnswerSchema>

export const TranscriptEntrySchema = z.looseObject({
  id: z.union([z.number(), z.string()]).nullish(),
  created_at: z.string().nullish(),
  text: z.string().nullish(),
  user: z.string().nullish(),
})

/** The call object: GET /v1/calls/{id}, and the body of the post-call webhook. */
export const BlandCallSchema = z.looseObject({
  call_id: z.string().min(1),
  status: z.string().nullish(),
  queue_status: z.string().nullish(),
  completed: z.boolean().nullish(),
  answered_by: z.string().nullish(),
  error_message: z.string().nullish(),
  call_length: z.number().nullish(),
  price: z.number().nullish(),
  created_at: z.string().nullish(),
  started_at: z.string().nullish(),
  end_at: z.string().nullish(),
  to: z.string().nullish(),
  from: z.string().nullish(),
  inbound: z.boolean().nullish(),
  batch_id: z.string().nullish(),
  request_data: z.record(z.string(), z.unknown()).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  recording_url: z.string().nullish(),
  summary: z.string().nullish(),
  transcripts: z.array(TranscriptEntrySchema).nullish(),
  call_ended_by: z.string().nullish(),
})
export type BlandCall = z.infer<typeof BlandCallSchema>

/** GET /v1/calls: rows without transcripts. */
export const CallListAnswerSchema = z.looseObject({
  total_count: z.number().int().min(0),
  count: z.number().int().min(0).nullish(),
  calls: z.array(BlandCallSchema),
})

export const StopAnswerSchema = z.looseObject({ status: z.string().nullish(), message: z.string().nullish() })
