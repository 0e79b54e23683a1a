import { z } from 'zod'

/**
 * HappyRobot's v1 request shapes as its reference pages give them (vendor-docs/happyrobot-dial-outbound.txt,
 * docs/vendors/happyrobot.md), written apart from the provider's own schemas so the fake catches the provider's mistakes.
 */

/** "Required string length: 24" on every id of the dial page. */
export const isVendorId = (value: string) => /^[A-Za-z0-9]{24}$/.test(value)
const VendorId = z.string().refine(isVendorId, 'must be a 24-character HappyRobot id')

/** The current reference's status words, spaces and capitals included. */
export const CALL_STATUSES = [
  'Scheduled',
  'Queued',
  'Initiated',
  'Ringing',
  'In progress',
  'Transferred',
  'Completed',
  'AMD Terminated',
  'Busy',
  'No answer',
  'Canceled',
  'Failed',
] as const

/** The `language` enum of "Create Outbound Call". */
const Language = z.enum([
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
])

/** POST /dial/outbound. Strict, and without the deprecated assistant_id, voice_id and model: sending those is a mistake. */
export const DialRequest = z.strictObject({
  number_id: VendorId,
  phone_number: z.string().min(1),
  prompt_id: z.string().optional(),
  use_case_id: VendorId.optional(),
  agent_id: VendorId.optional(),
  model_id: VendorId.optional(),
  language: Language.optional(),
  params: z.unknown().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  campaign_id: z.string().optional(),
  // "ISO 8601 UTC datetime".
  scheduled_for: z.iso.datetime({ offset: false }).optional(),
  // "the maximum duration of the call in minutes": an integer.
  max_duration_mins: z.number().int().positive().optional(),
})
export type DialRequest = z.infer<typeof DialRequest>
/** POST /dial/outbound-batched: a bare array of dial bodies. */
export const DialBatchRequest = z.array(DialRequest).min(1)

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/)
const Window = z.strictObject({ start: Clock, end: Clock })
const Day = z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])

/**
 * PATCH /use-cases/{id}: the use-case fields docs/vendors/happyrobot.md § Agents lists. The value shapes of the work
 * hours are not documented; the fake holds the same unconfirmed reading as the provider (HH:MM clocks,
 * windows keyed by lowercase day name) so a change on one side shows.
 */
export const UseCasePatch = z.strictObject({
  name: z.string().min(1).optional(),
  transfer_number: z.string().optional(),
  extract_with_ai: z
    .array(
      z.strictObject({
        name: z.string(),
        description: z.string().optional(),
        type: z.string().optional(),
        example: z.string().optional(),
        required: z.boolean().optional(),
      }),
    )
    .optional(),
  classification_tags: z
    .array(z.strictObject({ name: z.string(), description: z.string().optional() }))
    .optional(),
  language: Language.optional(),
  timezone: z.string().min(1).optional(),
  work_start: Clock.optional(),
  work_end: Clock.optional(),
  detailed_work_hours: z.partialRecord(Day, z.array(Window)).optional(),
  enable_detailed_work_hours: z.boolean().optional(),
  generic_after_hours_message: z.string().optional(),
  keywords: z.array(z.string()).optional(),
  hooks: z
    .array(
      z.strictObject({
        url: z.url(),
        headers: z.array(z.strictObject({ key: z.string(), value: z.string() })).optional(),
      }),
    )
    .optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  amd: z.boolean().optional(),
  amd_behavior: z.string().optional(),
  max_duration_mins: z.number().int().positive().optional(),
})

/** A comma-separated query value whose every item passes `valid`. */
const commaList = (valid: (item: string) => boolean, what: string) =>
  z.string().refine((value) => value.split(',').every(valid), `every item must be ${what}`)
const Count = (min: number, max?: number) => {
  const whole = z.coerce.number().int().min(min)
  return (max === undefined ? whole : whole.max(max)).optional()
}

/** GET /calls: the query parameters HappyRobot documents, and no others. */
export const CallListQuery = z.strictObject({
  type: z.string().optional(),
  limit: Count(1, 100),
  skip: Count(0),
  statuses: commaList((s) => (CALL_STATUSES as readonly string[]).includes(s), 'a status word').optional(),
  tags: z.string().optional(),
  models: z.string().optional(),
  ratings: z.string().optional(),
  use_cases: commaList(isVendorId, 'a 24-character id').optional(),
  campaigns: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  sort: z.enum(['asc', 'desc']).optional(),
  search: z.string().optional(),
  transfer_contact_email: z.string().optional(),
})

/** The call actions (stop, cancel) take no body. */
export const NoBody = z.undefined({ error: 'this endpoint takes no body' })
