import { z } from 'zod'
import { AGENT_FIELDS, CALL_FIELDS, fieldSupport } from '../../providers/kit/field-support'
import type { CallInput, Provider } from '../../providers/kit/types'
import { blankCall, type Call } from '../../src/contract/call'
import { ApiError } from '../../src/contract/errors'

/**
 * A test-only provider with partial field support: calls only (agents absent → 501), no
 * priority/deadline/per-call voice, and a language it refuses value by value. It records what
 * it was given so tests can see exactly what reached "the vendor".
 */
export function createPartialProvider(options: { id?: string; configured?: boolean } = {}) {
  const received: CallInput[] = []
  const id = options.id ?? 'partial'
  const toCall = (input: CallInput, n: number): Call => ({
    ...blankCall({
      id: `${id}_call-${n}`,
      provider: id,
      agentId: `${id}_${input.agentVendorId}`,
      status: 'queued',
      providerStatus: 'QUEUED',
      to: input.to,
    }),
    from: input.from ?? null,
    variables: input.variables ?? {},
    metadata: input.metadata ?? {},
    priority: input.priority ?? null,
    scheduledAt: input.scheduledAt ?? null,
    deadline: input.deadline ?? null,
    timezone: input.timezone ?? null,
    createdAt: '2026-11-21T09:30:00.000Z',
    providerData: { vendorEcho: input },
  })
  const provider: Provider = {
    id,
    name: 'Partial Test Vendor',
    docsUrl: 'https://partial.example/docs',
    configured: () => options.configured ?? true,
    fields: {
      'calls.create': fieldSupport(CALL_FIELDS, ['priority', 'deadline', 'overrides.voice'], {
        deadline: 'Partial calls until answered; it cannot give up at a deadline',
      }),
      'agents.create': fieldSupport(AGENT_FIELDS),
    },
    statusMap: { QUEUED: 'queued', DONE: 'completed' },
    options: { calls: z.strictObject({ region: z.enum(['eu', 'us']).optional() }) },
    absentOperationHints: { 'agents.create': 'Create agents in the Partial dashboard.' },
    calls: {
      async create(_ctx, input, policy) {
        if (input.language && input.language !== 'en-US')
          policy.unsupported('language', 'Partial speaks en-US only')
        received.push(input)
        return toCall(input, received.length)
      },
      async get(_ctx, vendorId) {
        const n = Number(vendorId.replace('call-', ''))
        const input = received[n - 1]
        if (!input)
          throw new ApiError('not_found', `Partial has no call ${vendorId}`, {
            provider: id,
            upstream: 'rejected',
          })
        return toCall(input, n)
      },
    },
  }
  return { provider, received }
}
