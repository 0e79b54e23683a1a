import type { Context } from 'hono'
import type { Warning } from '../contract/common'
import { FieldPolicy } from '../contract/field-policy'
import type { AppEnv } from '../lib/app-env'
import { isPortableAgentId, parseId } from '../lib/ids'
import { ownedPortable } from '../routing/portable-agents'
import { underTarget } from '../routing/targets'
import type { StartCheck } from './campaign-object'
import type { StoredCampaign } from './stored'

/**
 * What every attempt of this campaign will send, whoever the contact: the campaign's `from` and
 * `webhookUrl`, and the contact fields a call carries (`variables`, and `metadata`, which always
 * holds the attempt's reference).
 */
const callTemplate = (campaign: StoredCampaign, from: string | null | undefined) => ({
  to: '+15005550100',
  variables: {},
  metadata: {},
  ...(from ? { from } : {}),
  ...(campaign.webhookUrl ? { webhookUrl: campaign.webhookUrl } : {}),
})

/**
 * At start, the campaign's call template is checked against every provider its attempts may use
 * (the agent's, or each target of a portable agent) with the field policy: strict refuses with
 * `422 unsupported_field` naming the field and the provider (and `targets[i]`); lenient lets it
 * start with the dropped fields in `warnings`, reported once.
 */
export async function checkAtStart(c: Context<AppEnv>, campaign: StoredCampaign): Promise<StartCheck> {
  const registry = c.get('registry')
  const targets = isPortableAgentId(campaign.agentId)
    ? ((await ownedPortable(c, campaign.agentId)).targets?.map((target, i) => ({
        provider: registry.get(target.provider),
        from: target.from ?? campaign.from,
        index: i as number | null,
      })) ?? [])
    : [{ provider: parseId(registry, campaign.agentId, 'agent').provider, from: campaign.from, index: null }]
  const warnings: Warning[] = []
  for (const { provider, from, index } of targets) {
    const path = index === null ? '' : `targets[${index}].`
    if (!provider) continue
    const policy = new FieldPolicy(campaign.handling, provider.name)
    try {
      policy.apply(callTemplate(campaign, from), provider.fields['calls.create'])
    } catch (error) {
      // A portable agent's target is named, as in the agent's own validation.
      throw index === null ? error : underTarget(error, index, provider)
    }
    warnings.push(...policy.warnings.map((w) => ({ ...w, field: `${path}${w.field}` })))
  }
  return {
    warnings,
    sandboxOnly: targets.length > 0 && targets.every((t) => t.provider?.id === 'sandbox'),
  }
}
