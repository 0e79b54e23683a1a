import { z } from '@hono/zod-openapi'
import { ERROR_CODES, type ErrorCode } from './error-codes'

export const FieldErrorSchema = z
  .object({
    path: z.string().openapi({ description: 'The field, dotted from the body root', example: 'to' }),
    message: z.string().openapi({
      description: 'Why the value was refused',
      example: 'Must be an E.164 phone number such as +14155550100',
    }),
  })
  .openapi('FieldError', { description: 'One refused field of a request.' })

export const UpstreamSchema = z.enum(['not_sent', 'rejected', 'ambiguous']).openapi('Upstream', {
  description:
    'Whether the vendor may have acted: not_sent (safe to retry anywhere), rejected (it did nothing), ambiguous (it may have acted).',
  example: 'not_sent',
})

const codes = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]

/** The closed code set of src/lib/error-codes.ts, so a client can switch on it exhaustively. */
export const ErrorCodeSchema = z.enum(codes).openapi('ErrorCode', {
  description: `What went wrong, machine-readable; each code has one HTTP status (provider_rejected: 400 or 422). ${codes
    .map((code) => `${code} (${ERROR_CODES[code].status})`)
    .join(', ')}.`,
  example: 'validation_failed',
})

const problemShape = {
  type: z.string().openapi({
    description: 'A URI reference naming the problem type',
    example: '/problems/validation_failed',
  }),
  title: z
    .string()
    .openapi({ description: "The code's short, fixed summary", example: 'Request failed validation' }),
  status: z.number().int().openapi({ description: 'The HTTP status, repeated', example: 422 }),
  detail: z.string().openapi({
    description: 'What happened to this request, for a human',
    example: 'to: Must be a valid E.164 phone number such as +14155550100',
  }),
  code: ErrorCodeSchema,
  requestId: z.string().openapi({
    description: 'Also in the X-Request-Id header; quote it when reporting a problem',
    example: 'req_4f9c2b7e0a1d4c3b8e6f5a2d1c0b9e8f',
  }),
  errors: z.array(FieldErrorSchema).optional().openapi({ description: 'One entry per refused field' }),
  provider: z.string().optional().openapi({ description: 'The vendor involved, if any', example: 'dasha' }),
  providerStatus: z
    .number()
    .int()
    .optional()
    .openapi({ description: "The vendor's HTTP status", example: 503 }),
  providerCode: z
    .string()
    .optional()
    .openapi({ description: "The vendor's own error code", example: 'rate_limit' }),
  upstream: UpstreamSchema.optional(),
  retryable: z.boolean().openapi({
    description: 'Whether sending the same request again (with the same Idempotency-Key) may succeed',
    example: false,
  }),
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
  .openapi('Attempt', { description: 'One try at placing a routed call on one provider' })

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
