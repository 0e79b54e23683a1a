import { createRoute, z } from '@hono/zod-openapi'
import { anyClientError, jsonContent, noAuth } from '../../lib/openapi'
import { createRouter } from '../../lib/router'

const HealthSchema = z
  .object({ status: z.literal('ok').openapi({ description: 'Always ok when the gateway answers' }) })
  .openapi('Health', { description: 'The gateway is up.', example: { status: 'ok' } })

export const getHealth = createRoute({
  operationId: 'getHealth',
  method: 'get',
  path: '/health',
  tags: ['Health'],
  security: noAuth,
  summary: 'Liveness check (no key needed)',
  responses: { 200: jsonContent(HealthSchema, 'The gateway is up'), ...anyClientError },
})

export const healthRouter = createRouter().openapi(getHealth, (c) => c.json({ status: 'ok' as const }, 200))
