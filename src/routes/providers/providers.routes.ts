import { createRoute, z } from '@hono/zod-openapi'
import { ProviderListSchema, ProviderSchema } from '../../contract/provider'
import { bearer, errorResponses, jsonContent } from '../../lib/openapi'

const tags = ['Providers']

export const listProviders = createRoute({
  operationId: 'listProviders',
  method: 'get',
  path: '/v1/providers',
  tags,
  security: bearer,
  summary: 'List providers and what each can do',
  responses: {
    200: jsonContent(ProviderListSchema, 'Every provider, with its operations, field support and status map'),
    ...errorResponses,
  },
})

export const getProvider = createRoute({
  operationId: 'getProvider',
  method: 'get',
  path: '/v1/providers/{provider}',
  tags,
  security: bearer,
  summary: 'Get one provider',
  request: {
    params: z.object({
      provider: z
        .string()
        .max(64)
        .openapi({
          param: { name: 'provider', in: 'path' },
          description: 'A provider id',
          example: 'sandbox',
        }),
    }),
  },
  responses: { 200: jsonContent(ProviderSchema, 'The provider'), ...errorResponses },
})
