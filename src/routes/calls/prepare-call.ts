import type { Context } from 'hono'
import type { CallInput, Provider } from '../../../providers/types'
import type { AppEnv } from '../../lib/app-env'
import { validationError } from '../../lib/errors'
import type { FieldPolicy } from '../../lib/field-policy'
import { checkWebhookUrl, ownProviderOptions } from '../../lib/provider-access'
import type { BatchItem } from '../../schemas/call'

/**
 * Turns a validated call body into what the provider receives: unsupported fields refused or
 * dropped per the policy, the webhook destination checked, providerOptions narrowed and validated.
 * Shared by create and every batch item, so both follow exactly the same rules.
 */
export function prepareCall(
  c: Context<AppEnv>,
  provider: Provider,
  agentVendorId: string,
  body: BatchItem,
  policy: FieldPolicy,
): CallInput {
  const { providerOptions, providers, ...fields } = structuredClone(body)
  if (providers !== undefined) throw validationError('providers', 'Only a portable agent (agt_…) is routed')
  policy.apply(fields, provider.fields['calls.create'])
  checkWebhookUrl(c, fields.webhookUrl, 'webhookUrl')
  const options = ownProviderOptions(provider, 'calls', providerOptions, policy)
  return { ...fields, providerOptions: options, agentVendorId }
}
