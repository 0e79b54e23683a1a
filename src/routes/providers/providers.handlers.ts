import type { RouteHandler } from '@hono/zod-openapi'
import { ProviderListSchema, ProviderSchema } from '../../contract/provider'
import type { AppEnv } from '../../lib/app-env'
import { describeProvider } from '../../lib/describe-provider'
import { findProvider } from '../../lib/ids'
import type { getProvider, listProviders } from './providers.routes'

export const list: RouteHandler<typeof listProviders, AppEnv> = (c) => {
  const data = [...c.get('registry').values()].map((provider) => describeProvider(provider, c.env))
  return c.json(ProviderListSchema.parse({ data }), 200)
}

export const get: RouteHandler<typeof getProvider, AppEnv> = (c) => {
  const provider = findProvider(c.get('registry'), c.req.valid('param').provider)
  return c.json(ProviderSchema.parse(describeProvider(provider, c.env)), 200)
}
