import { type EventType, eventIdFor, type WebhookEvent } from '../../src/contract/events'
import { fromCallRecord } from './calls'
import type { SandboxCallRecord } from './vendor'

/** One event the sandbox will emit: its type and when it happens (epoch ms). */
export interface PlannedEvent {
  type: EventType
  at: number
}

/**
 * Every event a call's plan produces, in lifecycle order. Steps can be under a millisecond apart at
 * high SANDBOX_TIME_SCALE, so each is at least 1 ms after the one before: createdAt orders them.
 */
export function plannedEvents(record: Pick<SandboxCallRecord, 'plan' | 'createdAt'>): PlannedEvent[] {
  const { plan } = record
  const placedAt = Date.parse(record.createdAt)
  const steps: PlannedEvent[] = plan.waitReason
    ? [
        { type: 'call.scheduled', at: placedAt },
        { type: 'call.queued', at: plan.dialAt },
      ]
    : [{ type: 'call.queued', at: placedAt }]
  if (plan.ringAt !== null) steps.push({ type: 'call.ringing', at: plan.ringAt })
  if (plan.answerAt !== null) steps.push({ type: 'call.started', at: plan.answerAt })
  steps.push({ type: `call.${plan.outcome}`, at: plan.endAt })
  let previous = Number.NEGATIVE_INFINITY
  return steps.map((step) => {
    const at = Math.max(Math.ceil(step.at), previous + 1)
    previous = at
    return { ...step, at }
  })
}

/** The event as a vendor would send it: the call as it was at that moment. */
export async function sandboxEvent(record: SandboxCallRecord, step: PlannedEvent): Promise<WebhookEvent> {
  const { providerData: _raw, ...call } = fromCallRecord(record, step.at)
  return {
    id: await eventIdFor('sandbox', `${record.id}:${step.type}`),
    type: step.type,
    createdAt: new Date(step.at).toISOString(),
    provider: 'sandbox',
    data: { call },
  }
}
