import { DurableObject } from 'cloudflare:workers'

const WINDOW_MS = 60_000

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number }

/**
 * One managed key's request counter over a rolling minute. A Durable Object runs one call at a
 * time, so the count is exact: with a limit of N, exactly N requests of any burst pass.
 */
export class RateLimiter extends DurableObject {
  /** Times (epoch ms) of the requests let through in the last minute, oldest first. */
  private readonly passed: number[] = []

  hit(limit: number): RateDecision {
    const now = Date.now()
    while (this.passed.length > 0 && (this.passed[0] as number) <= now - WINDOW_MS) this.passed.shift()
    if (this.passed.length >= limit) {
      const oldest = this.passed[this.passed.length - limit] as number
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) }
    }
    this.passed.push(now)
    return { allowed: true }
  }
}
