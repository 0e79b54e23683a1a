import type { Campaign, Stats } from '../contract/campaign'
import type { StoredCampaign } from './stored'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** The public Campaign: what its routes answer and what its campaign.* events carry. */
export const shownCampaign = (campaign: StoredCampaign, stats: Stats): Campaign => ({
  id: campaign.id,
  name: campaign.name,
  agentId: campaign.agentId,
  from: campaign.from,
  status: campaign.status,
  window: campaign.window,
  pacing: campaign.pacing,
  retry: campaign.retry,
  handling: campaign.handling,
  startAt: iso(campaign.startAt),
  endAt: iso(campaign.endAt),
  metadata: campaign.metadata,
  webhookUrl: campaign.webhookUrl,
  createdAt: new Date(campaign.createdAt).toISOString(),
  startedAt: iso(campaign.startedAt),
  endedAt: iso(campaign.endedAt),
  ...(campaign.warnings?.length ? { warnings: campaign.warnings } : {}),
  stats,
})
