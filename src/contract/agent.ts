import { z } from '@hono/zod-openapi'
import {
  HttpsUrlSchema,
  LanguageSchema,
  TimestampSchema,
  TimeZoneSchema,
  VariablesSchema,
  WarningSchema,
  WebhookUrlSchema,
} from './common'
import { ProblemSchema } from './problem'

export const VoiceSchema = z
  .strictObject({
    vendor: z.string().max(100).optional(),
    voiceId: z.string().min(1).max(200),
    model: z.string().max(200).optional(),
    speed: z.number().min(0.25).max(4).optional(),
  })
  .openapi('Voice', { description: 'Text-to-speech settings.' })

export const LlmSchema = z
  .strictObject({
    vendor: z.string().max(100).optional(),
    model: z.string().min(1).max(200),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().min(1).max(1_000_000).optional(),
  })
  .openapi('Llm', { description: 'The language model behind the agent.' })

export const TranscriberSchema = z
  .strictObject({
    vendor: z.string().max(100).optional(),
    model: z.string().max(200).optional(),
    language: LanguageSchema.optional(),
  })
  .openapi('Transcriber', { description: 'Speech-to-text settings.' })

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/
export const WindowSchema = z
  .strictObject({
    start: z.string().regex(CLOCK, 'Must be a time of day such as 09:00'),
    end: z.string().regex(CLOCK, 'Must be a time of day such as 17:30'),
  })
  .refine((w) => w.start < w.end, { message: 'end must be after start', path: ['end'] })
  .openapi('Window', {
    description: 'A time span within one day, start before end.',
    example: { start: '09:00', end: '17:30' },
  })

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]

export const ScheduleSchema = z
  .strictObject({
    timezone: TimeZoneSchema,
    windows: z.strictObject(
      Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(WindowSchema).max(24).optional()])) as Record<
        Weekday,
        z.ZodOptional<z.ZodArray<typeof WindowSchema>>
      >,
    ),
  })
  .openapi('Schedule', { description: 'When outbound calls may be placed, in the schedule time zone.' })

export const ToolSchema = z
  .strictObject({
    name: z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/,
        'Must be 1–64 letters, digits, _ or -, starting with a letter or _',
      ),
    description: z.string().min(1).max(2_000),
    parameters: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'JSON Schema object of the arguments' }),
    url: HttpsUrlSchema,
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
    headers: z.record(z.string(), z.string().max(4_000)).optional(),
    timeoutSeconds: z.number().int().min(1).max(120).optional(),
  })
  .openapi('Tool', { description: 'An HTTP tool the agent can call during a conversation.' })

/** Fields a client may write on an agent (create and update). */
const writableAgentShape = {
  name: z
    .string()
    .min(1)
    .max(100)
    .openapi({ description: 'Your name for the agent', example: 'Reminder bot' }),
  description: z
    .string()
    .max(2_000)
    .nullable()
    .optional()
    .openapi({ description: 'Notes for people, not the model' }),
  enabled: z.boolean().optional().openapi({ description: 'A disabled agent places no calls', example: true }),
  language: LanguageSchema.nullable().optional(),
  prompt: z.string().max(100_000).nullable().optional().openapi({
    description: 'The system prompt; {{placeholders}} are filled from variables',
    example: 'You remind {{firstName}} of the appointment.',
  }),
  firstMessage: z.string().max(10_000).nullable().optional().openapi({
    description: 'What the agent says first',
    example: 'Hi {{firstName}}, this is Acme Dental.',
  }),
  voice: VoiceSchema.nullable().optional(),
  llm: LlmSchema.nullable().optional(),
  transcriber: TranscriberSchema.nullable().optional(),
  maxDurationSeconds: z
    .number()
    .int()
    .min(10)
    .max(14_400)
    .nullable()
    .optional()
    .openapi({ description: 'Hang up after this long', example: 600 }),
  variables: VariablesSchema.optional(),
  schedule: ScheduleSchema.nullable().optional(),
  tools: z.array(ToolSchema).max(64).optional().openapi({ description: 'HTTP tools the agent may call' }),
  webhookUrl: WebhookUrlSchema.nullable().optional().openapi({
    description: "Where events of this agent's calls go, unless a call names its own",
    example: 'https://example.org/switchboard/events',
  }),
  providerOptions: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .optional()
    .openapi({ description: 'Vendor-only fields, keyed by provider id; validated by that provider.' }),
}

const ProviderOptionsSchema = z.record(z.string(), z.unknown())

/** One vendor a portable agent runs on; its order among the targets is the fallback order. */
export const TargetSchema = z
  .strictObject({
    provider: z.string().min(1).max(32).openapi({ example: 'sandbox' }),
    agentId: z
      .string()
      .min(3)
      .max(512)
      .optional()
      .openapi({ description: 'An existing vendor agent of this project, used as is and never modified' }),
    voice: VoiceSchema.optional(),
    llm: LlmSchema.optional(),
    transcriber: TranscriberSchema.optional(),
    from: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .openapi({ description: "The caller id (or the vendor's phone-number id) to use with this vendor" }),
    weight: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .openapi({ description: 'For weighted routing; default 1' }),
    providerOptions: ProviderOptionsSchema.optional().openapi({ description: "This vendor's own options" }),
  })
  .openapi('Target', { description: 'One vendor a portable agent is deployed to, in fallback order' })

export const RoutingSchema = z
  .strictObject({
    strategy: z.enum(['fallback', 'weighted']).default('fallback'),
    onAmbiguous: z.enum(['stop', 'reconcile']).default('stop'),
  })
  .openapi('Routing', {
    description:
      'fallback keeps target order, weighted draws by weight; reconcile looks for a call an ambiguous failure may have placed',
  })

export const MAX_TARGETS = 10
const targetsField = z.array(TargetSchema).min(1).max(MAX_TARGETS)

export const AgentCreateSchema = z
  .strictObject({
    provider: z
      .string()
      .min(1)
      .max(32)
      .optional()
      .openapi({ example: 'sandbox', description: 'Omit it (and give targets) for a portable agent' }),
    ...writableAgentShape,
    targets: targetsField.optional().openapi({ description: 'Portable agents only: 1–10 vendors to run on' }),
    routing: RoutingSchema.optional(),
  })
  .openapi('AgentCreate', {
    description: 'An agent to create on a provider.',
    example: {
      provider: 'sandbox',
      name: 'Reminder bot',
      prompt: 'Remind {{firstName}} of the appointment.',
    },
  })

export const AgentUpdateSchema = z
  .strictObject({
    ...writableAgentShape,
    name: writableAgentShape.name.optional(),
    targets: targetsField.optional(),
    routing: RoutingSchema.optional(),
  })
  .openapi('AgentUpdate', {
    description: 'The fields to change; null clears a field.',
    example: { prompt: 'Confirm the appointment with {{firstName}}.' },
  })

export const DeploymentSchema = z
  .object({
    provider: z.string(),
    agentId: z.string().nullable(),
    state: z.enum(['ready', 'inline', 'failed']),
    error: ProblemSchema.optional(),
    syncedAt: TimestampSchema.nullable(),
  })
  .openapi('Deployment', { description: 'Where a portable agent stands on one of its targets' })

export const AgentSchema = z
  .object({
    id: z.string().openapi({
      description: 'The agent id; its prefix names the provider (agt_… for a portable agent)',
      example: 'sandbox_0mhx2kq1a7f3c9',
    }),
    provider: z.string().nullable().openapi({
      description: 'The vendor keeping the agent; null for a portable agent',
      example: 'sandbox',
    }),
    name: z.string().openapi({ example: 'Reminder bot' }),
    description: z.string().nullable(),
    enabled: z.boolean(),
    language: z.string().nullable(),
    prompt: z.string().nullable(),
    firstMessage: z.string().nullable(),
    voice: z
      .object({
        vendor: z.string().optional(),
        voiceId: z.string(),
        model: z.string().optional(),
        speed: z.number().optional(),
      })
      .nullable(),
    llm: z
      .object({
        vendor: z.string().optional(),
        model: z.string(),
        temperature: z.number().optional(),
        maxTokens: z.number().optional(),
      })
      .nullable(),
    transcriber: z
      .object({
        vendor: z.string().optional(),
        model: z.string().optional(),
        language: z.string().optional(),
      })
      .nullable(),
    maxDurationSeconds: z.number().nullable(),
    variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    schedule: ScheduleSchema.nullable(),
    tools: z.array(ToolSchema),
    webhookUrl: z.string().nullable(),
    createdAt: TimestampSchema.nullable(),
    updatedAt: TimestampSchema.nullable(),
    targets: z.array(TargetSchema).optional(),
    routing: z
      .object({ strategy: z.enum(['fallback', 'weighted']), onAmbiguous: z.enum(['stop', 'reconcile']) })
      .optional(),
    deployments: z.array(DeploymentSchema).optional(),
    warnings: z.array(WarningSchema).optional(),
    providerData: z.unknown().optional(),
  })
  .openapi('Agent', { description: 'A voice agent, the same shape whichever vendor keeps it.' })

export type AgentCreate = z.infer<typeof AgentCreateSchema>
export type AgentUpdate = z.infer<typeof AgentUpdateSchema>
export type Agent = z.infer<typeof AgentSchema>
export type Schedule = z.infer<typeof ScheduleSchema>
export type Tool = z.infer<typeof ToolSchema>
export type Target = z.infer<typeof TargetSchema>
export type Routing = z.infer<typeof RoutingSchema>
export type Deployment = z.infer<typeof DeploymentSchema>
