import type { z } from 'zod'
import { ApiError } from '../../src/contract/errors'

/** A vendor delivery that fails the vendor's schema: 422 naming each field, so the vendor's log says why. */
export const invalidPayload = (provider: string, detail: string, error: z.ZodError) =>
  new ApiError('validation_failed', detail, {
    provider,
    errors: error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message })),
  })
