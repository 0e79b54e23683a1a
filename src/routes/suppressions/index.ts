import { createRouter } from '../../lib/router'
import * as handlers from './suppressions.handlers'
import * as routes from './suppressions.routes'

export const suppressionsRouter = createRouter()
  .openapi(routes.addSuppressions, handlers.addSuppressions)
  .openapi(routes.listSuppressions, handlers.listSuppressions)
  .openapi(routes.deleteSuppression, handlers.deleteSuppression)
