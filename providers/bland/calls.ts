import type { Tool } from '../../src/contract/agent'
import { blankCall, type Call, FINAL_STATUSES, type TranscriptTurn } from '../../src/contract/call'
import { validationError } from '../../src/contract/errors'
import type { FieldPolicy } from '../../src/contract/field-policy'
import { formatId, isPortableAgentId } from '../../src/contract/ids'
import { applyParamMap, type CallField, type ParamMap, unsupported } from '../kit/param-map'
import { transcript } from '../kit/transcript'
import type { CallInput } from '../kit/types'
import { scalarEntries, vendorTimestamp } from '../kit/vendor-values'
import { type Definition, LLM_REFUSAL, PROVIDER_ID, toWholeMinutes } from './agents'
import { deriveStatus } from './statuses'
import type { BlandCall, InlineTool, SendCall } from './vendor'

/** Bland refuses a start_time nearer than this ("Calls must be scheduled at least 5 minutes in advance"). */
export const MIN_SCHEDULE_LEAD_MS = 5 * 60_000

/** Switchboard's own keys in the metadata Bland echoes back on every read and webhook. */
export const META = {
  /** Switchboard's reference for this send, to find the call again after an ambiguous create. */
  reference: 'switchboard_ref',
  /** The kept agent (its ULID), or the portable agent (agt_…) of an inline target, the call was rendered from. */
  agent: 'switchboard_agent',
  /** The scheduled time we sent: Bland has no `scheduled` status word to say it. */
  scheduledAt: 'switchboard_scheduled_at',
} as const
const OWN_KEYS: ReadonlySet<string> = new Set(Object.values(META))

/**
 * Bland's `language` values a BCP 47 tag can name (docs/vendors/bland.md § Send); `babel-*`,
 * `fluent` and `auto` stay reachable through the exact tag Bland spells.
 */
export const LANGUAGES = [
  'en',
  'en-US',
  'en-GB',
  'en-AU',
  'en-NZ',
  'en-IN',
  'es',
  'es-419',
  'fr',
  'fr-CA',
  'de',
  'el',
  'hi',
  'hu',
  'ja',
  'ko',
  'ko-KR',
  'vi',
  'pt',
  'pt-BR',
  'pt-PT',
  'zh',
  'zh-CN',
  'zh-TW',
  'it',
  'nl',
  'pl',
  'ru',
  'sv',
  'sv-SE',
  'da',
  'da-DK',
  'fi',
  'no',
  'id',
  'ms',
  'tr',
  'uk',
  'bg',
  'cs',
  'ro',
  'sk',
] as const

export const LANGUAGE_REFUSAL = 'Bland speaks the languages of its `language` list (docs/vendors/bland.md)'

/** A BCP 47 tag → Bland's spelling: the tag itself when Bland lists it, else its base language. */
export function toBlandLanguage(tag: string): string | undefined {
  let canonical: string
  try {
    canonical = Intl.getCanonicalLocales(tag)[0] ?? tag
  } catch {
    return undefined
  }
  const exact = LANGUAGES.find((language) => language.toLowerCase() === canonical.toLowerCase())
  if (exact) return exact
  const base = canonical.split('-')[0]?.toLowerCase()
  return LANGUAGES.find((language) => language === base)
}

const pad = (n: number) => String(n).padStart(2, '0')

/** An instant → Bland's `start_time` (`YYYY-MM-DD HH:MM:SS +00:00`): always UTC with the offset said. */
export function toStartTime(at: string): string {
  const d = new Date(at)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +00:00`
}

const language = (tag: string, field: string, policy: FieldPolicy) => {
  const spelled = toBlandLanguage(tag)
  if (!spelled) policy.unsupported(field, `${LANGUAGE_REFUSAL}; got ${tag}`)
  return spelled
}

/** Where each unified call field goes in POST /v1/calls, and what Bland cannot take. */
export const callParams: ParamMap<CallField, CallInput> = {
  to: { to: 'phone_number', note: 'E.164; Bland dials phone numbers only' },
  from: {
    to: 'from',
    note: 'A number bought from Bland (or your own Twilio, BYOT); omit it for Bland’s pool',
  },
  callerName: unsupported(
    'Branded caller id is an enterprise carrier registration at Bland, not a call field',
  ),
  variables: { note: "Sent as request_data, merged over the agent's variables" },
  metadata: { note: 'Sent as metadata (Bland echoes it); switchboard_* keys are Switchboard’s own' },
  priority: unsupported('Bland has no call priority'),
  scheduledAt: {
    to: 'start_time',
    transform: toStartTime,
    note: 'Sent as start_time in UTC; Bland needs it at least 5 minutes ahead',
  },
  deadline: unsupported('Bland has no give-up time for a call'),
  timezone: { to: 'timezone', note: 'The agent’s sense of “now” only; it does not move scheduledAt' },
  maxDurationSeconds: {
    note: "Sent as whole minutes (max_duration), replacing the agent's: strict refuses a remainder, lenient rounds up",
  },
  language: { note: `Replaces the agent's; ${LANGUAGE_REFUSAL}` },
  webhookUrl: { note: "Bland posts the ended call to Switchboard's inbound URL, relayed here as Events" },
  overrides: {
    note: 'Replace the rendered task, first_sentence, voice (voiceId only: a Bland voice has no separate model or speed) for this call; the LLM tier is providerOptions.bland.model',
  },
  'overrides.llm': unsupported(LLM_REFUSAL),
  'overrides.transcriber': unsupported(
    'Bland picks speech-to-text from language; there is no transcriber choice',
  ),
}

/** The agent's tools as Bland inline custom tools. */
export const toBlandTool = (tool: Tool): InlineTool => ({
  name: tool.name,
  description: tool.description,
  url: tool.url,
  method: tool.method ?? 'POST',
  ...(tool.headers ? { headers: tool.headers } : {}),
  input_schema: tool.parameters,
  ...(tool.timeoutSeconds ? { timeout: tool.timeoutSeconds * 1000 } : {}),
})

/** Parts of a unified voice Bland cannot take: only the voice itself (voiceId) travels. */
export function refuseVoiceExtras(
  voice:
    | { vendor?: string | undefined; model?: string | undefined; speed?: number | undefined }
    | null
    | undefined,
  field: string,
  policy: FieldPolicy,
) {
  if (!voice) return
  if (voice.vendor !== undefined && voice.vendor.toLowerCase() !== 'bland') {
    policy.unsupported(`${field}.vendor`, `Bland speaks with its own voices only; got ${voice.vendor}`)
  }
  if (voice.model !== undefined)
    policy.unsupported(`${field}.model`, 'A Bland voice implies its own TTS model')
  if (voice.speed !== undefined) policy.unsupported(`${field}.speed`, 'Bland voices have no speed setting')
}

export interface Rendering {
  agentId: string
  definition: Definition
  reference: string
  /** Switchboard's inbound URL for this call, when events can be relayed. */
  webhook: string | undefined
}

/**
 * The kept agent and the call → one POST /v1/calls body. The call's fields and overrides replace
 * the agent's; variables merge over the agent's; providerOptions.bland of the call replaces the
 * agent's option by option (the options schema refuses every key set here, so they only add).
 */
export function renderCall(input: CallInput, rendering: Rendering, policy: FieldPolicy): SendCall {
  const { definition } = rendering
  const overrides = input.overrides ?? {}
  for (const key of Object.keys(input.metadata ?? {})) {
    if (OWN_KEYS.has(key)) throw validationError(`metadata.${key}`, 'Reserved for Switchboard on Bland calls')
  }
  if (input.to.toLowerCase().startsWith('sip')) {
    throw validationError('to', 'Bland dials phone numbers only: give an E.164 number')
  }
  if (!definition.enabled)
    throw validationError('agentId', 'This agent is disabled: enable it to place calls')
  const task = overrides.prompt ?? definition.prompt
  if (!task) {
    throw validationError('agentId', 'A Bland call needs a prompt: give the agent one, or overrides.prompt')
  }
  if (input.scheduledAt && Date.parse(input.scheduledAt) - Date.now() < MIN_SCHEDULE_LEAD_MS) {
    throw validationError('scheduledAt', 'Bland schedules calls at least 5 minutes ahead')
  }
  refuseVoiceExtras(overrides.voice, 'overrides.voice', policy)
  const spoken = input.language ?? definition.language
  const tag = spoken ? language(spoken, input.language ? 'language' : 'agentId', policy) : undefined
  const seconds = input.maxDurationSeconds ?? definition.maxDurationSeconds
  const firstSentence = overrides.firstMessage ?? definition.firstMessage
  const voice = overrides.voice?.voiceId ?? definition.voice?.voiceId
  const body: SendCall = {
    ...(applyParamMap(input, callParams, policy) as Pick<SendCall, 'phone_number'>),
    task,
    ...(firstSentence ? { first_sentence: firstSentence } : {}),
    ...(voice ? { voice } : {}),
    ...(tag ? { language: tag } : {}),
    ...(seconds ? { max_duration: toWholeMinutes(seconds, 'maxDurationSeconds', policy) } : {}),
    ...(definition.tools.length ? { tools: definition.tools.map(toBlandTool) } : {}),
    request_data: { ...definition.variables, ...(input.variables ?? {}) },
    metadata: {
      ...(input.metadata ?? {}),
      [META.agent]: rendering.agentId,
      [META.reference]: rendering.reference,
      ...(input.scheduledAt ? { [META.scheduledAt]: new Date(input.scheduledAt).toISOString() } : {}),
    },
    ...(rendering.webhook ? { webhook: rendering.webhook } : {}),
  }
  return { ...definition.options, ...body, ...input.providerOptions } as SendCall
}

/** The create answer is only an id: the call is what we sent, `scheduled` or `queued`. */
export function fromSendAnswer(callId: string, sent: SendCall, answer: unknown): Call {
  return fromVendorCall({
    call_id: callId,
    queue_status: 'queued',
    to: sent.phone_number,
    from: sent.from ?? null,
    request_data: sent.request_data ?? null,
    metadata: sent.metadata ?? null,
    created_at: new Date().toISOString(),
    ...(answer && typeof answer === 'object' ? { answer } : {}),
  })
}

const ROLES: Record<string, TranscriptTurn['role']> = { assistant: 'agent', user: 'user' }

const textAt = (record: Record<string, unknown> | null | undefined, key: string) => {
  const value = record?.[key]
  return typeof value === 'string' && value ? value : null
}

/** The client's metadata: what Bland echoes, without Switchboard's own keys. */
export const clientMetadata = (metadata: Record<string, unknown> | null | undefined) =>
  Object.fromEntries(Object.entries(metadata ?? {}).filter(([key]) => !OWN_KEYS.has(key)))

/** Bland's call object → the unified Call. */
export function fromVendorCall(call: BlandCall, now = Date.now()): Call {
  const scheduledAt = vendorTimestamp(textAt(call.metadata, META.scheduledAt))
  const status = deriveStatus(call, scheduledAt, now)
  const agent = textAt(call.metadata, META.agent)
  const ended = FINAL_STATUSES.has(status)
  const turns = transcript(
    (call.transcripts ?? []).map((entry) => ({ role: entry.user ?? '', text: entry.text })),
    ROLES,
  )
  return {
    ...blankCall({
      id: formatId(PROVIDER_ID, call.call_id),
      provider: PROVIDER_ID,
      agentId: agent ? (isPortableAgentId(agent) ? agent : formatId(PROVIDER_ID, agent)) : null,
      status,
      providerStatus: call.status ?? call.queue_status ?? null,
      to: call.to ?? '',
    }),
    direction: call.inbound ? 'inbound' : 'outbound',
    from: call.from ?? null,
    variables: scalarEntries(call.request_data),
    metadata: clientMetadata(call.metadata),
    scheduledAt,
    nextAttemptAt: status === 'scheduled' ? scheduledAt : null,
    createdAt: vendorTimestamp(call.created_at),
    startedAt: vendorTimestamp(call.started_at),
    endedAt: ended ? vendorTimestamp(call.end_at) : null,
    // call_length is minutes (a float).
    durationSeconds: typeof call.call_length === 'number' ? Math.round(call.call_length * 60) : null,
    endReason:
      call.error_message ??
      (ended && call.call_ended_by ? `ended by ${call.call_ended_by.toLowerCase()}` : null),
    transcript: turns.length ? turns : null,
    summary: call.summary ?? null,
    recordingUrl: call.recording_url ?? null,
    cost: typeof call.price === 'number' ? { amount: call.price, currency: 'USD' } : null,
    providerData: call,
  }
}
