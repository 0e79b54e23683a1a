import type { CallStatus } from '../../src/contract/call'
import { statusTable } from '../kit/statuses'

/**
 * Vapi's `Call.status` enum. `ended` says nothing of how the call went: `endedReason` decides
 * (below); ended without a reason is `unknown`. `not-found` and `deletion-failed` belong to the
 * deletion flow and say nothing about the call either.
 */
export const statuses = statusTable({
  scheduled: 'scheduled',
  queued: 'queued',
  ringing: 'ringing',
  'in-progress': 'in_progress',
  // About to be transferred: the line is still in use.
  forwarding: 'in_progress',
  ended: 'unknown',
  'not-found': 'unknown',
  'deletion-failed': 'unknown',
})

/** Statuses a call can be withdrawn in with `DELETE /call/{id}` (it has not been dialled). */
export const NOT_DIALED = new Set(['scheduled', 'queued'])
/** Statuses a call is live in: hung up through its `monitor.controlUrl`. */
export const LIVE = new Set(['ringing', 'in-progress', 'forwarding'])

const COMPLETED = [
  'customer-ended-call',
  'customer-ended-call-before-warm-transfer',
  'customer-ended-call-after-warm-transfer-attempt',
  'customer-ended-call-during-transfer',
  'assistant-ended-call',
  'assistant-said-end-call-phrase',
  'assistant-ended-call-with-hangup-task',
  'assistant-ended-call-after-message-spoken',
  'assistant-forwarded-call',
  'exceeded-max-duration',
  'silence-timed-out',
  'call.in-progress.twilio-completed-call',
  'call.in-progress.sip-completed-call',
  'vonage-completed',
  'call.ending.hook-executed-say',
  'call.ending.hook-executed-transfer',
  // These two are about the transfer leg: the customer's own call took place.
  'call.forwarding.operator-busy',
  'call.forwarding.no-answer',
]
const NO_ANSWER = [
  'customer-did-not-answer',
  'call.in-progress.error-providerfault-outbound-sip-408-request-timeout',
  'call.in-progress.error-providerfault-outbound-sip-480-temporarily-unavailable',
]
const CANCELED = ['manually-canceled', 'scheduled-call-deleted']

/**
 * The reasons Vapi lists that are not tied to a voice, LLM or transcriber provider, and mean the
 * call failed. The ~508 provider-specific ones (`pipeline-error-*`, `call.in-progress.error-*`,
 * `call.start.error-*`, …) follow templates and fall to UNLISTED_END_REASON_STATUS.
 */
const FAILED = [
  'call-start-error-neither-assistant-nor-server-set',
  'assistant-request-failed',
  'assistant-request-returned-error',
  'assistant-request-returned-unspeakable-error',
  'assistant-request-returned-invalid-assistant',
  'assistant-request-returned-no-assistant',
  'assistant-request-returned-forwarding-phone-number',
  'call.start.error-vapifault-get-org',
  'call.start.error-vapifault-get-subscription',
  'call.start.error-get-assistant',
  'call.start.error-get-phone-number',
  'call.start.error-get-customer',
  'call.start.error-get-resources-validation',
  'call.start.error-vapi-number-international',
  'call.start.error-vapi-number-outbound-daily-limit',
  'call.start.error-get-transport',
  'call.start.error-subscription-wallet-does-not-exist',
  'call.start.error-fraud-check-failed',
  'call.start.error-subscription-frozen',
  'call.start.error-subscription-insufficient-credits',
  'call.start.error-subscription-upgrade-failed',
  'call.start.error-subscription-concurrency-limit-reached',
  'call.start.error-enterprise-feature-not-available-recording-consent',
  'call.start.assistant-version-error-validation',
  'assistant-not-valid',
  'call.start.error-vapifault-database-error',
  'assistant-not-found',
  'call.in-progress.error-pipeline-no-available-llm-model',
  'worker-shutdown',
  'vonage-disconnected',
  'vonage-failed-to-connect-call',
  'phone-call-provider-bypass-enabled-but-no-call-received',
  'call.in-progress.error-providerfault-transport-never-connected',
  'call.in-progress.error-vapifault-worker-not-available',
  'call.in-progress.error-vapifault-transport-never-connected',
  'call.in-progress.error-vapifault-transport-connected-but-call-not-active',
  'call.in-progress.error-vapifault-call-started-but-connection-to-transport-missing',
  'call.in-progress.error-vapifault-worker-died',
  'call.in-progress.error-sip-inbound-call-failed-to-connect',
  'call.in-progress.error-providerfault-outbound-sip-503-service-unavailable',
  'call.in-progress.error-sip-outbound-call-failed-to-connect',
  'call.ringing.error-sip-inbound-call-failed-to-connect',
  'call.in-progress.error-vapifault-chat-pipeline-failed-to-start',
  'call.in-progress.error-pipeline-ws-model-connection-failed',
  'call.in-progress.error-warm-transfer-max-duration',
  'call.in-progress.error-warm-transfer-assistant-cancelled',
  'call.in-progress.error-warm-transfer-silence-timeout',
  'call.in-progress.error-warm-transfer-microphone-timeout',
  'assistant-join-timed-out',
  'call.in-progress.error-assistant-did-not-receive-customer-audio',
  'call.in-progress.error-transfer-failed',
  'customer-did-not-give-microphone-permission',
  'phone-call-provider-closed-websocket',
  'call.in-progress.error-providerfault-outbound-sip-403-forbidden',
  'call.in-progress.error-providerfault-outbound-sip-407-proxy-authentication-required',
  'call.ringing.hook-executed-say',
  'call.ringing.hook-executed-transfer',
  'call.ringing.sip-inbound-caller-hungup-before-call-connect',
  'twilio-failed-to-connect-call',
  'twilio-reported-customer-misdialed',
  'vonage-rejected',
]

/** Every `endedReason` Vapi lists by name, normalized. */
export const END_REASON_STATUS: Readonly<Record<string, CallStatus>> = {
  ...Object.fromEntries(FAILED.map((reason) => [reason, 'failed' as const])),
  ...Object.fromEntries(COMPLETED.map((reason) => [reason, 'completed' as const])),
  ...Object.fromEntries(NO_ANSWER.map((reason) => [reason, 'no_answer' as const])),
  ...Object.fromEntries(CANCELED.map((reason) => [reason, 'canceled' as const])),
  'customer-busy': 'busy',
  voicemail: 'voicemail',
}

/**
 * An ended call whose reason is not listed above: every provider-specific reason (`pipeline-error-*`,
 * `call.in-progress.error-*`) is a failure, and so is any reason Vapi adds later until it is listed.
 */
export const UNLISTED_END_REASON_STATUS: CallStatus = 'failed'

/**
 * `call-deleted` is not in Vapi's groups: a call deleted before it started was withdrawn
 * (canceled); one deleted after it started falls to the default.
 */
export const CALL_DELETED = 'call-deleted'

/** What GET /v1/providers shows: every status word, then every listed end reason. */
export const statusMap: Record<string, CallStatus> = { ...statuses.statusMap, ...END_REASON_STATUS }

export interface StatusFacts {
  status?: string | null
  endedReason?: string | null
  startedAt?: string | null
}

/** The unified status of a Vapi call: its status word, and for an ended call its endedReason. */
export function normalizeStatus({ status, endedReason, startedAt }: StatusFacts): CallStatus {
  const word = statuses.canonical(status)
  if (word !== 'ended') return statuses.status(word)
  if (!endedReason) return 'unknown'
  if (endedReason === CALL_DELETED) return startedAt ? UNLISTED_END_REASON_STATUS : 'canceled'
  return END_REASON_STATUS[endedReason] ?? UNLISTED_END_REASON_STATUS
}
