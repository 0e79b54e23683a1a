import type { Bindings } from '../../src/env'
import type { ConformanceTarget, FakeVendor } from '../conformance/target'
import { targets } from '../conformance/targets'
import { type FaultyVendor, faultyVendor } from '../fakes/faulty-vendor'
import { apiClient } from '../helpers/api'

/** Every vendor provider of the registry: those whose conformance target stands in for a vendor. */
export const vendorTargets = targets.filter(
  (t): t is ConformanceTarget & { createFake: NonNullable<ConformanceTarget['createFake']> } =>
    t.createFake !== undefined,
)

/** The vendor secrets of the test deployment, to look for in everything the gateway says. */
export const vendorSecrets = () =>
  vendorTargets.flatMap((t) =>
    Object.entries(t.env).flatMap(([name, value]) => (name.endsWith('_API_KEY') && value ? [value] : [])),
  )

const baseUrlOf = (target: ConformanceTarget) =>
  Object.entries(target.env).find(([name]) => name.endsWith('_BASE_URL'))?.[1] as string

/**
 * A gateway over every provider, each vendor answered by its fake behind a fault injector, so a
 * test can make any vendor fail in any way. Requests are routed to the fake by base URL host.
 */
export function gatewayWithFaultyVendors(envOverrides: Partial<Bindings> = {}) {
  const vendors = new Map<string, FaultyVendor>()
  /** The well-behaved fakes behind the injector, with the calls each really holds. */
  const fakes = new Map<string, FakeVendor & { calls?: Map<string, unknown> }>()
  const byHost = new Map<string, FaultyVendor>()
  let env: Partial<Bindings> = {}
  for (const target of vendorTargets) {
    const fake = target.createFake()
    const secret = Object.entries(target.env).find(([name]) => name.endsWith('_API_KEY'))?.[1] as string
    const vendor = faultyVendor({ fetch: (request) => fake.fetch(request) }, secret)
    vendors.set(target.provider, vendor)
    fakes.set(target.provider, fake)
    byHost.set(new URL(baseUrlOf(target)).host, vendor)
    env = { ...env, ...target.env }
  }
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const vendor = byHost.get(url.host)
    if (!vendor) throw new Error(`no fake vendor at ${url.host}`)
    return vendor.fetch(input, init)
  }
  const api = apiClient({ fetch }, { ...env, ...envOverrides })
  return { api, vendors, fakes }
}
