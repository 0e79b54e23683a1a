import { createRouter } from '../../lib/router'
import * as handlers from './keys.handlers'
import * as routes from './keys.routes'

export const keysRouter = createRouter()
  .openapi(routes.createKey, handlers.createKey)
  .openapi(routes.listKeys, handlers.listKeys)
  .openapi(routes.getKey, handlers.getKey)
  .openapi(routes.deleteKey, handlers.deleteKey)
