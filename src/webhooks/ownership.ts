import type { InboundEvent, Provider, ProviderContext } from '../../providers/kit/types'
import { ApiError } from '../contract/errors'
import { isPortableAgentId } from '../contract/ids'
import type { Bindings } from '../env'
import { callStoreName, webhookStore } from './store'

export type Ownership = 'owned' | 'foreign'

/** A vendor answer that settles the question (the call does not exist) versus one that does not. */
const isDefinite = (error: unknown) => error instanceof ApiError && error.code === 'not_found'

/** The vendor could not be asked: 503, so the vendor retries and a real event is never lost. */
export const vendorUnreadable = (provider: Provider, error: unknown) =>
  new ApiError(
    'provider_unavailable',
    `${provider.name} could not be asked whether this call belongs to this hook's agent; retry later.`,
    {
      provider: provider.id,
      ...(error instanceof ApiError && error.extras.providerStatus !== undefined
        ? { providerStatus: error.extras.providerStatus }
        : {}),
    },
  )

/** The agent a hook token names: the vendor's own id, or a portable agent's for a vendor that renders it inline. */
const vendorAgentOf = (provider: string, agentId: string | null) => {
  if (agentId && isPortableAgentId(agentId)) return agentId
  return agentId?.startsWith(`${provider}_`) ? agentId.slice(provider.length + 1) : null
}

/**
 * Whether the event's call belongs to the agent the token was issued for. A call Switchboard placed
 * is known by its agent; any other is read from the vendor (the payload's own claim is never
 * trusted): a call that does not exist, or has another agent, is foreign. The answer is remembered,
 * so the vendor is asked once per call. Throws 503 when the vendor cannot be read.
 */
export async function checkOwnership(
  env: Bindings,
  ctx: ProviderContext,
  provider: Provider,
  inbound: InboundEvent,
  tokenAgent: string,
): Promise<Ownership> {
  const store = webhookStore(env, callStoreName(provider.id, inbound.callVendorId))
  const known = await store.agent()
  if (known !== null) return known === tokenAgent ? 'owned' : 'foreign'
  let agent: string | null
  if (inbound.callFromVendor) {
    agent = vendorAgentOf(provider.id, inbound.call.agentId)
  } else {
    const get = provider.calls?.get
    if (!get) throw vendorUnreadable(provider, null)
    try {
      agent = vendorAgentOf(provider.id, (await get.call(provider.calls, ctx, inbound.callVendorId)).agentId)
    } catch (error) {
      if (isDefinite(error)) return 'foreign'
      throw vendorUnreadable(provider, error)
    }
  }
  if (agent === null) return 'foreign'
  await store.rememberAgent(agent)
  return agent === tokenAgent ? 'owned' : 'foreign'
}

/** Errors of a parse that read the vendor: a missing call is settled, any other vendor fault is 503. */
export function vendorReadFailure(provider: Provider, error: unknown): 'gone' | ApiError {
  if (isDefinite(error)) return 'gone'
  if (error instanceof ApiError && error.code.startsWith('provider_'))
    return vendorUnreadable(provider, error)
  throw error
}
