import { z } from '@hono/zod-openapi'
import { LlmSchema, TranscriberSchema, VoiceSchema } from './agent'
import {
  DestinationSchema,
  LanguageSchema,
  MetadataSchema,
  TimestampSchema,
  TimeZoneSchema,
  VariablesSchema,
  WarningSchema,
  WebhookUrlSchema,
} from './common'
import { AttemptSchema, ProblemSchema } from './problem'

/**
 * Where a routed create writes its attempt id (`att_…`) in the vendor's metadata or variables, so
 * a call an ambiguous failure may have placed can be found. Reserved: a client key of this name is 422.
 */
export const ATTEMPT_REF_KEY = 'switchboardAttempt'

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
export const CallStatusSchema = z.enum(CALL_STATUSES).openapi('CallStatus', {
  description:
    'Where a call is, the same for every vendor. completed, failed, no_answer, busy, voicemail and canceled are final.',
  example: 'completed',
})
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
  callerName: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: 'Caller name shown where the vendor supports it', example: 'Acme Dental' }),
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
  maxDurationSeconds: z
    .number()
    .int()
    .min(10)
    .max(14_400)
    .optional()
    .openapi({ description: "Hang up after this long; overrides the agent's", example: 600 }),
  language: LanguageSchema.optional(),
  webhookUrl: WebhookUrlSchema.optional().openapi({
    description: "Where this call's events go (else the agent's, else WEBHOOK_URL)",
    example: 'https://example.org/switchboard/events',
  }),
  overrides: CallOverridesSchema.optional(),
  providerOptions: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .optional()
    .openapi({ description: 'Vendor-only fields, keyed by provider id; validated by that provider.' }),
  providers: z.array(z.string().min(1).max(32)).min(1).max(10).optional().openapi({
    description: "Portable agents only: the targets to try, in this order (each must be one of the agent's)",
  }),
}

/** A deadline already passed (or not after scheduledAt) could only end the call unplaced. */
const deadlineAfterSchedule = (call: { scheduledAt?: string; deadline?: string }, ctx: z.RefinementCtx) => {
  if (call.deadline && Date.parse(call.deadline) <= Date.now()) {
    ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'deadline must be in the future' })
  } else if (call.scheduledAt && call.deadline && Date.parse(call.deadline) <= Date.parse(call.scheduledAt)) {
    ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'deadline must be after scheduledAt' })
  }
}

export const AgentIdSchema = z.string().min(3).max(512).openapi({
  description: 'The agent placing the call; its prefix picks the provider',
  example: 'sandbox_0mhx2kq1a7f3c9',
})

export const CallCreateSchema = z
  .strictObject({ agentId: AgentIdSchema, ...callFieldsShape })
  .superRefine(deadlineAfterSchedule)
  .openapi('CallCreate', {
    description:
      'A call to place. Fields a provider cannot honour are refused (strict) or dropped with a warning (lenient).',
    example: { agentId: 'sandbox_0mhx2kq1a7f3c9', to: '+14155550100', variables: { firstName: 'Ada' } },
  })

export const BatchItemSchema = z
  .strictObject(callFieldsShape)
  .superRefine(deadlineAfterSchedule)
  .openapi('BatchCallItem', {
    description: "One call of a batch: a CallCreate without agentId (the batch's agent places it).",
    example: { to: '+14155550100', variables: { firstName: 'Ada' } },
  })

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
  .openapi('BatchCreate', {
    description: 'Up to 1,000 calls placed with one agent.',
    example: {
      agentId: 'sandbox_0mhx2kq1a7f3c9',
      calls: [{ to: '+14155550100' }, { to: '+14155550101', variables: { firstName: 'Grace' } }],
    },
  })

export const TranscriptTurnSchema = z
  .object({
    role: z.enum(['agent', 'user', 'tool']).openapi({ description: 'Who spoke', example: 'agent' }),
    text: z.string().openapi({ description: 'What was said', example: 'Hi Ada, this is Acme Dental.' }),
    startSeconds: z.number().optional().openapi({ description: 'Seconds from the call start', example: 0.4 }),
    endSeconds: z.number().optional().openapi({ description: 'Seconds from the call start', example: 2.1 }),
  })
  .openapi('TranscriptTurn', { description: 'One turn of the conversation.' })

export const CallSchema = z
  .object({
    id: z.string().openapi({
      description: 'The call id; its prefix names the provider',
      example: 'sandbox_0mhx2kq5c1d2e3',
    }),
    provider: z.string().openapi({ description: 'The vendor running the call', example: 'sandbox' }),
    agentId: z
      .string()
      .nullable()
      .openapi({ description: "The agent that placed it: the portable agent's id for a routed call" }),
    targetAgentId: z
      .string()
      .nullable()
      .default(null)
      .openapi({ description: 'A routed call: the vendor agent that ran it; null otherwise' }),
    status: CallStatusSchema,
    providerStatus: z
      .string()
      .nullable()
      .openapi({ description: "The vendor's own status word, unmapped", example: 'ended' }),
    direction: z.enum(['outbound', 'inbound']).openapi({ description: 'Who dialed', example: 'outbound' }),
    to: z.string().openapi({ description: 'The number or SIP URI dialed', example: '+14155550100' }),
    from: z.string().nullable().openapi({ description: 'The caller id used, if known' }),
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
    durationSeconds: z.number().nullable().openapi({ description: 'Talk time, once ended', example: 42 }),
    endReason: z.string().nullable().openapi({ description: "Why it ended, in the vendor's words" }),
    transcript: z.array(TranscriptTurnSchema).nullable().openapi({ description: 'Once the vendor has it' }),
    transcriptTruncated: z.literal(true).optional().openapi({
      description:
        'Only in webhook events: the transcript was cut to fit the event size limit (about 120 KB). GET /v1/calls/{id} returns it whole.',
    }),
    summary: z.string().nullable().openapi({ description: "The vendor's summary of the conversation" }),
    recordingUrl: z.string().nullable().openapi({ description: 'Where the vendor keeps the recording' }),
    cost: z
      .object({ amount: z.number(), currency: z.string() })
      .nullable()
      .openapi({ description: 'What the vendor charged', example: { amount: 0.12, currency: 'USD' } }),
    // Filled by the gateway from its ledger, so a provider's mapper never has to know them.
    campaignId: z
      .string()
      .nullable()
      .default(null)
      .openapi({ description: 'The campaign that placed it', example: null }),
    attempts: z
      .array(AttemptSchema)
      .nullable()
      .default(null)
      .openapi({ description: 'Routing attempts, for a call placed through a portable agent' }),
    warnings: z
      .array(WarningSchema)
      .optional()
      .openapi({ description: 'Fields dropped under Prefer: handling=lenient' }),
    providerData: z.unknown().optional().openapi({ description: 'The vendor object, with include=raw' }),
  })
  .openapi('Call', { description: 'A phone call, the same shape whichever vendor runs it.' })

export const BatchResultSchema = z
  .object({
    data: z
      .array(
        z.union([
          z.object({ index: z.number().int(), call: CallSchema }),
          z.object({ index: z.number().int(), error: ProblemSchema }),
        ]),
      )
      .openapi({ description: 'One entry per item, in request order: the call placed, or why not' }),
    created: z.number().int().openapi({ description: 'Calls placed', example: 2 }),
    failed: z.number().int().openapi({ description: 'Items refused', example: 0 }),
  })
  .openapi('BatchResult', { description: 'The outcome of each item of a batch.' })

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

/** A Call as answered: the fields the gateway fills from its ledger are null where it has nothing. */
export const withLedgerFields = (call: Call): Call => ({
  ...call,
  targetAgentId: call.targetAgentId ?? null,
  campaignId: call.campaignId ?? null,
  attempts: call.attempts ?? null,
})

export type CallCreate = z.infer<typeof CallCreateSchema>
export type BatchItem = z.infer<typeof BatchItemSchema>
/** A Call as providers produce it; the answer's schema adds `campaignId` and `attempts`. */
export type Call = z.input<typeof CallSchema>
export type TranscriptTurn = z.infer<typeof TranscriptTurnSchema>
