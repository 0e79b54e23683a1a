import { blankCall, type Call, FINAL_STATUSES, type TranscriptTurn } from '../../src/contract/call'
import { validationError } from '../../src/contract/errors'
import type { FieldPolicy } from '../../src/contract/field-policy'
import { formatId } from '../../src/contract/ids'
import { applyParamMap, type CallField, type ParamMap, unsupported } from '../kit/param-map'
import { transcript } from '../kit/transcript'
import type { CallInput } from '../kit/types'
import { vendorTimestamp } from '../kit/vendor-values'
import { vendor } from './client'
import type { CallOptions } from './options'
import { statuses } from './statuses'
import {
  type DialRequest,
  type DialResponse,
  isVendorId,
  LANGUAGES,
  type Transcript,
  type VendorCall,
} from './vendor'

export const PROVIDER_ID = vendor.id

/** BCP 47 tag → one of HappyRobot's ten locales (case-insensitive), or undefined. */
export function toVendorLanguage(tag: string): (typeof LANGUAGES)[number] | undefined {
  let canonical: string | undefined
  try {
    canonical = Intl.getCanonicalLocales(tag)[0]
  } catch {
    return undefined
  }
  return LANGUAGES.find((language) => language === canonical)
}

/** HappyRobot documents no size limit for /dial/outbound-batched (unconfirmed): keep each request modest. */
export const BATCH_CHUNK_SIZE = 100

export const LANGUAGE_REFUSAL = `HappyRobot speaks only ${LANGUAGES.join(', ')}`

/** Whole minutes, as HappyRobot counts them: strict refuses a remainder, lenient rounds up and says so. */
export function toWholeMinutes(seconds: number, field: string, policy: FieldPolicy): number {
  const minutes = Math.ceil(seconds / 60)
  if (seconds % 60 !== 0) {
    policy.unsupported(
      field,
      `HappyRobot limits calls in whole minutes: ${seconds} s was rounded up to ${minutes} min (send a multiple of 60)`,
    )
  }
  return minutes
}

export const FROM_REFUSAL =
  "HappyRobot dials from one of your HappyRobot phone numbers: from must be that number's 24-character id (as shown in HappyRobot), not an E.164 number"

/** Where each unified call field goes in POST /dial/outbound, and what HappyRobot cannot take. */
export const callParams: ParamMap<CallField, CallInput> = {
  to: { to: 'phone_number', note: 'An E.164 number (HappyRobot does not dial SIP)' },
  from: { to: 'number_id', note: FROM_REFUSAL },
  callerName: unsupported('The callee sees the HappyRobot number; it has no caller-name field'),
  variables: { to: 'params', note: 'Sent as params for the use case prompt' },
  metadata: { to: 'metadata' },
  priority: unsupported('HappyRobot has no call priority'),
  scheduledAt: {
    to: 'scheduled_for',
    transform: (at: string) => new Date(at).toISOString(),
    note: 'Sent as scheduled_for, in UTC',
  },
  deadline: unsupported('HappyRobot has no give-up time for a call'),
  timezone: unsupported("HappyRobot dials in the use case's time zone (the agent's schedule.timezone)"),
  language: {
    to: 'language',
    transform: (tag: string, _input, policy) => {
      const language = toVendorLanguage(tag)
      if (!language) policy.unsupported('language', `${LANGUAGE_REFUSAL}; got ${tag}`)
      return language
    },
    note: LANGUAGE_REFUSAL,
  },
  maxDurationSeconds: {
    to: 'max_duration_mins',
    transform: (seconds: number, _input, policy) => toWholeMinutes(seconds, 'maxDurationSeconds', policy),
    note: 'Sent as whole minutes (max_duration_mins): strict refuses a remainder, lenient rounds up',
  },
  webhookUrl: {
    note: "HappyRobot's hooks live on the use case: Switchboard remembers the call's webhookUrl and routes the use case hook's events for this call there. The use case needs Switchboard's hook (PATCH the agent with a webhookUrl or null), else 422.",
  },
  overrides: unsupported(
    'HappyRobot picks prompt, persona and model by id: providerOptions.happyrobot.prompt_id, agent_id, model_id',
  ),
}

/** The unified call → POST /dial/outbound body, with providerOptions.happyrobot merged after the mapping. */
export function toVendorCall(input: CallInput, policy: FieldPolicy): DialRequest {
  if (!input.from || !isVendorId(input.from)) throw validationError('from', FROM_REFUSAL)
  if (!isVendorId(input.agentVendorId)) {
    throw validationError('agentId', 'A HappyRobot agent id is happyrobot_<24-character use-case id>')
  }
  if (input.to.toLowerCase().startsWith('sip')) {
    throw validationError('to', 'HappyRobot dials phone numbers only: give an E.164 number')
  }
  const request = {
    use_case_id: input.agentVendorId,
    ...applyParamMap(input, callParams, policy),
  } as DialRequest
  // The options schema refuses every key set above, so this spread only adds.
  return { ...request, ...(input.providerOptions as CallOptions) }
}

/**
 * The thin create answer, completed honestly from what we sent: HappyRobot reports no status
 * there, so the call is `scheduled` when it has a time, else `queued`, and providerStatus is null.
 */
export function fromDialAnswer(answer: DialResponse, request: DialRequest): Call {
  const scheduledAt = vendorTimestamp(request.scheduled_for)
  return {
    ...blankCall({
      id: formatId(PROVIDER_ID, answer.id),
      provider: PROVIDER_ID,
      agentId: formatId(PROVIDER_ID, useCaseIdOf(answer.use_case) ?? request.use_case_id),
      status: scheduledAt ? 'scheduled' : 'queued',
      providerStatus: null,
      to: request.phone_number,
    }),
    from: request.number_id,
    variables: answer.params ?? request.params ?? {},
    metadata: request.metadata ?? {},
    scheduledAt,
    nextAttemptAt: scheduledAt,
    createdAt: vendorTimestamp(answer.created),
    providerData: answer,
  }
}

const useCaseIdOf = (ref: VendorCall['use_case']): string | undefined => {
  if (!ref) return undefined
  if (typeof ref === 'string') return ref
  return ref.id ?? ref._id
}

/** Keys HappyRobot itself keeps in a call's metadata, next to the caller's own. */
export const VENDOR_METADATA_KEYS = ['call_sid', 'from', 'to', 'recording_sid', 'tags', 'custom']

/** The client's metadata: `custom` where HappyRobot nests it, else whatever is not the vendor's own. */
export function userMetadata(metadata: Record<string, unknown> | null | undefined): Record<string, unknown> {
  if (!metadata) return {}
  const { custom } = metadata
  if (custom && typeof custom === 'object' && !Array.isArray(custom)) return custom as Record<string, unknown>
  return Object.fromEntries(Object.entries(metadata).filter(([key]) => !VENDOR_METADATA_KEYS.includes(key)))
}

const stringAt = (record: Record<string, unknown> | null | undefined, key: string) => {
  const value = record?.[key]
  return typeof value === 'string' && value ? value : undefined
}

const TRANSCRIPT_ROLES: Record<string, TranscriptTurn['role']> = {
  assistant: 'agent',
  user: 'user',
  tool: 'tool',
}

/** Spoken turns only: system prompts are configuration, and a tool call without text says nothing. */
export function fromTranscript(vendorTranscript: Transcript): TranscriptTurn[] {
  const origin = vendorTranscript.start_time ?? undefined
  // Offsets may come as seconds into the call or as unix times; both become seconds into the call.
  const offset = (at: number | null | undefined) =>
    at === null || at === undefined ? undefined : origin !== undefined && at >= origin ? at - origin : at
  return transcript(
    vendorTranscript.messages.map((message) => ({
      role: message.role,
      text: message.content,
      start: offset(message.start),
      end: offset(message.end),
    })),
    TRANSCRIPT_ROLES,
  )
}

/** A HappyRobot call (and its transcript, when fetched) → the unified Call. */
export function fromVendorCall(call: VendorCall, transcript: Transcript | null): Call {
  const status = statuses.status(call.status)
  const startedAt =
    typeof transcript?.start_time === 'number' ? new Date(transcript.start_time * 1000).toISOString() : null
  const durationSeconds = typeof call.duration === 'number' ? call.duration : null
  const endedAt =
    startedAt && durationSeconds !== null && FINAL_STATUSES.has(status)
      ? new Date(Date.parse(startedAt) + durationSeconds * 1000).toISOString()
      : null
  const useCaseId = useCaseIdOf(call.use_case) ?? call.use_case_id ?? undefined
  const turns = transcript ? fromTranscript(transcript) : []
  const scheduledAt = vendorTimestamp(call.scheduled_for)
  return {
    ...blankCall({
      id: formatId(PROVIDER_ID, call.id),
      provider: PROVIDER_ID,
      agentId: useCaseId ? formatId(PROVIDER_ID, useCaseId) : null,
      status,
      providerStatus: call.status ?? null,
      to: stringAt(call.metadata, 'to') ?? call.phone_number ?? '',
    }),
    direction: call.type?.toLowerCase() === 'inbound' ? 'inbound' : 'outbound',
    from: stringAt(call.metadata, 'from') ?? call.number_id ?? null,
    variables: call.params ?? {},
    metadata: userMetadata(call.metadata),
    scheduledAt,
    // HappyRobot places a scheduled call at its scheduled time; once dialed there is no next attempt.
    nextAttemptAt: status === 'scheduled' ? scheduledAt : null,
    createdAt: vendorTimestamp(call.created),
    startedAt,
    endedAt,
    durationSeconds,
    transcript: turns.length ? turns : null,
    providerData: call,
  }
}
