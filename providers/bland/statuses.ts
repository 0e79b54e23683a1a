import type { CallStatus } from '../../src/contract/call'
import { statusTable } from '../kit/statuses'

/**
 * Bland's words, for GET /v1/providers: `status` (once the call exists) and `queue_status` (its
 * place in Bland's queue). Bland has no `ringing` or `scheduled` word; `deriveStatus` reads them
 * together with `completed` and `answered_by`.
 */
export const statuses = statusTable({
  // status
  completed: 'completed',
  failed: 'failed',
  busy: 'busy',
  'no-answer': 'no_answer',
  canceled: 'canceled',
  unknown: 'unknown',
  // queue_status
  new: 'queued',
  queued: 'queued',
  // Dispatching: Bland exposes no ringing state, and allocation comes before any dialing.
  allocated: 'queued',
  started: 'in_progress',
  complete: 'completed',
  pre_queue_error: 'failed',
  queue_error: 'failed',
  call_error: 'failed',
  // The call happened; only Bland's post-processing (its webhook) failed.
  complete_error: 'completed',
})
export const { statusMap } = statuses

export interface StatusWords {
  status?: string | null
  queue_status?: string | null
  completed?: boolean | null
  answered_by?: string | null
  error_message?: string | null
  call_length?: number | null
}

const QUEUE_ERRORS = new Set(['pre_queue_error', 'queue_error', 'call_error'])

/**
 * The unified status, in the order docs/vendors/bland.md § Statuses gives (first match wins).
 * `scheduled` is ours to know: a call still queued whose start time is ahead.
 */
export function deriveStatus(call: StatusWords, scheduledAt: string | null, now = Date.now()): CallStatus {
  const status = call.status?.trim().toLowerCase()
  const queue = call.queue_status?.trim().toLowerCase()
  const answeredBy = call.answered_by?.trim().toLowerCase()
  if (status === 'canceled') return 'canceled'
  if (status === 'busy') return 'busy'
  if (status === 'no-answer' || answeredBy === 'no-answer') return 'no_answer'
  if (status === 'failed' || (queue && QUEUE_ERRORS.has(queue))) return 'failed'
  if (call.completed) {
    if (answeredBy === 'voicemail') return 'voicemail'
    // Bland's "unknown" on an ended call: it happened if it lasted, else it never connected.
    if (status === 'unknown' || !status) return (call.call_length ?? 0) > 0 ? 'completed' : 'failed'
    return statuses.status(status) === 'unknown' ? 'completed' : statuses.status(status)
  }
  if (queue === 'started') return 'in_progress'
  if (queue === 'complete' || queue === 'completed' || queue === 'complete_error') return 'completed'
  if (scheduledAt && Date.parse(scheduledAt) > now) return 'scheduled'
  if (!queue || queue === 'new' || queue === 'queued' || queue === 'allocated') return 'queued'
  return 'unknown'
}
