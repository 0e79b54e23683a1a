import type { Call, TranscriptTurn } from '../../src/contract/call'
import { isE164 } from '../../src/contract/common'
import type { FieldPolicy } from '../../src/contract/field-policy'
import { formatId } from '../../src/contract/ids'
import { mergeProviderOptions } from '../kit/merge-options'
import { applyParamMap, type CallField, type ParamMap, unsupported } from '../kit/param-map'
import { transcript } from '../kit/transcript'
import type { CallInput } from '../kit/types'
import { defined } from '../kit/vendor-values'
import {
  languageOf,
  OPTIONS_PATH,
  PROVIDER_ID,
  stringValues,
  toDurationMs,
  toModelFields,
  toSttFields,
  toVoiceFields,
} from './agents'
import { vendor } from './client'
import type { CallOptions } from './options'
import { normalizeStatus } from './statuses'
import type { RetellAgentOverride, RetellCall, RetellCallCreate } from './vendor'

/**
 * The metadata key holding Switchboard's reference for a create, so the call can be found again
 * after an ambiguous failure (Retell has no idempotency key). Reserved: a client key of this name
 * is refused, and it is left out of the metadata a read returns.
 */
export const REFERENCE_KEY = 'switchboard_reference'

/**
 * The agent version every call names: `latest` is the draft Switchboard's agent updates write to,
 * so an update reaches the next call without publishing. Retell documents this reference for
 * phone-number bindings and says override_agent_version takes the same (unconfirmed);
 * `providerOptions.retell.override_agent_version` names another (e.g. `latest_published`).
 */
export const CALL_AGENT_VERSION = 'latest'

/** Retell's cost is in cents, and its prices are US dollars. */
export const COST_CURRENCY = 'USD'

const nonEmpty = <T extends Record<string, unknown>>(value: T): T | undefined =>
  Object.keys(value).length > 0 ? value : undefined

/** What the create needs besides the unified call: our reference and the call's own hook. */
export interface CallExtras {
  reference: string
  /** Switchboard's inbound URL for the call's own webhookUrl, if it named one. */
  hookUrl?: string
}

function checkNumbers(input: CallInput, options: CallOptions): void {
  if (input.to.toLowerCase().startsWith('sip')) {
    throw vendor.invalid('to', 'Retell dials phone numbers only; give an E.164 number such as +14155550100')
  }
  if (input.from === undefined) {
    throw vendor.invalid(
      'from',
      'Retell requires from: an E.164 number bought from or imported into your Retell account',
    )
  }
  if (!isE164(input.from) && options.ignore_e164_validation !== true) {
    throw vendor.invalid('from', 'Retell takes from as an E.164 number of your account, such as +14155550199')
  }
}

function checkMetadata(metadata: CallInput['metadata']) {
  if (metadata && REFERENCE_KEY in metadata) {
    throw vendor.invalid(
      `metadata.${REFERENCE_KEY}`,
      'This metadata key is reserved for Switchboard, which finds its calls at Retell by it',
    )
  }
}

/** Per-call settings in `agent_override`; the parts Retell has no field for are refused per the policy. */
function toOverride(input: CallInput, policy: FieldPolicy, hookUrl: string | undefined) {
  const { firstMessage, voice, llm, transcriber } = input.overrides ?? {}
  const agent = defined({
    ...(voice ? toVoiceFields(voice, policy, 'overrides.voice') : {}),
    ...(transcriber ? toSttFields(transcriber, policy, 'overrides.transcriber') : {}),
    language: languageOf(input.language, transcriber?.language, policy, {
      language: 'language',
      transcriber: 'overrides.transcriber.language',
    }),
    max_call_duration_ms:
      input.maxDurationSeconds === undefined
        ? undefined
        : toDurationMs(input.maxDurationSeconds, policy, 'maxDurationSeconds'),
    // Retell uses the time zone only for {{current_time}} in the prompt.
    timezone: input.timezone,
    webhook_url: hookUrl,
  })
  const retellLlm = defined({
    ...(llm ? toModelFields(llm, policy, 'overrides.llm') : {}),
    ...(firstMessage === undefined
      ? {}
      : firstMessage === ''
        ? { begin_message: '', start_speaker: 'user' as const }
        : { begin_message: firstMessage, start_speaker: 'agent' as const }),
  })
  return nonEmpty(defined({ agent: nonEmpty(agent), retell_llm: nonEmpty(retellLlm) })) as
    | RetellAgentOverride
    | undefined
}

/**
 * Where each unified call field goes in `POST /v2/create-phone-call`, and what Retell cannot take.
 * Fields without `to` are placed by toVendorCall: the metadata (with our reference) and everything
 * that goes into `agent_override`.
 */
export const callParams: ParamMap<CallField, CallInput> = {
  to: { to: 'to_number', note: 'E.164 only: Retell does not dial SIP URIs.' },
  from: {
    to: 'from_number',
    note: 'Required by Retell: an E.164 number bought from or imported into your Retell account.',
  },
  variables: {
    to: 'retell_llm_dynamic_variables',
    transform: stringValues,
    note: 'retell_llm_dynamic_variables, values as strings.',
  },
  metadata: {
    note: `Kept on the Retell call, with Switchboard's reference under ${REFERENCE_KEY} (a reserved key).`,
  },
  timezone: { note: 'agent_override timezone: Retell uses it only for {{current_time}} in the prompt.' },
  maxDurationSeconds: { note: 'agent_override max_call_duration_ms, 60 to 7200 seconds.' },
  language: { note: "agent_override language: one of Retell's locales, for speech-to-text and speech." },
  overrides: {
    note: 'agent_override: voice, LLM model and temperature, first message, speech-to-text vendor.',
  },
  'overrides.prompt': unsupported(
    'Retell cannot replace the prompt per call: put a {{placeholder}} in the agent prompt and fill it with variables.',
  ),
  'overrides.transcriber.model': unsupported('Retell has no speech-to-text model setting.'),
  webhookUrl: {
    note: "agent_override webhook_url is set to Switchboard's inbound URL; this call's events reach webhookUrl normalized and signed.",
  },
  callerName: unsupported('Retell has no caller-name field.'),
  priority: unsupported('Retell has no call priority.'),
  scheduledAt: unsupported('Retell dials at once: a single call has no scheduling field.'),
  deadline: unsupported('Retell cannot give up on a call after a time.'),
}

/** `POST /v2/create-phone-call`. Fields the provider declared unsupported were already refused or dropped. */
export function toVendorCall(input: CallInput, policy: FieldPolicy, extras: CallExtras): RetellCallCreate {
  const { override_agent_version, ...options } = input.providerOptions as CallOptions
  checkNumbers(input, options)
  checkMetadata(input.metadata)
  const mapped = defined({
    ...(applyParamMap(input, callParams, policy) as Pick<RetellCallCreate, 'to_number' | 'from_number'>),
    override_agent_id: input.agentVendorId,
    override_agent_version: override_agent_version ?? CALL_AGENT_VERSION,
    metadata: { ...input.metadata, [REFERENCE_KEY]: extras.reference },
    agent_override: toOverride(input, policy, extras.hookUrl),
  })
  return mergeProviderOptions(mapped, options, OPTIONS_PATH)
}

const ROLES: Record<string, TranscriptTurn['role']> = {
  agent: 'agent',
  user: 'user',
  // The person a call was transferred to speaks on the callee's side.
  transfer_target: 'user',
}

/** `transcript_object` as turns; a turn's offsets are its first and last words (seconds into the call). */
function toTranscript(entries: RetellCall['transcript_object']): TranscriptTurn[] | null {
  if (!entries || entries.length === 0) return null
  return transcript(
    entries.map((entry) => ({
      role: entry.role,
      text: entry.content,
      start: entry.words?.[0]?.start,
      end: entry.words?.at(-1)?.end,
    })),
    ROLES,
  )
}

const isoFromMs = (ms: number | null | undefined) =>
  typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : null

/** The client's metadata: what was sent, without Switchboard's reference. */
const clientMetadata = (metadata: RetellCall['metadata']): Record<string, unknown> => {
  const { [REFERENCE_KEY]: _reference, ...rest } = metadata ?? {}
  return rest
}

/** A Retell call (from get, list, create or a webhook) → the unified Call. */
export function fromVendorCall(call: RetellCall): Call {
  const cost = call.call_cost?.combined_cost
  return {
    id: formatId(PROVIDER_ID, call.call_id),
    provider: PROVIDER_ID,
    agentId: call.agent_id ? formatId(PROVIDER_ID, call.agent_id) : null,
    status: normalizeStatus(call),
    providerStatus: call.call_status,
    direction: call.direction === 'inbound' ? 'inbound' : 'outbound',
    to: call.to_number ?? '',
    from: call.from_number ?? null,
    variables: call.retell_llm_dynamic_variables ?? {},
    metadata: clientMetadata(call.metadata),
    priority: null,
    scheduledAt: null,
    deadline: null,
    timezone: null,
    nextAttemptAt: null,
    // Retell reports no creation time; a call is placed the moment it is created.
    createdAt: null,
    startedAt: isoFromMs(call.start_timestamp),
    endedAt: isoFromMs(call.end_timestamp),
    durationSeconds: typeof call.duration_ms === 'number' ? call.duration_ms / 1000 : null,
    endReason: call.disconnection_reason ?? null,
    transcript: toTranscript(call.transcript_object),
    summary: call.call_analysis?.call_summary ?? null,
    recordingUrl: call.recording_url ?? null,
    cost: typeof cost === 'number' ? { amount: cost / 100, currency: COST_CURRENCY } : null,
    providerData: call,
  }
}
