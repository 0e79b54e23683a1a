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

const problemShape = {
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
}

/** One try of a routed create; its `problem` is the failure or skip reason as a Problem. */
export const AttemptSchema = z
  .object({
    id: z.string().openapi({ example: 'att_01JD3M5R6V7W8X9Y0Z1A2B3C4D' }),
    provider: z.string(),
    outcome: z.enum(['placed', 'failed', 'skipped']),
    reason: z.string().optional().openapi({
      description:
        'skipped: not_deployed, not_configured, circuit_open, at_capacity, forbidden or unsupported_field; placed: reconciled when found after an ambiguous failure',
    }),
    problem: z.object(problemShape).optional(),
    ms: z.number(),
  })
  .openapi('Attempt')

export const ProblemSchema = z
  .object({
    ...problemShape,
    attempts: z
      .array(AttemptSchema)
      .optional()
      .openapi({ description: 'A routed create that placed no call: every candidate it tried or skipped' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details, served as application/problem+json.' })

export type Problem = z.infer<typeof ProblemSchema>
export type FieldError = z.infer<typeof FieldErrorSchema>
export type Upstream = z.infer<typeof UpstreamSchema>
export type Attempt = z.infer<typeof AttemptSchema>
