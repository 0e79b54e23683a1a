import type { CallStatus } from '../../src/schemas/call'

/** Every status word of HappyRobot's current reference, spaces and capitals as the vendor sends them. */
export const STATUS_MAP: Record<string, CallStatus> = {
  Scheduled: 'scheduled',
  Queued: 'queued',
  Initiated: 'ringing',
  Ringing: 'ringing',
  'In progress': 'in_progress',
  // The AI handed the line to a person: the call itself goes on.
  Transferred: 'in_progress',
  Completed: 'completed',
  'AMD Terminated': 'voicemail',
  Busy: 'busy',
  'No answer': 'no_answer',
  Canceled: 'canceled',
  Failed: 'failed',
}

const byLowercase = new Map(Object.entries(STATUS_MAP).map(([word, status]) => [word.toLowerCase(), status]))

/** Case-insensitive, so "In Progress" reads the same; a word we do not know is `unknown`, never a guess. */
export function normalizeStatus(word: string | null | undefined): CallStatus {
  if (!word) return 'unknown'
  return STATUS_MAP[word] ?? byLowercase.get(word.trim().toLowerCase()) ?? 'unknown'
}

/** The vendor words that normalize to a unified status, for GET /calls?statuses=. */
export const vendorStatusesFor = (status: CallStatus): string[] =>
  Object.entries(STATUS_MAP)
    .filter(([, normalized]) => normalized === status)
    .map(([word]) => word)

/** Not yet dialed: withdrawn with the cancel endpoint rather than hung up. */
export const NOT_DIALED: ReadonlySet<CallStatus> = new Set(['scheduled', 'queued'])
