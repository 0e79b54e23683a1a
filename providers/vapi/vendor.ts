import { z } from 'zod'
import { scrubKeys } from '../kit/scrub'

/**
 * Vapi payloads, from its OpenAPI document (docs/vendors/vapi.md). Answers are read with loose
 * objects: Vapi adds fields often, and read–merge–PATCH must send back what it does not know, so
 * unknown keys are kept, never stripped. Requests carry only fields the spec lists: Vapi refuses
 * any other ("property X should not exist").
 */

const Obj = z.record(z.string(), z.unknown())
/** Vapi's ISO 8601 timestamps; read leniently and normalized by vendorTimestamp. */
const Timestamp = z.string()

const ChatMessageSchema = z.looseObject({ role: z.string(), content: z.string().nullish() })

const ToolSchema = z.looseObject({
  type: z.string(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  method: z.string().nullish(),
  url: z.string().nullish(),
  body: Obj.nullish(),
  timeoutSeconds: z.number().nullish(),
})

export const ModelSchema = z.looseObject({
  provider: z.string(),
  model: z.string(),
  messages: z.array(ChatMessageSchema).nullish(),
  tools: z.array(ToolSchema).nullish(),
  temperature: z.number().nullish(),
  maxTokens: z.number().nullish(),
})
export const VoiceSchema = z.looseObject({
  provider: z.string(),
  voiceId: z.string().nullish(),
  model: z.string().nullish(),
  speed: z.number().nullish(),
  language: z.string().nullish(),
})
export const TranscriberSchema = z.looseObject({
  provider: z.string(),
  model: z.string().nullish(),
  language: z.string().nullish(),
})
export const ServerSchema = z.looseObject({
  url: z.string().nullish(),
  timeoutSeconds: z.number().nullish(),
  backoffPlan: Obj.nullish(),
})

const assistantShape = {
  name: z.string().nullish(),
  firstMessage: z.string().nullish(),
  firstMessageMode: z.string().nullish(),
  model: ModelSchema.nullish(),
  voice: VoiceSchema.nullish(),
  transcriber: TranscriberSchema.nullish(),
  maxDurationSeconds: z.number().nullish(),
  server: ServerSchema.nullish(),
  serverMessages: z.array(z.string()).nullish(),
  metadata: Obj.nullish(),
  monitorPlan: Obj.nullish(),
}

export const AssistantSchema = z.looseObject({
  ...assistantShape,
  id: z.string().min(1),
  orgId: z.string().nullish(),
  createdAt: Timestamp,
  updatedAt: Timestamp.nullish(),
})
export const AssistantListSchema = z.array(AssistantSchema)
export type VapiAssistant = z.infer<typeof AssistantSchema>
export type VapiModel = z.infer<typeof ModelSchema>
export type VapiVoice = z.infer<typeof VoiceSchema>
export type VapiTranscriber = z.infer<typeof TranscriberSchema>
export type VapiServer = z.infer<typeof ServerSchema>

/** The part of CreateAssistantDTO Switchboard writes (and AssistantOverrides, which has every field). */
export interface VapiAssistantBody {
  name?: string
  firstMessage?: string
  firstMessageMode?: 'assistant-speaks-first' | 'assistant-waits-for-user'
  model?: Record<string, unknown>
  voice?: Record<string, unknown>
  transcriber?: Record<string, unknown>
  maxDurationSeconds?: number
  server?: Record<string, unknown>
  serverMessages?: string[]
  metadata?: Record<string, unknown>
  monitorPlan?: Record<string, unknown>
  [key: string]: unknown
}

/** Typed by the interface above; the fake checks the wire against Vapi's own schema. */
export const AssistantRequestSchema = z.custom<VapiAssistantBody>()

export interface VapiOverrides extends VapiAssistantBody {
  variableValues?: Record<string, unknown>
}

/** CreateCallDTO, the fields Switchboard sends. */
export interface VapiCallCreate {
  assistantId: string
  phoneNumberId: string
  customer: { number: string } | { sipUri: string }
  assistantOverrides?: VapiOverrides
  schedulePlan?: { earliestAt: string; latestAt?: string }
  [key: string]: unknown
}

export const CallRequestSchema = z.custom<VapiCallCreate>()

const MessageSchema = z.looseObject({
  role: z.string(),
  message: z.string().nullish(),
  time: z.number().nullish(),
  endTime: z.number().nullish(),
  secondsFromStart: z.number().nullish(),
  duration: z.number().nullish(),
  toolCalls: z.array(z.unknown()).nullish(),
  name: z.string().nullish(),
  result: z.unknown().optional(),
})
export type VapiMessage = z.infer<typeof MessageSchema>

const ArtifactSchema = z.looseObject({
  transcript: z.string().nullish(),
  messages: z.array(z.unknown()).nullish(),
  recordingUrl: z.string().nullish(),
})

export { MessageSchema }

export const SubscriptionLimitsSchema = z.looseObject({
  concurrencyBlocked: z.boolean().nullish(),
  concurrencyLimit: z.number().nullish(),
  remainingConcurrentCalls: z.number().nullish(),
})

export const CallSchema = z.looseObject({
  id: z.string().min(1),
  orgId: z.string().nullish(),
  type: z.string().nullish(),
  status: z.string().nullish(),
  endedReason: z.string().nullish(),
  endedMessage: z.string().nullish(),
  createdAt: Timestamp.nullish(),
  updatedAt: Timestamp.nullish(),
  startedAt: Timestamp.nullish(),
  endedAt: Timestamp.nullish(),
  cost: z.number().nullish(),
  artifact: ArtifactSchema.nullish(),
  // successEvaluation has been seen as a boolean though typed string: read leniently.
  analysis: z.looseObject({ summary: z.string().nullish() }).nullish(),
  monitor: z.looseObject({ listenUrl: z.string().nullish(), controlUrl: z.string().nullish() }).nullish(),
  assistantId: z.string().nullish(),
  assistantOverrides: z
    .looseObject({ variableValues: Obj.nullish(), metadata: Obj.nullish(), server: ServerSchema.nullish() })
    .nullish(),
  phoneNumberId: z.string().nullish(),
  phoneNumber: z.looseObject({ number: z.string().nullish() }).nullish(),
  customer: z.looseObject({ number: z.string().nullish(), sipUri: z.string().nullish() }).nullish(),
  schedulePlan: z.looseObject({ earliestAt: Timestamp.nullish(), latestAt: Timestamp.nullish() }).nullish(),
  subscriptionLimits: SubscriptionLimitsSchema.nullish(),
})
export const CallListSchema = z.array(CallSchema)
export type VapiCall = z.infer<typeof CallSchema>

export const PhoneNumberSchema = z.looseObject({
  id: z.string().min(1),
  number: z.string().nullish(),
  provider: z.string().nullish(),
})
export const PhoneNumberListSchema = z.array(PhoneNumberSchema)

/** NestJS errors: `{ message: string | string[], error: "<HTTP reason>", statusCode }`. */
export const VapiErrorSchema = z.looseObject({
  message: z.union([z.string(), z.array(z.string())]).nullish(),
  error: z.string().nullish(),
  statusCode: z.number().nullish(),
})

/** What Vapi POSTs to a server URL: `{ message: { type, … } }`. */
export const ServerMessageSchema = z.looseObject({
  message: z.looseObject({
    type: z.string().min(1),
    status: z.string().nullish(),
    endedReason: z.string().nullish(),
    timestamp: z.union([z.number(), z.string()]).nullish(),
    call: CallSchema.nullish(),
    artifact: ArtifactSchema.nullish(),
    analysis: z.looseObject({ summary: z.string().nullish() }).nullish(),
    cost: z.number().nullish(),
    startedAt: Timestamp.nullish(),
    endedAt: Timestamp.nullish(),
  }),
})
export type VapiServerMessage = z.infer<typeof ServerMessageSchema>['message']

/** The UUID form of every Vapi id (the path `{id}` is `format: uuid`). */
export const VAPI_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Keys never passed on in providerData or providerEvent: `listenUrl` and `controlUrl` let whoever
 * holds them listen to or steer a live call, and a phone number's Twilio credentials can arrive
 * inside Vapi's payloads.
 */
export const SECRET_KEYS = new Set([
  'listenUrl',
  'controlUrl',
  'twilioAuthToken',
  'twilioApiSecret',
  'twilioApiKey',
  'credentials',
])

/** A Vapi object as clients may see it: without SECRET_KEYS or Switchboard's inbound URL. */
export const scrub = <T>(value: T): T => scrubKeys(value, SECRET_KEYS)
