import type { components } from './schema.js'

export type Problem = components['schemas']['Problem']
export type ErrorCode = components['schemas']['ErrorCode']
export type FieldError = components['schemas']['FieldError']

const isProblem = (body: unknown): body is Problem =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as Problem).code === 'string' &&
  typeof (body as Problem).status === 'number'

/**
 * Every answer of the gateway that is not a success. `problem` is the RFC 9457 body the gateway
 * sent; it is null only when something in between (a proxy, a load balancer) answered instead.
 */
export class SwitchboardError extends Error {
  readonly status: number
  /** The contract's error code, to switch on; null when the answer was not a Problem. */
  readonly code: ErrorCode | null
  readonly detail: string
  /** One entry per refused field (validation_failed, unsupported_field). */
  readonly errors: FieldError[]
  /** Whether the same request, with the same Idempotency-Key, may succeed later. */
  readonly retryable: boolean
  readonly requestId: string | null
  readonly problem: Problem | null

  constructor(status: number, body: unknown, requestId: string | null) {
    const problem = isProblem(body) ? body : null
    const detail = problem?.detail ?? (typeof body === 'string' && body ? body : `HTTP ${status}`)
    super(problem ? `${problem.code}: ${detail}` : `HTTP ${status}: ${detail}`)
    this.name = 'SwitchboardError'
    this.status = status
    this.code = problem?.code ?? null
    this.detail = detail
    this.errors = problem?.errors ?? []
    this.retryable = problem?.retryable ?? status >= 500
    this.requestId = problem?.requestId ?? requestId
    this.problem = problem
  }
}
