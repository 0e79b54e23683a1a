import { z } from 'zod'
import type { Call, CallStatus, TranscriptTurn } from '../../src/contract/call'
import { isE164, type Page } from '../../src/contract/common'
import { decodeCursor, encodeCursor } from '../../src/contract/cursor'
import type { FieldPolicy } from '../../src/contract/field-policy'
import { formatId } from '../../src/contract/ids'
import { mergeProviderOptions } from '../kit/merge-options'
import { applyParamMap, type CallField, type ParamMap, unsupported } from '../kit/param-map'
import { transcript } from '../kit/transcript'
import type { CallInput, CallListQuery } from '../kit/types'
import { scalarEntries, vendorTimestamp } from '../kit/vendor-values'
import { QUEUE_STATUS_PARAM, type VendorApi } from './client'
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

/**
 * Dasha keeps calls in two places: the queue (calls still to be placed, skip/take) and the call
 * results (finished calls, page/size). A listing walks the queue first, then the results. Which
 * statuses each holds is inferred from the docs ("current calls queue", "call history"): unconfirmed.
 */
export const QUEUE_STATUSES = ['Created', 'Pending', 'Queued', 'Running']
export const HISTORY_STATUSES = ['Completed', 'Failed', 'Canceled', 'Unknown']

const ListCursor = z.object({ phase: z.enum(['queue', 'history']), offset: z.number().int().min(0) })
type Phase = z.infer<typeof ListCursor>['phase']

/** The Dasha statuses a unified status can come from (busy and no_answer are failed calls with a reason). */
const SOURCES: Record<CallStatus, string[]> = {
  scheduled: ['Created', 'Pending'],
  queued: ['Created', 'Pending', 'Queued'],
  ringing: [],
  in_progress: ['Running'],
  completed: ['Completed'],
  failed: ['Failed'],
  busy: ['Failed'],
  no_answer: ['Failed'],
  voicemail: [],
  canceled: ['Canceled'],
  unknown: ['Unknown'],
}

interface Slice {
  calls: Call[]
  /** Vendor items read, before the status filter. */
  read: number
  total: number
}

export async function listCalls(client: VendorApi, query: CallListQuery, now: number): Promise<Page<Call>> {
  const { limit, agentVendorId, status } = query
  const wanted = status ? SOURCES[status] : undefined
  const queueStatuses = wanted ? QUEUE_STATUSES.filter((s) => wanted.includes(s)) : []
  const historyStatuses = wanted ? HISTORY_STATUSES.filter((s) => wanted.includes(s)) : HISTORY_STATUSES
  const phases: Phase[] = [
    ...(!wanted || queueStatuses.length ? (['queue'] as const) : []),
    ...(historyStatuses.length ? (['history'] as const) : []),
  ]
  const start = query.cursor ? decodeCursor(query.cursor, ListCursor) : undefined
  const phase = start?.phase ?? phases[0]
  if (!phase || !phases.includes(phase)) return { data: [], hasMore: false, nextCursor: null }

  const readQueue = async (offset: number, count: number): Promise<Slice> => {
    const page = await client.listQueue({
      query: {
        skip: offset,
        take: count,
        agentId: agentVendorId || undefined,
        [QUEUE_STATUS_PARAM]: queueStatuses,
      },
    })
    return {
      calls: page.calls.map((call) => fromVendorCall(call, undefined, now)),
      read: page.calls.length,
      total: page.total,
    }
  }

  /** Items [offset, offset + count) of the results, from at most two pages of size `count`. */
  const readHistory = async (offset: number, count: number): Promise<Slice> => {
    const first = Math.floor(offset / count)
    const last = Math.floor((offset + count - 1) / count)
    const results = []
    let total = 0
    for (let page = first; page <= last; page++) {
      const answer = await client.searchResults({
        body: {
          page,
          size: count,
          ...(agentVendorId ? { agentIds: [agentVendorId] } : {}),
          callStatuses: historyStatuses,
        },
      })
      results.push(...answer.results)
      total = answer.totalCount
      if (answer.results.length < count) break
    }
    const skip = offset - first * count
    const slice = results.slice(skip, skip + count)
    return { calls: slice.map((result) => fromCallResult(result, now)), read: slice.length, total }
  }

  const keep = (calls: Call[]) => (status ? calls.filter((call) => call.status === status) : calls)
  const offset = start?.offset ?? 0

  if (phase === 'history') {
    const page = await readHistory(offset, limit)
    const next = offset + page.read
    const hasMore = page.read > 0 && next < page.total
    return {
      data: keep(page.calls),
      hasMore,
      nextCursor: hasMore ? encodeCursor({ phase, offset: next }) : null,
    }
  }

  const queue = await readQueue(offset, limit)
  const next = offset + queue.read
  if (queue.read > 0 && next < queue.total) {
    return { data: keep(queue.calls), hasMore: true, nextCursor: encodeCursor({ phase, offset: next }) }
  }
  if (!phases.includes('history')) return { data: keep(queue.calls), hasMore: false, nextCursor: null }
  // The queue ran out on this page: fill it from the results (reading one to learn whether any exist).
  const room = limit - queue.read
  const history = await readHistory(0, Math.max(room, 1))
  const taken = history.calls.slice(0, room)
  const hasMore = history.total > room
  return {
    data: keep([...queue.calls, ...taken]),
    hasMore,
    nextCursor: hasMore ? encodeCursor({ phase: 'history', offset: room }) : null,
  }
}
