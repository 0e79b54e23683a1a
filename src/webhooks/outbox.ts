import type { Bindings } from '../env'
import { recordDelivery } from '../ledger/deliveries'
import { routedEvent } from '../routing/routed-events'
import type { WebhookEvent } from './events'
import { callStoreName, webhookStore } from './store'

/** One event on its way to one client URL: the body of a WEBHOOK_QUEUE message. */
export interface DeliveryMessage {
  event: WebhookEvent
  destination: string
}

export type AcceptOutcome = 'queued' | 'duplicate' | 'no_destination'

/** Queues takes messages up to 128 KB; the margin covers the destination and the encoding. */
export const MAX_EVENT_BYTES = 120_000

/**
 * The event as it can travel: a long call's transcript can appear twice (in the Call and in the
 * vendor's payload), so an oversized event gives up `providerEvent` rather than never arriving.
 */
export function fitForQueue(event: WebhookEvent): WebhookEvent {
  if (new TextEncoder().encode(JSON.stringify(event)).length <= MAX_EVENT_BYTES) return event
  const { providerEvent: _dropped, ...slim } = event
  return slim
}

/**
 * Queues a vendor's event for delivery, once: a re-delivery of an event already accepted is a
 * duplicate, and a claim is released when queueing fails so the vendor's retry still gets through.
 * The destination is the call's own (remembered when it was placed), else the token's, else WEBHOOK_URL.
 */
export async function acceptVendorEvent(
  env: Bindings,
  vendorEvent: WebhookEvent,
  callVendorId: string,
  tokenDestination: string | null,
  defaultDestination: string | undefined,
): Promise<AcceptOutcome> {
  const event = await routedEvent(env, vendorEvent)
  const store = webhookStore(env, callStoreName(event.provider, callVendorId))
  const destination = (await store.destination()) ?? tokenDestination ?? defaultDestination
  if (!destination) {
    // Nowhere to send it, but the ledger still learns the call's outcome from it.
    await recordDelivery(env, { event, destination: null }, idle('no_destination'))
    return 'no_destination'
  }
  if (!(await store.claimEvent(event.id))) return 'duplicate'
  await recordDelivery(env, { event, destination }, idle('pending'))
  try {
    await env.WEBHOOK_QUEUE.send({ event: fitForQueue(event), destination } satisfies DeliveryMessage, {
      contentType: 'json',
    })
  } catch (error) {
    await store.releaseEvent(event.id)
    throw error
  }
  return 'queued'
}

const idle = (status: 'pending' | 'no_destination') => ({
  status,
  attempts: 0,
  lastAttemptAt: null,
  lastResponseStatus: null,
  lastError: null,
  nextAttemptAt: null,
})

/** For vendors whose hook lives on the agent: this call's events go to its own URL. */
export async function rememberCallDestination(
  env: Bindings,
  provider: string,
  callVendorId: string,
  destination: string,
): Promise<void> {
  await webhookStore(env, callStoreName(provider, callVendorId)).rememberDestination(destination)
}
