import type { Bindings } from '../env'
import { campaignObject } from './access'

const FINAL = new Set(['completed', 'failed', 'no_answer', 'busy', 'voicemail', 'canceled'])

/**
 * A call event reached the gateway (a vendor's hook, or the sandbox through the delivery queue):
 * when it is final and the call was placed by a campaign, that campaign's contact settles now,
 * not at its next read. Idempotent in the campaign (a settled attempt ignores a repeat); an event
 * that overtook its call's record is left to the campaign's read at the call's expected end.
 */
export async function settleCampaignCall(
  env: Bindings,
  call: { id: string; status: string; campaignId?: string | null | undefined },
): Promise<void> {
  if (!FINAL.has(call.status)) return
  const campaignId =
    call.campaignId ??
    (
      await env.DB.prepare('SELECT campaign_id FROM calls WHERE id = ?')
        .bind(call.id)
        .first<{ campaign_id: string | null }>()
    )?.campaign_id
  if (!campaignId) return
  await campaignObject(env, campaignId).callEvent(call.id, call.status)
}
