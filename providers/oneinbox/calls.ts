import type { Call, TranscriptTurn } from '../../src/contract/call'
import type { FieldPolicy } from '../../src/contract/field-policy'
import { formatId } from '../../src/contract/ids'
import { mergeProviderOptions } from '../kit/merge-options'
import { applyParamMap, type CallField, type ParamMap, unsupported } from '../kit/param-map'
import { transcript } from '../kit/transcript'
import type { CallInput } from '../kit/types'
import { defined, vendorTimestamp } from '../kit/vendor-values'
import { OPTIONS_PATH, PROVIDER_ID } from './agents'
import { vendor } from './client'
import { normalizeStatus } from './statuses'
import { MessageSchema, ONEINBOX_E164, type OneInboxCall, type OneInboxCallCreate } from './vendor'

/**
 * The currency of `cost_cents` (the carrier cost, in cents). OneInbox names no currency; US dollars
 * is an unconfirmed reading of its US carriers and pricing: correct it here if it says otherwise.
 */
export const COST_CURRENCY = 'USD'

const nonEmpty = <T extends Record<string, unknown>>(value: T): T | undefined =>
  Object.keys(value).length > 0 ? value : undefined

/** A body OneInbox would refuse: ours to name before sending anything. */
const { invalid } = vendor

function checkNumbers(input: CallInput): void {
  if (input.to.toLowerCase().startsWith('sip')) {
    throw invalid('to', 'OneInbox dials phone numbers only; give an E.164 number such as +14155550100')
  }
  if (input.from === undefined) {
    throw invalid('from', 'OneInbox requires from: an E.164 number registered in your OneInbox account')
  }
  if (!ONEINBOX_E164.test(input.from)) {
    throw invalid('from', 'OneInbox takes from as an E.164 number such as +14155550199, not a number id')
  }
}

/** Per-call overrides in OneInbox's words; parts it has no field for are refused per the policy. */
function toOverrides(overrides: CallInput['overrides'], policy: FieldPolicy) {
  if (!overrides) return undefined
  const { prompt, firstMessage, voice, llm, transcriber } = overrides
  if (llm?.vendor !== undefined)
    policy.unsupported('overrides.llm.vendor', 'OneInbox cannot switch the LLM vendor per call')
  if (llm?.maxTokens !== undefined)
    policy.unsupported('overrides.llm.maxTokens', 'OneInbox has no max-tokens setting')
  if (voice?.vendor !== undefined) {
    policy.unsupported('overrides.voice.vendor', 'OneInbox cannot switch the TTS vendor per call')
  }
  if (transcriber?.vendor !== undefined) {
    policy.unsupported('overrides.transcriber.vendor', 'OneInbox cannot switch the STT vendor per call')
  }
  return nonEmpty(
    defined({
      llm: nonEmpty(defined({ model: llm?.model, temperature: llm?.temperature, system_prompt: prompt })),
      transcriber: transcriber
        ? nonEmpty(defined({ model: transcriber.model, language: transcriber.language }))
        : undefined,
      tts: voice ? defined({ voice_id: voice.voiceId, model: voice.model, speed: voice.speed }) : undefined,
      first_message: firstMessage,
    }),
  )
}

/** Where each unified call field goes in `POST /v1/calls`, and what OneInbox cannot take. */
export const callParams: ParamMap<CallField, CallInput> = {
  to: { to: 'to_number', note: 'E.164 only: OneInbox does not dial SIP URIs.' },
  from: {
    to: 'from_number',
    note: 'Required by OneInbox: an E.164 number registered in your OneInbox account.',
  },
  scheduledAt: { to: 'scheduled_at' },
  variables: { to: 'variables' },
  metadata: { to: 'metadata' },
  overrides: {
    to: 'overrides',
    transform: (overrides: CallInput['overrides'], _input, policy) => toOverrides(overrides, policy),
    note: 'Mapped to OneInbox overrides (llm.model/temperature/system_prompt, tts, transcriber, first_message); a per-call vendor or maxTokens is refused.',
  },
  callerName: unsupported('OneInbox has no caller-name field.'),
  priority: unsupported('OneInbox has no call priority.'),
  deadline: unsupported('OneInbox cannot give up on a call after a time.'),
  timezone: unsupported('OneInbox has no callee time zone; scheduledAt is an absolute time.'),
  maxDurationSeconds: unsupported('OneInbox sets the maximum duration on the agent only.'),
  language: unsupported('OneInbox has no per-call language; use overrides.transcriber.language.'),
  webhookUrl: {
    note: "OneInbox's per-call webhook_url is set to Switchboard's inbound URL; its call.started/ended/failed events reach webhookUrl normalized and signed.",
  },
}

/** `POST /v1/calls`. Fields the provider declared unsupported were already refused or dropped. */
export function toVendorCall(input: CallInput, policy: FieldPolicy): OneInboxCallCreate {
  checkNumbers(input)
  const mapped = {
    agent_id: input.agentVendorId,
    ...applyParamMap(input, callParams, policy),
  } as OneInboxCallCreate
  return mergeProviderOptions(mapped, input.providerOptions, OPTIONS_PATH)
}

const ROLES: Record<string, TranscriptTurn['role']> = {
  assistant: 'agent',
  agent: 'agent',
  bot: 'agent',
  user: 'user',
  human: 'user',
  customer: 'user',
  tool: 'tool',
  function: 'tool',
}

/** `messages[]` (typed `any[]` by the vendor) as transcript turns; system and unreadable entries are skipped. */
function toTranscript(messages: unknown[] | null | undefined): TranscriptTurn[] | null {
  if (!messages || messages.length === 0) return null
  return transcript(
    messages.flatMap((entry) => {
      const message = MessageSchema.safeParse(entry)
      if (!message.success) return []
      const { role, content, text, start, end } = message.data
      return [{ role, text: content ?? text, start, end }]
    }),
    ROLES,
  )
}

export function fromVendorCall(call: OneInboxCall, now: number): Call {
  const status = normalizeStatus(call, now)
  const scheduledAt = vendorTimestamp(call.scheduled_at)
  return {
    id: formatId(PROVIDER_ID, call.id),
    provider: PROVIDER_ID,
    agentId: formatId(PROVIDER_ID, call.agent_id),
    status,
    providerStatus: call.status,
    direction: call.direction === 'inbound' ? 'inbound' : 'outbound',
    to: call.to_number ?? '',
    from: call.from_number ?? null,
    variables: call.variables ?? {},
    metadata: call.metadata ?? {},
    priority: null,
    scheduledAt,
    deadline: null,
    timezone: null,
    nextAttemptAt: status === 'scheduled' ? scheduledAt : null,
    createdAt: vendorTimestamp(call.created_at),
    startedAt: vendorTimestamp(call.started_at),
    endedAt: vendorTimestamp(call.ended_at),
    durationSeconds: call.duration_seconds ?? null,
    endReason: call.end_reason ?? null,
    transcript: toTranscript(call.messages),
    summary: call.ai_summary ?? null,
    recordingUrl: call.recording_url ?? null,
    cost:
      typeof call.cost_cents === 'number' ? { amount: call.cost_cents / 100, currency: COST_CURRENCY } : null,
    providerData: call,
  }
}
