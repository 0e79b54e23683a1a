import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ZodError } from 'zod'
import { log } from '../../providers/kit/log'
import { ApiError } from '../contract/errors'
import type { FieldError } from '../contract/problem'
import { ConfigError } from '../env'
import type { AppEnv } from './app-env'

export function problemResponse(c: Context<AppEnv>, error: ApiError): Response {
  const problem = error.toProblem(c.get('requestId') ?? 'unknown')
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' }
  if (error.extras.retryAfter !== undefined)
    headers['retry-after'] = String(Math.ceil(error.extras.retryAfter))
  // RFC 9110: a 401 names the scheme that would be accepted.
  if (error.code === 'unauthorized') headers['www-authenticate'] = 'Bearer realm="switchboard"'
  return new Response(JSON.stringify(problem), { status: problem.status, headers })
}

/** The single place every thrown error becomes problem+json. */
export function onError(err: unknown, c: Context<AppEnv>): Response {
  if (err instanceof ApiError) return problemResponse(c, err)
  // Hono's own refusals (an empty or malformed body reaching a validator) are the client's mistake.
  if (err instanceof HTTPException && err.status < 500) {
    const code = err.status === 400 ? 'invalid_json' : 'validation_failed'
    return problemResponse(
      c,
      new ApiError(code, `The request was refused: ${err.message}`, { status: err.status }),
    )
  }
  if (err instanceof ConfigError) {
    log('error', { requestId: c.get('requestId'), msg: err.message })
    // The setting and its value go to the operator's log only: a client sees no configuration.
    return problemResponse(
      c,
      new ApiError('internal', 'The gateway is misconfigured; its log names the setting to fix.'),
    )
  }
  log('error', {
    requestId: c.get('requestId'),
    msg: 'unhandled error',
    error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
  })
  return problemResponse(
    c,
    new ApiError(
      'internal',
      `Something went wrong on our side. Quote request id ${c.get('requestId')} when reporting it.`,
    ),
  )
}

const REQUIRED = /received undefined/

/** Zod issues as contract field errors: one per field, unknown keys named individually. */
export function fieldErrors(error: ZodError, prefix?: string): FieldError[] {
  const at = (path: PropertyKey[]) =>
    [prefix, ...path.map(String)].filter((part) => part !== undefined && part !== '').join('.')
  return error.issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: at([...issue.path, key]), message: 'Unknown field' }))
    }
    const message = issue.code === 'invalid_type' && REQUIRED.test(issue.message) ? 'Required' : issue.message
    return [{ path: at(issue.path) || '(body)', message }]
  })
}

export function validationFailed(error: ZodError, where: string, prefix?: string): ApiError {
  const errors = fieldErrors(error, prefix)
  const summary = errors
    .slice(0, 3)
    .map((e) => `${e.path}: ${e.message}`)
    .join('; ')
  return new ApiError(
    'validation_failed',
    `The ${where} failed validation: ${summary}${errors.length > 3 ? '; …' : ''}`,
    {
      errors,
    },
  )
}
