import type { Keyset } from '../ledger/cursor'

/** The D1 row that makes a campaign findable in its project; the rest is in its Durable Object. */
export async function recordCampaign(
  db: D1Database,
  row: { id: string; project: string; name: string; status: string; createdAt: number },
): Promise<void> {
  await db
    .prepare(
      'INSERT INTO campaigns (id, project, name, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .bind(row.id, row.project, row.name, row.status, row.createdAt, row.createdAt)
    .run()
}

export async function campaignProject(db: D1Database, id: string): Promise<string | null> {
  const row = await db
    .prepare('SELECT project FROM campaigns WHERE id = ?')
    .bind(id)
    .first<{ project: string }>()
  return row?.project ?? null
}

export async function setCampaignStatus(db: D1Database, id: string, status: string): Promise<void> {
  await db
    .prepare('UPDATE campaigns SET status = ?, updated_at = ? WHERE id = ?')
    .bind(status, Date.now(), id)
    .run()
}

export async function listCampaignIds(
  db: D1Database,
  project: string,
  limit: number,
  after: Keyset | null,
): Promise<{ id: string; created_at: number }[]> {
  const where = ['project = ?']
  const binds: unknown[] = [project]
  if (after) {
    where.push('(created_at < ? OR (created_at = ? AND id < ?))')
    binds.push(after.t, after.t, after.r)
  }
  const { results } = await db
    .prepare(
      `SELECT id, created_at FROM campaigns WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .bind(...binds, limit)
    .all<{ id: string; created_at: number }>()
  return results
}
