import { z } from '@hono/zod-openapi'
import { CallStatusSchema } from './call'

export const OPERATIONS = [
  'agents.create',
  'agents.get',
  'agents.list',
  'agents.update',
  'agents.delete',
  'calls.create',
  'calls.batch',
  'calls.get',
  'calls.list',
  'calls.cancel',
] as const
export type Operation = (typeof OPERATIONS)[number]

export const FieldSupportSchema = z
  .object({
    supported: z
      .array(z.string())
      .openapi({ description: 'Fields the vendor honours', example: ['to', 'variables'] }),
    unsupported: z
      .array(z.string())
      .openapi({ description: 'Fields refused (strict) or dropped (lenient)', example: ['callerName'] }),
    notes: z.record(z.string(), z.string()).optional().openapi({ description: 'Caveats, by field' }),
  })
  .openapi('FieldSupport', { description: 'Which request fields of one operation a provider honours.' })

const epoch = z.string().nullable().openapi({ description: 'ISO 8601 UTC' })

export const ProviderHealthSchema = z
  .object({
    state: z.enum(['closed', 'open', 'half_open']),
    consecutiveFailures: z.number().int(),
    openedAt: epoch,
    retryAt: epoch.openapi({ description: 'When an open circuit lets one trial through' }),
    lastFailure: z.object({ code: z.string(), upstream: z.string().nullable(), at: z.string() }).nullable(),
    inFlight: z
      .number()
      .int()
      .openapi({ description: 'Calls held against the cap (counted where a cap is set)' }),
    maxConcurrent: z
      .number()
      .int()
      .nullable()
      .openapi({ description: '<PROVIDER>_MAX_CONCURRENT; null = no cap' }),
    vendorLimit: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'The limit the vendor reports of itself, where it does' }),
    recent: z
      .object({
        requests: z.number().int(),
        failures: z.number().int(),
        p50Ms: z.number().nullable(),
        p95Ms: z.number().nullable(),
      })
      .openapi({ description: 'Vendor requests of the last 5 minutes' }),
  })
  .openapi('ProviderHealth', {
    description: "The provider's circuit breaker and concurrency, shared by every project",
  })

export const ProviderSchema = z
  .object({
    id: z.string().openapi({ example: 'dasha' }),
    name: z.string().openapi({ example: 'Dasha' }),
    docsUrl: z.string().openapi({ description: "The vendor's API documentation" }),
    configured: z.boolean().openapi({ description: 'Credentials are present in this deployment' }),
    operations: z
      .record(z.string(), z.boolean())
      .openapi({ description: 'Which operations the provider has', example: { 'calls.create': true } }),
    fields: z.record(z.string(), FieldSupportSchema).openapi({ description: 'Field support, by operation' }),
    statusMap: z.record(z.string(), CallStatusSchema).openapi({
      description: "The vendor's statuses and what each maps to",
      example: { ended: 'completed' },
    }),
    reconcile: z.enum(['authoritative', 'best_effort']).nullable().openapi({
      description:
        'Whether routing can find a call an ambiguous failure may have placed: authoritative (a miss proves no call), best_effort (lists may lag), or null',
    }),
    health: ProviderHealthSchema,
  })
  .openapi('Provider', { description: 'A vendor this gateway routes to, and what it supports.' })

export const ProviderListSchema = z
  .object({ data: z.array(ProviderSchema) })
  .openapi('ProviderList', { description: 'Every provider in the registry.' })
export type ProviderInfo = z.infer<typeof ProviderSchema>
export type FieldSupport = z.infer<typeof FieldSupportSchema>
