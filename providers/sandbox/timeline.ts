import type { CallStatus } from '../../src/contract/call'
import type { CallPlan, Outcome, SandboxCallRecord } from './vendor'

/** Simulated seconds between steps; real waits are these divided by SANDBOX_TIME_SCALE. */
export const STEPS = {
  queuedToRing: 1.5,
  ringToAnswer: 3,
  busyAfterRing: 2,
  noAnswerAfterRing: 20,
  voicemailMessage: 8,
  talkMin: 12,
  talkSpread: 14,
} as const

/** Destinations that force an outcome, so every ending can be tried without a vendor. */
export const MAGIC_NUMBERS: Readonly<Record<string, Outcome>> = {
  '+15005550001': 'busy',
  '+15005550002': 'no_answer',
  '+15005550003': 'failed',
  '+15005550004': 'voicemail',
}

/** A stable number from a string, so a call's simulated talk time is reproducible. */
const hash = (text: string) => {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}

interface PlanInput {
  id: string
  to: string
  dialAt: number
  waitReason: CallPlan['waitReason']
  deadline: number | null
  maxDurationSeconds: number | null
  scale: number
}

/** Fixes a call's whole future when it is placed; its status at any instant follows from it. */
export function planCall(input: PlanInput): CallPlan {
  const { dialAt, scale } = input
  const ms = (simulatedSeconds: number) => (simulatedSeconds * 1000) / scale
  const ringAt = dialAt + ms(STEPS.queuedToRing)
  const forced = MAGIC_NUMBERS[input.to]
  const base = { dialAt, waitReason: input.waitReason, scale }
  let plan: CallPlan
  if (forced === 'failed') {
    plan = {
      ...base,
      ringAt: null,
      answerAt: null,
      endAt: ringAt,
      outcome: 'failed',
      endReason: 'carrier_error',
      talkSeconds: null,
    }
  } else if (forced === 'busy') {
    const endAt = ringAt + ms(STEPS.busyAfterRing)
    plan = { ...base, ringAt, answerAt: null, endAt, outcome: 'busy', endReason: 'busy', talkSeconds: null }
  } else if (forced === 'no_answer') {
    const endAt = ringAt + ms(STEPS.noAnswerAfterRing)
    plan = {
      ...base,
      ringAt,
      answerAt: null,
      endAt,
      outcome: 'no_answer',
      endReason: 'no_answer',
      talkSeconds: null,
    }
  } else {
    const answerAt = ringAt + ms(STEPS.ringToAnswer)
    const voicemail = forced === 'voicemail'
    const natural = voicemail ? STEPS.voicemailMessage : STEPS.talkMin + (hash(input.id) % STEPS.talkSpread)
    const capped = input.maxDurationSeconds !== null && natural > input.maxDurationSeconds
    const talkSeconds = capped ? (input.maxDurationSeconds as number) : natural
    plan = {
      ...base,
      ringAt,
      answerAt,
      endAt: answerAt + ms(talkSeconds),
      outcome: voicemail ? 'voicemail' : 'completed',
      endReason: voicemail ? 'voicemail' : capped ? 'max_duration' : 'agent_hangup',
      talkSeconds,
    }
  }
  // Nobody is reached after the deadline: a call not connected by then is given up.
  const connectsAt = plan.answerAt ?? plan.endAt
  if (input.deadline !== null && input.deadline < connectsAt) {
    const endAt = Math.max(input.deadline, 0)
    return {
      ...plan,
      ringAt: plan.ringAt !== null && plan.ringAt < endAt ? plan.ringAt : null,
      answerAt: null,
      endAt,
      outcome: 'canceled',
      endReason: 'deadline_exceeded',
      talkSeconds: null,
    }
  }
  return plan
}

export interface CallState {
  status: CallStatus
  startedAt: number | null
  endedAt: number | null
  durationSeconds: number | null
  endReason: string | null
  nextAttemptAt: number | null
}

/** The call's state at an instant: where it is on its plan, unless a cancel cut the plan short. */
export function stateAt(call: Pick<SandboxCallRecord, 'plan' | 'canceledAt'>, now: number): CallState {
  const { plan } = call
  const canceledAt = call.canceledAt ? Date.parse(call.canceledAt) : null
  if (canceledAt !== null && canceledAt <= now && canceledAt < plan.endAt) {
    const wasLive = plan.answerAt !== null && plan.answerAt <= canceledAt
    const talked = wasLive
      ? Math.max(1, Math.round(((canceledAt - (plan.answerAt as number)) / 1000) * plan.scale))
      : null
    return {
      status: 'canceled',
      startedAt: wasLive ? plan.answerAt : null,
      endedAt: canceledAt,
      durationSeconds: talked,
      endReason: wasLive ? 'hung_up_by_client' : 'canceled_by_client',
      nextAttemptAt: null,
    }
  }
  if (now >= plan.endAt) {
    const answered = plan.answerAt !== null
    return {
      status: plan.outcome,
      startedAt: answered ? plan.answerAt : null,
      endedAt: plan.endAt,
      durationSeconds: answered ? Math.max(1, plan.talkSeconds ?? 1) : null,
      endReason: plan.endReason,
      nextAttemptAt: null,
    }
  }
  const open = { startedAt: null, endedAt: null, durationSeconds: null, endReason: null, nextAttemptAt: null }
  if (now < plan.dialAt)
    return { ...open, status: plan.waitReason ? 'scheduled' : 'queued', nextAttemptAt: plan.dialAt }
  if (plan.answerAt !== null && now >= plan.answerAt)
    return { ...open, status: 'in_progress', startedAt: plan.answerAt }
  if (plan.ringAt !== null && now >= plan.ringAt) return { ...open, status: 'ringing' }
  return { ...open, status: 'queued' }
}
