import { z } from 'zod'
import { decodeCursor, encodeCursor } from '../contract/cursor'
import { ApiError } from '../contract/errors'

/** A keyset position: the last row's sort time and tie-breaking id, and the project that was listed. */
const KeysetSchema = z.object({ p: z.string(), t: z.number(), r: z.string().max(200) })
export type Keyset = { t: number; r: string }

export const keysetCursor = (project: string, at: Keyset): string =>
  encodeCursor({ p: project, t: at.t, r: at.r })

/** A cursor issued to another project names nothing here: 404, as any other project's id would be. */
export function readKeyset(project: string, cursor: string | undefined): Keyset | null {
  if (cursor === undefined) return null
  const state = decodeCursor(cursor, KeysetSchema)
  if (state.p !== project)
    throw new ApiError('not_found', 'This cursor does not belong to a list of this project.')
  return { t: state.t, r: state.r }
}

/** `{ data, hasMore, nextCursor }` from `limit + 1` rows read in list order. */
export function pageOf<R, T>(
  project: string,
  rows: R[],
  limit: number,
  position: (row: R) => Keyset,
  toItem: (row: R) => T,
) {
  const hasMore = rows.length > limit
  const kept = rows.slice(0, limit)
  const last = kept.at(-1)
  return {
    data: kept.map(toItem),
    hasMore,
    nextCursor: hasMore && last ? keysetCursor(project, position(last)) : null,
  }
}
