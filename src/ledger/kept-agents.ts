import { z } from 'zod'
import type { AgentStore, KeptAgent } from '../../providers/kit/types'
import { decodeCursor, encodeCursor } from '../contract/cursor'

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

/** The agents Switchboard keeps for providers with no agent object, in one project (migrations/0002). */
export function keptAgentStore(db: D1Database, project: string): AgentStore {
  return {
    async get(provider, id) {
      const row = await db
        .prepare(
          'SELECT id, created_at, updated_at, body FROM kept_agents WHERE project = ? AND provider = ? AND id = ?',
        )
        .bind(project, provider, id)
        .first<Row>()
      return row ? fromRow(row) : null
    },
    async put(provider, agent) {
      await db
        .prepare(
          `INSERT INTO kept_agents (project, provider, id, created_at, updated_at, body) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (project, provider, id) DO UPDATE SET updated_at = excluded.updated_at, body = excluded.body`,
        )
        .bind(
          project,
          provider,
          agent.id,
          Date.parse(agent.createdAt),
          Date.parse(agent.updatedAt),
          JSON.stringify(agent.body),
        )
        .run()
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
