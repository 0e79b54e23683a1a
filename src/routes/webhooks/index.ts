import { createRouter } from '../../lib/router'
import * as handlers from './webhooks.handlers'
import * as routes from './webhooks.routes'

export const webhooksRouter = createRouter().openapi(routes.receiveProviderWebhook, handlers.receive)
webhooksRouter.openAPIRegistry.registerWebhook(routes.callEventWebhook)
webhooksRouter.openAPIRegistry.registerWebhook(routes.campaignEventWebhook)
