import { env } from 'cloudflare:test'
import { expect } from 'vitest'
import { type AppOptions, createApp } from '../../src/app'
import { ProblemSchema } from '../../src/contract/problem'
import type { Bindings } from '../../src/env'

export const KEY = 'test-key-1'
export const AUTH = { authorization: `Bearer ${KEY}` }

export interface ApiResponse<T = any> {
  status: number
  headers: Headers
  body: T
}

/**
 * A client over an app built for the test (its own providers and vendor fetch), with the test
 * Worker's real bindings (Durable Objects included).
 */
export function apiClient(options: AppOptions = {}, envOverrides: Partial<Bindings> = {}) {
  const app = createApp(options)
  const bindings = { ...(env as unknown as Bindings), ...envOverrides }
  return async function api<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const init: RequestInit = { method, headers: { ...AUTH, ...headers } }
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      ;(init.headers as Record<string, string>)['content-type'] ??= 'application/json'
    }
    const res = await app.request(path, init, bindings)
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      // Non-JSON bodies (the docs page) stay text.
    }
    return { status: res.status, headers: res.headers, body: parsed as T }
  }
}

/** Asserts a response is a contract Problem with the given status and code; returns it. */
export function expectProblem(res: ApiResponse, status: number, code: string) {
  expect(res.headers.get('content-type')).toContain('application/problem+json')
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  const problem = ProblemSchema.parse(res.body)
  expect(problem.code).toBe(code)
  expect(problem.status).toBe(status)
  expect(problem.requestId).toBe(res.headers.get('x-request-id'))
  return problem
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls until the predicate holds (the sandbox clock is scaled, so this is short). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() - started > timeoutMs) return value
    await sleep(25)
  }
}
