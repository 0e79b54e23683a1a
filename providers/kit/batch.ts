import type { Call } from '../../src/contract/call'
import { ApiError } from '../../src/contract/errors'
import { mapWithConcurrency } from './concurrency'
import type { BatchEntry, BatchOutcome } from './types'
import type { Vendor } from './vendor'

/** A fault in our own code still reports the item as failed, not as created. */
const asItemError = (vendor: Pick<Vendor, 'id'>, error: unknown): ApiError =>
  error instanceof ApiError
    ? error
    : new ApiError('internal', 'This item failed on our side; it was not confirmed as created.', {
        provider: vendor.id,
        upstream: 'ambiguous',
      })

export interface ChunkedBatch<Request, Answer> {
  vendor: Pick<Vendor, 'id' | 'name'>
  /** The vendor body of one entry; a refusal fails that item alone, before anything is sent. */
  toRequest(entry: BatchEntry): Request
  /** One bulk request: the vendor answers one item per request, in order. */
  send(requests: Request[]): Promise<Answer[]>
  toCall(answer: Answer, request: Request): Call
  chunkSize: number
  /** Chunks in flight at once. */
  concurrency: number
  /** Requests the bulk endpoint cannot carry, placed one by one instead. */
  single?: { fits(request: Request): boolean; send(request: Request): Promise<Answer>; concurrency: number }
}

/**
 * A vendor's bulk endpoint in chunks, outcomes in entry order. A chunk the vendor refuses (or
 * answers with the wrong count) fails exactly its own items; chunks already created stay created.
 */
export async function chunkedBatch<Request, Answer>(
  entries: BatchEntry[],
  plan: ChunkedBatch<Request, Answer>,
): Promise<BatchOutcome[]> {
  const outcomes = new Array<BatchOutcome>(entries.length)
  const bulk: { index: number; request: Request }[] = []
  const single: { index: number; request: Request }[] = []
  entries.forEach((entry, index) => {
    try {
      const request = plan.toRequest(entry)
      ;(plan.single && !plan.single.fits(request) ? single : bulk).push({ index, request })
    } catch (error) {
      outcomes[index] = { error: asItemError(plan.vendor, error) }
    }
  })
  const chunks = Array.from({ length: Math.ceil(bulk.length / plan.chunkSize) }, (_, i) =>
    bulk.slice(i * plan.chunkSize, (i + 1) * plan.chunkSize),
  )
  await mapWithConcurrency(chunks, plan.concurrency, async (chunk) => {
    try {
      const answers = await plan.send(chunk.map((item) => item.request))
      if (answers.length !== chunk.length) {
        throw new ApiError(
          'provider_error',
          `${plan.vendor.name} answered ${answers.length} calls for ${chunk.length} sent; these calls may have been created.`,
          { provider: plan.vendor.id, upstream: 'ambiguous' },
        )
      }
      chunk.forEach((item, i) => {
        outcomes[item.index] = { call: plan.toCall(answers[i] as Answer, item.request) }
      })
    } catch (error) {
      const failure = asItemError(plan.vendor, error)
      for (const item of chunk) outcomes[item.index] = { error: failure }
    }
  })
  const one = plan.single
  if (one) {
    await mapWithConcurrency(single, one.concurrency, async (item) => {
      try {
        outcomes[item.index] = { call: plan.toCall(await one.send(item.request), item.request) }
      } catch (error) {
        outcomes[item.index] = { error: asItemError(plan.vendor, error) }
      }
    })
  }
  return outcomes
}
