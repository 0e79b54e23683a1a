import { z } from 'zod'

/** Dasha BlackBox's request shapes as its reference documents them, apart from the provider's own schemas. */

/** The reference's call status enum. */
export const STATUSES = [
  'Unknown',
  'Created',
  'Pending',
  'Queued',
  'Running',
  'Completed',
  'Failed',
  'Canceled',
] as const

// Strict: a misspelled field fails.
const Discriminator = z.literal('v1').optional()
const Nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional()
const AnyObject = z.record(z.string(), z.unknown())
const Webhook = z.strictObject({
  url: z.url(),
  headers: z.record(z.string(), z.string()).optional(),
  customSettings: z
    .strictObject({
      httpMethod: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
      queryParams: z.record(z.string(), z.string()).optional(),
      bodyFormat: z.strictObject({ type: z.string().optional(), template: z.string().optional() }).optional(),
    })
    .optional(),
})
const TimeOfDay = z.strictObject({
  hour: z.number().int().min(0).max(23),
  minute: z.number().int().min(0).max(59),
})
const Schedule = z.strictObject({
  timezone: z.string().min(1),
  ...Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [
      day,
      z.array(z.strictObject({ start: TimeOfDay, end: TimeOfDay })).optional(),
    ]),
  ),
})
export const AgentRequest = z.strictObject({
  name: z.string().min(1).max(100),
  config: z.strictObject({
    version: Discriminator,
    primaryLanguage: z.string().min(1),
    ttsConfig: z.strictObject({
      version: Discriminator,
      voiceId: z.string().min(1),
      vendor: z.string().min(1).optional(),
      model: Nullable(z.string()),
      speed: Nullable(z.number().positive()),
      speedAdjustment: AnyObject.optional(),
      vendorSpecificOptions: AnyObject.optional(),
      responsiveness: Nullable(z.unknown()),
      pronunciationDictionary: Nullable(z.strictObject({ id: z.string(), hash: z.string() })),
    }),
    llmConfig: z
      .strictObject({
        version: Discriminator,
        model: Nullable(z.string()),
        vendor: Nullable(z.string()),
        prompt: Nullable(z.string()),
        apiKey: Nullable(z.string()),
        endpoint: Nullable(z.string()),
        options: z
          .strictObject({
            temperature: Nullable(z.number().min(0).max(2)),
            maxTokens: Nullable(z.number().int().positive()),
            topP: Nullable(z.number()),
            frequencyPenalty: Nullable(z.number()),
            presencePenalty: Nullable(z.number()),
            stop: Nullable(z.array(z.string())),
            trailingPrompt: Nullable(z.string()),
            reasoningMode: Nullable(z.string()),
            maxRetries: Nullable(z.number().int()),
            reasoningEffort: Nullable(z.string()),
          })
          .optional(),
        vendorSpecificOptions: AnyObject.optional(),
        toolScopes: Nullable(z.unknown()),
      })
      .optional(),
    sttConfig: z
      .strictObject({
        version: Discriminator,
        vendor: z.string().min(1),
        vendorSpecificOptions: AnyObject.optional(),
      })
      .optional(),
    outboundSipConfig: z
      .strictObject({
        server: z.string(),
        authUser: z.string(),
        type: Discriminator,
        domain: Nullable(z.string()),
        password: Nullable(z.string()),
        fromUser: Nullable(z.string()),
        transport: z.enum(['udp', 'tcp', 'tls']).optional(),
        cpsLimit: Nullable(z.number()),
        cpsKey: Nullable(z.string()),
        displayName: Nullable(z.string()),
      })
      .optional(),
    resultWebhook: Nullable(Webhook),
    features: z
      .strictObject({
        version: Discriminator,
        postCallAnalysis: z.array(z.unknown()).optional(),
        talkFirst: AnyObject.optional(),
        maxDuration: z
          .strictObject({
            version: Discriminator,
            maxDurationSeconds: z.number().int().positive().optional(),
            maxDurationInTransferSeconds: z.number().int().positive().optional(),
            isEnabled: z.boolean(),
          })
          .optional(),
        ivrDetection: AnyObject.optional(),
        ambientNoise: AnyObject.optional(),
        languageSwitching: AnyObject.optional(),
        fillers: AnyObject.optional(),
        backchannel: AnyObject.optional(),
        silenceManagement: AnyObject.optional(),
      })
      .optional(),
    mcpConnections: z.array(AnyObject).optional(),
    startWebhook: AnyObject.optional(),
    tools: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          schema: AnyObject,
          webhook: Webhook,
          description: z.string(),
          fallBackResult: Nullable(z.string()),
          timeoutSeconds: Nullable(z.number().int().positive()),
          retryCount: Nullable(z.number().int()),
        }),
      )
      .optional(),
    builtInTools: z
      .array(z.strictObject({ name: z.string(), additionalInstructions: Nullable(z.string()) }))
      .optional(),
  }),
  isEnabled: Nullable(z.boolean()),
  description: Nullable(z.string()),
  additionalData: AnyObject.optional(),
  schedule: Schedule.optional(),
  inboundSipConfig: z.strictObject({ phoneNumber: Nullable(z.string()) }).optional(),
})
export const CallRequest = z.strictObject({
  endpoint: z.string().min(1),
  additionalData: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  priority: Nullable(z.number().int()),
  // The reference spelling; the community CLI's `callDeadLine` must fail here.
  callDeadline: Nullable(z.iso.datetime({ offset: true })),
  timezone: Nullable(z.string().min(1)),
  overrideOutboundConfig: Nullable(
    z.strictObject({
      phoneNumber: Nullable(z.string().regex(/^\+[1-9]\d{1,14}$/)),
      credentialsId: Nullable(z.string()),
      displayName: Nullable(z.string()),
    }),
  ),
})
export const SearchRequest = z.strictObject({
  page: z.number().int().min(0),
  size: z.number().int().min(1).max(1000),
  agentIds: z.array(z.string()).optional(),
  callStatuses: z.array(z.enum(STATUSES)).optional(),
  fromDate: z.iso.datetime({ offset: true }).optional(),
  toDate: z.iso.datetime({ offset: true }).optional(),
  searchText: z.string().optional(),
  callIds: z.array(z.string()).optional(),
  endpoint: z.string().optional(),
  additionalDataFilters: AnyObject.optional(),
  sortField: z.string().optional(),
  sortDirection: z.enum(['Ascending', 'Descending']).optional(),
  includeAggregations: z.boolean().optional(),
  aggregationFields: z.array(z.string()).optional(),
})
/**
 * GET /calls/queue/list's documented query. The reference writes the status filter `status[]`; the
 * fake takes it as a repeated `status`, the provider's QUEUE_STATUS_PARAM reading (unconfirmed).
 */
export const QueueQuery = z.strictObject({
  skip: z.coerce.number().int().min(0).optional(),
  take: z.coerce.number().int().min(1).max(1000).optional(),
  fromDate: z.string().optional(),
  toDate: z.string().optional(),
  agentId: z.string().optional(),
  // Each repeated value is checked by the route: a query object holds one value per key.
  status: z.string().optional(),
})
/** POST /calls and /calls/bulk: the agent the calls are for, and nothing else. */
export const AgentQuery = z.strictObject({ agentId: z.string().min(1) })
export const NoQuery = z.strictObject({})
/** Cancel (DELETE /calls/{id}) takes no body. */
export const NoBody = z.undefined({ error: 'this endpoint takes no body' })
