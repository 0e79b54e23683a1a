import { delegatedRequest } from '../../keys/delegation'
import type { ConsoleContext } from './session'

/** How the console reaches the public API: the app's own fetch, no network hop. */
export type AppFetch = (request: Request, c: ConsoleContext) => Response | Promise<Response>

export type ApiAnswer<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; problem: Problem }

export interface Problem {
  title?: string
  detail?: string
  code?: string
}

/**
 * One /v1 request with the session's key identity (its digest), answered by the public API's own
 * handlers: the console sees exactly what that key may see and nothing else.
 */
export async function v1<T>(
  c: ConsoleContext,
  appFetch: AppFetch,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiAnswer<T>> {
  const session = c.get('session')
  const headers: Record<string, string> = { 'switchboard-project': session.project }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const url = new URL(path, c.req.url).toString()
  const request = delegatedRequest(
    url,
    { method, headers, body: body === undefined ? null : JSON.stringify(body) },
    session.keyDigest,
  )
  const res = await appFetch(request, c)
  const text = await res.text()
  const parsed = text ? (JSON.parse(text) as unknown) : null
  if (res.ok) return { ok: true, status: res.status, body: parsed as T }
  return { ok: false, status: res.status, problem: (parsed ?? {}) as Problem }
}
