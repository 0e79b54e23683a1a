import { z } from '@hono/zod-openapi'
import { CallSchema, type CallStatus } from './call'
import { CampaignSchema } from './campaign'
import { TimestampSchema } from './common'

export const CALL_EVENT_TYPES = [
  'call.scheduled',
  'call.queued',
  'call.ringing',
  'call.started',
  'call.completed',
  'call.failed',
  'call.no_answer',
  'call.busy',
  'call.voicemail',
  'call.canceled',
] as const
export const CallEventTypeSchema = z.enum(CALL_EVENT_TYPES).openapi('CallEventType', {
  description: 'What happened to the call; one type per call status but unknown.',
  example: 'call.completed',
})
/** A call event's type (what vendors and the sandbox produce). */
export type EventType = z.infer<typeof CallEventTypeSchema>

export const CAMPAIGN_EVENT_TYPES = [
  'campaign.started',
  'campaign.paused',
  'campaign.resumed',
  'campaign.completed',
  'campaign.canceled',
] as const
export const CampaignEventTypeSchema = z.enum(CAMPAIGN_EVENT_TYPES).openapi('CampaignEventType', {
  description: "A campaign's transition: started, paused, resumed, completed or canceled.",
  example: 'campaign.started',
})
export type CampaignEventType = z.infer<typeof CampaignEventTypeSchema>

export const EVENT_TYPES = [...CALL_EVENT_TYPES, ...CAMPAIGN_EVENT_TYPES] as const
export const EventTypeSchema = z.enum(EVENT_TYPES).openapi('EventType', {
  description: 'Any event Switchboard produces: a call event (call.*) or a campaign event (campaign.*).',
  example: 'call.completed',
})
export type AnyEventType = z.infer<typeof EventTypeSchema>
export const isCampaignEventType = (type: string): type is CampaignEventType =>
  (CAMPAIGN_EVENT_TYPES as readonly string[]).includes(type)

/** What Switchboard delivers to a client's webhookUrl, whichever vendor ran the call. */
export const EventSchema = z
  .object({
    id: z.string().openapi({
      description: 'Stable across re-deliveries; also the webhook-id header',
      example: 'evt_3f1c2a9be0d44c6f8a1b7e25',
    }),
    type: CallEventTypeSchema,
    createdAt: TimestampSchema,
    provider: z.string().openapi({ description: 'The vendor that ran the call', example: 'sandbox' }),
    data: z.object({ call: CallSchema }).openapi({ description: 'The call as it is after this event' }),
    providerEvent: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "The vendor's own payload, when the call was placed with include=raw" }),
  })
  .openapi('Event', {
    description:
      'A call event, the same shape whichever vendor ran the call. Delivered signed per Standard Webhooks.',
  })
// Input type: the gateway fills the Call's ledger fields (campaignId, attempts) when it parses one.
export type WebhookEvent = z.input<typeof EventSchema>

/** What a campaign's webhookUrl receives as the campaign moves (and only that URL). */
export const CampaignEventSchema = z
  .object({
    id: z.string().openapi({
      description: 'Stable across re-deliveries; also the webhook-id header',
      example: 'evt_9b2e41c07d5a4f3e8c6b1a2d3e4f5a6b',
    }),
    type: CampaignEventTypeSchema,
    createdAt: TimestampSchema,
    provider: z.string().nullable().openapi({
      description:
        "The campaign agent's provider; null for a portable agent (its calls say which vendor ran each)",
      example: 'sandbox',
    }),
    data: z
      .object({ campaign: CampaignSchema })
      .openapi({ description: 'The campaign as it is after this event' }),
  })
  .openapi('CampaignEvent', {
    description:
      "A campaign event, sent to the campaign's webhookUrl only. Delivered signed per Standard Webhooks, like call events.",
  })
export type CampaignEvent = z.infer<typeof CampaignEventSchema>

/** Either kind, as the delivery pipeline carries it: a call event or a campaign event. */
export type AnyEvent = WebhookEvent | CampaignEvent
export const isCampaignEvent = (event: AnyEvent): event is CampaignEvent => isCampaignEventType(event.type)

/** One event on its way to one client URL: the body of a WEBHOOK_QUEUE message. */
export interface DeliveryMessage {
  event: WebhookEvent
  destination: string
}

/** A campaign event on its way to the campaign's URL: the same queue, the same signing and retries. */
export interface CampaignDeliveryMessage {
  event: CampaignEvent
  destination: string
}
export type QueuedMessage = DeliveryMessage | CampaignDeliveryMessage

const TYPE_BY_STATUS: Partial<Record<CallStatus, EventType>> = {
  scheduled: 'call.scheduled',
  queued: 'call.queued',
  ringing: 'call.ringing',
  in_progress: 'call.started',
  completed: 'call.completed',
  failed: 'call.failed',
  no_answer: 'call.no_answer',
  busy: 'call.busy',
  voicemail: 'call.voicemail',
  canceled: 'call.canceled',
}

/** The event a call entering this status produces; `unknown` produces none. */
export const eventTypeFor = (status: CallStatus): EventType | null => TYPE_BY_STATUS[status] ?? null

const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('')

/**
 * A stable event id from the vendor's own identity of the event: a re-delivery gets the same id, so
 * it is deduplicated here and, as `webhook-id`, by the receiver.
 */
export async function eventIdFor(provider: string, vendorEventKey: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`${provider}\n${vendorEventKey}`),
  )
  return `evt_${hex(digest).slice(0, 32)}`
}

/** The event as delivered and recorded: its Call carries the ledger's fields, null where not set. */
export function asDelivered(event: CampaignEvent): CampaignEvent
export function asDelivered(event: WebhookEvent): WebhookEvent
export function asDelivered(event: AnyEvent): AnyEvent
export function asDelivered(event: AnyEvent): AnyEvent {
  return isCampaignEvent(event) ? event : callAsDelivered(event)
}
const callAsDelivered = (event: WebhookEvent): WebhookEvent => ({
  ...event,
  data: {
    call: {
      ...event.data.call,
      campaignId: event.data.call.campaignId ?? null,
      attempts: event.data.call.attempts ?? null,
      targetAgentId: event.data.call.targetAgentId ?? null,
    },
  },
})
