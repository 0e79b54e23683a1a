import { z } from '@hono/zod-openapi'
import { E164Schema, TimestampSchema } from './common'

export const SuppressionCreateSchema = z
  .object({
    numbers: z.array(E164Schema).min(1).max(10_000),
    reason: z.string().max(500).optional(),
  })
  .openapi('SuppressionCreate', {
    description: 'Numbers to suppress in the project, with an optional reason',
  })

export const SuppressionAddedSchema = z
  .object({
    added: z.number().int().describe('Numbers newly suppressed; ones already listed are not counted'),
  })
  .openapi('SuppressionAdded', { description: 'How many numbers a POST /v1/suppressions added' })

export const SuppressionSchema = z
  .object({
    number: E164Schema,
    reason: z.string().nullable(),
    createdAt: TimestampSchema,
  })
  .openapi('Suppression', { description: 'A number the project never calls' })
