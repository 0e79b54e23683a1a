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
    supported: z.array(z.string()),
    unsupported: z.array(z.string()),
    notes: z.record(z.string(), z.string()).optional(),
  })
  .openapi('FieldSupport')

export const ProviderSchema = z
  .object({
    id: z.string().openapi({ example: 'dasha' }),
    name: z.string(),
    docsUrl: z.string(),
    configured: z.boolean().openapi({ description: 'Credentials are present in this deployment' }),
    operations: z.record(z.string(), z.boolean()),
    fields: z.record(z.string(), FieldSupportSchema),
    statusMap: z.record(z.string(), CallStatusSchema),
  })
  .openapi('Provider')

export const ProviderListSchema = z.object({ data: z.array(ProviderSchema) }).openapi('ProviderList')
export type ProviderInfo = z.infer<typeof ProviderSchema>
export type FieldSupport = z.infer<typeof FieldSupportSchema>
