import { createApp } from './app'
import type { DeliveryMessage } from './contract/events'
import type { Bindings } from './env'
import { runRetention } from './ledger/retention'
import { deliverWebhooks } from './webhooks/delivery'

export { SandboxStore } from '../providers/sandbox/store'
export { IdempotencyStore } from './idempotency/store'
export { RateLimiter } from './keys/rate-limiter'
export { LedgerOutbox } from './ledger/outbox'
export { ProviderHealth } from './routing/provider-health'
export { WebhookStore } from './webhooks/store'

const app = createApp()

// fetch serves the API; queue delivers webhook events from WEBHOOK_QUEUE; scheduled is the daily ledger retention.
export default {
  fetch: app.fetch,
  queue: (batch, env) => deliverWebhooks(batch, env),
  scheduled: (controller, env, ctx) => ctx.waitUntil(runRetention(env, controller.scheduledTime)),
} satisfies ExportedHandler<Bindings, DeliveryMessage>
