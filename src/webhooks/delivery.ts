import { Webhook } from 'standardwebhooks'
import { mapWithConcurrency } from '../../providers/kit/concurrency'
import { log } from '../../providers/kit/log'
import { type AnyEvent, asDelivered, isCampaignEvent, type QueuedMessage } from '../contract/events'
import { type Bindings, readConfig } from '../env'
import { recordDelivery } from '../ledger/deliveries'
import { ownCallEvent } from './call-event'
import { DEAD_LETTERS, webhookStore } from './store'

/**
 * Attempts per event before it is dead-lettered. Must stay at most the queue consumer's
 * `max_retries` + 1 in wrangler.toml, or the runtime would drop the message before we record it.
 */
export const MAX_DELIVERY_ATTEMPTS = 10
/** Backoff doubles from WEBHOOK_RETRY_BASE_SECONDS up to this cap. */
export const MAX_RETRY_DELAY_SECONDS = 3_600
/** A client endpoint slower than this counts as a failed attempt and is retried. */
const DELIVERY_TIMEOUT_MS = 10_000
const PARALLEL_DELIVERIES = 6

/** Seconds to wait after failed attempt `attempt` (1-based). */
export const retryDelaySeconds = (attempt: number, baseSeconds: number): number =>
  Math.ceil(Math.min(baseSeconds * 2 ** (attempt - 1), MAX_RETRY_DELAY_SECONDS))

/** Only the origin and path: a client URL's query may carry its own secret. */
const shownUrl = (url: string) => {
  try {
    const { origin, pathname } = new URL(url)
    return `${origin}${pathname}`
  } catch {
    return '(invalid url)'
  }
}

/** POSTs the event signed per Standard Webhooks: the reason it failed (null when the client took it) and the answer's status. */
async function attempt(
  message: { event: AnyEvent; destination: string },
  signer: Webhook,
  fetchFn: typeof fetch,
): Promise<{ failure: string | null; status: number | null }> {
  const body = JSON.stringify(asDelivered(message.event))
  const now = new Date()
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Switchboard-Webhooks/1',
    'webhook-id': message.event.id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signer.sign(message.event.id, now, body),
  }
  try {
    const response = await fetchFn(message.destination, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    })
    await response.body?.cancel()
    return { failure: response.ok ? null : `HTTP ${response.status}`, status: response.status }
  } catch (error) {
    return {
      failure: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      status: null,
    }
  }
}

/**
 * Sandbox events reach Switchboard here first: a routed call's Call gets its portable agent, and a
 * final status settles the campaign contact that placed the call. Campaign events go as they are.
 */
async function prepared(env: Bindings, message: QueuedMessage): Promise<QueuedMessage> {
  if (isCampaignEvent(message.event)) return message
  const event = await ownCallEvent(env, message.event)
  return { ...message, event }
}

/**
 * The WEBHOOK_QUEUE consumer: at-least-once delivery. A failed attempt is retried with exponential
 * backoff; after the last one the event is kept as a dead letter and the message acknowledged.
 */
export async function deliverWebhooks(
  batch: MessageBatch<QueuedMessage>,
  env: Bindings,
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
): Promise<void> {
  const config = readConfig(env)
  if (!config.webhookSecret) {
    // Without the secret nothing can be signed; keep the messages until the deployment is fixed.
    log('error', {
      msg: 'webhook delivery paused: WEBHOOK_SECRET is not set',
      messages: batch.messages.length,
    })
    batch.retryAll({ delaySeconds: MAX_RETRY_DELAY_SECONDS })
    return
  }
  const signer = new Webhook(config.webhookSecret)
  await mapWithConcurrency(batch.messages, PARALLEL_DELIVERIES, async (message) => {
    const body = await prepared(env, message.body)
    const { failure, status } = await attempt(body, signer, fetchFn)
    const attemptedAt = Date.now()
    const state = (status: 'delivered' | 'retrying' | 'dead', nextAttemptAt: number | null) => ({
      status,
      attempts: message.attempts,
      lastAttemptAt: attemptedAt,
      lastResponseStatus: responseStatus,
      lastError: failure,
      nextAttemptAt,
    })
    const responseStatus = status
    const fields = {
      eventId: body.event.id,
      type: body.event.type,
      destination: shownUrl(body.destination),
      attempt: message.attempts,
    }
    if (failure === null) {
      await recordDelivery(env, body, state('delivered', null))
      message.ack()
      log('info', { msg: 'webhook delivered', ...fields })
      return
    }
    if (message.attempts >= MAX_DELIVERY_ATTEMPTS) {
      await webhookStore(env, DEAD_LETTERS).recordDeadLetter({
        eventId: body.event.id,
        destination: body.destination,
        attempts: message.attempts,
        lastError: failure,
        failedAt: new Date().toISOString(),
        body: JSON.stringify(body.event),
      })
      await recordDelivery(env, body, state('dead', null))
      message.ack()
      log('error', { msg: 'webhook dead-lettered', error: failure, ...fields })
      return
    }
    const delaySeconds = retryDelaySeconds(message.attempts, config.webhookRetryBaseSeconds)
    await recordDelivery(env, body, state('retrying', attemptedAt + delaySeconds * 1000))
    message.retry({ delaySeconds })
    log('warn', { msg: 'webhook delivery failed; will retry', error: failure, delaySeconds, ...fields })
  })
}
