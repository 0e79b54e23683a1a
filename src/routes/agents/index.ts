import { createRouter } from '../../lib/router'
import * as handlers from './agents.handlers'
import * as routes from './agents.routes'

export const agentsRouter = createRouter()
  .openapi(routes.importAgent, handlers.importAgent)
  .openapi(routes.syncAgent, handlers.syncAgent)
  .openapi(routes.createAgent, handlers.create)
  .openapi(routes.listAgents, handlers.list)
  .openapi(routes.getAgent, handlers.get)
  .openapi(routes.updateAgent, handlers.update)
  .openapi(routes.deleteAgent, handlers.remove)
