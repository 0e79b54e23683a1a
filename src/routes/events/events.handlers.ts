import type { RouteHandler } from '@hono/zod-openapi'
import { ApiError } from '../../contract/errors'
import {
  EventRecordWithPayloadSchema,
  RedeliverSchema,
  RedeliveryAcceptedSchema,
} from '../../contract/event-record'
import type { AnyEvent, QueuedMessage } from '../../contract/events'
import { ownedCall } from '../../ledger/access'
import { readKeyset } from '../../ledger/cursor'
import {
  findEvent,
  markRedelivery,
  listEvents as readEvents,
  shownDestination,
  toRecord,
} from '../../ledger/events'
import type { AppEnv } from '../../lib/app-env'
import { parseId } from '../../lib/ids'
import { validationFailed } from '../../lib/problem-response'
import { checkWebhookUrl } from '../../lib/provider-access'
import { parsed } from '../../lib/respond'
import type * as routes from './events.routes'
import { EventRecordListSchema } from './events.routes'

const notFound = (id: string) => new ApiError('not_found', `No event ${id.slice(0, 64)} in this project.`)

export const listEvents: RouteHandler<typeof routes.listEvents, AppEnv> = async (c) => {
  const { limit, cursor, ...filters } = c.req.valid('query')
  const project = c.get('principal').project
  const page = await readEvents(c.env.DB, project, filters, limit, readKeyset(project, cursor), 'newest')
  return c.json(parsed(EventRecordListSchema, page), 200)
}

export const listCallEvents: RouteHandler<typeof routes.listCallEvents, AppEnv> = async (c) => {
  const { id } = c.req.valid('param')
  const { limit, cursor } = c.req.valid('query')
  parseId(c.get('registry'), id, 'call')
  const project = c.get('principal').project
  if (!(await ownedCall(c, id)))
    throw new ApiError('not_found', `No call ${id.slice(0, 80)} in this project.`)
  const page = await readEvents(
    c.env.DB,
    project,
    { callId: id },
    limit,
    readKeyset(project, cursor),
    'oldest',
  )
  return c.json(parsed(EventRecordListSchema, page), 200)
}

export const getEvent: RouteHandler<typeof routes.getEvent, AppEnv> = async (c) => {
  const { id } = c.req.valid('param')
  const row = await findEvent(c.env.DB, c.get('principal').project, id)
  if (!row) throw notFound(id)
  return c.json(parsed(EventRecordWithPayloadSchema, toRecord(row, true)), 200)
}

export const redeliverEvent: RouteHandler<typeof routes.redeliverEvent, AppEnv> = async (c) => {
  const { id } = c.req.valid('param')
  const text = await c.req.text()
  const body = RedeliverSchema.safeParse(text.trim() === '' ? {} : JSON.parse(text))
  if (!body.success) throw validationFailed(body.error, 'request body')
  const row = await findEvent(c.env.DB, c.get('principal').project, id)
  if (!row) throw notFound(id)
  checkWebhookUrl(c, body.data.destination, 'destination')
  const destination = body.data.destination ?? row.destination
  if (!destination) {
    throw new ApiError('conflict', 'This event has no destination; give one in the body as destination.')
  }
  await markRedelivery(c.env.DB, id, destination)
  const message = { event: JSON.parse(row.payload) as AnyEvent, destination } as QueuedMessage
  await c.env.WEBHOOK_QUEUE.send(message, { contentType: 'json' })
  return c.json(
    parsed(RedeliveryAcceptedSchema, { id, status: 'queued', destination: shownDestination(destination) }),
    202,
  )
}
