/** Any URL of Switchboard's inbound route (whatever its token format). */
const INBOUND_ROUTE = '/v1/webhooks/'

/** Nesting this deep is no vendor object; what lies below is dropped rather than walked. */
const MAX_DEPTH = 32

/**
 * A copy of a vendor object for clients (providerData, providerEvent): without the keys a vendor
 * names as secret and without Switchboard's own inbound URL (its token routes events), wherever
 * they sit.
 */
export function scrubKeys<T>(value: T, secretKeys: ReadonlySet<string>, depth = 0): T {
  if (depth > MAX_DEPTH) return undefined as T
  if (Array.isArray(value)) return value.map((item) => scrubKeys(item, secretKeys, depth + 1)) as T
  if (value === null || typeof value !== 'object') return value
  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    if (secretKeys.has(key)) continue
    if (typeof item === 'string' && item.includes(INBOUND_ROUTE)) continue
    copy[key] = scrubKeys(item, secretKeys, depth + 1)
  }
  return copy as T
}
