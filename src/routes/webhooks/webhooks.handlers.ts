import type { RouteHandler } from '@hono/zod-openapi'
import { log } from '../../../providers/kit/log'
import type { InboundEvent } from '../../../providers/kit/types'
import { ApiError } from '../../contract/errors'
import { EventSchema, eventIdFor } from '../../contract/events'
import type { AppEnv } from '../../lib/app-env'
import { findProvider } from '../../lib/ids'
import { providerContext } from '../../lib/provider-access'
import { parsed, shape } from '../../lib/respond'
import { acceptVendorEvent } from '../../webhooks/outbox'
import { checkOwnership, vendorReadFailure } from '../../webhooks/ownership'
import { scrubHooks } from '../../webhooks/scrub'
import { verifyToken } from '../../webhooks/token'
import { type receiveProviderWebhook, WebhookReceiptSchema } from './webhooks.routes'

const invalidUrl = () =>
  new ApiError('unauthorized', 'This webhook URL is not valid for this deployment; nothing was delivered.')

export const receive: RouteHandler<typeof receiveProviderWebhook, AppEnv> = async (c) => {
  const { provider: providerId, token } = c.req.valid('param')
  const provider = findProvider(c.get('registry'), providerId)
  const config = c.get('config')
  const claims = config.webhookSecret
    ? await verifyToken([config.webhookSecret, config.webhookSecretPrevious], token)
    : null
  if (!claims || claims.provider !== provider.id) throw invalidUrl()
  if (!provider.webhooks) {
    throw new ApiError('not_found', `${provider.name} call events are not received by this gateway.`)
  }

  const ctx = providerContext(c)
  const delivery = { body: c.req.valid('json'), rawBody: await c.req.text(), headers: c.req.raw.headers }
  if (provider.webhooks.verify && !(await provider.webhooks.verify(ctx, delivery))) throw invalidUrl()
  const fields = { requestId: c.get('requestId'), provider: provider.id }
  const dropped = (reason: string) => {
    // Answered 2xx so the sender stops; nothing is recorded, so a genuine event still gets through.
    log('warn', { ...fields, msg: 'vendor event dropped', reason })
    return c.json(parsed(WebhookReceiptSchema, { status: 'dropped' }), 200)
  }
  let inbound: InboundEvent | null
  try {
    inbound = await provider.webhooks.parse(ctx, delivery)
  } catch (error) {
    const failure = vendorReadFailure(provider, error)
    if (failure === 'gone') return dropped('the call does not exist at the vendor')
    throw failure
  }
  if (!inbound) return c.json(parsed(WebhookReceiptSchema, { status: 'ignored' }), 200)
  if ((await checkOwnership(c.env, ctx, provider, inbound, claims.agent)) === 'foreign') {
    return dropped("the call is not one of this hook's agent's calls")
  }

  const event = EventSchema.parse({
    id: await eventIdFor(provider.id, inbound.vendorEventKey),
    type: inbound.type,
    createdAt: inbound.createdAt,
    provider: provider.id,
    data: { call: shape(inbound.call, undefined) },
    providerEvent: scrubHooks(inbound.providerEvent),
  })
  const status = await acceptVendorEvent(
    c.env,
    event,
    inbound.callVendorId,
    claims.destination,
    config.webhookUrl,
  )
  log('info', { ...fields, msg: 'vendor event received', eventId: event.id, type: event.type, status })
  return c.json(parsed(WebhookReceiptSchema, { status, eventId: event.id }), 200)
}
