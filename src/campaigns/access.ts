import type { Context } from 'hono'
import { ApiError } from '../contract/errors'
import type { Bindings } from '../env'
import type { AppEnv } from '../lib/app-env'
import { campaignProject } from './index-store'

export const campaignObject = (env: Bindings, id: string) => env.CAMPAIGNS.get(env.CAMPAIGNS.idFromName(id))

/** The campaign's Durable Object, if the campaign belongs to this project; 404 otherwise (existence does not leak). */
export async function ownedCampaign(c: Context<AppEnv>, id: string) {
  const project = /^cmp_[0-9A-Z]{26}$/.test(id) ? await campaignProject(c.env.DB, id) : null
  if (project === null || project !== c.get('principal').project) {
    throw new ApiError('not_found', `No campaign with id "${id.slice(0, 64)}" in this project.`)
  }
  return campaignObject(c.env, id)
}
