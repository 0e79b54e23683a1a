import { z } from 'zod'
import { validationError } from '../../src/lib/errors'
import { eventTypeFor } from '../../src/webhooks/events'
import { canBuildHooks, inboundWebhookUrl } from '../../src/webhooks/inbound-url'
import { batchRoutedByCall, destinationOf, isInboundUrl, isRoutedHookFor } from '../../src/webhooks/routing'
import type { BatchEntry, BatchOutcome, ProviderContext, WebhookOperations } from '../types'
import { type HappyRobotClient, happyRobotClient } from './client'
import { fromVendorCall, PROVIDER_ID } from './map'
import type { UseCase, UseCasePatch } from './vendor'

/**
 * HappyRobot v1 posts "post-call data" to the use case's hooks, with no published schema. The call
 * id is read from the first of these places that holds one (unconfirmed: correct here when the
 * vendor documents its payload); the call itself is then read through the API, so the Event
 * carries the same Call as GET /v1/calls/{id}.
 */
export const CALL_ID_FIELDS = ['call_id', 'callId', 'id'] as const

export const HappyRobotHookSchema = z.looseObject({
  call_id: z.string().min(1).optional(),
  callId: z.string().min(1).optional(),
  id: z.string().min(1).optional(),
  call: z.looseObject({ id: z.string().min(1) }).optional(),
})

const callIdOf = (payload: z.infer<typeof HappyRobotHookSchema>): string | undefined =>
  payload.call?.id ?? CALL_ID_FIELDS.map((field) => payload[field]).find(Boolean)

export const happyRobotWebhooks: WebhookOperations = {
  async parse(ctx, { body }) {
    const parsed = HappyRobotHookSchema.safeParse(body)
    const callId = parsed.success ? callIdOf(parsed.data) : undefined
    if (!callId) {
      throw validationError(
        'call_id',
        'A HappyRobot hook payload must name its call (call_id, id or call.id)',
      )
    }
    const client = happyRobotClient(ctx)
    const call = fromVendorCall(await client.getCall(callId), await client.getTranscript(callId))
    const type = eventTypeFor(call.status)
    if (!type) return null
    return {
      // The hook fires when a call reaches a state; a re-delivery finds the same state.
      vendorEventKey: `${callId}:${call.providerStatus}`,
      callVendorId: callId,
      type,
      createdAt: call.endedAt ?? new Date().toISOString(),
      call,
      providerEvent: body as Record<string, unknown>,
      callFromVendor: true,
    }
  },
}

/** The use case's webhookUrl: the destination of the hook Switchboard put among its hooks. */
export const useCaseWebhookUrl = (useCase: Pick<UseCase, 'hooks'>): string | null =>
  (useCase.hooks ?? []).map((hook) => destinationOf(hook.url, PROVIDER_ID)).find(Boolean) ?? null

/**
 * A use-case patch that names webhookUrl replaces Switchboard's hook among the use case's hooks
 * (the client's other hooks stay): for the URL given, or routed per call (then WEBHOOK_URL) for null.
 */
export async function withUseCaseHook(
  ctx: ProviderContext,
  client: HappyRobotClient,
  useCaseId: string,
  body: UseCasePatch,
  webhookUrl: string | null | undefined,
): Promise<UseCasePatch> {
  if (webhookUrl === undefined) return body
  const current = await client.getUseCase(useCaseId)
  const others = (current.hooks ?? []).filter((hook) => !isInboundUrl(hook.url, PROVIDER_ID))
  if (!webhookUrl && !canBuildHooks(ctx)) return { ...body, hooks: others }
  // The use case id is known here (HappyRobot use cases are made in its UI): the token names it.
  const url = await inboundWebhookUrl(ctx, PROVIDER_ID, webhookUrl, useCaseId)
  return { ...body, hooks: [...others, { url, headers: [] }] }
}

/** A call's own webhookUrl reaches the client only through a Switchboard hook on its use case. */
export async function requireRoutedUseCase(client: HappyRobotClient, useCaseId: string): Promise<void> {
  const useCase = await client.getUseCase(useCaseId)
  if (!(useCase.hooks ?? []).some((hook) => isRoutedHookFor(hook.url, PROVIDER_ID, useCaseId))) {
    throw validationError(
      'webhookUrl',
      "HappyRobot sends call events to the use case's hooks, and none points at Switchboard: PATCH the agent with a webhookUrl (or null, to route per call) first",
    )
  }
}

/** A HappyRobot batch: items with their own webhookUrl need a Switchboard hook on the use case. */
export const batchWithWebhooks = (
  ctx: ProviderContext,
  entries: BatchEntry[],
  place: (entries: BatchEntry[]) => Promise<BatchOutcome[]>,
) =>
  batchRoutedByCall(
    ctx,
    PROVIDER_ID,
    entries,
    (useCaseId) => requireRoutedUseCase(happyRobotClient(ctx), useCaseId),
    place,
  )
