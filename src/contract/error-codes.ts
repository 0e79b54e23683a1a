// Its own file so the Problem schema can derive its `code` enum from it without importing ApiError.
/** The closed set of error codes of the contract (docs/api.md § Errors), each with its HTTP status. */
export const ERROR_CODES = {
  invalid_json: { status: 400, title: 'Request body is not valid JSON', retryable: false },
  validation_failed: { status: 422, title: 'Request failed validation', retryable: false },
  unsupported_field: { status: 422, title: 'Field not supported by this provider', retryable: false },
  unauthorized: { status: 401, title: 'Missing or invalid gateway key', retryable: false },
  not_found: { status: 404, title: 'Not found', retryable: false },
  payload_too_large: { status: 413, title: 'Request body too large', retryable: false },
  unsupported_media_type: { status: 415, title: 'Unsupported content type', retryable: false },
  unsupported_operation: { status: 501, title: 'Operation not supported by this provider', retryable: false },
  provider_not_configured: { status: 400, title: 'Provider not configured', retryable: false },
  webhooks_not_configured: { status: 400, title: 'Webhooks not configured', retryable: false },
  conflict: { status: 409, title: 'Conflict', retryable: false },
  idempotency_in_progress: {
    status: 409,
    title: 'Request with this Idempotency-Key in progress',
    retryable: true,
  },
  idempotency_mismatch: {
    status: 422,
    title: 'Idempotency-Key reused with a different request',
    retryable: false,
  },
  rate_limited: { status: 429, title: 'Rate limited', retryable: true },
  provider_rejected: { status: 422, title: 'Provider rejected the request', retryable: false },
  provider_auth_failed: { status: 502, title: 'Provider refused the gateway credentials', retryable: false },
  provider_error: { status: 502, title: 'Provider error', retryable: true },
  provider_unavailable: { status: 503, title: 'Provider unavailable', retryable: true },
  provider_timeout: { status: 504, title: 'Provider timed out', retryable: true },
  forbidden: { status: 403, title: 'Forbidden for this key', retryable: false },
  suppressed: { status: 422, title: 'Number is on the suppression list', retryable: false },
  internal: { status: 500, title: 'Internal error', retryable: false },
} as const satisfies Record<string, { status: number; title: string; retryable: boolean }>

export type ErrorCode = keyof typeof ERROR_CODES
