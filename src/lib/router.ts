import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './app-env'
import { validationFailed } from './problem-response'

const WHERE = {
  json: 'request body',
  query: 'query string',
  param: 'path',
  header: 'headers',
  cookie: 'cookies',
  form: 'form',
} as const

/** Every router shares this hook, so every schema failure becomes the same 422 Problem. */
export const defaultHook = (
  result: { success: true } | { success: false; error: import('zod').ZodError; target: keyof typeof WHERE },
) => {
  if (!result.success) throw validationFailed(result.error, WHERE[result.target] ?? result.target)
}

export const createRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: defaultHook as never })
