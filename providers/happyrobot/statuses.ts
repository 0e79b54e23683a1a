import type { CallStatus } from '../../src/contract/call'
import { statusTable } from '../kit/statuses'

/** Every status word of HappyRobot's current reference, spaces and capitals as the vendor sends them. */
export const statuses = statusTable({
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
})
export const { statusMap } = statuses

/** Not yet dialed: withdrawn with the cancel endpoint rather than hung up. */
export const NOT_DIALED: ReadonlySet<CallStatus> = new Set(['scheduled', 'queued'])
