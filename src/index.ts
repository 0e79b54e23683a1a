import { createApp } from './app'
import { useGateway } from './campaigns/place-attempt'
import { sweepExpiredSessions } from './console/sessions'
import type { QueuedMessage } from './contract/events'
import type { Bindings } from './env'
import { runRetention } from './ledger/retention'
import { deliverWebhooks } from './webhooks/delivery'

export { SandboxStore } from '../providers/sandbox/store'
export { CampaignObject } from './campaigns/campaign-object'
export { IdempotencyStore } from './idempotency/store'
export { RateLimiter } from './keys/rate-limiter'
export { LedgerOutbox } from './ledger/outbox'
export { ProviderHealth } from './routing/provider-health'
export { WebhookStore } from './webhooks/store'

const app = createApp()
// A campaign's engine places each attempt through this same app, in process.
useGateway((request, env) => app.fetch(request, env as Bindings))

// fetch serves the API; queue delivers webhook events from WEBHOOK_QUEUE; scheduled is the daily ledger
// retention and the sweep of expired console sessions.
export default {
  fetch: app.fetch,
  queue: (batch, env) => deliverWebhooks(batch, env),
  scheduled: (controller, env, ctx) =>
    ctx.waitUntil(
      Promise.all([
        runRetention(env, controller.scheduledTime),
        sweepExpiredSessions(env.DB, controller.scheduledTime),
      ]),
    ),
} satisfies ExportedHandler<Bindings, QueuedMessage>
