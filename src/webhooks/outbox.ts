import { fitForQueue } from '../../providers/kit/fit'
import { log } from '../../providers/kit/log'
import type { DeliveryMessage, EventType, WebhookEvent } from '../contract/events'
import type { Bindings } from '../env'
import { idleDelivery } from '../ledger/campaign-events'
import { recordDelivery } from '../ledger/deliveries'
import { ownCallEvent } from './call-event'
import { callStoreName, webhookStore } from './store'

export type AcceptOutcome = 'queued' | 'duplicate' | 'no_destination'

const TERMINAL_TYPES: ReadonlySet<EventType> = new Set([
  'call.completed',
  'call.failed',
  'call.no_answer',
  'call.busy',
  'call.voicemail',
  'call.canceled',
])
export const isTerminal = (type: EventType) => TERMINAL_TYPES.has(type)

/**
 * Queues a vendor's event for delivery, once: a re-delivery of an event already accepted, or a
 * second terminal event of the call, is a duplicate, and a claim is released when queueing fails so the vendor's retry still gets through.
 * The destination is the call's own (remembered when it was placed), else the token's, else WEBHOOK_URL.
 */
export async function acceptVendorEvent(
  env: Bindings,
  vendorEvent: WebhookEvent,
  callVendorId: string,
  tokenDestination: string | null,
  defaultDestination: string | undefined,
): Promise<AcceptOutcome> {
  // The outcome reaches the campaign that placed the call now, whether or not anyone is listening.
  const event = await ownCallEvent(env, vendorEvent)
  const store = webhookStore(env, callStoreName(event.provider, callVendorId))
  const destination = (await store.destination()) ?? tokenDestination ?? defaultDestination
  if (!destination) {
    // Nowhere to send it, but the ledger still learns the call's outcome from it.
    await recordDelivery(env, { event, destination: null }, idleDelivery('no_destination'))
    return 'no_destination'
  }
  const terminal = isTerminal(event.type)
  if (!(await store.claimEvent(event.id, terminal))) return 'duplicate'
  await recordDelivery(env, { event, destination }, idleDelivery('pending'))
  try {
    const fitted = fitForQueue(event, new TextEncoder().encode(destination).length)
    await env.WEBHOOK_QUEUE.send({ event: fitted, destination } satisfies DeliveryMessage, {
      contentType: 'json',
    })
  } catch (error) {
    await store.releaseEvent(event.id, terminal)
    throw error
  }
  return 'queued'
}

/** For vendors whose hook lives on the agent: this call's events go to its own URL. */
export async function rememberCallDestination(
  env: Bindings,
  provider: string,
  callVendorId: string,
  destination: string,
  agentVendorId: string,
): Promise<void> {
  const store = webhookStore(env, callStoreName(provider, callVendorId))
  await store.rememberAgent(agentVendorId)
  await store.rememberDestination(destination)
}
