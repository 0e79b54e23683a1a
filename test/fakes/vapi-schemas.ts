import { z } from 'zod'

/**
 * Vapi's request schemas as its OpenAPI document gives them (CreateAssistantDTO, UpdateAssistantDTO,
 * AssistantOverrides, CreateCallDTO, CreateCustomerDTO, SchedulePlan, Server, BackoffPlan, list
 * queries), written from the reference rather than the provider, for the fake to judge what it
 * receives. Vapi rejects unknown properties, so every object here is strict except where the spec
 * itself leaves one open (metadata, variableValues, analysis plans).
 */

const Obj = z.record(z.string(), z.unknown())
const DateTime = z.iso.datetime({ offset: true })

export const LLM_PROVIDERS = [
  'anthropic',
  'anthropic-bedrock',
  'anyscale',
  'cerebras',
  'custom-llm',
  'deepinfra',
  'deep-seek',
  'google',
  'groq',
  'inflection-ai',
  'minimax',
  'openai',
  'openrouter',
  'perplexity-ai',
  'together-ai',
  'xai',
  'vapi',
] as const
export const VOICE_PROVIDERS = [
  'azure',
  'cartesia',
  'custom-voice',
  'deepgram',
  '11labs',
  'hume',
  'lmnt',
  'neuphonic',
  'openai',
  'playht',
  'wellsaid',
  'rime-ai',
  'smallest-ai',
  'tavus',
  'vapi',
  'sesame',
  'inworld',
  'minimax',
  'xai',
  'microsoft',
] as const
export const TRANSCRIBER_PROVIDERS = [
  'assembly-ai',
  'azure',
  'custom-transcriber',
  'deepgram',
  '11labs',
  'gladia',
  'google',
  'speechmatics',
  'talkscriber',
  'openai',
  'cartesia',
  'soniox',
  'xai',
  'vapi',
] as const
export const SERVER_MESSAGE_TYPES = [
  'conversation-update',
  'end-of-call-report',
  'function-call',
  'hang',
  'language-changed',
  'language-change-detected',
  'model-output',
  'phone-call-control',
  'speech-update',
  'status-update',
  'transcript',
  'tool-calls',
  'transfer-destination-request',
  'handoff-destination-request',
  'transfer-update',
  'user-interrupted',
  'voice-input',
  'assistant.started',
] as const

const ApiRequestTool = z.strictObject({
  type: z.literal('apiRequest'),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  description: z.string().optional(),
  method: z.enum(['POST', 'GET', 'PUT', 'PATCH', 'DELETE']),
  url: z.url(),
  headers: Obj.optional(),
  body: Obj.optional(),
  timeoutSeconds: z.number().min(1).max(300).optional(),
})

const Model = z.strictObject({
  provider: z.enum(LLM_PROVIDERS),
  model: z.string().min(1),
  messages: z
    .array(
      z.strictObject({
        role: z.enum(['assistant', 'function', 'user', 'system', 'tool']),
        content: z.string(),
      }),
    )
    .optional(),
  tools: z.array(ApiRequestTool).optional(),
  toolIds: z.array(z.string()).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().min(50).max(10_000).optional(),
  emotionRecognitionEnabled: z.boolean().optional(),
})

const Voice = z
  .strictObject({
    provider: z.enum(VOICE_PROVIDERS),
    voiceId: z.string().min(1).optional(),
    model: z.string().optional(),
    speed: z.number().optional(),
    language: z.string().optional(),
  })
  .refine((voice) => voice.provider === 'custom-voice' || voice.voiceId !== undefined, {
    message: 'voiceId is required',
    path: ['voiceId'],
  })

const Transcriber = z.strictObject({
  provider: z.enum(TRANSCRIBER_PROVIDERS),
  model: z.string().optional(),
  language: z.string().optional(),
})

const BackoffPlan = z.strictObject({
  type: z.enum(['fixed', 'exponential']),
  maxRetries: z.number().int().min(0).max(10),
  baseDelaySeconds: z.number().min(0).max(10),
  excludedStatusCodes: z.array(z.number()).optional(),
})

const Server = z.strictObject({
  url: z.url(),
  headers: Obj.optional(),
  credentialId: z.string().optional(),
  timeoutSeconds: z.number().min(1).max(300).optional(),
  backoffPlan: BackoffPlan.optional(),
  staticIpAddressesEnabled: z.boolean().optional(),
})

const MonitorPlan = z.strictObject({
  listenEnabled: z.boolean().optional(),
  listenAuthenticationEnabled: z.boolean().optional(),
  controlEnabled: z.boolean().optional(),
  controlAuthenticationEnabled: z.boolean().optional(),
  monitorIds: z.array(z.string()).optional(),
})

const assistantShape = {
  name: z.string().max(40).optional(),
  firstMessage: z.string().optional(),
  firstMessageMode: z
    .enum([
      'assistant-speaks-first',
      'assistant-speaks-first-with-model-generated-message',
      'assistant-waits-for-user',
    ])
    .optional(),
  firstMessageInterruptionsEnabled: z.boolean().optional(),
  model: Model.optional(),
  voice: Voice.optional(),
  transcriber: Transcriber.optional(),
  maxDurationSeconds: z.number().min(10).max(43_200).optional(),
  endCallMessage: z.string().max(1000).optional(),
  endCallPhrases: z.array(z.string()).optional(),
  voicemailMessage: z.string().max(1000).optional(),
  voicemailDetection: z.unknown().optional(),
  backgroundSound: z.string().optional(),
  server: Server.optional(),
  serverMessages: z.array(z.enum(SERVER_MESSAGE_TYPES)).optional(),
  metadata: Obj.optional(),
  analysisPlan: Obj.optional(),
  artifactPlan: Obj.optional(),
  monitorPlan: MonitorPlan.optional(),
}

export const CreateAssistant = z.strictObject(assistantShape)
export const UpdateAssistant = z.strictObject(assistantShape).partial()
const AssistantOverrides = z.strictObject({
  ...assistantShape,
  variableValues: Obj.optional(),
  'tools:append': z.array(ApiRequestTool).optional(),
})

const Customer = z
  .strictObject({
    number: z
      .string()
      .min(3)
      .max(40)
      .regex(/^\+[1-9]\d{1,14}$/, 'must be E.164 (numberE164CheckEnabled is true)')
      .optional(),
    sipUri: z
      .string()
      .regex(/^sips?:/)
      .optional(),
    numberE164CheckEnabled: z.boolean().optional(),
    extension: z.string().max(10).optional(),
    name: z.string().max(40).optional(),
    email: z.string().max(40).optional(),
    externalId: z.string().max(40).optional(),
    assistantOverrides: AssistantOverrides.optional(),
  })
  .refine((c) => (c.number === undefined) !== (c.sipUri === undefined), 'exactly one of number or sipUri')

export const CreateCall = z.strictObject({
  assistantId: z.uuid(),
  assistantVersion: z.string().optional(),
  assistantOverrides: AssistantOverrides.optional(),
  phoneNumberId: z.uuid(),
  customer: Customer,
  schedulePlan: z.strictObject({ earliestAt: DateTime, latestAt: DateTime.optional() }).optional(),
  name: z.string().max(40).optional(),
})

const Limit = z.coerce.number().int().min(0).max(1000).optional()
const range = {
  createdAtGt: DateTime.optional(),
  createdAtLt: DateTime.optional(),
  createdAtGe: DateTime.optional(),
  createdAtLe: DateTime.optional(),
  updatedAtGt: DateTime.optional(),
  updatedAtLt: DateTime.optional(),
  updatedAtGe: DateTime.optional(),
  updatedAtLe: DateTime.optional(),
}
export const AssistantListQuery = z.strictObject({ limit: Limit, ...range })
export const CallListQuery = z.strictObject({
  limit: Limit,
  id: z.uuid().optional(),
  assistantId: z.uuid().optional(),
  phoneNumberId: z.uuid().optional(),
  ...range,
})
export const PhoneNumberListQuery = z.strictObject({ limit: Limit, ...range })
export const NoQuery = z.strictObject({})
export const ControlMessage = z.strictObject({ type: z.literal('end-call') })
