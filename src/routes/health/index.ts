import { createRoute, z } from '@hono/zod-openapi'
import { jsonContent } from '../../lib/openapi'
import { createRouter } from '../../lib/router'

const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health')

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Health'],
  summary: 'Liveness check (no key needed)',
  responses: { 200: jsonContent(HealthSchema, 'The gateway is up') },
})

export const healthRouter = createRouter().openapi(health, (c) => c.json({ status: 'ok' as const }, 200))
