import { BatchItemSchema } from '../../contract/call'
import { createRouter } from '../../lib/router'
import * as handlers from './calls.handlers'
import * as routes from './calls.routes'

// The batch route is registered before /v1/calls/{id} routes so "batch" is never read as an id.
export const callsRouter = createRouter()
  .openapi(routes.createCallBatch, handlers.batch)
  .openapi(routes.createCall, handlers.create)
  .openapi(routes.listCalls, handlers.list)
  .openapi(routes.getCall, handlers.get)
  .openapi(routes.cancelCall, handlers.cancel)
// BatchCreate's items are validated one by one, so the schema only refers to this component.
callsRouter.openAPIRegistry.register('BatchCallItem', BatchItemSchema)
