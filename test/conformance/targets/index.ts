import { providers } from '../../../providers/registry'
import type { ConformanceTarget } from '../target'

// Each provider's target is test/conformance/targets/<id>.ts, exporting `target`: found, not listed.
const files = import.meta.glob<{ target: ConformanceTarget }>(['./*.ts', '!./index.ts'], { eager: true })
const byProvider = new Map(Object.values(files).map(({ target }) => [target.provider, target]))

/** One target per provider of the registry, in its order; a provider without one fails here. */
export const targets: ConformanceTarget[] = providers.map((provider) => {
  const target = byProvider.get(provider.id)
  if (!target)
    throw new Error(`test/conformance/targets/${provider.id}.ts is missing: every provider needs one`)
  return target
})
