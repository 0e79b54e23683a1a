import type { Call, TranscriptTurn } from '../../src/contract/call'
import { isE164 } from '../../src/contract/common'
import type { FieldPolicy } from '../../src/contract/field-policy'
import { formatId } from '../../src/contract/ids'
import { mergeProviderOptions } from '../kit/merge-options'
import { applyParamMap, type CallField, type ParamMap, unsupported } from '../kit/param-map'
import { transcript } from '../kit/transcript'
import type { CallInput } from '../kit/types'
import { scalarEntries, vendorTimestamp } from '../kit/vendor-values'
import { normalizeStatus, statuses, WAITING_STATUSES } from './statuses'
import type { DashaCall, DashaCallRequest, DashaCallResult, DashaTurn } from './vendor'

/** Items per bulk request, as the community CLI sends them. */
export const BULK_CHUNK_SIZE = 100

/**
 * Fields a bulk item can carry. The vendor's bulk page lists overrideOutboundConfig too, but a
 * third-party client omits it (unconfirmed): until confirmed, an item with a caller id goes through
 * the single endpoint, whose documented answer echoes the override, so a caller id is never lost.
 */
export const BULK_ITEM_FIELDS: ReadonlySet<string> = new Set([
  'endpoint',
  'additionalData',
  'priority',
  'callDeadline',
  'timezone',
])

export const fitsBulk = (request: DashaCallRequest) =>
  Object.keys(request).every((key) => BULK_ITEM_FIELDS.has(key))

/** Where each unified call field goes in Dasha's enqueue body, and what Dasha cannot take. */
export const callParams: ParamMap<CallField, CallInput> = {
  to: { to: 'endpoint' },
  variables: { to: 'additionalData' },
  priority: { to: 'priority' },
  deadline: {
    to: 'callDeadline',
    transform: (at: string) => new Date(at).toISOString(),
    note: 'callDeadline. Without one, Dasha gives up 24 hours after enqueueing.',
  },
  timezone: { to: 'timezone' },
  from: {
    to: 'overrideOutboundConfig.phoneNumber',
    transform: (from: string, _input, policy) => {
      if (isE164(from)) return from
      policy.unsupported(
        'from',
        'Dasha BlackBox takes the caller id as an E.164 number; a SIP credential goes in providerOptions.dasha.overrideOutboundConfig.credentialsId',
      )
      return undefined
    },
    note: 'overrideOutboundConfig.phoneNumber; E.164 only.',
  },
  callerName: { to: 'overrideOutboundConfig.displayName', note: 'overrideOutboundConfig.displayName.' },
  metadata: unsupported('Dasha keeps no client data outside additionalData, which the agent’s prompt sees.'),
  scheduledAt: unsupported(
    'Dasha has no per-call start time; calls wait only for the agent’s schedule windows and free capacity.',
  ),
  maxDurationSeconds: unsupported('Per agent only in Dasha (features.maxDuration).'),
  language: unsupported('Per agent only in Dasha (primaryLanguage).'),
  overrides: unsupported('Dasha has no per-call agent overrides.'),
  webhookUrl: {
    note: "Dasha's hook lives on the agent: Switchboard remembers the call's webhookUrl and routes the agent hook's events for this call there. The agent's resultWebhook must point at Switchboard (any agent created or updated through it), else 422.",
  },
}

/** The enqueue body for one unified call; providerOptions are laid over it without overwriting. */
export function toVendorCall(input: CallInput, policy: FieldPolicy): DashaCallRequest {
  const request = applyParamMap(input, callParams, policy) as DashaCallRequest
  return mergeProviderOptions(request, input.providerOptions, 'providerOptions.dasha')
}

const ROLES: Record<string, TranscriptTurn['role']> = {
  assistant: 'agent',
  agent: 'agent',
  ai: 'agent',
  user: 'user',
  human: 'user',
  customer: 'user',
}

/**
 * Dasha speakers are "assistant" and "user"; anything else (tool output, system notes) is a tool turn.
 * A numeric startTime/endTime is read as seconds into the call (unconfirmed: third-party types only);
 * any other form is left out rather than guessed.
 */
export function fromDashaTranscript(turns: DashaTurn[] | null | undefined): TranscriptTurn[] | null {
  if (!turns) return null
  return transcript(
    turns.map((turn) => ({
      role: turn.speaker,
      text: turn.text,
      start: typeof turn.startTime === 'number' ? turn.startTime : null,
      end: typeof turn.endTime === 'number' ? turn.endTime : null,
    })),
    ROLES,
    'tool',
  )
}

const isInbound = (callType: string | null | undefined) => /inbound/i.test(callType ?? '')

/**
 * A queue object as a unified Call, enriched with its call result where the call has finished
 * (transcript, duration, recording, finish reason). providerData holds both vendor objects then.
 */
export function fromVendorCall(call: DashaCall, result: DashaCallResult | undefined, now: number): Call {
  const errorMessage = result?.errorMessage ?? null
  const finishReason = result?.result?.finishReason ?? call.result?.finishReason ?? null
  const status = normalizeStatus(
    {
      status: call.status,
      nextScheduleTime: call.nextScheduleTime,
      reasons: [errorMessage, finishReason, result?.result?.status, call.result?.status],
    },
    now,
  )
  return {
    id: formatId('dasha', call.callId),
    provider: 'dasha',
    agentId: formatId('dasha', call.agentId),
    status,
    providerStatus: call.status,
    direction: isInbound(result?.callType) ? 'inbound' : 'outbound',
    to: call.endpoint,
    from: call.overrideOutboundConfig?.phoneNumber ?? null,
    variables: scalarEntries(call.additionalData),
    metadata: {},
    priority: call.priority ?? null,
    scheduledAt: null,
    deadline: vendorTimestamp(call.callDeadline),
    timezone: call.timezone ?? null,
    nextAttemptAt: WAITING_STATUSES.has(statuses.canonical(call.status) ?? '')
      ? vendorTimestamp(call.nextScheduleTime)
      : null,
    createdAt: vendorTimestamp(call.createdTime),
    startedAt: null,
    endedAt: vendorTimestamp(result?.completedTime ?? call.completedTime),
    durationSeconds: result?.durationSeconds ?? call.durationSeconds ?? null,
    endReason: finishReason ?? errorMessage,
    transcript: fromDashaTranscript(result?.transcription ?? call.transcription),
    summary: null,
    recordingUrl: result?.recordingUrl ?? call.recordingUrl ?? null,
    cost: null,
    providerData: result ? { call, result } : call,
  }
}

/** A call known only from the results search (the history list): its own fields, no queue object. */
export function fromCallResult(result: DashaCallResult, now: number): Call {
  const call: DashaCall = {
    callId: result.callId,
    agentId: result.agentId,
    endpoint: result.endpoint,
    status: result.callStatus,
    createdTime: result.createdTime,
    additionalData: result.callAdditionalData,
  }
  return { ...fromVendorCall(call, result, now), providerData: result }
}
