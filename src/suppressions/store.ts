import { ApiError } from '../contract/errors'
import type { Keyset } from '../ledger/cursor'

export interface SuppressionRow {
  number: string
  reason: string | null
  created_at: number
}

/** Adds numbers in one statement (D1 caps bound parameters, so the list travels as one JSON value). */
export async function addSuppressions(
  db: D1Database,
  project: string,
  numbers: string[],
  reason: string | null,
  now = Date.now(),
): Promise<number> {
  const result = await db
    .prepare(
      'INSERT OR IGNORE INTO suppressions (project, number, reason, created_at) SELECT ?1, value, ?2, ?3 FROM json_each(?4)',
    )
    .bind(project, reason, now, JSON.stringify(numbers))
    .run()
  return result.meta.changes
}

export async function listSuppressions(
  db: D1Database,
  project: string,
  number: string | undefined,
  limit: number,
  after: Keyset | null,
): Promise<SuppressionRow[]> {
  const where = ['project = ?']
  const binds: unknown[] = [project]
  if (number !== undefined) {
    where.push('number = ?')
    binds.push(number)
  }
  if (after) {
    where.push('(created_at < ? OR (created_at = ? AND number < ?))')
    binds.push(after.t, after.t, after.r)
  }
  const { results } = await db
    .prepare(
      `SELECT number, reason, created_at FROM suppressions WHERE ${where.join(' AND ')} ORDER BY created_at DESC, number DESC LIMIT ?`,
    )
    .bind(...binds, limit)
    .all<SuppressionRow>()
  return results
}

export async function removeSuppression(db: D1Database, project: string, number: string): Promise<boolean> {
  const result = await db
    .prepare('DELETE FROM suppressions WHERE project = ? AND number = ?')
    .bind(project, number)
    .run()
  return result.meta.changes > 0
}

/** Which of these numbers the project has suppressed. */
export async function suppressedAmong(
  db: D1Database,
  project: string,
  numbers: string[],
): Promise<Set<string>> {
  const unique = [...new Set(numbers)]
  if (unique.length === 0) return new Set()
  const { results } = await db
    .prepare(
      'SELECT number FROM suppressions WHERE project = ?1 AND number IN (SELECT value FROM json_each(?2))',
    )
    .bind(project, JSON.stringify(unique))
    .all<{ number: string }>()
  return new Set(results.map((r) => r.number))
}

export const suppressedError = (number: string) =>
  new ApiError('suppressed', `${number} is on this project's suppression list; it was not called.`, {
    errors: [{ path: 'to', message: 'suppressed' }],
  })
