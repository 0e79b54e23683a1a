import { createRouter } from '../../lib/router'
import * as handlers from './projects.handlers'
import * as routes from './projects.routes'

export const projectsRouter = createRouter().openapi(routes.listProjects, handlers.listProjects)
