import type { RouteHandler } from '@hono/zod-openapi'
import { mapWithConcurrency } from '../../../providers/kit/concurrency'
import { log } from '../../../providers/kit/log'
import type { BatchEntry, BatchOutcome } from '../../../providers/kit/types'
import { type BatchItem, BatchItemSchema, BatchResultSchema, withLedgerFields } from '../../contract/call'
import { ApiError } from '../../contract/errors'
import { FieldPolicy, handlingFrom } from '../../contract/field-policy'
import type { Problem } from '../../contract/problem'
import { ownedAgent } from '../../ledger/access'
import { placeRecorded } from '../../ledger/record-create'
import type { AppEnv } from '../../lib/app-env'
import { isPortableAgentId, parseId } from '../../lib/ids'
import { validationFailed } from '../../lib/problem-response'
import { providerContext, requireOperation } from '../../lib/provider-access'
import { reservedKeyErrors, reservedKeyProblem } from '../../lib/reserved-keys'
import { parsed, written } from '../../lib/respond'
import { ownedPortable } from '../../routing/portable-agents'
import { type RoutedItem, routeBatchItems } from '../../routing/route-batch'
import { suppressedAmong, suppressedError } from '../../suppressions/store'
import type { createCallBatch } from './calls.routes'
import { prepareCall } from './prepare-call'

type Prepared = { index: number; entry: BatchEntry } | { index: number; error: ApiError }

/** A bug in one item must not hide which others were created: it becomes that item's `internal` error. */
const asApiError = (error: unknown): ApiError => {
  if (error instanceof ApiError) return error
  log('error', {
    msg: 'batch item failed unexpectedly',
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  })
  return new ApiError('internal', 'This item failed on our side; it was not confirmed as created.', {
    upstream: 'ambiguous',
  })
}

/** The batch's numbers the project has suppressed: one lookup for the whole batch. */
const suppressedIn = (c: Parameters<typeof runBatch>[0], calls: unknown[]) =>
  suppressedAmong(
    c.env.DB,
    c.get('principal').project,
    calls.flatMap((raw) => {
      const to = (raw as { to?: unknown } | null)?.to
      return typeof to === 'string' ? [to] : []
    }),
  )

/**
 * POST /v1/calls/batch. Only the envelope can fail the whole request; each item is validated,
 * policed and sent on its own, through the vendor's bulk endpoint where one exists, otherwise
 * fanned out over single creates with bounded concurrency.
 */
export const runBatch: RouteHandler<typeof createCallBatch, AppEnv> = async (c) => {
  const { agentId, calls } = c.req.valid('json')
  const { include } = c.req.valid('query')
  const suppressed = await suppressedIn(c, calls)
  if (isPortableAgentId(agentId)) return routeBatch(c, agentId, calls, include, suppressed)
  const { provider, vendorId } = parseId(c.get('registry'), agentId, 'agent')
  await ownedAgent(c, agentId)
  const nativeBatch = provider.calls?.batch ? requireOperation(provider, 'calls', 'batch', c) : undefined
  const create = nativeBatch ? undefined : requireOperation(provider, 'calls', 'create', c)
  const handling = handlingFrom(c.req.header('prefer'))
  const ctx = providerContext(c)

  const prepared: Prepared[] = calls.map((raw, index) => {
    const item = BatchItemSchema.safeParse(raw)
    if (!item.success) return { index, error: validationFailed(item.error, `item ${index}`) }
    const reserved = reservedKeyErrors(raw)
    if (reserved.length > 0) return { index, error: reservedKeyProblem(reserved) }
    if (suppressed.has(item.data.to)) return { index, error: suppressedError(item.data.to) }
    const policy = new FieldPolicy(handling, provider.name)
    try {
      return { index, entry: { input: prepareCall(c, provider, vendorId, item.data, policy), policy } }
    } catch (error) {
      return { index, error: asApiError(error) }
    }
  })

  const accepted = prepared.flatMap((p) => ('entry' in p ? [p] : []))
  const entries = accepted.map((p) => p.entry)
  const pending = entries.map((entry) => ({
    provider: provider.id,
    agentId,
    to: entry.input.to,
    campaignId: null,
  }))
  const outcomes = (await placeRecorded(c, pending, async () => {
    const placed: BatchOutcome[] = nativeBatch
      ? await nativeBatch(ctx, entries)
      : await mapWithConcurrency(entries, c.get('config').batchConcurrency, async (entry) => {
          try {
            return { call: await (create as NonNullable<typeof create>)(ctx, entry.input, entry.policy) }
          } catch (error) {
            return { error: asApiError(error) }
          }
        })
    if (placed.length !== entries.length) {
      throw new ApiError(
        'internal',
        `The provider answered ${placed.length} results for ${entries.length} calls.`,
        {
          upstream: 'ambiguous',
        },
      )
    }
    return placed
  })) as BatchOutcome[]
  const outcomeByIndex = new Map(
    accepted.map((p, i) => [p.index, { outcome: outcomes[i] as BatchOutcome, policy: p.entry.policy }]),
  )

  const requestId = c.get('requestId')
  const data = prepared.map((p): { index: number; call: unknown } | { index: number; error: Problem } => {
    if ('error' in p) return { index: p.index, error: p.error.toProblem(requestId) }
    const { outcome, policy } = outcomeByIndex.get(p.index) as { outcome: BatchOutcome; policy: FieldPolicy }
    if ('error' in outcome) return { index: p.index, error: outcome.error.toProblem(requestId) }
    return { index: p.index, call: withLedgerFields(written(c, outcome.call, policy, include)) }
  })
  const created = data.filter((d) => 'call' in d).length
  return c.json(parsed(BatchResultSchema, { data, created, failed: data.length - created }), 200)
}

/**
 * A batch with a portable agent: each item is routed on its own (its own candidates, skips and
 * attempts); the items bound for one provider go out together through its bulk path
 * (src/routing/route-batch.ts). One item's failure is that item's Problem, attempts included.
 */
async function routeBatch(
  c: Parameters<typeof runBatch>[0],
  agentId: string,
  calls: unknown[],
  include: 'raw' | undefined,
  suppressed: Set<string>,
) {
  const agent = await ownedPortable(c, agentId)
  const handling = handlingFrom(c.req.header('prefer'))
  const requestId = c.get('requestId')
  const refused = new Map<number, Problem>()
  const routable: { index: number; item: BatchItem }[] = []
  for (const [index, raw] of calls.entries()) {
    const item = BatchItemSchema.safeParse(raw)
    if (!item.success) refused.set(index, validationFailed(item.error, `item ${index}`).toProblem(requestId))
    else if (suppressed.has(item.data.to))
      refused.set(index, suppressedError(item.data.to).toProblem(requestId))
    else routable.push({ index, item: item.data })
  }
  const outcomes = await routeBatchItems(
    c,
    agent,
    routable.map((r) => r.item),
    handling,
  )
  const routedAt = new Map(routable.map((r, i) => [r.index, outcomes[i] as RoutedItem]))
  const data = calls.map((_, index): { index: number; call: unknown } | { index: number; error: Problem } => {
    const problem = refused.get(index)
    if (problem) return { index, error: problem }
    const outcome = routedAt.get(index) as RoutedItem
    if ('error' in outcome) return { index, error: asApiError(outcome.error).toProblem(requestId) }
    return { index, call: withLedgerFields(written(c, outcome.call, outcome.policy, include)) }
  })
  const created = data.filter((d) => 'call' in d).length
  return c.json(parsed(BatchResultSchema, { data, created, failed: data.length - created }), 200)
}
