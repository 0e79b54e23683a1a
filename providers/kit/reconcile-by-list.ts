import { ATTEMPT_REF_KEY, type Call } from '../../src/contract/call'
import type { Provider, ProviderContext, ReconcileQuery } from './types'

/** Pages of the agent's newest calls read per lookup: a routed call is among the newest. */
const PAGES = 2

const carries = (call: Call, ref: string) =>
  call.metadata?.[ATTEMPT_REF_KEY] === ref ||
  (call.variables as Record<string, unknown>)?.[ATTEMPT_REF_KEY] === ref

/**
 * Reconciliation for a vendor that can only list calls: the agent's newest calls, looked through
 * for the reference. Best effort: a vendor's list may not show a call the moment it exists.
 */
export async function reconcileByList(
  provider: Provider,
  ctx: ProviderContext,
  ref: string,
  query: ReconcileQuery,
): Promise<Call | null> {
  const list = provider.calls?.list
  if (!list) return null
  let cursor: string | undefined
  for (let page = 0; page < PAGES; page++) {
    const found = await list.call(provider.calls, ctx, {
      limit: 100,
      agentVendorId: query.agentVendorId,
      ...(cursor ? { cursor } : {}),
    })
    const match = found.data.find((call) => carries(call, ref) && call.to === query.to)
    if (match) return match
    if (!found.hasMore || !found.nextCursor) return null
    cursor = found.nextCursor
  }
  return null
}
