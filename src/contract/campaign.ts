import { z } from '@hono/zod-openapi'
import {
  E164Schema,
  HttpsUrlSchema,
  MetadataSchema,
  TimestampSchema,
  TimeZoneSchema,
  VariablesSchema,
  WarningSchema,
} from './common'
import { ProblemSchema } from './problem'

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
const HHMM = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Must be a 24-hour time HH:MM such as 09:00')
  .openapi({ example: '09:00' })

export const WindowSchema = z
  .object({
    start: HHMM,
    end: z
      .string()
      .regex(
        /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/,
        'Must be a 24-hour time HH:MM such as 20:00 (24:00 = midnight)',
      )
      .openapi({ example: '20:00' }),
    days: z.array(z.enum(DAYS)).min(1).max(7).optional(),
    timezone: z.union([z.literal('callee'), TimeZoneSchema]).optional(),
  })
  .openapi('CampaignWindow', {
    description:
      'Calling hours. `timezone` "callee" (default) reads them in each contact\'s zone, else in every zone of its country.',
  })

export const PacingSchema = z
  .object({
    maxConcurrent: z.number().int().min(1).max(1000).optional(),
    callsPerMinute: z.number().int().min(1).max(60_000).nullable().optional(),
  })
  .openapi('CampaignPacing', {
    description: 'How fast a campaign dials: calls in flight and starts per rolling minute',
  })

export const RETRY_ON = ['no_answer', 'busy', 'voicemail', 'failed'] as const
export const RetrySchema = z
  .object({
    on: z.array(z.enum(RETRY_ON)).max(4).optional(),
    maxAttempts: z.number().int().min(1).max(10).optional(),
    delayMinutes: z.number().int().min(1).max(10_080).optional(),
  })
  .openapi('CampaignRetry', {
    description: 'Which call outcomes are dialed again, how often and after how long',
  })

export const MAX_CONTACT_BYTES = 4096
export const MAX_CONTACT_VARIABLES = 50

export const ContactSchema = z
  .object({
    to: E164Schema,
    variables: VariablesSchema.optional(),
    metadata: MetadataSchema.optional(),
    timezone: TimeZoneSchema.optional(),
    ref: z.string().max(200).optional(),
  })
  .strict()
  .refine((c) => Object.keys(c.variables ?? {}).length <= MAX_CONTACT_VARIABLES, {
    path: ['variables'],
    message: `At most ${MAX_CONTACT_VARIABLES} variables per contact`,
  })
  .openapi('Contact', {
    description: 'One person to call: number, variables for the agent, own metadata and zone',
  })
export type Contact = z.infer<typeof ContactSchema>

export const CampaignCreateSchema = z
  .object({
    name: z.string().min(1).max(100),
    agentId: z.string().min(3).max(512),
    from: z.string().max(64).optional(),
    metadata: MetadataSchema.optional(),
    webhookUrl: HttpsUrlSchema.optional(),
    window: WindowSchema.optional(),
    pacing: PacingSchema.optional(),
    handling: z.enum(['strict', 'lenient']).optional(),
    retry: RetrySchema.optional(),
    startAt: TimestampSchema.optional(),
    endAt: TimestampSchema.optional(),
    contacts: z.array(z.unknown()).max(1000).optional(),
  })
  .strict()
  .openapi('CampaignCreate', {
    description: 'A new campaign (draft): its agent, calling hours, pacing, retries and up to 1,000 contacts',
  })
export type CampaignCreate = z.infer<typeof CampaignCreateSchema>

export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'completed', 'canceled'] as const
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number]

export const CONTACT_STATUSES = [
  'pending',
  'waiting',
  'in_flight',
  'completed',
  'no_answer',
  'busy',
  'voicemail',
  'failed',
  'canceled',
  'suppressed',
  'expired',
  'duplicate',
  'invalid',
] as const
export type ContactStatus = (typeof CONTACT_STATUSES)[number]

const count = z.number().int()
export const StatsSchema = z
  .object({
    total: count,
    pending: count,
    waiting: count,
    inFlight: count,
    completed: count,
    no_answer: count,
    busy: count,
    voicemail: count,
    failed: count,
    canceled: count,
    suppressed: count,
    expired: count,
    duplicate: count,
    invalid: count,
    attempts: count.describe('Calls placed so far, retries included'),
  })
  .openapi('CampaignStats', {
    description: 'How many contacts are in each status, and how many calls were placed',
  })
export type Stats = z.infer<typeof StatsSchema>

export const CampaignSchema = z
  .object({
    id: z.string().openapi({ example: 'cmp_01JD3W6M4N5P7Q8R9S0T1V2W3X' }),
    name: z.string(),
    agentId: z.string(),
    from: z.string().nullable(),
    status: z.enum(CAMPAIGN_STATUSES),
    window: z.object({
      start: z.string(),
      end: z.string(),
      days: z.array(z.enum(DAYS)),
      timezone: z.string(),
    }),
    pacing: z.object({ maxConcurrent: z.number().int(), callsPerMinute: z.number().int().nullable() }),
    retry: z.object({
      on: z.array(z.enum(RETRY_ON)),
      maxAttempts: z.number().int(),
      delayMinutes: z.number().int(),
    }),
    handling: z.enum(['strict', 'lenient']),
    startAt: TimestampSchema.nullable(),
    endAt: TimestampSchema.nullable(),
    metadata: MetadataSchema,
    webhookUrl: z.string().nullable(),
    createdAt: TimestampSchema,
    startedAt: TimestampSchema.nullable(),
    endedAt: TimestampSchema.nullable(),
    warnings: z.array(WarningSchema).optional(),
    stats: StatsSchema,
  })
  .openapi('Campaign', { description: 'A contact list dialed with one agent, paced, inside calling hours' })
export type Campaign = z.infer<typeof CampaignSchema>

export const ContactsAddedSchema = z
  .object({
    added: count,
    duplicate: count.describe(
      'Numbers already in the campaign (or repeated in this upload): not dialed twice',
    ),
    invalid: z.array(z.object({ index: count, error: ProblemSchema })),
  })
  .openapi('ContactsAdded', {
    description:
      'What an upload did: added, duplicate (not dialed twice) and invalid contacts with their Problem',
  })

export const ContactAttemptSchema = z
  .object({
    id: z.string(),
    callId: z.string().nullable(),
    status: z.string().describe('placing until the create answered, then the call status'),
    at: TimestampSchema,
  })
  .openapi('ContactAttempt', { description: 'One call placed for a contact' })

export const ContactRecordSchema = z
  .object({
    id: z.string().openapi({ example: 'cnt_01JD3W6M4N5P7Q8R9S0T1V2W3X' }),
    to: z.string(),
    ref: z.string().nullable(),
    status: z.enum(CONTACT_STATUSES),
    attempts: z.array(ContactAttemptSchema),
    nextAttemptAt: TimestampSchema.nullable(),
    error: ProblemSchema.optional(),
  })
  .openapi('CampaignContact', { description: 'A contact of a campaign, with every attempt made for it' })
export type ContactRecord = z.infer<typeof ContactRecordSchema>
