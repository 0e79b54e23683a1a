import { CALL_STATUSES, type CallStatus } from '../../src/contract/call'
import { statusTable } from '../kit/statuses'

/** The simulator speaks the contract's own status words. */
export const statuses = statusTable(
  Object.fromEntries(CALL_STATUSES.map((status) => [status, status])) as Record<CallStatus, CallStatus>,
)
export const { statusMap } = statuses
