import { z } from '@hono/zod-openapi'
import { LlmSchema, TranscriberSchema, VoiceSchema } from './agent'
import {
  DestinationSchema,
  HttpsUrlSchema,
  LanguageSchema,
  MetadataSchema,
  TimestampSchema,
  TimeZoneSchema,
  VariablesSchema,
  WarningSchema,
} from './common'
import { ProblemSchema } from './problem'

export const CALL_STATUSES = [
  'scheduled',
  'queued',
  'ringing',
  'in_progress',
  'completed',
  'failed',
  'no_answer',
  'busy',
  'voicemail',
  'canceled',
  'unknown',
] as const
export const CallStatusSchema = z.enum(CALL_STATUSES).openapi('CallStatus')
export type CallStatus = z.infer<typeof CallStatusSchema>

/** A call in one of these states will not change again. */
export const FINAL_STATUSES: ReadonlySet<CallStatus> = new Set([
  'completed',
  'failed',
  'no_answer',
  'busy',
  'voicemail',
  'canceled',
])

export const CallOverridesSchema = z
  .strictObject({
    prompt: z.string().max(100_000).optional(),
    firstMessage: z.string().max(10_000).optional(),
    voice: VoiceSchema.optional(),
    llm: LlmSchema.optional(),
    transcriber: TranscriberSchema.optional(),
  })
  .openapi('CallOverrides', { description: 'Agent settings replaced for this call only.' })

/** Everything of a call create body but the agent; a batch item has exactly these fields. */
const callFieldsShape = {
  to: DestinationSchema,
  from: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .openapi({ description: "E.164 caller id, or the vendor's phone-number id", example: '+14155550199' }),
  callerName: z.string().min(1).max(100).optional(),
  variables: VariablesSchema.optional(),
  metadata: MetadataSchema.optional(),
  priority: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .optional()
    .openapi({ description: 'Higher is dialed first' }),
  scheduledAt: TimestampSchema.optional().openapi({ description: 'Not before this time' }),
  deadline: TimestampSchema.optional().openapi({ description: 'Give up after this time' }),
  timezone: TimeZoneSchema.optional().openapi({ description: "The callee's time zone" }),
  maxDurationSeconds: z.number().int().min(10).max(14_400).optional(),
  language: LanguageSchema.optional(),
  webhookUrl: HttpsUrlSchema.optional(),
  overrides: CallOverridesSchema.optional(),
  providerOptions: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .optional()
    .openapi({ description: 'Vendor-only fields, keyed by provider id; validated by that provider.' }),
}

const deadlineAfterSchedule = (call: { scheduledAt?: string; deadline?: string }, ctx: z.RefinementCtx) => {
  if (call.scheduledAt && call.deadline && Date.parse(call.deadline) <= Date.parse(call.scheduledAt)) {
    ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'deadline must be after scheduledAt' })
  }
}

export const AgentIdSchema = z.string().min(3).max(512).openapi({ example: 'sandbox_0mhx2kq1a7f3c9' })

export const CallCreateSchema = z
  .strictObject({ agentId: AgentIdSchema, ...callFieldsShape })
  .superRefine(deadlineAfterSchedule)
  .openapi('CallCreate')

export const BatchItemSchema = z
  .strictObject(callFieldsShape)
  .superRefine(deadlineAfterSchedule)
  .openapi('BatchCallItem')

export const MAX_BATCH = 1000
/** The batch envelope; items are validated one by one so one bad item never sinks the others. */
export const BatchCreateSchema = z
  .strictObject({
    agentId: AgentIdSchema,
    calls: z
      .array(z.unknown().openapi({ $ref: '#/components/schemas/BatchCallItem' } as never))
      .min(1)
      .max(MAX_BATCH),
  })
  .openapi('BatchCreate')

export const TranscriptTurnSchema = z
  .object({
    role: z.enum(['agent', 'user', 'tool']),
    text: z.string(),
    startSeconds: z.number().optional(),
    endSeconds: z.number().optional(),
  })
  .openapi('TranscriptTurn')

/** One try of a routed create (routing fills these in; direct calls carry `attempts: null`). */
export const AttemptSchema = z
  .object({
    id: z.string(),
    provider: z.string(),
    outcome: z.enum(['placed', 'failed', 'skipped']),
    reason: z.string().optional(),
    problem: ProblemSchema.optional(),
    ms: z.number(),
  })
  .openapi('Attempt')

export const CallSchema = z
  .object({
    id: z.string().openapi({ example: 'sandbox_0mhx2kq5c1d2e3' }),
    provider: z.string(),
    agentId: z.string().nullable(),
    status: CallStatusSchema,
    providerStatus: z.string().nullable(),
    direction: z.enum(['outbound', 'inbound']),
    to: z.string(),
    from: z.string().nullable(),
    variables: z.record(z.string(), z.unknown()),
    metadata: z.record(z.string(), z.unknown()),
    priority: z.number().nullable(),
    scheduledAt: TimestampSchema.nullable(),
    deadline: TimestampSchema.nullable(),
    timezone: z.string().nullable(),
    nextAttemptAt: TimestampSchema.nullable(),
    createdAt: TimestampSchema.nullable(),
    startedAt: TimestampSchema.nullable(),
    endedAt: TimestampSchema.nullable(),
    durationSeconds: z.number().nullable(),
    endReason: z.string().nullable(),
    transcript: z.array(TranscriptTurnSchema).nullable(),
    summary: z.string().nullable(),
    recordingUrl: z.string().nullable(),
    cost: z.object({ amount: z.number(), currency: z.string() }).nullable(),
    // Filled by the gateway from its ledger, so a provider's mapper never has to know them.
    campaignId: z.string().nullable().default(null),
    attempts: z.array(AttemptSchema).nullable().default(null),
    warnings: z.array(WarningSchema).optional(),
    providerData: z.unknown().optional(),
  })
  .openapi('Call')

export const BatchResultSchema = z
  .object({
    data: z.array(
      z.union([
        z.object({ index: z.number().int(), call: CallSchema }),
        z.object({ index: z.number().int(), error: ProblemSchema }),
      ]),
    ),
    created: z.number().int(),
    failed: z.number().int(),
  })
  .openapi('BatchResult')

/** An outbound Call of which nothing is known beyond who and where: a base for mappers and tests to fill in. */
export const blankCall = (
  known: Pick<Call, 'id' | 'provider' | 'agentId' | 'status' | 'providerStatus' | 'to'>,
): Call => ({
  ...known,
  direction: 'outbound',
  from: null,
  variables: {},
  metadata: {},
  priority: null,
  scheduledAt: null,
  deadline: null,
  timezone: null,
  nextAttemptAt: null,
  createdAt: null,
  startedAt: null,
  endedAt: null,
  durationSeconds: null,
  endReason: null,
  transcript: null,
  summary: null,
  recordingUrl: null,
  cost: null,
})

export type CallCreate = z.infer<typeof CallCreateSchema>
export type BatchItem = z.infer<typeof BatchItemSchema>
/** A Call as providers produce it; the answer's schema adds `campaignId` and `attempts`. */
export type Call = z.input<typeof CallSchema>
export type TranscriptTurn = z.infer<typeof TranscriptTurnSchema>
