/**
 * How a vendor wants its API key presented: the header it reads, and the scheme word before the
 * key (`Bearer`), or none when the header carries the raw key.
 */
export interface VendorAuth {
  header: string
  scheme: 'Bearer' | null
}

/** What most vendors read: `Authorization: Bearer <key>`. */
export const BEARER_AUTH: VendorAuth = { header: 'authorization', scheme: 'Bearer' }

/**
 * The header carrying the key. `null` auth sends none: a request to a per-call capability URL
 * (Vapi's `monitor.controlUrl`) must not carry the account's key.
 */
export function authHeaders(auth: VendorAuth | null, apiKey: string): Record<string, string> {
  if (auth === null) return {}
  return { [auth.header.toLowerCase()]: auth.scheme ? `${auth.scheme} ${apiKey}` : apiKey }
}
