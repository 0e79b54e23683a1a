import { z } from 'zod'
import { tokenKey } from './secret'

/** What an inbound token stands for: which provider may post to it, and where its events go. */
export interface TokenClaims {
  provider: string
  /** The client's URL; null routes by call (a destination remembered per call, else WEBHOOK_URL). */
  destination: string | null
}

const ClaimsSchema = z.strictObject({ v: z.literal(1), p: z.string().min(1), d: z.string().nullable() })

const encoder = new TextEncoder()

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

/** `<claims>.<mac>`, both base64url: the claims are readable, but only this deployment can sign them. */
export async function signToken(secret: string, claims: TokenClaims): Promise<string> {
  const payload = toBase64Url(
    encoder.encode(JSON.stringify({ v: 1, p: claims.provider, d: claims.destination })),
  )
  const mac = await crypto.subtle.sign('HMAC', await tokenKey(secret), encoder.encode(payload))
  return `${payload}.${toBase64Url(new Uint8Array(mac))}`
}

/**
 * The claims of a token this deployment signed, or null. The MAC is checked by `crypto.subtle.verify`,
 * which compares in constant time, before a byte of the claims is trusted.
 */
export async function verifyToken(secret: string, token: string): Promise<TokenClaims | null> {
  const [payload, macText, extra] = token.split('.')
  if (!payload || !macText || extra !== undefined) return null
  const mac = fromBase64Url(macText)
  if (!mac) return null
  const valid = await crypto.subtle.verify('HMAC', await tokenKey(secret), mac, encoder.encode(payload))
  if (!valid) return null
  const bytes = fromBase64Url(payload)
  if (!bytes) return null
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    return null
  }
  const parsed = ClaimsSchema.safeParse(json)
  return parsed.success ? { provider: parsed.data.p, destination: parsed.data.d } : null
}

/**
 * The claims of a token without checking its MAC: only for reading back a URL this deployment
 * configured on a vendor (an agent's hook), never to authenticate a request.
 */
export function readTokenClaims(token: string): TokenClaims | null {
  const bytes = fromBase64Url(token.split('.')[0] ?? '')
  if (!bytes) return null
  try {
    const parsed = ClaimsSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)))
    return parsed.success ? { provider: parsed.data.p, destination: parsed.data.d } : null
  } catch {
    return null
  }
}
