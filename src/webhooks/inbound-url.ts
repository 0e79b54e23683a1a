import type { ProviderContext } from '../../providers/kit/types'
import { ApiError } from '../contract/errors'
import type { Config } from '../env'
import { signToken } from './token'

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

/**
 * The origin vendor hooks are built on: PUBLIC_BASE_URL, or in local development
 * (ALLOW_INSECURE_WEBHOOKS) the request's own origin when its host is loopback. Never any other
 * request's Host header: whoever sends it would receive the vendor's events and tokens.
 */
export function hookOrigin(
  config: Pick<Config, 'publicBaseUrl' | 'allowInsecureWebhooks'>,
  requestUrl: string,
): string | null {
  if (config.publicBaseUrl) return config.publicBaseUrl
  if (!config.allowInsecureWebhooks) return null
  const url = new URL(requestUrl)
  return LOOPBACK_HOST.test(url.hostname) ? url.origin : null
}

/** Whether this deployment can hand vendors an inbound URL at all (secret and origin). */
export const canBuildHooks = (ctx: Pick<ProviderContext, 'config' | 'publicOrigin'>): boolean =>
  Boolean(ctx.config.webhookSecret && ctx.publicOrigin)

/** Refuses, saying what to set, when this deployment cannot hand vendors an inbound URL. */
export function requireHookConfig(ctx: Pick<ProviderContext, 'config' | 'publicOrigin'>): {
  secret: string
  origin: string
} {
  const secret = ctx.config.webhookSecret
  if (!secret) {
    throw new ApiError(
      'webhooks_not_configured',
      'This deployment has no WEBHOOK_SECRET to sign events with.',
    )
  }
  if (!ctx.publicOrigin) {
    throw new ApiError(
      'webhooks_not_configured',
      'Vendor events need a public https origin: set PUBLIC_BASE_URL (or, in local development on a loopback host, ALLOW_INSECURE_WEBHOOKS=true).',
      { errors: [{ path: 'webhookUrl', message: 'PUBLIC_BASE_URL is not set' }] },
    )
  }
  return { secret, origin: ctx.publicOrigin }
}

/**
 * Switchboard's own URL to hand a vendor in place of the client's: what the vendor posts there is
 * normalized and delivered to `destination` (null: routed per call, else to WEBHOOK_URL), for calls
 * of `agent` (the vendor's agent id) only.
 */
export async function inboundWebhookUrl(
  ctx: Pick<ProviderContext, 'config' | 'publicOrigin'>,
  provider: string,
  destination: string | null,
  agent: string,
): Promise<string> {
  const { secret, origin } = requireHookConfig(ctx)
  const token = await signToken(secret, { provider, destination, agent })
  return `${origin}/v1/webhooks/${provider}/${token}`
}
