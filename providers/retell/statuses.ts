import type { CallStatus } from '../../src/contract/call'
import { statusTable } from '../kit/statuses'
import type { RetellCall } from './vendor'

/**
 * Retell's five `call_status` words. `registered` means the id exists and dialling has begun;
 * the three ended words are refined by `disconnection_reason` (below).
 */
export const statuses = statusTable({
  registered: 'ringing',
  ongoing: 'in_progress',
  ended: 'completed',
  not_connected: 'failed',
  error: 'failed',
})

/** What our cancel (POST /v2/stop-call) leaves as the reason. */
export const STOPPED_BY_API = 'manual_stopped'

/**
 * Every `disconnection_reason` of Retell's SDK 5.60 (34), plus four older ones. The call status
 * of `no_concurrency_fallback`, `error_asr`, `registered_call_timeout`, the `transfer_*` pair,
 * `manual_stopped` and `call_take_over` is unconfirmed; their unified status here follows what
 * each one means. `ivr_reached` is a machine answering, so voicemail; `user_declined` is a SIP
 * decline, so busy. `manual_stopped` is canceled: only a stop-call request (ours, or the account
 * owner's) ends a call that way.
 */
export const REASON_STATUS: Readonly<Record<string, CallStatus>> = {
  user_hangup: 'completed',
  agent_hangup: 'completed',
  call_transfer: 'completed',
  inactivity: 'completed',
  max_duration_reached: 'completed',
  transfer_bridged: 'completed',
  transfer_cancelled: 'completed',
  call_take_over: 'completed',
  voicemail_reached: 'voicemail',
  ivr_reached: 'voicemail',
  machine_detected: 'voicemail',
  dial_busy: 'busy',
  user_declined: 'busy',
  dial_no_answer: 'no_answer',
  dial_failed: 'failed',
  invalid_destination: 'failed',
  telephony_provider_permission_denied: 'failed',
  telephony_provider_unavailable: 'failed',
  sip_routing_error: 'failed',
  marked_as_spam: 'failed',
  concurrency_limit_reached: 'failed',
  no_concurrency_fallback: 'failed',
  no_valid_payment: 'failed',
  scam_detected: 'failed',
  error_llm_websocket_open: 'failed',
  error_llm_websocket_lost_connection: 'failed',
  error_llm_websocket_runtime: 'failed',
  error_llm_websocket_corrupt_payload: 'failed',
  error_no_audio_received: 'failed',
  error_asr: 'failed',
  error_retell: 'failed',
  error_unknown: 'failed',
  error_user_not_joined: 'failed',
  registered_call_timeout: 'failed',
  error_inbound_webhook: 'failed',
  error_twilio: 'failed',
  error_frontend_corrupted_payload: 'failed',
  [STOPPED_BY_API]: 'canceled',
}

/** Both vocabularies, as GET /v1/providers shows them: the words do not overlap. */
export const statusMap: Record<string, CallStatus> = { ...statuses.statusMap, ...REASON_STATUS }

/** Hang-up reasons after which Retell's analysis may still say a machine answered. */
const HANG_UPS = new Set(['user_hangup', 'agent_hangup', 'inactivity', 'max_duration_reached'])

/**
 * The unified status of a Retell call. An ended call takes its reason's status; a reason Retell
 * added after this table (it adds them often) takes the default of its call_status: `ended` is
 * completed, `not_connected` and `error` are failed.
 */
export function normalizeStatus(
  call: Pick<RetellCall, 'call_status' | 'disconnection_reason' | 'call_analysis'>,
): CallStatus {
  const base = statuses.status(call.call_status)
  const word = statuses.canonical(call.call_status)
  if (word === 'registered' || word === 'ongoing' || base === 'unknown') return base
  const reason = call.disconnection_reason ?? ''
  if (call.call_analysis?.in_voicemail === true && HANG_UPS.has(reason)) return 'voicemail'
  return REASON_STATUS[reason] ?? base
}

type FilterableStatus = 'not_connected' | 'ongoing' | 'ended' | 'error'

/**
 * How to ask Retell for calls of a unified status: its call_status filter, or the reasons that mean
 * the status (a reason added after REASON_STATUS is not found this way); null when no Retell call
 * can have it. `registered` is not a word Retell's filter accepts: ringing calls are picked on our
 * side from an unfiltered page.
 */
export function vendorStatusFilter(
  status: CallStatus,
): { callStatus?: FilterableStatus[]; reasons?: string[] } | null {
  if (status === 'in_progress') return { callStatus: ['ongoing'] }
  if (status === 'ringing') return {}
  const reasons = Object.keys(REASON_STATUS).filter((reason) => REASON_STATUS[reason] === status)
  return reasons.length > 0 ? { reasons } : null
}
