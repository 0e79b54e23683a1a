import { z } from 'zod'
import { decodeCursor, encodeCursor } from '../../src/contract/cursor'

/**
 * Paging over a vendor list that has no page or offset, only a bare array filtered by
 * `createdAt <= le` (Vapi's `createdAtLe`). The cursor holds the oldest `createdAt` served and the
 * ids served at exactly that instant, so items sharing a timestamp are neither skipped (as a strict
 * `<` would) nor served twice.
 */

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
 * The pager for a vendor answering at most `maxAnswer` items a read: one page, newest first, over
 * a list read by `read(limit, createdAtLe)`. The vendor's order need not be documented (Vapi's is
 * not): the answer is sorted here either way. One item more than the page is asked for, to know
 * whether more follow.
 */
export function createdAtPager(maxAnswer: number) {
  const cursorSchema = z.object({ le: z.string().min(1), seen: z.array(z.string()).max(maxAnswer) })
  return <T extends { id: string; createdAt?: string | null }>(
    cursor: string | undefined,
    limit: number,
    read: (limit: number, createdAtLe: string | undefined) => Promise<T[]>,
  ): Promise<Paged<T>> => createdAtPage(cursorSchema, maxAnswer, cursor, limit, read)
}

async function createdAtPage<T extends { id: string; createdAt?: string | null }>(
  cursorSchema: z.ZodType<{ le: string; seen: string[] }>,
  maxAnswer: number,
  cursor: string | undefined,
  limit: number,
  read: (limit: number, createdAtLe: string | undefined) => Promise<T[]>,
): Promise<Paged<T>> {
  const from = cursor ? decodeCursor(cursor, cursorSchema) : undefined
  const seen = new Set(from?.seen ?? [])
  const asked = Math.min(limit + 1 + seen.size, maxAnswer)
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
    nextCursor: encodeCursor({ le, seen: [...carried, ...sameInstant].slice(-maxAnswer + limit + 1) }),
  }
}
