import type { Provider } from '../../providers/kit/types'
import { ApiError, validationError } from '../contract/errors'

export type Registry = ReadonlyMap<string, Provider>

const shown = (id: string) => (id.length > 80 ? `${id.slice(0, 80)}…` : id)

/** `<provider>_<vendorId>`: the prefix routes the request, the rest is the vendor's id unchanged. */
export function parseId(
  registry: Registry,
  id: string,
  resource: 'agent' | 'call',
): { provider: Provider; vendorId: string } {
  const separator = id.indexOf('_')
  const provider = separator > 0 ? registry.get(id.slice(0, separator)) : undefined
  const vendorId = id.slice(separator + 1)
  if (!provider || vendorId.length === 0) {
    throw new ApiError(
      'not_found',
      `No ${resource} with id "${shown(id)}": ids look like <provider>_<vendorId>, with provider one of ${[...registry.keys()].join(', ')}.`,
    )
  }
  return { provider, vendorId }
}

export function findProvider(registry: Registry, providerId: string): Provider {
  const provider = registry.get(providerId)
  if (!provider) {
    throw new ApiError(
      'not_found',
      `No provider "${shown(providerId)}"; known: ${[...registry.keys()].join(', ')}.`,
    )
  }
  return provider
}

/** A provider named in a body or query field: an unknown one is that field failing validation (422). */
export function providerFromField(registry: Registry, providerId: string, field: string): Provider {
  const provider = registry.get(providerId)
  if (!provider)
    throw validationError(field, `Unknown provider; use one of ${[...registry.keys()].join(', ')}`)
  return provider
}

const PORTABLE_AGENT_ID = /^agt_[0-9A-HJKMNP-TV-Z]{26}$/

export { isPortableAgentId } from '../contract/ids'

/** A portable agent id that cannot exist (wrong shape) is simply not found. */
export function checkPortableAgentId(id: string): void {
  if (!PORTABLE_AGENT_ID.test(id)) throw new ApiError('not_found', `No agent with id "${shown(id)}".`)
}
