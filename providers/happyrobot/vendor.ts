import { z } from 'zod'
import type { Weekday } from '../../src/contract/agent'

/**
 * HappyRobot's legacy v1 API (`/dial/outbound`), from docs.happyrobot.ai. Requests are strict (we
 * send exactly these fields; the fake vendor refuses anything else); answers are loose so
 * `providerData` keeps the vendor object untouched.
 */

/**
 * A use case's work hours (mapped to the unified schedule in providers/happyrobot/agents.ts).
 * HappyRobot documents the field names (`timezone`, `work_start`, `work_end`, `detailed_work_hours`,
 * `enable_detailed_work_hours`) but not their value shapes. Unconfirmed, kept here so it is one place to correct: times are "HH:MM" strings and
 * detailed hours are keyed by lowercase English day name, each a list of { start, end } windows.
 */
export const VENDOR_DAY_NAMES: Record<Weekday, string> = {
  mon: 'monday',
  tue: 'tuesday',
  wed: 'wednesday',
  thu: 'thursday',
  fri: 'friday',
  sat: 'saturday',
  sun: 'sunday',
}

/** A work-hours clock: "HH:MM", or 24:00 for the end of the day. */
export const WORK_CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/
const VendorWindowSchema = z.strictObject({
  start: z.string().regex(WORK_CLOCK),
  end: z.string().regex(WORK_CLOCK),
})
export const WorkHoursSchema = z.partialRecord(
  z.enum(Object.values(VENDOR_DAY_NAMES) as [string, ...string[]]),
  z.array(VendorWindowSchema),
)
export type WorkHours = z.infer<typeof WorkHoursSchema>

/** Its docs give every id (call, number, use case, agent, model) "Required string length: 24". */
export const VENDOR_ID_PATTERN = /^[A-Za-z0-9]{24}$/
export const isVendorId = (value: string) => VENDOR_ID_PATTERN.test(value)
export const VendorIdSchema = z.string().regex(VENDOR_ID_PATTERN, 'Must be a 24-character HappyRobot id')

/** The `language` enum of "Create Outbound Call"; the use case's default applies when absent. */
export const LANGUAGES = [
  'en-US',
  'en-GB',
  'es-MX',
  'es-ES',
  'pt-PT',
  'de-DE',
  'fr-FR',
  'pl-PL',
  'ro-RO',
  'it-IT',
] as const
export const LanguageSchema = z.enum(LANGUAGES)

const Params = z.record(z.string(), z.unknown())

/** POST /dial/outbound body (and one item of /dial/outbound-batched). Deprecated fields are never sent. */
export const DialRequestSchema = z.strictObject({
  number_id: VendorIdSchema,
  phone_number: z.string().min(1),
  // Optional in the vendor's reference, but a Switchboard call always names its agent.
  use_case_id: VendorIdSchema,
  prompt_id: z.string().min(1).optional(),
  agent_id: VendorIdSchema.optional(),
  model_id: VendorIdSchema.optional(),
  language: LanguageSchema.optional(),
  params: Params.nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  campaign_id: z.string().min(1).optional(),
  scheduled_for: z.iso.datetime({ error: 'Must be an ISO 8601 UTC datetime' }).optional(),
  max_duration_mins: z.number().int().min(1).optional(),
})
export type DialRequest = z.infer<typeof DialRequestSchema>

/** A use case arrives either embedded or as its id. */
export const UseCaseRefSchema = z.union([
  z.string(),
  z.looseObject({ id: z.string().optional(), _id: z.string().optional(), name: z.string().nullish() }),
])

/** The thin answer of POST /dial/outbound: no status, no numbers. */
export const DialResponseSchema = z.looseObject({
  id: z.string().min(1),
  organization_id: z.string(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  use_case: UseCaseRefSchema.nullish(),
  created: z.string(),
  params: Params.nullish(),
})
export type DialResponse = z.infer<typeof DialResponseSchema>

export const VendorCallSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().nullish(),
  status: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  use_case: UseCaseRefSchema.nullish(),
  use_case_id: z.string().nullish(),
  number_id: z.string().nullish(),
  phone_number: z.string().nullish(),
  language: z.string().nullish(),
  created: z.string().nullish(),
  params: Params.nullish(),
  duration: z.number().nullish(),
  scheduled_for: z.string().nullish(),
  max_duration_mins: z.number().nullish(),
})
export type VendorCall = z.infer<typeof VendorCallSchema>

/** GET /calls answer. */
export const CallsPageSchema = z.looseObject({
  calls: z.array(VendorCallSchema),
  count: z.number().int().min(0),
  currentPage: z.number().nullish(),
})

export const TranscriptMessageSchema = z.looseObject({
  role: z.string(),
  content: z.string().nullish(),
  start: z.number().nullish(),
  end: z.number().nullish(),
})
/** GET /calls/{id}/transcript answer; `start_time` is unix seconds. */
export const TranscriptSchema = z.looseObject({
  call_id: z.string().nullish(),
  start_time: z.number().nullish(),
  messages: z.array(TranscriptMessageSchema),
})
export type Transcript = z.infer<typeof TranscriptSchema>

export const HookSchema = z.looseObject({ url: z.string() })

/** GET /use-cases/{id} answer: HappyRobot's agent configuration. */
export const UseCaseSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  language: z.string().nullish(),
  timezone: z.string().nullish(),
  work_start: z.string().nullish(),
  work_end: z.string().nullish(),
  detailed_work_hours: z.unknown().optional(),
  enable_detailed_work_hours: z.boolean().nullish(),
  hooks: z.array(HookSchema).nullish(),
  params: Params.nullish(),
  max_duration_mins: z.number().nullish(),
  created: z.string().nullish(),
  updated: z.string().nullish(),
})
export type UseCase = z.infer<typeof UseCaseSchema>

/** Vendor-only use-case fields a client may set through providerOptions.happyrobot on PATCH. */
export const useCaseExtraShape = {
  transfer_number: z.string().min(1).max(64).optional(),
  amd: z.boolean().optional(),
  amd_behavior: z.string().min(1).max(64).optional(),
  keywords: z.array(z.string().min(1).max(200)).max(500).optional(),
  generic_after_hours_message: z.string().max(2_000).optional(),
  classification_tags: z
    .array(
      z.strictObject({ name: z.string().min(1).max(200), description: z.string().max(2_000).optional() }),
    )
    .max(100)
    .optional(),
  extract_with_ai: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(200),
        description: z.string().max(2_000).optional(),
        type: z.string().min(1).max(50).optional(),
        example: z.string().max(2_000).optional(),
        required: z.boolean().optional(),
      }),
    )
    .max(100)
    .optional(),
}

/** PATCH /use-cases/{id} body: the fields Switchboard maps plus the vendor-only extras. */
export const UseCasePatchSchema = z.strictObject({
  name: z.string().min(1).optional(),
  language: LanguageSchema.optional(),
  timezone: z.string().min(1).optional(),
  work_start: z.string().optional(),
  work_end: z.string().optional(),
  detailed_work_hours: WorkHoursSchema.optional(),
  enable_detailed_work_hours: z.boolean().optional(),
  params: Params.optional(),
  max_duration_mins: z.number().int().min(1).optional(),
  // Set from webhookUrl: the client's other hooks are sent back as they were read.
  hooks: z.array(HookSchema).optional(),
  ...useCaseExtraShape,
})
export type UseCasePatch = z.infer<typeof UseCasePatchSchema>
