import { mapWithConcurrency } from '../../src/lib/concurrency'
import { ApiError } from '../../src/lib/errors'
import type { BatchEntry, BatchOutcome } from '../types'
import type { DashaClient } from './client'
import { fromVendorCall, toVendorCall } from './map-call'
import type { DashaCallRequest } from './vendor'

/** Items per bulk request, as the community CLI sends them. */
export const BULK_CHUNK_SIZE = 100

/**
 * Fields a bulk item can carry. The vendor's bulk page lists overrideOutboundConfig too, but a
 * third-party client omits it (unconfirmed): until confirmed, an item with a caller id goes through
 * the single endpoint, whose documented answer echoes the override, so a caller id is never lost.
 */
export const BULK_ITEM_FIELDS: ReadonlySet<string> = new Set([
  'endpoint',
  'additionalData',
  'priority',
  'callDeadline',
  'timezone',
])

const fitsBulk = (request: DashaCallRequest) => Object.keys(request).every((key) => BULK_ITEM_FIELDS.has(key))

/** A fault in our own code still reports the item as failed, not as created. */
const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError
    ? error
    : new ApiError('internal', 'This item failed on our side; it was not confirmed as created.', {
        provider: 'dasha',
        upstream: 'ambiguous',
      })

interface Pending {
  index: number
  request: DashaCallRequest
}

/**
 * Places a batch through Dasha's bulk endpoint in chunks, and items the bulk schema cannot carry
 * through the single endpoint. Outcomes stay in entry order; a chunk Dasha refuses fails exactly
 * its own items, and chunks already created stay created.
 */
export async function batchCalls(
  client: DashaClient,
  entries: BatchEntry[],
  concurrency: number,
  now: () => number,
): Promise<BatchOutcome[]> {
  const outcomes = new Array<BatchOutcome>(entries.length)
  const bulk: Pending[] = []
  const single: Pending[] = []
  entries.forEach((entry, index) => {
    try {
      const request = toVendorCall(entry.input, entry.policy)
      ;(fitsBulk(request) ? bulk : single).push({ index, request })
    } catch (error) {
      outcomes[index] = { error: asApiError(error) }
    }
  })
  const agentId = entries[0]?.input.agentVendorId ?? ''

  for (let start = 0; start < bulk.length; start += BULK_CHUNK_SIZE) {
    const chunk = bulk.slice(start, start + BULK_CHUNK_SIZE)
    try {
      const calls = await client.createCalls(
        agentId,
        chunk.map((item) => item.request),
      )
      if (calls.length !== chunk.length) {
        throw new ApiError(
          'provider_error',
          `Dasha BlackBox answered ${calls.length} calls for ${chunk.length} sent; these calls may have been created.`,
          { provider: 'dasha', upstream: 'ambiguous' },
        )
      }
      const at = now()
      chunk.forEach((item, i) => {
        outcomes[item.index] = { call: fromVendorCall(calls[i] as (typeof calls)[number], undefined, at) }
      })
    } catch (error) {
      const failure = asApiError(error)
      for (const item of chunk) outcomes[item.index] = { error: failure }
    }
  }

  await mapWithConcurrency(single, concurrency, async (item) => {
    try {
      outcomes[item.index] = {
        call: fromVendorCall(await client.createCall(agentId, item.request), undefined, now()),
      }
    } catch (error) {
      outcomes[item.index] = { error: asApiError(error) }
    }
  })
  return outcomes
}
