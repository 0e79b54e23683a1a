import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { ApiError } from '../contract/errors'
import type { AppEnv } from '../lib/app-env'
import { findJsonShapeProblem, MAX_JSON_DEPTH } from '../lib/json-duplicates'

export const MAX_BODY_BYTES = 1024 * 1024
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i

/** 413 over 1 MiB, counted while streaming so an oversized body is never read whole. */
export const bodySizeLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError(
      'payload_too_large',
      `The request body is over the ${MAX_BODY_BYTES}-byte limit (1 MiB).`,
    )
  },
})

/**
 * Write bodies must be JSON: 415 for another content type, 400 for malformed JSON. Hono caches
 * the body, so the route's validator does not read it again.
 */
export const jsonBody = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== 'POST' && c.req.method !== 'PATCH' && c.req.method !== 'PUT') return next()
  const text = await c.req.text()
  if (text.trim() === '') return next()
  const type = c.req.header('content-type') ?? ''
  if (!JSON_TYPE.test(type)) {
    throw new ApiError(
      'unsupported_media_type',
      `Send the body as application/json (got "${type.slice(0, 100) || 'none'}").`,
    )
  }
  try {
    JSON.parse(text)
  } catch (error) {
    throw new ApiError(
      'invalid_json',
      `The request body is not valid JSON: ${(error as Error).message.slice(0, 200)}`,
    )
  }
  const problem = findJsonShapeProblem(text)
  if (problem) {
    const { path } = problem
    const message =
      problem.kind === 'duplicate_key'
        ? `Duplicate key "${problem.key.slice(0, 100)}": only one value per key is accepted`
        : `Nested deeper than ${MAX_JSON_DEPTH} levels`
    throw new ApiError('invalid_json', `The request body is not acceptable JSON at ${path}: ${message}.`, {
      errors: [{ path, message }],
    })
  }
  await next()
})
