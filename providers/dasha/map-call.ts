import type { FieldPolicy } from '../../src/lib/field-policy'
import { formatId } from '../../src/lib/ids'
import type { Call, TranscriptTurn } from '../../src/schemas/call'
import { isE164 } from '../../src/schemas/common'
import { mergeProviderOptions } from '../merge-options'
import type { CallInput } from '../types'
import { scalarEntries, vendorTimestamp } from '../vendor-values'
import { normalizeStatus, WAITING_STATUSES } from './statuses'
import type { DashaCall, DashaCallRequest, DashaCallResult, DashaTurn } from './vendor'

/** The enqueue body for one unified call; providerOptions are laid over it without overwriting. */
export function toVendorCall(input: CallInput, policy: FieldPolicy): DashaCallRequest {
  const override: NonNullable<DashaCallRequest['overrideOutboundConfig']> = {}
  if (input.from !== undefined) {
    if (isE164(input.from)) override.phoneNumber = input.from
    else {
      policy.unsupported(
        'from',
        'Dasha BlackBox takes the caller id as an E.164 number; a SIP credential goes in providerOptions.dasha.overrideOutboundConfig.credentialsId',
      )
    }
  }
  if (input.callerName !== undefined) override.displayName = input.callerName
  const request: DashaCallRequest = {
    endpoint: input.to,
    ...(input.variables ? { additionalData: input.variables } : {}),
    ...(input.priority !== undefined ? { priority: input.priority } : {}),
    ...(input.deadline ? { callDeadline: new Date(input.deadline).toISOString() } : {}),
    ...(input.timezone ? { timezone: input.timezone } : {}),
    ...(Object.keys(override).length ? { overrideOutboundConfig: override } : {}),
  }
  return mergeProviderOptions({ ...request }, input.providerOptions, 'providerOptions.dasha')
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
  return turns.map((turn) => ({
    role: ROLES[turn.speaker.toLowerCase()] ?? 'tool',
    text: turn.text,
    ...(typeof turn.startTime === 'number' ? { startSeconds: turn.startTime } : {}),
    ...(typeof turn.endTime === 'number' ? { endSeconds: turn.endTime } : {}),
  }))
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
    nextAttemptAt: WAITING_STATUSES.has(call.status) ? vendorTimestamp(call.nextScheduleTime) : null,
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
