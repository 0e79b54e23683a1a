import { ERROR_CODES, type ErrorCode } from './error-codes'
import type { Attempt, FieldError, Problem, Upstream } from './problem'

export { ERROR_CODES, type ErrorCode } from './error-codes'

export interface ProblemExtras {
  errors?: FieldError[]
  provider?: string
  providerStatus?: number
  providerCode?: string
  upstream?: Upstream
  /** Overrides the code's default status where the contract allows a range (provider_rejected: 400 or 422). */
  status?: number
  retryable?: boolean
  /** Seconds, sent as Retry-After. */
  retryAfter?: number
  /** The vendor's own Retry-After (seconds), when it sent one: it opens the provider's breaker until then. */
  vendorRetryAfter?: number
  /** A routed create that placed nothing: what each candidate did. */
  attempts?: Attempt[]
}

/** The one error type handlers and providers throw; `onError` renders it as problem+json. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly extras: ProblemExtras

  constructor(code: ErrorCode, detail: string, extras: ProblemExtras = {}) {
    super(detail)
    this.name = 'ApiError'
    this.code = code
    this.status = extras.status ?? ERROR_CODES[code].status
    this.extras = extras
  }

  toProblem(requestId: string): Problem {
    const { errors, provider, providerStatus, providerCode, upstream } = this.extras
    return {
      type: `/problems/${this.code}`,
      title: ERROR_CODES[this.code].title,
      status: this.status,
      detail: this.message,
      code: this.code,
      requestId,
      ...(errors?.length ? { errors } : {}),
      ...(provider ? { provider } : {}),
      ...(providerStatus !== undefined ? { providerStatus } : {}),
      ...(providerCode ? { providerCode } : {}),
      ...(upstream ? { upstream } : {}),
      retryable: this.extras.retryable ?? ERROR_CODES[this.code].retryable,
      ...(this.extras.attempts ? { attempts: this.extras.attempts } : {}),
    }
  }
}

export const validationError = (path: string, message: string) =>
  new ApiError('validation_failed', `${path}: ${message}`, { errors: [{ path, message }] })
