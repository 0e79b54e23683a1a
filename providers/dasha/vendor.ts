import { z } from 'zod'

/**
 * Dasha BlackBox payloads, from its API reference (docs.blackbox.dasha.ai, generated from a .NET
 * spec). Answers are read with loose objects: Dasha adds fields over time and read–merge–write must
 * send back what it does not know, so unknown keys are kept, never stripped.
 */

/** .NET may omit the offset or send seven fraction digits; both are accepted and normalized later. */
const Timestamp = z.iso.datetime({ offset: true, local: true })

const TimeOfDay = z.looseObject({
  hour: z.number().int().min(0).max(24),
  minute: z.number().int().min(0).max(59),
})
const Slot = z.looseObject({ start: TimeOfDay, end: TimeOfDay })
export const DASHA_WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

export const DashaScheduleSchema = z.looseObject({
  timezone: z.string().nullish(),
  ...Object.fromEntries(DASHA_WEEKDAYS.map((day) => [day, z.array(Slot).nullish()])),
}) as z.ZodType<DashaSchedule>

export interface DashaTimeOfDay {
  hour: number
  minute: number
}
export type DashaSlot = { start: DashaTimeOfDay; end: DashaTimeOfDay }
export type DashaSchedule = { timezone?: string | null } & {
  [day in (typeof DASHA_WEEKDAYS)[number]]?: DashaSlot[] | null
}

const WebhookSchema = z.looseObject({
  url: z.string(),
  headers: z.record(z.string(), z.string()).nullish(),
  customSettings: z.looseObject({ httpMethod: z.string().nullish() }).nullish(),
})

const ToolSchema = z.looseObject({
  name: z.string(),
  description: z.string().nullish(),
  schema: z.record(z.string(), z.unknown()).nullish(),
  webhook: WebhookSchema.nullish(),
  timeoutSeconds: z.number().nullish(),
})

const ConfigSchema = z.looseObject({
  primaryLanguage: z.string().nullish(),
  ttsConfig: z
    .looseObject({
      voiceId: z.string().nullish(),
      vendor: z.string().nullish(),
      model: z.string().nullish(),
      speed: z.number().nullish(),
    })
    .nullish(),
  llmConfig: z
    .looseObject({
      model: z.string().nullish(),
      vendor: z.string().nullish(),
      prompt: z.string().nullish(),
      options: z
        .looseObject({ temperature: z.number().nullish(), maxTokens: z.number().nullish() })
        .nullish(),
    })
    .nullish(),
  sttConfig: z.looseObject({ vendor: z.string().nullish() }).nullish(),
  features: z
    .looseObject({
      maxDuration: z
        .looseObject({ maxDurationSeconds: z.number().nullish(), isEnabled: z.boolean().nullish() })
        .nullish(),
    })
    .nullish(),
  tools: z.array(ToolSchema).nullish(),
  resultWebhook: WebhookSchema.nullish(),
})

/** What create and update send: the reference uses one request type for both (a full body). */
const agentBodyShape = {
  name: z.string(),
  config: ConfigSchema,
  isEnabled: z.boolean().nullish(),
  description: z.string().nullish(),
  additionalData: z.record(z.string(), z.unknown()).nullish(),
  schedule: DashaScheduleSchema.nullish(),
  inboundSipConfig: z.looseObject({ phoneNumber: z.string().nullish() }).nullish(),
}

export const DashaAgentSchema = z.looseObject({
  ...agentBodyShape,
  agentId: z.string().min(1),
  orgId: z.string().nullish(),
  createdTime: Timestamp.nullish(),
  lastUpdateTime: Timestamp.nullish(),
})
export const DashaAgentListSchema = z.array(DashaAgentSchema)

export type DashaAgent = z.infer<typeof DashaAgentSchema>
export type DashaConfig = z.infer<typeof ConfigSchema>
export type DashaTool = z.infer<typeof ToolSchema>
export const DashaAgentBodySchema = z.object(agentBodyShape)
export type DashaAgentBody = z.infer<typeof DashaAgentBodySchema>

const OutboundOverrideSchema = z.looseObject({
  phoneNumber: z.string().nullish(),
  credentialsId: z.string().nullish(),
  displayName: z.string().nullish(),
})

const TurnSchema = z.looseObject({
  speaker: z.string(),
  text: z.string(),
  startTime: z.union([z.number(), z.string()]).nullish(),
  endTime: z.union([z.number(), z.string()]).nullish(),
})

const ResultSchema = z.looseObject({ finishReason: z.string().nullish(), status: z.string().nullish() })

/** The queue object: what create, bulk, get and the queue list answer. */
export const DashaCallSchema = z.looseObject({
  callId: z.string().min(1),
  orgId: z.string().nullish(),
  agentId: z.string().min(1),
  endpoint: z.string(),
  status: z.string(),
  createdTime: Timestamp.nullish(),
  nextScheduleTime: Timestamp.nullish(),
  completedTime: Timestamp.nullish(),
  additionalData: z.record(z.string(), z.unknown()).nullish(),
  priority: z.number().nullish(),
  callDeadline: Timestamp.nullish(),
  timezone: z.string().nullish(),
  overrideOutboundConfig: OutboundOverrideSchema.nullish(),
  // A concept page says a finished call also carries these; the call result is the sure source.
  durationSeconds: z.number().nullish(),
  transcription: z.array(TurnSchema).nullish(),
  result: ResultSchema.nullish(),
  recordingUrl: z.string().nullish(),
})
export const DashaCallListSchema = z.array(DashaCallSchema)
export const DashaQueueSchema = z.looseObject({ calls: z.array(DashaCallSchema), total: z.number().int() })

/** One item of POST /api/v1/callresults/search: a call's outcome. */
export const DashaCallResultSchema = z.looseObject({
  callId: z.string().min(1),
  agentId: z.string().min(1),
  orgId: z.string().nullish(),
  callAdditionalData: z.record(z.string(), z.unknown()).nullish(),
  callStatus: z.string(),
  callType: z.string().nullish(),
  createdTime: Timestamp.nullish(),
  completedTime: Timestamp.nullish(),
  durationSeconds: z.number().nullish(),
  endpoint: z.string(),
  result: ResultSchema.nullish(),
  transcription: z.array(TurnSchema).nullish(),
  errorMessage: z.string().nullish(),
  inspectorUrl: z.string().nullish(),
  recordingUrl: z.string().nullish(),
})
export const DashaSearchSchema = z.looseObject({
  results: z.array(DashaCallResultSchema),
  totalCount: z.number().int(),
})

export type DashaCall = z.infer<typeof DashaCallSchema>
export type DashaCallResult = z.infer<typeof DashaCallResultSchema>
export type DashaTurn = z.infer<typeof TurnSchema>

/** The enqueue body (single and bulk items alike). */
export const DashaCallRequestSchema = z.strictObject({
  endpoint: z.string(),
  additionalData: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  priority: z.number().optional(),
  callDeadline: z.string().optional(),
  timezone: z.string().optional(),
  overrideOutboundConfig: z
    .strictObject({
      phoneNumber: z.string().optional(),
      credentialsId: z.string().optional(),
      displayName: z.string().optional(),
    })
    .optional(),
})
export type DashaCallRequest = z.infer<typeof DashaCallRequestSchema>

export const DashaSearchRequestSchema = z.strictObject({
  page: z.number().int(),
  size: z.number().int(),
  agentIds: z.array(z.string()).optional(),
  callStatuses: z.array(z.string()).optional(),
  callIds: z.array(z.string()).optional(),
  sortField: z.string().optional(),
  sortDirection: z.enum(['Ascending', 'Descending']).optional(),
})
export type DashaSearchRequest = z.infer<typeof DashaSearchRequestSchema>

/** RFC 7807, as ASP.NET writes it (validation problems add `errors: { field: [messages] }`). */
export const DashaProblemSchema = z.looseObject({
  type: z.string().nullish(),
  title: z.string().nullish(),
  status: z.number().nullish(),
  detail: z.string().nullish(),
  instance: z.string().nullish(),
  errors: z.record(z.string(), z.array(z.string())).nullish(),
})
