import type { Scope } from '../contract/scopes'

/** Who is asking: a root key (GATEWAY_API_KEYS) or a managed key, and what it may do. */
export interface Principal {
  kind: 'root' | 'managed'
  project: string
  scopes: ReadonlySet<Scope>
  /** Providers the key may use; null = all. */
  providers: readonly string[] | null
  /** The managed key's id; null for a root key. */
  keyId: string | null
  requestsPerMinute: number | null
  /** Epoch ms, or null for a key that does not expire. */
  expiresAt: number | null
}

export const PROJECT_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/
export const DEFAULT_PROJECT = 'default'
