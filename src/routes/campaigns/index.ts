import { createRouter } from '../../lib/router'
import * as handlers from './campaigns.handlers'
import * as routes from './campaigns.routes'

export const campaignsRouter = createRouter()
  .openapi(routes.createCampaign, handlers.createCampaign)
  .openapi(routes.listCampaigns, handlers.listCampaigns)
  .openapi(routes.getCampaign, handlers.getCampaign)
  .openapi(routes.addContacts, handlers.addContacts)
  .openapi(routes.listContacts, handlers.listContacts)
  .openapi(routes.startCampaign, handlers.startCampaign)
  .openapi(routes.pauseCampaign, handlers.pauseCampaign)
  .openapi(routes.resumeCampaign, handlers.resumeCampaign)
  .openapi(routes.cancelCampaign, handlers.cancelCampaign)
