import type { CallStatus } from '../../src/contract/call'
import { statusTable } from '../kit/statuses'

/** Every word of Dasha's call status enum, normalized; refinements by time and reason are below. */
export const statuses = statusTable({
  Unknown: 'unknown',
  Created: 'queued',
  Pending: 'queued',
  Queued: 'queued',
  Running: 'in_progress',
  Completed: 'completed',
  Failed: 'failed',
  Canceled: 'canceled',
})
export const { statusMap } = statuses

/** Not yet placed: only these have a next attempt (nextScheduleTime); a Running call is past it. */
export const WAITING_STATUSES = new Set(['Created', 'Pending', 'Queued'])

/** Statuses after which Dasha's call result (transcript, duration, recording) exists. */
export const FINISHED_STATUSES = new Set(['Completed', 'Failed'])

/** Dasha refuses to cancel these: the call has started or ended. */
export const UNCANCELABLE_STATUSES = new Set(['Running', 'Completed', 'Failed', 'Canceled'])

/**
 * An immediate call's nextScheduleTime sits a moment after its creation; only a wait longer than
 * this (business hours closed, a retry) makes it `scheduled`.
 */
const SCHEDULED_AFTER_MS = 30_000

const BUSY = /busy/i
const NO_ANSWER = /no[\s_-]?answer|not[\s_-]?answered|did[\s_-]?not[\s_-]?answer/i

export interface StatusFacts {
  status: string
  nextScheduleTime?: string | null
  /** Dasha's words on why the call ended: errorMessage, result.finishReason or result.status. */
  reasons: (string | null | undefined)[]
}

export function normalizeStatus(facts: StatusFacts, now: number): CallStatus {
  const word = statuses.canonical(facts.status)
  const base = statuses.status(word)
  if ((word === 'Created' || word === 'Pending') && facts.nextScheduleTime) {
    if (Date.parse(facts.nextScheduleTime) - now > SCHEDULED_AFTER_MS) return 'scheduled'
  }
  if (word === 'Failed') {
    const said = facts.reasons.filter(Boolean).join(' ')
    if (BUSY.test(said)) return 'busy'
    if (NO_ANSWER.test(said)) return 'no_answer'
  }
  return base
}
