import { z } from 'zod'
import { decodeCursor, encodeCursor } from '../../src/contract/cursor'
import { MAX_LIST_LIMIT } from './client'

/**
 * Vapi lists have no page or offset: a bare array filtered by `createdAtLe`. The cursor holds the
 * oldest `createdAt` served and the ids served at exactly that instant, so calls sharing a
 * timestamp are neither skipped (as `createdAtLt` would) nor served twice.
 */
const CreatedAtCursor = z.object({
  le: z.string().min(1),
  seen: z.array(z.string()).max(MAX_LIST_LIMIT),
})

export interface Paged<T> {
  items: T[]
  hasMore: boolean
  nextCursor: string | null
}

const time = (item: { createdAt?: string | null }) => Date.parse(item.createdAt ?? '') || 0
/** Newest first; items of one instant by id, so every page orders a tie the same way. */
const newestFirst = (
  a: { id: string; createdAt?: string | null },
  b: { id: string; createdAt?: string | null },
) => time(b) - time(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * One page, newest first, over a list read by `read(limit, createdAtLe)`. Vapi's order is not
 * documented (community answers assume newest first): the answer is sorted here either way. One
 * item more than the page is asked for, to know whether more follow.
 */
export async function createdAtPage<T extends { id: string; createdAt?: string | null }>(
  cursor: string | undefined,
  limit: number,
  read: (limit: number, createdAtLe: string | undefined) => Promise<T[]>,
): Promise<Paged<T>> {
  const from = cursor ? decodeCursor(cursor, CreatedAtCursor) : undefined
  const seen = new Set(from?.seen ?? [])
  const asked = Math.min(limit + 1 + seen.size, MAX_LIST_LIMIT)
  const answer = await read(asked, from?.le)
  const fresh = [...answer].sort(newestFirst).filter((item) => !seen.has(item.id))
  const items = fresh.slice(0, limit)
  // A full answer may hide more behind it even when every item was seen before.
  const hasMore = fresh.length > limit || (answer.length >= asked && items.length > 0)
  const last = items.at(-1)
  if (!hasMore || !last?.createdAt) return { items, hasMore: false, nextCursor: null }
  const le = last.createdAt
  const sameInstant = items.filter((item) => item.createdAt === le).map((item) => item.id)
  const carried = from?.le === le ? [...seen] : []
  return {
    items,
    hasMore: true,
    nextCursor: encodeCursor({ le, seen: [...carried, ...sameInstant].slice(-MAX_LIST_LIMIT + limit + 1) }),
  }
}
