import { z } from 'zod'

/**
 * Switchboard's inbound URL as a vendor holds it: `…/v1/webhooks/<provider>/<claims>.<mac>`. The
 * claims are readable base64url JSON; src/webhooks/token.ts signs and verifies them.
 */
const INBOUND_PATH = /\/v1\/webhooks\/([a-z0-9]+)\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/

export const TokenClaimsSchema = z.strictObject({
  v: z.literal(1),
  p: z.string().min(1),
  d: z.string().nullable(),
})

/** What an inbound token stands for: which provider may post to it, and where its events go. */
export interface TokenClaims {
  provider: string
  /** The client's URL; null routes by call (a destination remembered per call, else WEBHOOK_URL). */
  destination: string | null
}

export const fromBase64Url = (text: string): Uint8Array | null => {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null
  try {
    const base64 = text.replaceAll('-', '+').replaceAll('_', '/')
    return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
  } catch {
    return null
  }
}

/**
 * The claims of a token without checking its MAC: only for reading back a URL this deployment
 * configured on a vendor (an agent's hook), never to authenticate a request.
 */
export function readTokenClaims(token: string): TokenClaims | null {
  const bytes = fromBase64Url(token.split('.')[0] ?? '')
  if (!bytes) return null
  try {
    const parsed = TokenClaimsSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)))
    return parsed.success ? { provider: parsed.data.p, destination: parsed.data.d } : null
  } catch {
    return null
  }
}

/** Whether a hook URL configured on a vendor is this Switchboard's inbound URL for that provider. */
export function isInboundUrl(url: string | null | undefined, provider: string): boolean {
  const match = url ? INBOUND_PATH.exec(url) : null
  return match?.[1] === provider
}

/** The client destination an inbound URL stands for, as configured on a vendor; null for any other URL. */
export function destinationOf(url: string | null | undefined, provider: string): string | null {
  const match = url ? INBOUND_PATH.exec(url) : null
  if (match?.[1] !== provider || !match[2]) return null
  return readTokenClaims(match[2])?.destination ?? null
}
