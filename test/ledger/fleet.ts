import type { Bindings } from '../../src/env'
import type { ConformanceTarget } from '../conformance/target'
import { apiClient } from '../helpers/api'
import { vendorTargets } from '../reliability/vendors'

/**
 * A gateway over the sandbox and every vendor fake of the registry (one fake each, for the whole
 * test), counting the vendor requests it makes.
 */
export function fleet(envOverrides: Partial<Bindings> = {}) {
  const byHost = new Map<string, typeof fetch>()
  let env: Partial<Bindings> = {}
  for (const target of vendorTargets) {
    const fake = target.createFake()
    const baseUrl = Object.entries(target.env).find(([name]) => name.endsWith('_BASE_URL'))?.[1] as string
    byHost.set(new URL(baseUrl).host, fake.fetch)
    env = { ...env, ...target.env }
  }
  const counter = { vendorRequests: 0 }
  const vendorFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    counter.vendorRequests++
    const url = new URL(input instanceof Request ? input.url : String(input))
    const vendor = byHost.get(url.host)
    if (!vendor) throw new Error(`no fake vendor at ${url.host}`)
    return vendor(input, init)
  }
  return {
    client: (overrides: Partial<Bindings> = {}) =>
      apiClient({ fetch: vendorFetch }, { ...env, ...envOverrides, ...overrides }),
    counter,
    targets: vendorTargets as ConformanceTarget[],
  }
}
