import { createRoute, z } from '@hono/zod-openapi'
import { EventSchema } from '../../contract/events'
import { errorResponses, jsonBody, jsonContent } from '../../lib/openapi'

const tags = ['Webhooks']

const InboundParamsSchema = z.object({
  provider: z
    .string()
    .min(1)
    .max(32)
    .openapi({ param: { name: 'provider', in: 'path' }, example: 'dasha' }),
  token: z
    .string()
    .min(1)
    .max(4096)
    .openapi({
      param: { name: 'token', in: 'path' },
      description:
        'Signed by this deployment when it handed the vendor this URL; it authenticates the vendor',
    }),
})

export const WebhookReceiptSchema = z
  .object({
    status: z.enum(['queued', 'duplicate', 'no_destination', 'ignored']).openapi({
      description:
        'queued: the event is on its way; duplicate: already received; no_destination: no webhookUrl applies; ignored: not a call event',
    }),
    eventId: z.string().optional(),
  })
  .openapi('WebhookReceipt')

export const receiveWebhook = createRoute({
  method: 'post',
  path: '/v1/webhooks/{provider}/{token}',
  tags,
  security: [],
  summary: 'Receive a vendor call event (called by vendors, not clients)',
  description:
    "The URL Switchboard hands a vendor in place of the client's webhookUrl. No gateway key: the token authenticates the vendor. The payload is normalized to an Event and delivered to the client, signed per Standard Webhooks. A re-delivered event is answered 200 and not delivered again.",
  request: {
    params: InboundParamsSchema,
    body: jsonBody(
      z.record(z.string(), z.unknown()).openapi({ description: "The vendor's own event payload" }),
    ),
  },
  responses: {
    200: jsonContent(WebhookReceiptSchema, 'Received; delivery to the client happens in the background'),
    ...errorResponses,
  },
})

/** The outbound side, for the OpenAPI `webhooks` section: what a client's webhookUrl receives. */
export const callEventWebhook = {
  method: 'post' as const,
  path: 'call-event',
  tags,
  summary: 'A call event, delivered to your webhookUrl',
  description:
    'Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature; secret WEBHOOK_SECRET). Delivered at least once: deduplicate by webhook-id, order by createdAt.',
  request: { body: jsonBody(EventSchema) },
  responses: {
    200: { description: 'Any 2xx acknowledges the event; anything else is retried with backoff' },
  },
}
