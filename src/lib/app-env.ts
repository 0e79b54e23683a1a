import type { Bindings, Config } from '../env'
import type { Principal } from '../keys/principal'
import type { Registry } from './ids'

export interface AppVariables {
  requestId: string
  config: Config
  registry: Registry
  /** Vendor requests go through this fetch; tests inject a fake vendor here. */
  upstreamFetch: typeof fetch
  /** Milliseconds spent waiting on vendors during this request. */
  upstreamMs: number
  /** Vendor exchanges during this request: Server-Timing names `upstream` whenever there was one. */
  upstreamCalls: number
  /** A stable, non-secret fingerprint of the gateway key that authenticated the request. */
  clientId: string
  /** Time spent on ledger (D1) reads and writes during this request, and how many. */
  ledgerMs?: number
  ledgerCalls?: number
  /** Time spent finding the key (digest, cache, D1 on a miss) and on its rate limiter, when it has one. */
  keyMs?: number
  rateMs?: number
  /** The key's project, scopes, providers and limits. */
  principal: Principal
  /** The provider serving this request, once a route has picked one (for the request log). */
  provider?: string
}

export type AppEnv = { Bindings: Bindings; Variables: AppVariables }
