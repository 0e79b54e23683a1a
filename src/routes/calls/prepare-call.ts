import type { Context } from 'hono'
import type { CallInput, Provider } from '../../../providers/kit/types'
import type { BatchItem } from '../../contract/call'
import { validationError } from '../../contract/errors'
import type { FieldPolicy } from '../../contract/field-policy'
import type { AppEnv } from '../../lib/app-env'
import { checkWebhookUrl, ownProviderOptions } from '../../lib/provider-access'

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
