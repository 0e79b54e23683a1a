import { validationError } from '../../src/contract/errors'
import { callEvent, readPayload } from '../kit/inbound'
import type { ProviderContext, VendorEnv, WebhookOperations } from '../kit/types'
import { PROVIDER_ID } from './agents'
import { fromVendorCall } from './calls'
import { vendor } from './client'
import { type RetellCall, WebhookSchema } from './vendor'

/** Retell signs every delivery; one older than this (either way) is refused as a replay. */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000
export const SIGNATURE_HEADER = 'x-retell-signature'
/** `v=<unix ms>,d=<hex HMAC-SHA256>`, as Retell's SDKs parse it. */
const SIGNATURE = /^v=(\d+),d=([0-9a-f]{64})$/i

/**
 * The events that are call lifecycle steps. `call_analyzed` repeats the terminal status with the
 * analysis (summary, voicemail detection): the outbox keeps one terminal event per call, so it is
 * delivered only when `call_ended` was lost. `transcript_updated` and the `transfer_*` events are
 * acknowledged and ignored.
 */
export const CALL_EVENTS = ['call_started', 'call_ended', 'call_analyzed'] as const

const hexToBytes = (hex: string): Uint8Array =>
  Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16))

const apiKeyOf = (env: VendorEnv): string => {
  const key = env[vendor.env.apiKey]
  return typeof key === 'string' ? key.trim() : ''
}

/**
 * Retell's signature: HMAC-SHA256 keyed with the account's API key over the raw body with the
 * timestamp appended (no separator), within SIGNATURE_WINDOW_MS of now. Compared by WebCrypto's
 * verify, which takes constant time.
 */
export async function verifySignature(
  apiKey: string,
  rawBody: string,
  header: string | null,
  now: number,
): Promise<boolean> {
  const match = header ? SIGNATURE.exec(header.trim()) : null
  if (!match || !apiKey) return false
  const stamp = Number(match[1])
  if (!Number.isSafeInteger(stamp) || Math.abs(now - stamp) > SIGNATURE_WINDOW_MS) return false
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(apiKey),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  )
  return crypto.subtle.verify(
    'HMAC',
    key,
    hexToBytes(match[2] as string),
    new TextEncoder().encode(`${rawBody}${match[1]}`),
  )
}

/** Signs as Retell does; for tests and local tools that stand in for Retell. */
export async function signDelivery(apiKey: string, rawBody: string, stamp: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(apiKey),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${rawBody}${stamp}`))
  const hex = Array.from(new Uint8Array(mac), (byte) => byte.toString(16).padStart(2, '0')).join('')
  return `v=${stamp},d=${hex}`
}

const isoFromMs = (ms: number | null | undefined) =>
  typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : undefined

export const webhooks: WebhookOperations = {
  async verify(ctx, { rawBody, headers }) {
    return verifySignature(apiKeyOf(ctx.env), rawBody, headers.get(SIGNATURE_HEADER), Date.now())
  },
  async parse(_ctx, { body }) {
    const payload = readPayload(
      PROVIDER_ID,
      WebhookSchema,
      body,
      'The body is not a Retell webhook delivery.',
    )
    const event = CALL_EVENTS.find((name) => name === payload.event)
    if (!event) return null
    const vendorCall: RetellCall | undefined = payload.call ?? payload.data
    if (!vendorCall) throw validationError('call', `A Retell ${event} delivery must carry the call`)
    // call_started is sent as the call connects; a payload that still says registered is behind.
    const call = fromVendorCall(
      event === 'call_started' && vendorCall.call_status === 'registered'
        ? { ...vendorCall, call_status: 'ongoing' }
        : vendorCall,
    )
    const at = event === 'call_started' ? vendorCall.start_timestamp : (vendorCall.end_timestamp ?? undefined)
    return callEvent({
      // Retell re-sends (duplicate call_ended within a second is reported): one event per call and kind.
      vendorEventKey: `${vendorCall.call_id}:${event}`,
      callVendorId: vendorCall.call_id,
      createdAt: isoFromMs(at) ?? new Date().toISOString(),
      call,
      providerEvent: payload,
      // verify() checked Retell's signature (keyed with the account's API key) before this parse:
      // the call in the payload, its agent included, is Retell's own word.
      callFromVendor: true,
    })
  },
}

/**
 * The `webhook_url` for an agent update: Switchboard's inbound URL bound to the agent, for the
 * agent's webhookUrl or, for null, routed per call (then WEBHOOK_URL). An update that does not name
 * webhookUrl leaves the hook as it is; without a usable origin only a named webhookUrl is refused.
 */
export async function agentHookUrl(
  ctx: ProviderContext,
  webhookUrl: string | null | undefined,
  agentId: string,
): Promise<string | undefined> {
  if (webhookUrl === undefined || (!webhookUrl && !ctx.hooks.canBuild())) return undefined
  return ctx.hooks.inboundUrl(PROVIDER_ID, webhookUrl, agentId)
}

/**
 * What hook a new agent gets: every agent does when the deployment can build one (routed per call
 * without a webhookUrl); a named webhookUrl requires it, refused here before anything is written.
 */
export function wantedAgentHook(ctx: ProviderContext, webhookUrl: string | null | undefined) {
  const wanted = webhookUrl === undefined ? (ctx.hooks.canBuild() ? null : undefined) : webhookUrl
  if (wanted) ctx.hooks.requireConfig()
  return wanted
}

/** A call's own webhookUrl, as Switchboard's inbound URL (bound to the call's agent) for its `agent_override`. */
export async function callHookUrl(
  ctx: ProviderContext,
  webhookUrl: string | undefined,
  agentId: string,
): Promise<string | undefined> {
  return webhookUrl ? ctx.hooks.inboundUrl(PROVIDER_ID, webhookUrl, agentId) : undefined
}
