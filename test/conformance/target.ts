import type { CallCreate } from '../../src/contract/call'
import type { Bindings } from '../../src/env'
import type { ApiResponse } from '../helpers/api'

/** One request the fake vendor received, after it validated it with the vendor's own schema. */
export interface RecordedRequest {
  method: string
  /** Path and query as the vendor saw them, e.g. `/api/v1/calls?agentId=…`. */
  path: string
  headers: Record<string, string>
  body: unknown
}

/**
 * An in-test stand-in for a vendor: answers like the real API, validates every request it
 * receives with zod schemas of the vendor's payloads, and records what it got. A request that
 * fails validation is answered 599 and recorded in `violations`, so the suite fails on it.
 */
export interface FakeVendor {
  fetch: typeof fetch
  requests: RecordedRequest[]
  violations: string[]
}

export type Api = <T = any>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<ApiResponse<T>>

/** What the shared conformance suite needs to run against one provider. */
export interface ConformanceTarget {
  provider: string
  /** Credentials and base URL (any URL: requests go to the fake's fetch). */
  env: Partial<Bindings>
  /** What every agent of this provider needs beyond a name (Dasha: a voice and a language); absent = it creates none. */
  agentBody?: Record<string, unknown>
  /** Agent field values this vendor needs in place of the suite's samples (Retell: one of its voice ids). */
  agentSamples?: Record<string, unknown>
  /** A fresh fake for each test; undefined for a provider that calls no vendor (sandbox). */
  createFake?: () => FakeVendor
  /** An agent id (`<provider>_<id>`) to place calls with: created through the API, or one the fake knows. */
  agentId(api: Api): Promise<string>
  /** Fields this provider needs on every call beyond agentId and to (OneInbox: from; HappyRobot: a number id). */
  callExtras: Partial<CallCreate>
  /** A vendor call id the fake does not know, to check 404 mapping. */
  unknownCallId: string
}
