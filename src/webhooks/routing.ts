import type { ProviderContext } from '../../providers/types'
import { log } from '../lib/log'
import { rememberCallDestination } from './outbox'
import { readTokenClaims } from './token'

const INBOUND_PATH = /\/v1\/webhooks\/([a-z0-9]+)\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/

/** Whether a hook URL configured on a vendor is this Switchboard's inbound URL for that provider. */
export function isInboundUrl(url: string | null | undefined, provider: string): boolean {
  const match = url ? INBOUND_PATH.exec(url) : null
  return match?.[1] === provider
}

/** The client destination an inbound URL stands for, as configured on a vendor; null for any other URL. */
export function destinationOf(url: string | null | undefined, provider: string): string | null {
  const match = url ? INBOUND_PATH.exec(url) : null
  if (match?.[1] !== provider || !match[2]) return null
  return readTokenClaims(match[2])?.destination ?? null
}

/**
 * For vendors whose hook lives on the agent: the call's own webhookUrl is kept by call id, so the
 * agent hook's events for this call go there. The call already exists, so a failure is logged
 * rather than turned into an error a client would retry (and ring someone twice).
 */
export async function rememberCallWebhooks(
  ctx: ProviderContext,
  provider: string,
  calls: { callVendorId: string; webhookUrl: string | undefined }[],
): Promise<void> {
  await Promise.all(
    calls.map(async ({ callVendorId, webhookUrl }) => {
      if (!webhookUrl) return
      try {
        await rememberCallDestination(ctx.env, provider, callVendorId, webhookUrl)
      } catch (error) {
        log('error', {
          requestId: ctx.requestId,
          provider,
          msg: `could not remember the webhook destination of call ${callVendorId}`,
          error: error instanceof Error ? error.message : String(error),
        })
      }
    }),
  )
}
