import { createApp } from './app'
import type { DeliveryMessage } from './contract/events'
import type { Bindings } from './env'
import { deliverWebhooks } from './webhooks/delivery'

export { SandboxStore } from '../providers/sandbox/store'
export { IdempotencyStore } from './idempotency/store'
export { WebhookStore } from './webhooks/store'

const app = createApp()

// fetch serves the API; queue delivers webhook events from WEBHOOK_QUEUE.
export default {
  fetch: app.fetch,
  queue: (batch, env) => deliverWebhooks(batch, env),
} satisfies ExportedHandler<Bindings, DeliveryMessage>
