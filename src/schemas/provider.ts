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
  })
  .openapi('Provider', { description: 'A vendor this gateway routes to, and what it supports.' })

export const ProviderListSchema = z
  .object({ data: z.array(ProviderSchema) })
  .openapi('ProviderList', { description: 'Every provider in the registry.' })
export type ProviderInfo = z.infer<typeof ProviderSchema>
export type FieldSupport = z.infer<typeof FieldSupportSchema>
