import type { Agent } from '../contract/agent'
import { PORTABLE } from './agents'

/** A portable agent as kept in the ledger: the Agent answer, definition, targets and deployments. */
export interface PortableRecord {
  project: string
  agent: Agent
}

export async function insertPortable(db: D1Database, project: string, agent: Agent): Promise<void> {
  const now = Date.now()
  await db
    .prepare(
      `INSERT INTO agents (ref, project, id, provider, state, created_at, updated_at, body)
       VALUES (?, ?, ?, ?, 'recorded', ?, ?, ?)`,
    )
    .bind(agent.id, project, agent.id, PORTABLE, now, now, JSON.stringify(agent))
    .run()
}

export async function readPortable(db: D1Database, id: string): Promise<PortableRecord | null> {
  const row = await db
    .prepare('SELECT project, body FROM agents WHERE id = ? AND provider = ?')
    .bind(id, PORTABLE)
    .first<{ project: string; body: string }>()
  return row ? { project: row.project, agent: JSON.parse(row.body) as Agent } : null
}

export async function savePortable(db: D1Database, agent: Agent): Promise<void> {
  await db
    .prepare('UPDATE agents SET body = ?, updated_at = ? WHERE id = ? AND provider = ?')
    .bind(JSON.stringify(agent), Date.now(), agent.id, PORTABLE)
    .run()
}

/** The definition and every ledger row of the vendor agents deployed for it. */
export async function deletePortable(db: D1Database, id: string): Promise<void> {
  await db.batch([
    db.prepare('DELETE FROM agents WHERE portable_id = ?').bind(id),
    db.prepare('DELETE FROM agents WHERE id = ? AND provider = ?').bind(id, PORTABLE),
  ])
}
