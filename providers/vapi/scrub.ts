/**
 * Keys never passed on in providerData or providerEvent: `listenUrl` and `controlUrl` let whoever
 * holds them listen to or steer a live call, and a phone number's Twilio credentials can arrive
 * inside Vapi's payloads.
 */
export const SECRET_KEYS = new Set([
  'listenUrl',
  'controlUrl',
  'twilioAuthToken',
  'twilioApiSecret',
  'twilioApiKey',
  'credentials',
])

/** Any URL of Switchboard's inbound route (whatever its token format). */
const INBOUND_ROUTE = '/v1/webhooks/'

/** Nesting this deep is no Vapi object; what lies below is dropped rather than walked. */
const MAX_DEPTH = 32

/**
 * A copy of a Vapi object for clients: without the keys above and without Switchboard's own
 * inbound URL (its token routes events), wherever they sit.
 */
export function scrub<T>(value: T, depth = 0): T {
  if (depth > MAX_DEPTH) return undefined as T
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1)) as T
  if (value === null || typeof value !== 'object') return value
  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEYS.has(key)) continue
    if (typeof item === 'string' && item.includes(INBOUND_ROUTE)) continue
    copy[key] = scrub(item, depth + 1)
  }
  return copy as T
}
