import { createRoute, z } from '@hono/zod-openapi'
import { CampaignEventSchema, EventSchema } from '../../contract/events'
import { errorResponses, jsonBody, jsonContent, noAuth } from '../../lib/openapi'
import { MAX_TOKEN_LENGTH } from '../../webhooks/token'

const tags = ['Webhooks']

const InboundParamsSchema = z.object({
  provider: z
    .string()
    .min(1)
    .max(32)
    .openapi({
      param: { name: 'provider', in: 'path' },
      description: 'The vendor sending the event',
      example: 'dasha',
    }),
  token: z
    .string()
    .min(1)
    .max(MAX_TOKEN_LENGTH)
    .openapi({
      param: { name: 'token', in: 'path' },
      description:
        'Signed by this deployment when it handed the vendor this URL; it authenticates the vendor',
    }),
})

export const WebhookReceiptSchema = z
  .object({
    status: z.enum(['queued', 'duplicate', 'no_destination', 'ignored', 'dropped']).openapi({
      description:
        "queued: the event is on its way; duplicate: already received (or the call already had its final event); no_destination: no webhookUrl applies; ignored: not a call event; dropped: the call does not exist or is not one of the hook's agent's calls",
    }),
    eventId: z.string().optional().openapi({
      description: 'The id the event is delivered under',
      example: 'evt_3f1c2a9be0d44c6f8a1b7e25',
    }),
  })
  .openapi('WebhookReceipt', { description: "The gateway's answer to a vendor's event." })

export const receiveProviderWebhook = createRoute({
  operationId: 'receiveProviderWebhook',
  method: 'post',
  path: '/v1/webhooks/{provider}/{token}',
  tags,
  security: noAuth,
  summary: 'Receive a vendor call event (called by vendors, not clients)',
  description:
    "The URL Switchboard hands a vendor in place of the client's webhookUrl. No gateway key: the token authenticates the vendor. The payload is normalized to an Event and delivered to the client, signed per Standard Webhooks. A re-delivered event is answered 200 and not delivered again. An event for a call the hook's agent does not own (checked with the vendor when Switchboard did not place it) is answered 200 and dropped; 503 when the vendor cannot be asked.",
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
  operationId: 'receiveCallEvent',
  method: 'post' as const,
  path: 'call-event',
  tags,
  // Your endpoint checks the Standard Webhooks signature; no gateway key is involved.
  security: noAuth,
  summary: 'A call event, delivered to your webhookUrl',
  description:
    'Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature; secret WEBHOOK_SECRET). Delivered at least once: deduplicate by webhook-id, order by createdAt.',
  request: { body: jsonBody(EventSchema) },
  responses: {
    200: { description: 'Any 2xx acknowledges the event; anything else is retried with backoff' },
  },
}

/** The campaign side of the `webhooks` section: what a campaign's webhookUrl receives as it moves. */
export const campaignEventWebhook = {
  operationId: 'receiveCampaignEvent',
  method: 'post' as const,
  path: 'campaign-event',
  tags,
  security: noAuth,
  summary: "A campaign event, delivered to the campaign's webhookUrl",
  description:
    "campaign.started, campaign.paused, campaign.resumed, campaign.completed and campaign.canceled, each with the Campaign as it is after the event. Sent only to the campaign's own webhookUrl (which also receives its calls' events), signed and retried exactly like call events.",
  request: { body: jsonBody(CampaignEventSchema) },
  responses: {
    200: { description: 'Any 2xx acknowledges the event; anything else is retried with backoff' },
  },
}
