import type { CampaignStatus } from '../contract/campaign'
import type { StoredCampaign } from './stored'

export type Action = 'start' | 'pause' | 'resume' | 'cancel'

/** What each action does from each status; absent = 409. Repeating the action just applied is 200. */
const MOVES: Record<Action, Partial<Record<CampaignStatus, CampaignStatus>>> = {
  start: { draft: 'running' },
  pause: { running: 'paused' },
  resume: { paused: 'running' },
  cancel: { draft: 'canceled', running: 'canceled', paused: 'canceled' },
}
const REACHED: Record<Action, CampaignStatus> = {
  start: 'running',
  pause: 'paused',
  resume: 'running',
  cancel: 'canceled',
}

export function nextStatus(
  campaign: Pick<StoredCampaign, 'status' | 'lastAction'>,
  action: Action,
): { status: CampaignStatus } | { conflict: string } {
  const to = MOVES[action][campaign.status]
  if (to) return { status: to }
  // A repeat: start on a running campaign, pause on a paused one, resume right after a resume.
  const repeat =
    campaign.status === REACHED[action] && (action !== 'resume' || campaign.lastAction === 'resume')
  if (repeat) return { status: campaign.status }
  return { conflict: `A ${campaign.status} campaign cannot ${action}.` }
}
