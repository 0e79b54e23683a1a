import { z } from 'zod'
import type { AgentStore, KeptAgent } from '../../providers/kit/types'
import { decodeCursor, encodeCursor } from '../contract/cursor'
import { ulid } from '../lib/ulid'

interface Row {
  id: string
  created_at: number
  updated_at: number
  body: string
}

const fromRow = (row: Row): KeptAgent => ({
  id: row.id,
  body: JSON.parse(row.body) as Record<string, unknown>,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
})

const KeptCursor = z.object({ t: z.number().int(), i: z.string().min(1).max(64) })

/** The agents Switchboard keeps for providers with no agent object, in one project (migrations/0003). */
export function keptAgentStore(db: D1Database, project: string): AgentStore {
  const get = async (provider: string, id: string) => {
    const row = await db
      .prepare(
        'SELECT id, created_at, updated_at, body FROM kept_agents WHERE project = ? AND provider = ? AND id = ?',
      )
      .bind(project, provider, id)
      .first<Row>()
    return row ? fromRow(row) : null
  }
  return {
    get,
    async create(provider, body) {
      const now = Date.now()
      const row: Row = { id: ulid(now), created_at: now, updated_at: now, body: JSON.stringify(body) }
      await db
        .prepare(
          'INSERT INTO kept_agents (project, provider, id, created_at, updated_at, body) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .bind(project, provider, row.id, row.created_at, row.updated_at, row.body)
        .run()
      return fromRow(row)
    },
    async update(provider, id, body) {
      const result = await db
        .prepare(
          'UPDATE kept_agents SET body = ?, updated_at = ? WHERE project = ? AND provider = ? AND id = ?',
        )
        .bind(JSON.stringify(body), Date.now(), project, provider, id)
        .run()
      return (result.meta.changes ?? 0) > 0 ? get(provider, id) : null
    },
    async delete(provider, id) {
      const result = await db
        .prepare('DELETE FROM kept_agents WHERE project = ? AND provider = ? AND id = ?')
        .bind(project, provider, id)
        .run()
      return (result.meta.changes ?? 0) > 0
    },
    async list(provider, { limit, cursor }) {
      const after = cursor ? decodeCursor(cursor, KeptCursor) : null
      const { results } = await db
        .prepare(
          `SELECT id, created_at, updated_at, body FROM kept_agents WHERE project = ? AND provider = ?
           ${after ? 'AND (created_at, id) < (?, ?)' : ''} ORDER BY created_at DESC, id DESC LIMIT ?`,
        )
        .bind(project, provider, ...(after ? [after.t, after.i] : []), limit + 1)
        .all<Row>()
      const rows = results.slice(0, limit)
      const last = rows.at(-1)
      const hasMore = results.length > limit && last !== undefined
      return {
        data: rows.map(fromRow),
        hasMore,
        nextCursor: hasMore && last ? encodeCursor({ t: last.created_at, i: last.id }) : null,
      }
    },
  }
}
