import { createRouter } from '../../lib/router'
import * as handlers from './providers.handlers'
import * as routes from './providers.routes'

export const providersRouter = createRouter()
  .openapi(routes.listProviders, handlers.list)
  .openapi(routes.getProvider, handlers.get)
