import { z } from 'zod'

/**
 * Switchboard's inbound URL as a vendor holds it: `…/v1/webhooks/<provider>/<claims>.<mac>`. The
 * claims are readable base64url JSON; src/webhooks/token.ts signs and verifies them.
 */
const INBOUND_PATH = /\/v1\/webhooks\/([a-z0-9]+)\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/

/** Bound (bytes, as for the destination) on the vendor agent id a token carries; real ids are far shorter. */
export const MAX_AGENT_ID_LENGTH = 256

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

export const ClaimsSchema = z.strictObject({
  v: z.literal(2),
  k: z.string().min(1).max(32),
  p: z.string().min(1).max(32),
  d: z.string().nullable(),
  a: z.string().min(1).max(MAX_AGENT_ID_LENGTH),
})
export type WireClaims = z.infer<typeof ClaimsSchema>

export const fromBase64Url = (text: string): Uint8Array | null => {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null
  try {
    const base64 = text.replaceAll('-', '+').replaceAll('_', '/')
    return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
  } catch {
    return null
  }
}

export const decodeClaims = (payload: string): WireClaims | null => {
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
 * The claims of a token without checking its MAC: only for reading back a URL this deployment
 * configured on a vendor (an agent's hook), never to authenticate a request.
 */
export function readTokenClaims(token: string): TokenClaims | null {
  const claims = decodeClaims(token.split('.')[0] ?? '')
  return claims ? { provider: claims.p, destination: claims.d, agent: claims.a } : null
}

/** Whether a hook URL configured on a vendor is this Switchboard's inbound URL for that provider. */
export function isInboundUrl(url: string | null | undefined, provider: string): boolean {
  const match = url ? INBOUND_PATH.exec(url) : null
  return match?.[1] === provider
}

/**
 * Whether a hook on a vendor agent can report that agent's calls: Switchboard's inbound URL with a
 * token issued for this agent (a copied hook, or one from before tokens named their agent, cannot).
 */
export function isRoutedHookFor(url: string | null | undefined, provider: string, agent: string): boolean {
  const match = url ? INBOUND_PATH.exec(url) : null
  if (match?.[1] !== provider || !match[2]) return false
  return readTokenClaims(match[2])?.agent === agent
}

/** The client destination an inbound URL stands for, as configured on a vendor; null for any other URL. */
export function destinationOf(url: string | null | undefined, provider: string): string | null {
  const match = url ? INBOUND_PATH.exec(url) : null
  if (match?.[1] !== provider || !match[2]) return null
  return readTokenClaims(match[2])?.destination ?? null
}
