import { Webhook } from 'standardwebhooks'
import type { components } from './schema.js'

/** A call event (call.*). */
export type Event = components['schemas']['Event']
/** A campaign event (campaign.*), sent to the campaign's webhookUrl only. */
export type CampaignEvent = components['schemas']['CampaignEvent']
export type EventType = components['schemas']['EventType']

/**
 * Checks a delivery's Standard Webhooks signature (webhook-id, webhook-timestamp, webhook-signature)
 * against your WEBHOOK_SECRET and returns the event. Throws if the signature is wrong or the
 * timestamp is more than five minutes away. Pass the body exactly as received, before any JSON
 * parsing: re-serialized JSON no longer matches its signature.
 */
export function verifyWebhook(
  rawBody: string,
  headers: Headers | Record<string, string | string[] | undefined>,
  secret: string,
): Event | CampaignEvent {
  const flat: Record<string, string> = {}
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers)
  for (const [name, value] of entries) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return new Webhook(secret).verify(rawBody, flat) as Event | CampaignEvent
}
