import type { Page } from '../../src/contract/common'
import { decodeCursor, encodeCursor, OffsetCursor } from '../../src/contract/cursor'

/** Where an offset-paged vendor list resumes: the start without a cursor. */
export const offsetFrom = (cursor: string | undefined): number =>
  cursor ? decodeCursor(cursor, OffsetCursor).offset : 0

/**
 * One page of an offset-paged vendor list: `read` items from `offset` of `total`. More follows only
 * while the page read something, so a vendor whose total runs ahead of its items cannot loop a client.
 */
export function offsetPage<T>(data: T[], offset: number, read: number, total: number): Page<T> {
  const next = offset + read
  const hasMore = read > 0 && next < total
  return { data, hasMore, nextCursor: hasMore ? encodeCursor({ offset: next }) : null }
}
