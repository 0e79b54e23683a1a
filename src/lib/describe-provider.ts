import type { Provider } from '../../providers/kit/types'
import { OPERATIONS, type Operation, type ProviderInfo } from '../contract/provider'
import type { Bindings } from '../env'

const isPresent = (provider: Provider, operation: Operation): boolean => {
  const [resource, name] = operation.split('.') as ['agents' | 'calls', string]
  const ops = provider[resource] as Record<string, unknown> | undefined
  // Without a native bulk endpoint the gateway fans a batch out over create.
  if (operation === 'calls.batch')
    return typeof ops?.batch === 'function' || typeof ops?.create === 'function'
  return typeof ops?.[name] === 'function'
}

/** GET /v1/providers is generated from the modules themselves, so it cannot drift from what they do. */
export function describeProvider(provider: Provider, env: Bindings): Omit<ProviderInfo, 'health'> {
  const operations = Object.fromEntries(OPERATIONS.map((op) => [op, isPresent(provider, op)]))
  const fields = Object.fromEntries(
    OPERATIONS.filter((op) => operations[op] && provider.fields[op]).map((op) => [op, provider.fields[op]]),
  )
  return {
    id: provider.id,
    name: provider.name,
    docsUrl: provider.docsUrl,
    configured: provider.configured(env),
    operations,
    fields: fields as ProviderInfo['fields'],
    statusMap: provider.statusMap,
    reconcile: provider.calls?.reconcile ? (provider.reconcileLookup ?? null) : null,
  }
}
