import type { BatchEntry, BatchOutcome, ProviderContext } from '../../providers/types'
import { ApiError } from '../lib/errors'
import { log } from '../lib/log'
import { rememberCallDestination } from './outbox'
import { readTokenClaims } from './token'

const INBOUND_PATH = /\/v1\/webhooks\/([a-z0-9]+)\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/

/** Whether a hook URL configured on a vendor is this Switchboard's inbound URL for that provider. */
export function isInboundUrl(url: string | null | undefined, provider: string): boolean {
  const match = url ? INBOUND_PATH.exec(url) : null
  return match?.[1] === provider
}

/**
 * Whether a hook on a vendor agent can report that agent's calls: Switchboard's inbound URL with a
 * token issued for this agent (a copied hook, or one from before tokens named their agent, cannot).
 */
export function isRoutedHookFor(url: string | null | undefined, provider: string, agent: string): boolean {
  const match = url ? INBOUND_PATH.exec(url) : null
  if (match?.[1] !== provider || !match[2]) return false
  return readTokenClaims(match[2])?.agent === agent
}

/** The client destination an inbound URL stands for, as configured on a vendor; null for any other URL. */
export function destinationOf(url: string | null | undefined, provider: string): string | null {
  const match = url ? INBOUND_PATH.exec(url) : null
  if (match?.[1] !== provider || !match[2]) return null
  return readTokenClaims(match[2])?.destination ?? null
}

/**
 * For vendors whose hook lives on the agent: the call's own webhookUrl is kept by call id, so the
 * agent hook's events for this call go there, with its agent, so only that agent's hook may report it. The call already exists, so a failure is logged
 * rather than turned into an error a client would retry (and ring someone twice).
 */
export async function rememberCallWebhooks(
  ctx: ProviderContext,
  provider: string,
  calls: { callVendorId: string; webhookUrl: string | undefined; agentVendorId: string }[],
): Promise<void> {
  await Promise.all(
    calls.map(async ({ callVendorId, webhookUrl, agentVendorId }) => {
      if (!webhookUrl) return
      try {
        await rememberCallDestination(ctx.env, provider, callVendorId, webhookUrl, agentVendorId)
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

/**
 * A batch for a vendor whose hook lives on the agent. When `checkAgent` refuses the agent's hook,
 * the items that name their own webhookUrl fail alone (as a single create would) and the rest are
 * placed; placed calls are remembered by call id. Outcomes stay in the entries' order.
 */
export async function batchRoutedByCall(
  ctx: ProviderContext,
  provider: string,
  entries: BatchEntry[],
  checkAgent: (agentVendorId: string) => Promise<void>,
  place: (entries: BatchEntry[]) => Promise<BatchOutcome[]>,
): Promise<BatchOutcome[]> {
  const agentId = entries[0]?.input.agentVendorId
  let refusal: ApiError | null = null
  if (agentId !== undefined && entries.some((entry) => entry.input.webhookUrl)) {
    try {
      await checkAgent(agentId)
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'validation_failed') throw error
      refusal = error
    }
  }
  const refused = (entry: BatchEntry) => refusal !== null && Boolean(entry.input.webhookUrl)
  const placeable = entries.filter((entry) => !refused(entry))
  const placed = await place(placeable)
  const outcomes = entries.map(
    (entry): BatchOutcome =>
      refusal && refused(entry) ? { error: refusal } : (placed[placeable.indexOf(entry)] as BatchOutcome),
  )
  await rememberCallWebhooks(
    ctx,
    provider,
    outcomes.flatMap((outcome, index) =>
      'call' in outcome
        ? [
            {
              callVendorId: outcome.call.id.slice(provider.length + 1),
              webhookUrl: entries[index]?.input.webhookUrl,
              agentVendorId: entries[index]?.input.agentVendorId ?? '',
            },
          ]
        : [],
    ),
  )
  return outcomes
}
