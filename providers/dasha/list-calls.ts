import { z } from 'zod'
import type { Call, CallStatus } from '../../src/contract/call'
import type { Page } from '../../src/contract/common'
import { decodeCursor, encodeCursor } from '../../src/contract/cursor'
import type { CallListQuery } from '../kit/types'
import { fromCallResult, fromVendorCall } from './calls'
import { QUEUE_STATUS_PARAM, type VendorApi } from './client'

/**
 * Dasha keeps calls in two places: the queue (calls still to be placed, skip/take) and the call
 * results (finished calls, page/size). A listing walks the queue first, then the results. Which
 * statuses each holds is inferred from the docs ("current calls queue", "call history"): unconfirmed.
 */
export const QUEUE_STATUSES = ['Created', 'Pending', 'Queued', 'Running']
export const HISTORY_STATUSES = ['Completed', 'Failed', 'Canceled', 'Unknown']

const ListCursor = z.object({ phase: z.enum(['queue', 'history']), offset: z.number().int().min(0) })
type Phase = z.infer<typeof ListCursor>['phase']

/** The Dasha statuses a unified status can come from (busy and no_answer are failed calls with a reason). */
const SOURCES: Record<CallStatus, string[]> = {
  scheduled: ['Created', 'Pending'],
  queued: ['Created', 'Pending', 'Queued'],
  ringing: [],
  in_progress: ['Running'],
  completed: ['Completed'],
  failed: ['Failed'],
  busy: ['Failed'],
  no_answer: ['Failed'],
  voicemail: [],
  canceled: ['Canceled'],
  unknown: ['Unknown'],
}

interface Slice {
  calls: Call[]
  /** Vendor items read, before the status filter. */
  read: number
  total: number
}

export async function listCalls(client: VendorApi, query: CallListQuery, now: number): Promise<Page<Call>> {
  const { limit, agentVendorId, status } = query
  const wanted = status ? SOURCES[status] : undefined
  const queueStatuses = wanted ? QUEUE_STATUSES.filter((s) => wanted.includes(s)) : []
  const historyStatuses = wanted ? HISTORY_STATUSES.filter((s) => wanted.includes(s)) : HISTORY_STATUSES
  const phases: Phase[] = [
    ...(!wanted || queueStatuses.length ? (['queue'] as const) : []),
    ...(historyStatuses.length ? (['history'] as const) : []),
  ]
  const start = query.cursor ? decodeCursor(query.cursor, ListCursor) : undefined
  const phase = start?.phase ?? phases[0]
  if (!phase || !phases.includes(phase)) return { data: [], hasMore: false, nextCursor: null }

  const readQueue = async (offset: number, count: number): Promise<Slice> => {
    const page = await client.listQueue({
      query: {
        skip: offset,
        take: count,
        agentId: agentVendorId || undefined,
        [QUEUE_STATUS_PARAM]: queueStatuses,
      },
    })
    return {
      calls: page.calls.map((call) => fromVendorCall(call, undefined, now)),
      read: page.calls.length,
      total: page.total,
    }
  }

  /** Items [offset, offset + count) of the results, from at most two pages of size `count`. */
  const readHistory = async (offset: number, count: number): Promise<Slice> => {
    const first = Math.floor(offset / count)
    const last = Math.floor((offset + count - 1) / count)
    const results = []
    let total = 0
    for (let page = first; page <= last; page++) {
      const answer = await client.searchResults({
        body: {
          page,
          size: count,
          ...(agentVendorId ? { agentIds: [agentVendorId] } : {}),
          callStatuses: historyStatuses,
        },
      })
      results.push(...answer.results)
      total = answer.totalCount
      if (answer.results.length < count) break
    }
    const skip = offset - first * count
    const slice = results.slice(skip, skip + count)
    return { calls: slice.map((result) => fromCallResult(result, now)), read: slice.length, total }
  }

  const keep = (calls: Call[]) => (status ? calls.filter((call) => call.status === status) : calls)
  const offset = start?.offset ?? 0

  if (phase === 'history') {
    const page = await readHistory(offset, limit)
    const next = offset + page.read
    const hasMore = page.read > 0 && next < page.total
    return {
      data: keep(page.calls),
      hasMore,
      nextCursor: hasMore ? encodeCursor({ phase, offset: next }) : null,
    }
  }

  const queue = await readQueue(offset, limit)
  const next = offset + queue.read
  if (queue.read > 0 && next < queue.total) {
    return { data: keep(queue.calls), hasMore: true, nextCursor: encodeCursor({ phase, offset: next }) }
  }
  if (!phases.includes('history')) return { data: keep(queue.calls), hasMore: false, nextCursor: null }
  // The queue ran out on this page: fill it from the results (reading one to learn whether any exist).
  const room = limit - queue.read
  const history = await readHistory(0, Math.max(room, 1))
  const taken = history.calls.slice(0, room)
  const hasMore = history.total > room
  return {
    data: keep([...queue.calls, ...taken]),
    hasMore,
    nextCursor: hasMore ? encodeCursor({ phase: 'history', offset: room }) : null,
  }
}
