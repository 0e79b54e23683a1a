import { z } from 'zod'
import { validationError } from '../../src/contract/errors'
import { batchRoutedByCall } from '../kit/agent-hooks'
import { destinationOf, isInboundUrl, isRoutedHookFor } from '../kit/hook-url'
import { callEvent } from '../kit/inbound'
import type { BatchEntry, BatchOutcome, ProviderContext, WebhookOperations } from '../kit/types'
import { fromVendorCall, PROVIDER_ID } from './calls'
import { type VendorApi, vendorApi } from './client'
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

export const webhooks: WebhookOperations = {
  async parse(ctx, { body }) {
    const parsed = HappyRobotHookSchema.safeParse(body)
    const callId = parsed.success ? callIdOf(parsed.data) : undefined
    if (!callId) {
      throw validationError(
        'call_id',
        'A HappyRobot hook payload must name its call (call_id, id or call.id)',
      )
    }
    const client = vendorApi(ctx)
    const call = fromVendorCall(
      await client.getCall({ id: callId }),
      await client.getTranscript({ id: callId }),
    )
    return callEvent({
      // The hook fires when a call reaches a state; a re-delivery finds the same state.
      vendorEventKey: `${callId}:${call.providerStatus}`,
      callVendorId: callId,
      createdAt: call.endedAt ?? new Date().toISOString(),
      call,
      providerEvent: body as Record<string, unknown>,
      callFromVendor: true,
    })
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
  client: VendorApi,
  useCaseId: string,
  body: UseCasePatch,
  webhookUrl: string | null | undefined,
): Promise<UseCasePatch> {
  if (webhookUrl === undefined) return body
  const current = await client.getUseCase({ id: useCaseId })
  const others = (current.hooks ?? []).filter((hook) => !isInboundUrl(hook.url, PROVIDER_ID))
  if (!webhookUrl && !ctx.hooks.canBuild()) return { ...body, hooks: others }
  // The use case id is known here (HappyRobot use cases are made in its UI): the token names it.
  const url = await ctx.hooks.inboundUrl(PROVIDER_ID, webhookUrl, useCaseId)
  return { ...body, hooks: [...others, { url, headers: [] }] }
}

/** A call's own webhookUrl reaches the client only through a Switchboard hook on its use case. */
export async function requireRoutedUseCase(client: VendorApi, useCaseId: string): Promise<void> {
  const useCase = await client.getUseCase({ id: useCaseId })
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
    (useCaseId) => requireRoutedUseCase(vendorApi(ctx), useCaseId),
    place,
  )
