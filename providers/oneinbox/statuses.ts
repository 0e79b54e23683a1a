import type { CallStatus } from '../../src/contract/call'
import { statusTable } from '../kit/statuses'
import { vendorTimestamp } from '../kit/vendor-values'
import type { OneInboxCall } from './vendor'

/** OneInbox's five call status words (create-call reference). */
export const statuses = statusTable({
  queued: 'queued',
  initiated: 'ringing',
  in_progress: 'in_progress',
  completed: 'completed',
  failed: 'failed',
})
export const { statusMap } = statuses

/** Our cancel is `POST /v1/calls/{id}/stop`; the vendor then reports this end reason. */
export const STOPPED_BY_API = 'api_stop'

/**
 * `end_reason` words that say how an ended call went. Only `api_stop`, `silence_timeout` and
 * `max_duration` appear in the docs; the words below are unconfirmed guesses in the vendor's
 * snake_case style: correct them here when OneInbox documents its list.
 */
export const END_REASON_STATUS: Record<string, CallStatus> = {
  [STOPPED_BY_API]: 'canceled',
  no_answer: 'no_answer',
  not_answered: 'no_answer',
  busy: 'busy',
  user_busy: 'busy',
  voicemail: 'voicemail',
  voicemail_detected: 'voicemail',
  machine_detected: 'voicemail',
}

const ENDED = new Set(['completed', 'failed'])

/** The unified status of a OneInbox call as of `now`. */
export function normalizeStatus(
  call: Pick<OneInboxCall, 'status' | 'end_reason' | 'scheduled_at'>,
  now: number,
) {
  const word = statuses.canonical(call.status)
  const base = statuses.status(word)
  if (word && ENDED.has(word) && call.end_reason) return END_REASON_STATUS[call.end_reason] ?? base
  const scheduledAt = vendorTimestamp(call.scheduled_at)
  if (base === 'queued' && scheduledAt && Date.parse(scheduledAt) > now) return 'scheduled'
  return base
}

/**
 * The vendor word to filter a list by, where a unified status comes from exactly one word.
 * Statuses read from `end_reason` (or from the clock, for scheduled) are also filtered on our side.
 */
export function vendorStatusFilter(status: CallStatus): string | undefined {
  if (status === 'scheduled') return 'queued'
  const words = statuses.wordsFor(status)
  return words.length === 1 ? words[0] : undefined
}
