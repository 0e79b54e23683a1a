import { createRoute, z } from '@hono/zod-openapi'
import { IdParamSchema, ListQuerySchema, listOf } from '../../contract/common'
import {
  DeliveryStateSchema,
  EventRecordSchema,
  EventRecordWithPayloadSchema,
  RedeliverSchema,
  RedeliveryAcceptedSchema,
} from '../../contract/event-record'
import { EventTypeSchema } from '../../contract/events'
import { bearer, errorResponses, jsonContent } from '../../lib/openapi'

const tags = ['Events']

export const EventRecordListSchema = listOf(EventRecordSchema, 'EventRecordList')

export const listEvents = createRoute({
  method: 'get',
  path: '/v1/events',
  operationId: 'listEvents',
  tags,
  security: bearer,
  summary: "List the project's events",
  description:
    'Scope events:read. Every event Switchboard produced, newest first, with the state of its delivery.',
  request: {
    query: ListQuerySchema.extend({
      callId: z
        .string()
        .min(3)
        .max(512)
        .optional()
        .openapi({ param: { name: 'callId', in: 'query' }, description: 'Only events of this call' }),
      campaignId: z
        .string()
        .min(1)
        .max(64)
        .optional()
        .openapi({ param: { name: 'campaignId', in: 'query' }, description: 'Only events of this campaign' }),
      type: EventTypeSchema.optional().openapi({
        param: { name: 'type', in: 'query' },
        description: 'Only events of this type',
      }),
      delivery: DeliveryStateSchema.optional().openapi({
        param: { name: 'delivery', in: 'query' },
        description: 'Only events whose delivery is in this state',
      }),
    }),
  },
  responses: { 200: jsonContent(EventRecordListSchema, 'A page of events, newest first'), ...errorResponses },
})

export const listCallEvents = createRoute({
  method: 'get',
  path: '/v1/calls/{id}/events',
  operationId: 'listCallEvents',
  tags,
  security: bearer,
  summary: "List one call's events",
  description: 'Scope events:read. Oldest first: the call’s history as its vendor reported it.',
  request: { params: IdParamSchema, query: ListQuerySchema },
  responses: { 200: jsonContent(EventRecordListSchema, 'A page of events, oldest first'), ...errorResponses },
})

const EventIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({
      param: { name: 'id', in: 'path' },
      description: 'The event id (evt_…)',
      example: 'evt_3f1c2a9be0d44c6f8a1b7e25c0d4a9e1',
    }),
})

export const getEvent = createRoute({
  method: 'get',
  path: '/v1/events/{id}',
  operationId: 'getEvent',
  tags,
  security: bearer,
  summary: 'Get an event, with its payload',
  description: 'Scope events:read.',
  request: { params: EventIdParamSchema },
  responses: {
    200: jsonContent(EventRecordWithPayloadSchema, 'The event record and payload'),
    ...errorResponses,
  },
})

export const redeliverEvent = createRoute({
  method: 'post',
  path: '/v1/events/{id}/redeliver',
  operationId: 'redeliverEvent',
  tags,
  security: bearer,
  summary: 'Deliver an event once more',
  description:
    'Scope calls:write. Whatever its state, dead ones included, with the same webhook-id, to the recorded destination or to the body’s. 409 when there is neither.',
  request: {
    params: EventIdParamSchema,
    body: { required: false, content: { 'application/json': { schema: RedeliverSchema } } },
  },
  responses: { 202: jsonContent(RedeliveryAcceptedSchema, 'Queued for delivery'), ...errorResponses },
})
