import { fromBase64Url, type TokenClaims, TokenClaimsSchema } from '../../providers/kit/hook-url'
import { tokenKey } from './secret'

const encoder = new TextEncoder()

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')

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
  const parsed = TokenClaimsSchema.safeParse(json)
  return parsed.success ? { provider: parsed.data.p, destination: parsed.data.d } : null
}
