import { z } from '@hono/zod-openapi'

export const FieldErrorSchema = z
  .object({
    path: z.string().openapi({ example: 'to' }),
    message: z.string().openapi({ example: 'Must be an E.164 phone number such as +14155550100' }),
  })
  .openapi('FieldError')

export const UpstreamSchema = z.enum(['not_sent', 'rejected', 'ambiguous']).openapi('Upstream', {
  description:
    'Whether the vendor may have acted: not_sent (safe to retry anywhere), rejected (it did nothing), ambiguous (it may have acted).',
})

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ example: 'validation_failed' }),
    requestId: z.string(),
    errors: z.array(FieldErrorSchema).optional(),
    provider: z.string().optional(),
    providerStatus: z.number().int().optional(),
    providerCode: z.string().optional(),
    upstream: UpstreamSchema.optional(),
    retryable: z.boolean(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details, served as application/problem+json.' })

export type Problem = z.infer<typeof ProblemSchema>
export type FieldError = z.infer<typeof FieldErrorSchema>
export type Upstream = z.infer<typeof UpstreamSchema>
