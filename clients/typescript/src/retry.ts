/** How long to wait before attempt `n` (0-based): the server's Retry-After if it gave one, else backoff. */
function delayMs(attempt: number, response: Response | null): number {
  const retryAfter = Number(response?.headers.get('retry-after'))
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter, 30) * 1000
  const backoff = 250 * 2 ** attempt
  return backoff / 2 + Math.random() * (backoff / 2)
}

/** A Problem that says the same request may succeed later (the gateway sets `retryable`). */
async function retryableProblem(response: Response): Promise<boolean> {
  if (!response.headers.get('content-type')?.includes('application/problem+json')) return false
  try {
    const body = (await response.clone().json()) as { retryable?: unknown } | null
    return body?.retryable === true
  } catch {
    return false
  }
}

/**
 * Wraps fetch so a request that is safe to repeat is retried: reads, and writes that carry an
 * Idempotency-Key (the gateway replays the first answer, so a retry never places a second call).
 * Retried on a network failure or a Problem marked retryable, at most `retries` times.
 */
export function retryingFetch(
  fetchImpl: (request: Request) => Promise<Response>,
  retries: number,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const safe = request.method === 'GET' || request.headers.has('idempotency-key')
    for (let attempt = 0; ; attempt++) {
      const last = !safe || attempt >= retries
      // The body of a Request can be read once: every attempt but the last sends a copy.
      const sent = last ? request : request.clone()
      let response: Response | null = null
      try {
        response = await fetchImpl(sent)
      } catch (error) {
        if (last) throw error
      }
      if (response && (last || !(await retryableProblem(response)))) return response
      await response?.body?.cancel()
      await new Promise((wake) => setTimeout(wake, delayMs(attempt, response)))
    }
  }
}
