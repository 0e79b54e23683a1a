// Every vendor provider of the registry behind a fault-injecting fake, served over real HTTP.
import { targets } from '../conformance/targets'
import { type FaultyVendor, faultyVendor } from '../fakes/faulty-vendor'
import { type FakeServer, serveFake } from './harness'

export const vendorTargets = targets.filter((t) => t.createFake !== undefined)

const envName = (env: object, suffix: string) =>
  Object.keys(env).find((name) => name.endsWith(suffix)) as string

export interface VendorFleet {
  vendors: Map<string, FaultyVendor>
  /** Vars for startGateway: each vendor's key, and its base URL pointing at its fake. */
  vars: Record<string, string>
  secrets: string[]
  close(): Promise<void>
}

export async function serveVendorFleet(): Promise<VendorFleet> {
  const vendors = new Map<string, FaultyVendor>()
  const servers: FakeServer[] = []
  const vars: Record<string, string> = {}
  const secrets: string[] = []
  for (const target of vendorTargets) {
    const fake = target.createFake?.()
    if (!fake) continue
    const keyName = envName(target.env, '_API_KEY')
    const key = target.env[keyName as keyof typeof target.env] as string
    const vendor = faultyVendor({ fetch: (request) => fake.fetch(request) }, key)
    const server = await serveFake(vendor.app)
    servers.push(server)
    vendors.set(target.provider, vendor)
    secrets.push(key)
    vars[keyName] = key
    vars[envName(target.env, '_BASE_URL')] = server.url
  }
  return {
    vendors,
    vars,
    secrets,
    close: async () => void (await Promise.all(servers.map((s) => s.close()))),
  }
}
