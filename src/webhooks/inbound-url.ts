import type { ProviderContext } from '../../providers/kit/types'
import { ApiError } from '../contract/errors'
import { signToken } from './token'

/**
 * Switchboard's own URL to hand a vendor in place of the client's: what the vendor posts there is
 * normalized and delivered to `destination` (null: routed per call, else to WEBHOOK_URL).
 * Its origin is PUBLIC_BASE_URL, else the origin of the request that configured it.
 */
export async function inboundWebhookUrl(
  ctx: Pick<ProviderContext, 'config' | 'publicOrigin'>,
  provider: string,
  destination: string | null,
): Promise<string> {
  const secret = ctx.config.webhookSecret
  if (!secret) {
    throw new ApiError(
      'webhooks_not_configured',
      'This deployment has no WEBHOOK_SECRET to sign events with.',
    )
  }
  const token = await signToken(secret, { provider, destination })
  return `${ctx.publicOrigin.replace(/\/+$/, '')}/v1/webhooks/${provider}/${token}`
}
