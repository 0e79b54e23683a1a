import type { Stats } from '../contract/campaign'
import { type CampaignEvent, type CampaignEventType, eventIdFor } from '../contract/events'
import { shownCampaign } from './shown'
import type { StoredCampaign } from './stored'

/** The action that produced each campaign event. */
export const EVENT_FOR: Record<'start' | 'pause' | 'resume' | 'cancel' | 'complete', CampaignEventType> = {
  start: 'campaign.started',
  pause: 'campaign.paused',
  resume: 'campaign.resumed',
  cancel: 'campaign.canceled',
  complete: 'campaign.completed',
}

/**
 * The campaign's `seq`-th event. Its id is derived from (campaign, seq), so a resend after a crash
 * has the same `webhook-id` and receivers deduplicate it.
 */
export async function campaignEvent(
  campaign: StoredCampaign,
  stats: Stats,
  type: CampaignEventType,
  seq: number,
  at: number,
): Promise<CampaignEvent> {
  return {
    id: await eventIdFor('campaign', `${campaign.id}\n${seq}`),
    type,
    createdAt: new Date(at).toISOString(),
    provider: campaign.provider ?? null,
    data: { campaign: shownCampaign(campaign, stats) },
  }
}
