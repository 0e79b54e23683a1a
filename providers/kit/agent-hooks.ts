import { ApiError } from '../../src/contract/errors'
import type { BatchEntry, BatchOutcome, PlacedCall, ProviderContext } from './types'

/**
 * For vendors whose hook lives on the agent: after a call is placed, its own webhookUrl is
 * remembered by call id so the agent hook's events for it are routed there.
 */
export async function rememberCallHook(
  ctx: ProviderContext,
  provider: string,
  call: PlacedCall,
): Promise<void> {
  await ctx.hooks.rememberCallDestinations(provider, [call])
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
  await ctx.hooks.rememberCallDestinations(
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
