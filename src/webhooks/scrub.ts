/** A Switchboard inbound URL (or its path) anywhere in a string: it carries a token. */
const INBOUND_URL = /\/v1\/webhooks\/[a-z0-9]+\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/

export const REDACTED_HOOK = '[redacted: Switchboard inbound webhook URL]'

/** Deep copy of a vendor object with every string holding an inbound URL replaced. */
export function scrubHooks<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return (INBOUND_URL.test(value) ? REDACTED_HOOK : value) as T
  // Vendor objects are shallow; the bound only stops a pathological one.
  if (value === null || typeof value !== 'object' || depth > 32) return value
  if (Array.isArray(value)) return value.map((item) => scrubHooks(item, depth + 1)) as T
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, scrubHooks(item, depth + 1)]),
  ) as T
}
