import { z } from '@hono/zod-openapi'
import { HttpsUrlSchema, TimestampSchema } from './common'
import { EventTypeSchema } from './events'

export const DELIVERY_STATES = ['pending', 'delivered', 'retrying', 'dead', 'no_destination'] as const
export type DeliveryState = (typeof DELIVERY_STATES)[number]

export const DeliveryStateSchema = z
  .enum(DELIVERY_STATES)
  .openapi('DeliveryState', { description: "Where an event's delivery stands" })

export const EventRecordSchema = z
  .object({
    id: z.string().openapi({ example: 'evt_3f1c2a9be0d44c6f8a1b7e25c0d4a9e1' }),
    type: EventTypeSchema,
    createdAt: TimestampSchema,
    provider: z.string().nullable().openapi({
      description: "The call's vendor; for a campaign event, its agent's (null for a portable agent)",
    }),
    callId: z.string().nullable().openapi({ description: 'The call; null for a campaign event' }),
    campaignId: z.string().nullable(),
    destination: z
      .string()
      .nullable()
      .openapi({ description: "Origin and path only: a URL's query may hold the client's secret." }),
    delivery: z.object({
      status: DeliveryStateSchema,
      attempts: z.number().int(),
      lastAttemptAt: TimestampSchema.nullable(),
      lastResponseStatus: z.number().int().nullable(),
      lastError: z.string().nullable(),
      nextAttemptAt: TimestampSchema.nullable(),
    }),
    transcriptTruncated: z
      .boolean()
      .optional()
      .openapi({ description: 'The stored payload was over 64 KB; its transcript was left out.' }),
  })
  .openapi('EventRecord', { description: 'An event Switchboard produced, with the state of its delivery' })

export const EventRecordWithPayloadSchema = EventRecordSchema.extend({
  payload: z.unknown().openapi({ description: 'The Event exactly as delivered (see Event).' }),
}).openapi('EventRecordWithPayload', { description: 'An event record with the Event exactly as delivered' })

export const RedeliverSchema = z
  .strictObject({
    destination: HttpsUrlSchema.optional().openapi({
      description: 'Deliver here instead of the recorded destination; validated like any webhookUrl.',
    }),
  })
  .openapi('Redeliver', {
    description: 'Where to deliver the event again (default: its recorded destination)',
  })

export const RedeliveryAcceptedSchema = z
  .object({ id: z.string(), status: z.literal('queued'), destination: z.string().nullable() })
  .openapi('RedeliveryAccepted', { description: 'The redelivery was queued' })
