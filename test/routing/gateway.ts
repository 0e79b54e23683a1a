import type { Provider } from '../../providers/kit/types'
import { providers as registry } from '../../providers/registry'
import type { Bindings } from '../../src/env'
import type { FakeVendor } from '../conformance/target'
import { type FaultyVendor, faultyVendor } from '../fakes/faulty-vendor'
import { USE_CASE_ID } from '../fakes/happyrobot'
import { apiClient } from '../helpers/api'
import { vendorTargets } from '../reliability/vendors'
import { TARGETS } from './targets'

type Json = Record<string, any>
export type Wrap = (request: Request, next: (request: Request) => Promise<Response>) => Promise<Response>

/**
 * A gateway over the sandbox and every vendor fake, each behind a fault injector; `wrap` sees
 * every vendor request first (to fake a vendor that acts and then fails), `providers` replaces
 * registry entries (a sandbox that fails on purpose).
 */
export function routingGateway(
  project: string,
  options: { env?: Partial<Bindings>; wrap?: Wrap; providers?: Provider[] } = {},
) {
  const vendors = new Map<string, FaultyVendor>()
  const fakes = new Map<string, FakeVendor & { calls?: Map<string, Json>; agents?: Map<string, Json> }>()
  const byHost = new Map<string, FaultyVendor>()
  let env: Partial<Bindings> = {}
  for (const target of vendorTargets) {
    const fake = target.createFake()
    const secret = Object.entries(target.env).find(([name]) => name.endsWith('_API_KEY'))?.[1] as string
    const vendor = faultyVendor({ fetch: (request) => fake.fetch(request) }, secret)
    vendors.set(target.provider, vendor)
    fakes.set(target.provider, fake)
    const baseUrl = Object.entries(target.env).find(([name]) => name.endsWith('_BASE_URL'))?.[1] as string
    byHost.set(new URL(baseUrl).host, vendor)
    env = { ...env, ...target.env }
  }
  const send = (request: Request) => {
    const vendor = byHost.get(new URL(request.url).host)
    if (!vendor) throw new Error(`no fake vendor at ${request.url}`)
    return vendor.fetch(request)
  }
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    return options.wrap ? options.wrap(request, send) : send(request)
  }
  const replaced = new Map((options.providers ?? []).map((p) => [p.id, p]))
  const providers = registry.map((p) => replaced.get(p.id) ?? p)
  const client = apiClient({ fetch, providers }, { ...env, ...options.env })
  const headers = { 'switchboard-project': project }
  const api = (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) =>
    client(method, path, body, { ...headers, ...extra })

  /** A portable agent over these providers, in this order; answers its id. */
  const portable = async (targets: (string | Json)[], routing?: Json) => {
    if (targets.includes('happyrobot')) {
      await api('POST', '/v1/agents/import', { id: `happyrobot_${USE_CASE_ID}` })
    }
    const res = await api(
      'POST',
      '/v1/agents',
      {
        name: 'Router',
        prompt: 'You confirm appointments.',
        language: 'en-US',
        targets: targets.map((t) => (typeof t === 'string' ? TARGETS[t] : t)),
        ...(routing ? { routing } : {}),
      },
      { prefer: 'handling=lenient' },
    )
    if (res.status !== 201) throw new Error(`portable agent: ${JSON.stringify(res.body)}`)
    for (const d of res.body.deployments)
      if (d.state !== 'ready' && d.state !== 'inline') throw new Error(`not deployed: ${JSON.stringify(d)}`)
    for (const vendor of vendors.values()) vendor.plan({ fault: 'none' })
    return res.body.id as string
  }

  /** Calls each vendor fake holds. */
  const callsAt = (provider: string) => fakes.get(provider)?.calls?.size ?? 0
  return { api, vendors, fakes, portable, callsAt }
}
