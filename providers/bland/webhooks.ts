import { FINAL_STATUSES } from '../../src/contract/call'
import { callEvent, readPayload } from '../kit/inbound'
import type { ProviderContext, WebhookOperations } from '../kit/types'
import { PROVIDER_ID } from './agents'
import { fromVendorCall } from './calls'
import { WEBHOOK_SECRET_VARIABLE } from './client'
import { BlandCallSchema } from './vendor'

/** Bland's signature header: hex HMAC-SHA256 of the body with the org's webhook signing secret. */
export const SIGNATURE_HEADER = 'x-webhook-signature'

const encoder = new TextEncoder()

const hmacHex = async (secret: string, body: string) => {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(body)))
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Constant-time: compares digests of both sides, so neither content nor length leaks. */
const sameText = async (a: string, b: string) => {
  const [da, db] = await Promise.all(
    [a, b].map(async (text) => new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)))),
  )
  let diff = 0
  for (let i = 0; i < (da?.length ?? 0); i++) diff |= (da?.[i] ?? 0) ^ (db?.[i] ?? 0)
  return diff === 0
}

/** Bland's secret, or undefined when the deployment has none (then no delivery verifies). */
export const webhookSecret = (ctx: Pick<ProviderContext, 'env'>) => {
  const value = ctx.env[WEBHOOK_SECRET_VARIABLE]
  return typeof value === 'string' && value.trim() ? value.trim() : undefined
}

/**
 * Whether Bland signed this body. Its own example signs `JSON.stringify(req.body)` rather than
 * the bytes it sent (unconfirmed which): the raw body is tried first, then its compact form.
 */
export async function verifySignature(
  secret: string,
  rawBody: string,
  signature: string | null,
): Promise<boolean> {
  const given = signature?.trim().toLowerCase()
  if (!given) return false
  if (await sameText(await hmacHex(secret, rawBody), given)) return true
  let compact: string
  try {
    compact = JSON.stringify(JSON.parse(rawBody))
  } catch {
    return false
  }
  return compact !== rawBody && (await sameText(await hmacHex(secret, compact), given))
}

export const webhooks: WebhookOperations = {
  async verify(ctx, { rawBody, headers }) {
    const secret = webhookSecret(ctx)
    return secret ? verifySignature(secret, rawBody, headers.get(SIGNATURE_HEADER)) : false
  },
  async parse(_ctx, { body }) {
    const payload = readPayload(PROVIDER_ID, BlandCallSchema, body, 'The body is not a Bland call object.')
    const call = fromVendorCall(payload)
    // Bland posts the call when it ends; a live-event line (`webhook_events`) is not a lifecycle step.
    if (!FINAL_STATUSES.has(call.status)) return null
    return callEvent({
      // Bland signs no timestamp and sends no delivery id: a re-delivery is the same call in the same final state.
      vendorEventKey: `${payload.call_id}:${call.status}`,
      callVendorId: payload.call_id,
      createdAt: call.endedAt ?? new Date().toISOString(),
      call,
      providerEvent: payload,
      // Signed by Bland with the deployment's secret: its metadata (our agent key) is Bland's word.
      callFromVendor: true,
    })
  },
}

/**
 * The `webhook` to give Bland for a call: Switchboard's inbound URL for the call's own webhookUrl,
 * else the agent's, else routed to WEBHOOK_URL when the deployment has one; none otherwise.
 */
export async function callHookUrl(
  ctx: ProviderContext,
  webhookUrl: string | null | undefined,
  agentId: string,
): Promise<string | undefined> {
  if (webhookUrl) return ctx.hooks.inboundUrl(PROVIDER_ID, webhookUrl, agentId)
  if (ctx.config.webhookUrl && ctx.hooks.canBuild()) return ctx.hooks.inboundUrl(PROVIDER_ID, null, agentId)
  return undefined
}
