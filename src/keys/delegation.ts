/**
 * Requests the console makes to /v1 for a signed-in session. They carry the digest of the session's
 * key, never the key, and go through gatewayAuth like any request: same key check, scopes, provider
 * allow-list, project and rate limit. Keyed by the Request object itself, which no client can forge:
 * nothing a browser sends (cookie or header) reaches this map.
 */
const delegated = new WeakMap<Request, string>()

export function delegatedRequest(url: string, init: RequestInit, keyDigest: string): Request {
  const request = new Request(url, init)
  delegated.set(request, keyDigest)
  return request
}

export const delegatedDigest = (request: Request): string | undefined => delegated.get(request)
