import { createRouter } from '../../lib/router'
import * as handlers from './events.handlers'
import * as routes from './events.routes'

export const eventsRouter = createRouter()
  .openapi(routes.listEvents, handlers.listEvents)
  .openapi(routes.listCallEvents, handlers.listCallEvents)
  .openapi(routes.getEvent, handlers.getEvent)
  .openapi(routes.redeliverEvent, handlers.redeliverEvent)
