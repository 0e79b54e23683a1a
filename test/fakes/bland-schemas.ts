import { z } from 'zod'

/**
 * Bland's request schemas, written from docs/vendors/bland.md (Bland's own docs) and not from the
 * provider's code, so a field the provider misspells or adds fails here. Bland itself refuses
 * unknown fields ("Additional properties are not allowed").
 */

const ToolObject = z.strictObject({
  name: z.string().min(1),
  description: z.string().min(1),
  url: z.string().startsWith('https://'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  input_schema: z.record(z.string(), z.unknown()),
  speech: z.string().optional(),
  response: z.record(z.string(), z.unknown()).optional(),
  timeout: z.number().int().min(1).optional(),
})

/** POST /v1/calls body: the fields of the send-call table Switchboard may use. */
export const SendCallBody = z.strictObject({
  phone_number: z.string().regex(/^\+?\d{7,15}$/),
  task: z.string().min(1),
  first_sentence: z.string().min(1).optional(),
  voice: z.string().min(1).optional(),
  model: z.enum(['base', 'turbo']).optional(),
  language: z.string().min(2).optional(),
  from: z
    .string()
    .regex(/^\+\d{7,15}$/)
    .optional(),
  timezone: z.string().min(1).optional(),
  // `YYYY-MM-DD HH:MM:SS -HH:MM`; Switchboard always sends the offset.
  start_time: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}$/)
    .optional(),
  max_duration: z.number().min(1).max(720).optional(),
  tools: z.array(z.union([z.string().regex(/^(TL|KB)-/), ToolObject])).optional(),
  request_data: z.record(z.string(), z.unknown()).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  // Bland: "webhook must be a string that starts with https://" — a local gateway's URL is http.
  webhook: z
    .string()
    .regex(/^https?:\/\//)
    .optional(),
  temperature: z.number().min(0).max(1).optional(),
  wait_for_greeting: z.boolean().optional(),
  record: z.boolean().optional(),
  interruption_threshold: z.number().optional(),
  block_interruptions: z.boolean().optional(),
  keywords: z.array(z.string().max(99)).max(20).optional(),
  background_track: z.enum(['office', 'cafe', 'restaurant', 'none']).nullable().optional(),
  noise_cancellation: z.boolean().optional(),
  summary_prompt: z.string().max(2_000).optional(),
  dispositions: z.array(z.string()).optional(),
  voicemail: z
    .strictObject({
      message: z.string().optional(),
      action: z.enum(['hangup', 'leave_message', 'ignore', 'leave_message_and_sms']),
      sms: z
        .strictObject({ to: z.string().optional(), from: z.string().optional(), message: z.string() })
        .optional(),
      sensitive: z.boolean().optional(),
    })
    .optional(),
  transfer_phone_number: z.string().optional(),
  transfer_list: z.record(z.string(), z.string()).optional(),
  pronunciation_guide: z
    .array(
      z.strictObject({
        word: z.string(),
        pronunciation: z.string(),
        case_sensitive: z.boolean().optional(),
        spaced: z.boolean().optional(),
      }),
    )
    .optional(),
  ignore_button_press: z.boolean().optional(),
})
export type SendCallBody = z.infer<typeof SendCallBody>

const index = z.coerce.number().int().min(0)

/** GET /v1/calls query: row indexes `from`/`to`, not numbers. */
export const ListCallsQuery = z.strictObject({
  from: index.optional(),
  to: index.optional(),
  limit: z.coerce.number().int().min(1).max(1_000).optional(),
  ascending: z.enum(['true', 'false']).optional(),
  to_number: z.string().optional(),
  from_number: z.string().optional(),
  start_date: z.string().optional(),
  end_date: z.string().optional(),
  batch_id: z.string().optional(),
  completed: z.enum(['true', 'false']).optional(),
})
