import { z } from 'zod'
import { keyId, tokenKey } from './secret'

/**
 * What an inbound token stands for: which provider may post to it, where its events go, and the
 * vendor agent (Dasha agent, HappyRobot use case, OneInbox agent) whose calls it may report. A
 * token never vouches for another agent's calls: the inbound route checks each event's call.
 */
export interface TokenClaims {
  provider: string
  /** The client's URL; null routes by call (a destination remembered per call, else WEBHOOK_URL). */
  destination: string | null
  /** The vendor's id of the agent the hook was issued for. */
  agent: string
}

/** A verified token also says which key signed it (a `WEBHOOK_SECRET_PREVIOUS` one still verifies). */
export interface VerifiedClaims extends TokenClaims {
  keyId: string
}

/** The inbound route takes tokens up to this length (a URL path segment vendors store and send back). */
export const MAX_TOKEN_LENGTH = 4096
/** Bound (bytes, as for the destination) on the vendor agent id a token carries; real ids are far shorter. */
export const MAX_AGENT_ID_LENGTH = 256
/**
 * A webhookUrl is accepted only up to this many bytes as the token carries it (UTF-8 of its JSON
 * string), so every accepted URL yields a token within MAX_TOKEN_LENGTH: with the other claims at
 * their bounds the claims stay under 2,600 bytes, 3,470 characters of base64url plus 44 of MAC.
 */
export const MAX_DESTINATION_BYTES = 2048

const encoder = new TextEncoder()

/** The size the destination takes in a token; a non-ASCII character takes up to 4 bytes, a quote 2. */
export const destinationBytes = (url: string): number => encoder.encode(JSON.stringify(url)).length - 2

/** Whether a webhookUrl fits in an inbound token (the schema refines webhookUrl with this). */
export const fitsInboundToken = (url: string): boolean => destinationBytes(url) <= MAX_DESTINATION_BYTES

const ClaimsSchema = z.strictObject({
  v: z.literal(2),
  k: z.string().min(1).max(32),
  p: z.string().min(1).max(32),
  d: z.string().nullable(),
  a: z.string().min(1).max(MAX_AGENT_ID_LENGTH),
})
type WireClaims = z.infer<typeof ClaimsSchema>

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')

const fromBase64Url = (text: string): Uint8Array | null => {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null
  try {
    const base64 = text.replaceAll('-', '+').replaceAll('_', '/')
    return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
  } catch {
    return null
  }
}

const decodeClaims = (payload: string): WireClaims | null => {
  const bytes = fromBase64Url(payload)
  if (!bytes) return null
  try {
    const parsed = ClaimsSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/**
 * `<claims>.<mac>`, both base64url: the claims are readable, but only this deployment can sign them.
 * The claims name the key (`k`) so a rotated-out key can still be recognised while it is accepted.
 */
export async function signToken(secret: string, claims: TokenClaims): Promise<string> {
  if (!fitsInboundToken(claims.destination ?? '') || destinationBytes(claims.agent) > MAX_AGENT_ID_LENGTH) {
    throw new RangeError('inbound token claims exceed their bounds')
  }
  const wire: WireClaims = {
    v: 2,
    k: await keyId(secret),
    p: claims.provider,
    d: claims.destination,
    a: claims.agent,
  }
  const payload = toBase64Url(encoder.encode(JSON.stringify(wire)))
  const mac = await crypto.subtle.sign('HMAC', await tokenKey(secret), encoder.encode(payload))
  return `${payload}.${toBase64Url(new Uint8Array(mac))}`
}

/**
 * The claims of a token signed with one of `secrets` (the current WEBHOOK_SECRET first, then
 * WEBHOOK_SECRET_PREVIOUS), or null. The MAC is checked by `crypto.subtle.verify`, which compares
 * in constant time, before a byte of the claims is trusted.
 */
export async function verifyToken(
  secrets: string | readonly (string | undefined)[],
  token: string,
): Promise<VerifiedClaims | null> {
  const [payload, macText, extra] = token.split('.')
  if (!payload || !macText || extra !== undefined || token.length > MAX_TOKEN_LENGTH) return null
  const mac = fromBase64Url(macText)
  if (!mac) return null
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    if (!secret) continue
    const valid = await crypto.subtle.verify('HMAC', await tokenKey(secret), mac, encoder.encode(payload))
    if (!valid) continue
    const claims = decodeClaims(payload)
    // A MAC that verifies over claims naming another key is not this key's token.
    if (!claims || claims.k !== (await keyId(secret))) return null
    return { provider: claims.p, destination: claims.d, agent: claims.a, keyId: claims.k }
  }
  return null
}

/**
 * The claims of a token without checking its MAC: only for reading back a URL this deployment
 * configured on a vendor (an agent's hook), never to authenticate a request.
 */
export function readTokenClaims(token: string): TokenClaims | null {
  const claims = decodeClaims(token.split('.')[0] ?? '')
  return claims ? { provider: claims.p, destination: claims.d, agent: claims.a } : null
}
