import { type Agent, type Schedule, ScheduleSchema, type Tool, ToolSchema } from '../../src/contract/agent'
import { ApiError } from '../../src/contract/errors'
import { formatId } from '../../src/contract/ids'
import type { FieldError } from '../../src/contract/problem'
import { destinationOf } from '../kit/hook-url'
import { deepMerge, mergeProviderOptions } from '../kit/merge-options'
import { type AgentField, type ParamMap, unsupported } from '../kit/param-map'
import type { AgentPatch } from '../kit/types'
import { scalarEntries, vendorTimestamp } from '../kit/vendor-values'
import {
  DASHA_WEEKDAYS,
  type DashaAgent,
  type DashaAgentBody,
  type DashaSchedule,
  type DashaTimeOfDay,
  type DashaTool,
} from './vendor'

/** The unified fields an agent write may carry (create: all of them, update: those it changes). */
export type AgentFields = Omit<AgentPatch, 'providerOptions'>

/**
 * Each unified agent field: what Dasha has no place for, and what a client should know. Agent
 * writes are read–merge–write of Dasha's whole body, so mapAgentFields below places the values.
 */
export const agentParams: ParamMap<AgentField, AgentFields> = {
  name: {},
  description: {},
  enabled: {},
  language: { note: 'Required by Dasha (config.primaryLanguage).' },
  prompt: {},
  firstMessage: unsupported(
    'Dasha has no first-message text: the prompt decides what the agent says; whether it speaks first is config.features.talkFirst (providerOptions.dasha).',
  ),
  voice: { note: 'Required by Dasha (config.ttsConfig).' },
  llm: {},
  transcriber: {},
  'transcriber.model': unsupported(
    'Dasha\'s sttConfig takes only a vendor ("Auto" picks the engine per language).',
  ),
  'transcriber.language': unsupported('Dasha recognizes speech in the agent language; set language instead.'),
  maxDurationSeconds: {},
  variables: {},
  schedule: { note: 'A window ending at 24:00 is sent as 23:59, Dasha’s end of day.' },
  tools: {},
  webhookUrl: {
    note: "config.resultWebhook is set to Switchboard's inbound URL (with WEBHOOK_SECRET, even without a webhookUrl, so per-call webhookUrls and WEBHOOK_URL work); Completed, Failed, CallDeadLine and Start payloads arrive as normalized, signed Events.",
  },
}

/** Most of Dasha's config objects carry this discriminator. */
const V1 = 'v1'
/** Dasha's documented default recognizer, which picks an engine per language. */
export const DEFAULT_STT_VENDOR = 'Auto'
/** Dasha's own example of an unrestricted week; sent when a client clears the schedule. */
const ALL_DAY = [{ start: { hour: 0, minute: 0 }, end: { hour: 23, minute: 59 } }]
export const ALWAYS_OPEN: DashaSchedule = {
  timezone: 'UTC',
  ...Object.fromEntries(DASHA_WEEKDAYS.map((day) => [day, ALL_DAY])),
}

/** "24:00" (end of day) has no {hour, minute} in Dasha's examples; 23:59 is what they use. */
const toTimeOfDay = (clock: string): DashaTimeOfDay =>
  clock === '24:00'
    ? { hour: 23, minute: 59 }
    : { hour: Number(clock.slice(0, 2)), minute: Number(clock.slice(3, 5)) }

const toClock = ({ hour, minute }: DashaTimeOfDay) =>
  `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`

/** Every weekday is sent, empty where there is no window, so a day left out is closed, not "unchanged". */
export function toDashaSchedule(schedule: Schedule): DashaSchedule {
  const days = DASHA_WEEKDAYS.map((day) => [
    day,
    (schedule.windows[day] ?? []).map((w) => ({ start: toTimeOfDay(w.start), end: toTimeOfDay(w.end) })),
  ])
  return { timezone: schedule.timezone, ...Object.fromEntries(days) }
}

/** null when Dasha's schedule has no unified form (a zone that is not IANA): providerData still has it. */
export function fromDashaSchedule(schedule: DashaSchedule | null | undefined): Schedule | null {
  if (!schedule) return null
  const windows = Object.fromEntries(
    DASHA_WEEKDAYS.flatMap((day) => {
      const slots = schedule[day] ?? []
      return slots.length ? [[day, slots.map((s) => ({ start: toClock(s.start), end: toClock(s.end) }))]] : []
    }),
  )
  const parsed = ScheduleSchema.safeParse({ timezone: schedule.timezone ?? 'UTC', windows })
  return parsed.success ? parsed.data : null
}

function toDashaTool(tool: Tool): DashaTool {
  return {
    name: tool.name,
    description: tool.description,
    schema: tool.parameters,
    webhook: {
      url: tool.url,
      headers: tool.headers ?? {},
      ...(tool.method ? { customSettings: { httpMethod: tool.method } } : {}),
    },
    timeoutSeconds: tool.timeoutSeconds ?? null,
  }
}

/** Tools Dasha holds that the unified shape cannot express (no webhook, odd names) stay in providerData. */
function fromDashaTools(tools: DashaTool[] | null | undefined): Tool[] {
  return (tools ?? []).flatMap((tool) => {
    const method = tool.webhook?.customSettings?.httpMethod?.toUpperCase()
    const parsed = ToolSchema.safeParse({
      name: tool.name,
      description: tool.description,
      parameters: tool.schema ?? {},
      url: tool.webhook?.url,
      ...(method ? { method } : {}),
      ...(tool.webhook?.headers && Object.keys(tool.webhook.headers).length
        ? { headers: tool.webhook.headers }
        : {}),
      ...(tool.timeoutSeconds != null ? { timeoutSeconds: tool.timeoutSeconds } : {}),
    })
    return parsed.success ? [parsed.data] : []
  })
}

/**
 * The part of Dasha's agent body that the given unified fields set, and nothing else: laid over
 * an existing agent it changes exactly what the client named.
 */
export function mapAgentFields(fields: AgentFields): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  const config: Record<string, unknown> = {}
  if (fields.name !== undefined) body.name = fields.name
  if (fields.description !== undefined) body.description = fields.description
  if (fields.enabled !== undefined) body.isEnabled = fields.enabled
  if (fields.variables !== undefined) body.additionalData = fields.variables
  if (fields.schedule !== undefined)
    body.schedule = fields.schedule ? toDashaSchedule(fields.schedule) : ALWAYS_OPEN
  if (fields.language !== undefined) config.primaryLanguage = fields.language
  if (fields.voice !== undefined) {
    const voice = fields.voice
    // A voice without a vendor keeps the agent's current TTS vendor.
    config.ttsConfig = voice && {
      version: V1,
      voiceId: voice.voiceId,
      ...(voice.vendor ? { vendor: voice.vendor } : {}),
      model: voice.model ?? null,
      speed: voice.speed ?? 1,
    }
  }
  const llmConfig: Record<string, unknown> = {}
  if (fields.prompt !== undefined) llmConfig.prompt = fields.prompt
  if (fields.llm !== undefined) {
    const llm = fields.llm
    llmConfig.model = llm?.model ?? null
    // An llm without a vendor keeps the agent's current LLM vendor; clearing the llm clears both.
    if (!llm || llm.vendor) llmConfig.vendor = llm?.vendor ?? null
    llmConfig.options = { temperature: llm?.temperature ?? null, maxTokens: llm?.maxTokens ?? null }
  }
  if (Object.keys(llmConfig).length) config.llmConfig = { version: V1, ...llmConfig }
  if (fields.transcriber !== undefined) {
    config.sttConfig = { version: V1, vendor: fields.transcriber?.vendor ?? DEFAULT_STT_VENDOR }
  }
  if (fields.maxDurationSeconds !== undefined) {
    const seconds = fields.maxDurationSeconds
    config.features = {
      version: V1,
      maxDuration:
        seconds === null
          ? { version: V1, isEnabled: false }
          : { version: V1, maxDurationSeconds: seconds, isEnabled: true },
    }
  }
  if (fields.tools !== undefined) config.tools = fields.tools.map(toDashaTool)
  if (Object.keys(config).length) body.config = config
  return body
}

/** Dasha refuses an agent without a voice and a language; say so before it does, naming our fields. */
function requireVoiceAndLanguage(body: DashaAgentBody): void {
  const errors: FieldError[] = []
  if (!body.config?.primaryLanguage)
    errors.push({ path: 'language', message: 'Dasha BlackBox requires a language (BCP 47, e.g. en-US)' })
  if (!body.config?.ttsConfig?.voiceId)
    errors.push({ path: 'voice', message: 'Dasha BlackBox requires a voice ({ voiceId, vendor })' })
  if (errors.length === 0) return
  throw new ApiError(
    'validation_failed',
    `Dasha BlackBox requires ${errors.map((e) => e.path).join(' and ')} on every agent.`,
    { errors, provider: 'dasha' },
  )
}

/**
 * The full body Dasha's create and update take: the unified fields and providerOptions laid over
 * `base` (the agent as Dasha holds it, for an update), so fields the client did not name survive.
 */
export function buildAgentBody(
  base: DashaAgentBody | undefined,
  fields: AgentFields,
  options: Record<string, unknown>,
): DashaAgentBody {
  const changes = mergeProviderOptions(mapAgentFields(fields), options, 'providerOptions.dasha')
  const body = deepMerge((base ?? {}) as Record<string, unknown>, changes) as DashaAgentBody
  // Variables are one value: a new set replaces the old rather than merging into it.
  if (fields.variables !== undefined) body.additionalData = fields.variables
  requireVoiceAndLanguage(body)
  return body
}

/** The request body that reproduces an agent Dasha answered with (read–merge–write). */
export function agentBodyFrom(agent: DashaAgent): DashaAgentBody {
  const { name, config, isEnabled, description, additionalData, schedule, inboundSipConfig } = agent
  return {
    name,
    config,
    ...(isEnabled != null ? { isEnabled } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(additionalData ? { additionalData } : {}),
    ...(schedule ? { schedule } : {}),
    // Only the number is writable; id and SIP URIs are Dasha's answer, not a request field.
    ...(inboundSipConfig ? { inboundSipConfig: { phoneNumber: inboundSipConfig.phoneNumber ?? null } } : {}),
  }
}

export function fromVendorAgent(agent: DashaAgent): Agent {
  const { ttsConfig: tts, llmConfig: llm, sttConfig: stt, features } = agent.config
  const maxDuration = features?.maxDuration
  return {
    id: formatId('dasha', agent.agentId),
    provider: 'dasha',
    name: agent.name,
    description: agent.description ?? null,
    enabled: agent.isEnabled ?? true,
    language: agent.config.primaryLanguage || null,
    prompt: llm?.prompt ?? null,
    firstMessage: null,
    voice: tts?.voiceId
      ? {
          voiceId: tts.voiceId,
          ...(tts.vendor ? { vendor: tts.vendor } : {}),
          ...(tts.model ? { model: tts.model } : {}),
          ...(tts.speed != null ? { speed: tts.speed } : {}),
        }
      : null,
    llm: llm?.model
      ? {
          model: llm.model,
          ...(llm.vendor ? { vendor: llm.vendor } : {}),
          ...(llm.options?.temperature != null ? { temperature: llm.options.temperature } : {}),
          ...(llm.options?.maxTokens != null ? { maxTokens: llm.options.maxTokens } : {}),
        }
      : null,
    transcriber: stt?.vendor ? { vendor: stt.vendor } : null,
    maxDurationSeconds:
      maxDuration?.isEnabled !== false && maxDuration?.maxDurationSeconds != null
        ? maxDuration.maxDurationSeconds
        : null,
    variables: scalarEntries(agent.additionalData),
    schedule: fromDashaSchedule(agent.schedule),
    tools: fromDashaTools(agent.config.tools),
    // Only a resultWebhook Switchboard set up names a client destination; any other stays in providerData.
    webhookUrl: destinationOf(agent.config.resultWebhook?.url, 'dasha'),
    createdAt: vendorTimestamp(agent.createdTime),
    updatedAt: vendorTimestamp(agent.lastUpdateTime),
    providerData: agent,
  }
}
