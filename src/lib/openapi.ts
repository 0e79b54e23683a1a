import type { z } from '@hono/zod-openapi'
import { ProblemSchema } from '../contract/problem'

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
})

/** The one set of error responses spread into every /v1 route, so the spec cannot lie about errors. */
export const errorResponses = {
  400: problem('invalid_json, provider_not_configured, webhooks_not_configured, or provider_rejected'),
  401: problem('unauthorized: missing or wrong gateway key'),
  403: problem('forbidden: the key lacks the scope, or may not use that provider; names which'),
  404: problem('not_found: unknown route, unknown id prefix, or the vendor has no such object'),
  409: problem('conflict or idempotency_in_progress'),
  413: problem('payload_too_large: body over 1 MiB'),
  415: problem('unsupported_media_type: body is not application/json'),
  422: problem('validation_failed, unsupported_field, idempotency_mismatch, or provider_rejected'),
  429: problem('rate_limited; Retry-After says when to retry'),
  500: problem('internal: a bug in the gateway'),
  501: problem('unsupported_operation: the provider has no such operation'),
  502: problem('provider_error or provider_auth_failed'),
  503: problem('provider_unavailable: the vendor could not be reached'),
  504: problem('provider_timeout: the vendor did not answer in time'),
} as const

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
})

export const bearer = [{ bearerAuth: [] }]
