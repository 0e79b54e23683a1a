import type { RouteHandler } from '@hono/zod-openapi'
import type { Provider } from '../../../providers/kit/types'
import { ProviderListSchema, ProviderSchema } from '../../contract/provider'
import type { AppEnv } from '../../lib/app-env'
import { describeProvider } from '../../lib/describe-provider'
import { findProvider } from '../../lib/ids'
import { maxConcurrent, readHealth } from '../../routing/health'
import type { getProvider, listProviders } from './providers.routes'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** The module's own description, with its live health (read through the isolate cache). */
async function described(c: Parameters<RouteHandler<typeof listProviders, AppEnv>>[0], provider: Provider) {
  const h = await readHealth(c.env, provider.id)
  return {
    ...describeProvider(provider, c.env),
    health: {
      state: h.state,
      consecutiveFailures: h.consecutiveFailures,
      openedAt: iso(h.openedAt),
      retryAt: iso(h.retryAt),
      lastFailure: h.lastFailure ? { ...h.lastFailure, at: new Date(h.lastFailure.at).toISOString() } : null,
      inFlight: h.inFlight,
      maxConcurrent: maxConcurrent(c.env, provider.id),
      vendorLimit: h.vendorLimit,
      recent: h.recent,
    },
  }
}

export const list: RouteHandler<typeof listProviders, AppEnv> = async (c) => {
  const data = await Promise.all([...c.get('registry').values()].map((provider) => described(c, provider)))
  return c.json(ProviderListSchema.parse({ data }), 200)
}

export const get: RouteHandler<typeof getProvider, AppEnv> = async (c) => {
  const provider = findProvider(c.get('registry'), c.req.valid('param').provider)
  return c.json(ProviderSchema.parse(await described(c as never, provider)), 200)
}
