import type { Agent } from '../contract/agent'
import type { Bindings } from '../env'
import { type Keyset, pageOf } from './cursor'
import { forgetOwner, rememberOwner } from './owners'
import { applyOrQueue } from './writes'

export interface AgentRecord {
  ref: string
  project: string
  /** Set on a vendor agent Switchboard deployed for this portable agent. */
  portableId: string | null
}

/** The provider column of a portable agent's row (the Agent itself says `provider: null`). */
export const PORTABLE = 'portable'

/** The vendor's object is kept for `?include=raw` on lists only while it stays small. */
const MAX_RAW_BYTES = 16_000

const stored = (agent: Agent) => {
  const { providerData, warnings: _warnings, ...rest } = agent as Agent & { warnings?: unknown }
  const raw = providerData === undefined ? '' : JSON.stringify(providerData)
  return JSON.stringify(raw.length > 0 && raw.length <= MAX_RAW_BYTES ? { ...rest, providerData } : rest)
}

/** Written before the vendor is asked to create the agent; `portableId` tags one deployed for a portable agent. */
export async function recordPendingAgent(
  db: D1Database,
  project: string,
  ref: string,
  provider: string,
  portableId: string | null = null,
) {
  const now = Date.now()
  await db
    .prepare(
      `INSERT INTO agents (ref, project, provider, state, created_at, updated_at, portable_id) VALUES (?, ?, ?, 'pending', ?, ?, ?)`,
    )
    .bind(ref, project, provider, now, now, portableId)
    .run()
}

export async function completeAgent(
  env: Pick<Bindings, 'DB' | 'LEDGER_OUTBOX'>,
  project: string,
  ref: string,
  agent: Agent,
) {
  const owners = [{ id: agent.id, project }]
  rememberOwner(agent.id, { project, campaignId: null })
  await applyOrQueue(
    env,
    [
      // A vendor id is unique at the vendor: a row still holding it is stale (a vendor that reuses ids).
      { sql: 'DELETE FROM agents WHERE id = ? AND ref <> ?', params: [agent.id, ref] },
      {
        sql: "UPDATE agents SET id = ?, state = 'recorded', updated_at = ?, body = ? WHERE ref = ?",
        params: [agent.id, Date.now(), stored(agent), ref],
      },
    ],
    owners,
  )
}

export async function abandonPendingAgent(db: D1Database, ref: string) {
  await db.prepare('DELETE FROM agents WHERE ref = ?').bind(ref).run()
}

/** Records an agent made outside Switchboard into a project (import). */
export async function recordImportedAgent(db: D1Database, project: string, ref: string, agent: Agent) {
  rememberOwner(agent.id, { project, campaignId: null })
  const now = Date.now()
  await db
    .prepare(
      `INSERT INTO agents (ref, project, id, provider, state, created_at, updated_at, body)
       VALUES (?, ?, ?, ?, 'recorded', ?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    )
    .bind(ref, project, agent.id, agent.provider ?? PORTABLE, now, now, stored(agent))
    .run()
}

export async function findAgent(db: D1Database, id: string): Promise<AgentRecord | null> {
  return db
    .prepare('SELECT ref, project, portable_id AS portableId FROM agents WHERE id = ?')
    .bind(id)
    .first<AgentRecord>()
}

export async function refreshAgent(db: D1Database, agent: Agent) {
  await db
    .prepare('UPDATE agents SET body = ?, updated_at = ? WHERE id = ?')
    .bind(stored(agent), Date.now(), agent.id)
    .run()
}

export async function forgetAgent(db: D1Database, id: string) {
  forgetOwner(id)
  await db.prepare('DELETE FROM agents WHERE id = ?').bind(id).run()
}

/** Newest first, keyset-paged; reads only the ledger. */
export async function listAgents(
  db: D1Database,
  project: string,
  provider: string | undefined,
  allowed: readonly string[] | null,
  limit: number,
  after: Keyset | null,
) {
  // Vendor agents deployed for a portable agent are its business, not the list's.
  const where = ['project = ?', 'id IS NOT NULL', 'portable_id IS NULL']
  const params: (string | number)[] = [project]
  if (provider !== undefined) {
    where.push('provider = ?')
    params.push(provider)
  }
  if (allowed) {
    where.push(`provider IN (${[...allowed, PORTABLE].map(() => '?').join(', ')})`)
    params.push(...allowed, PORTABLE)
  }
  if (after) {
    where.push('(created_at, ref) < (?, ?)')
    params.push(after.t, after.r)
  }
  const { results } = await db
    .prepare(
      `SELECT ref, created_at, body FROM agents WHERE ${where.join(' AND ')} ORDER BY created_at DESC, ref DESC LIMIT ?`,
    )
    .bind(...params, limit + 1)
    .all<{ ref: string; created_at: number; body: string }>()
  return pageOf(
    project,
    results,
    limit,
    (row) => ({ t: row.created_at, r: row.ref }),
    (row) => answerOf(JSON.parse(row.body) as Agent),
  )
}

/** A stored agent as answered: a portable agent's definition as written is the ledger's alone. */
export function answerOf(agent: Agent): Agent {
  if (!('definition' in agent)) return agent
  const { definition: _kept, ...answer } = agent as Agent & { definition: unknown }
  return answer
}
