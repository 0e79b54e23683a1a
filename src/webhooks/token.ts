import {
  decodeClaims,
  fromBase64Url,
  MAX_AGENT_ID_LENGTH,
  type TokenClaims,
  type WireClaims,
} from '../../providers/kit/hook-url'
import { destinationBytes, fitsInboundToken } from '../contract/inbound-token'
import { keyId, tokenKey } from './secret'

/** A verified token also says which key signed it (a `WEBHOOK_SECRET_PREVIOUS` one still verifies). */
export interface VerifiedClaims extends TokenClaims {
  keyId: string
}

/** The inbound route takes tokens up to this length (a URL path segment vendors store and send back). */
export const MAX_TOKEN_LENGTH = 4096
const encoder = new TextEncoder()

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')

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
