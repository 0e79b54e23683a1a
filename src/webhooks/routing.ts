import { log } from '../../providers/kit/log'
import type { PlacedCall } from '../../providers/kit/types'
import type { Bindings } from '../env'
import { rememberCallDestination } from './outbox'

/**
 * For vendors whose hook lives on the agent: the call's own webhookUrl is kept by call id, so the
 * agent hook's events for this call go there, with its agent, so only that agent's hook may report
 * it. The call already exists, so a failure is logged rather than turned into an error a client
 * would retry (and ring someone twice).
 */
export async function rememberCallDestinations(
  env: Bindings,
  requestId: string,
  provider: string,
  calls: PlacedCall[],
): Promise<void> {
  await Promise.all(
    calls.map(async ({ callVendorId, webhookUrl, agentVendorId }) => {
      if (!webhookUrl) return
      try {
        await rememberCallDestination(env, provider, callVendorId, webhookUrl, agentVendorId)
      } catch (error) {
        log('error', {
          requestId,
          provider,
          msg: `could not remember the webhook destination of call ${callVendorId}`,
          error: error instanceof Error ? error.message : String(error),
        })
      }
    }),
  )
}
