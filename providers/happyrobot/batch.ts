import { mapWithConcurrency } from '../../src/lib/concurrency'
import { ApiError } from '../../src/lib/errors'
import type { BatchEntry, BatchOutcome, ProviderContext } from '../types'
import { happyRobotClient } from './client'
import { fromDialAnswer, toDialRequest } from './map'
import type { DialRequest } from './vendor'

/** HappyRobot documents no size limit for /dial/outbound-batched (unconfirmed): keep each request modest. */
export const BATCH_CHUNK_SIZE = 100

type Prepared = { index: number; request: DialRequest }

const chunksOf = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size))

/**
 * POST /dial/outbound-batched in chunks, results in entry order. An item the mapping refuses fails
 * alone before anything is sent; a chunk the vendor refuses fails its own items only.
 */
export async function dialBatch(ctx: ProviderContext, entries: BatchEntry[]): Promise<BatchOutcome[]> {
  const outcomes = new Array<BatchOutcome>(entries.length)
  const prepared: Prepared[] = []
  entries.forEach((entry, index) => {
    try {
      prepared.push({ index, request: toDialRequest(entry.input, entry.policy) })
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      outcomes[index] = { error }
    }
  })

  const client = happyRobotClient(ctx)
  await mapWithConcurrency(
    chunksOf(prepared, BATCH_CHUNK_SIZE),
    ctx.config.batchConcurrency,
    async (chunk) => {
      try {
        const answers = await client.dialBatch(chunk.map((item) => item.request))
        if (answers.length !== chunk.length) {
          throw new ApiError(
            'provider_error',
            `HappyRobot answered ${answers.length} calls for ${chunk.length} requests, so which were placed is unknown.`,
            { provider: 'happyrobot', upstream: 'ambiguous' },
          )
        }
        // The vendor answers in request order (its stubs carry no phone number to match on).
        chunk.forEach((item, i) => {
          outcomes[item.index] = {
            call: fromDialAnswer(answers[i] as (typeof answers)[number], item.request),
          }
        })
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
        for (const item of chunk) outcomes[item.index] = { error }
      }
    },
  )
  return outcomes
}
