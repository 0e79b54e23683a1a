import { DurableObject } from 'cloudflare:workers'
import type { Bindings } from '../../src/env'
import type { CallStatus } from '../../src/schemas/call'
import { nextOpening } from './business-hours'
import type { SandboxAgentFields, SandboxAgentRecord, SandboxCallRecord, SandboxCallRequest } from './records'
import { planCall, stateAt } from './timeline'

export type PlaceResult =
  | { call: SandboxCallRecord }
  | { error: { code: 'agent_not_found' | 'agent_disabled' | 'no_opening'; message: string } }
export type CancelResult = { call: SandboxCallRecord } | { notFound: true } | { conflict: CallStatus }

interface Page<T> {
  items: T[]
  hasMore: boolean
}

/**
 * The sandbox vendor's storage: agents and calls in SQLite. One instance serializes every write,
 * so ids are strictly ordered and a cancel can never race a status read.
 */
export class SandboxStore extends DurableObject<Bindings> {
  private lastMs = 0
  private seq = 0

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env)
    ctx.storage.sql.exec(`
      CREATE TABLE IF NOT EXISTS agents (id TEXT PRIMARY KEY, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS calls (id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, body TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS calls_by_agent ON calls (agent_id, id);
    `)
  }

  /** Time-ordered ids: newest-first lists are plain descending id order. */
  private newId(): string {
    const now = Date.now()
    this.seq = now === this.lastMs ? this.seq + 1 : 0
    this.lastMs = now
    const random = crypto.getRandomValues(new Uint8Array(4))
    return `${now.toString(36).padStart(9, '0')}${this.seq.toString(36).padStart(3, '0')}${Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('')}`
  }

  createAgent(fields: SandboxAgentFields): SandboxAgentRecord {
    const now = new Date().toISOString()
    const record: SandboxAgentRecord = { ...fields, id: this.newId(), createdAt: now, updatedAt: now }
    this.ctx.storage.sql.exec(
      'INSERT INTO agents (id, body) VALUES (?, ?)',
      record.id,
      JSON.stringify(record),
    )
    return record
  }

  getAgent(id: string): SandboxAgentRecord | null {
    const row = this.ctx.storage.sql
      .exec<{ body: string }>('SELECT body FROM agents WHERE id = ?', id)
      .toArray()[0]
    return row ? (JSON.parse(row.body) as SandboxAgentRecord) : null
  }

  listAgents(limit: number, before: string | null): Page<SandboxAgentRecord> {
    const rows = this.ctx.storage.sql
      .exec<{ body: string }>(
        'SELECT body FROM agents WHERE id < ? ORDER BY id DESC LIMIT ?',
        before ?? '\uffff',
        limit + 1,
      )
      .toArray()
    return { items: rows.slice(0, limit).map((r) => JSON.parse(r.body)), hasMore: rows.length > limit }
  }

  /** Applies the fields given; `undefined` leaves a field as it is. */
  updateAgent(id: string, patch: Partial<SandboxAgentFields>): SandboxAgentRecord | null {
    const current = this.getAgent(id)
    if (!current) return null
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
    const record: SandboxAgentRecord = { ...current, ...defined, updatedAt: new Date().toISOString() }
    this.ctx.storage.sql.exec('UPDATE agents SET body = ? WHERE id = ?', JSON.stringify(record), id)
    return record
  }

  deleteAgent(id: string): boolean {
    return this.ctx.storage.sql.exec('DELETE FROM agents WHERE id = ?', id).rowsWritten > 0
  }

  /** Places calls for one agent; each succeeds or fails on its own. */
  placeCalls(agentId: string, requests: SandboxCallRequest[], scale: number): PlaceResult[] {
    const agent = this.getAgent(agentId)
    return requests.map((request): PlaceResult => {
      if (!agent) return { error: { code: 'agent_not_found', message: `No sandbox agent ${agentId}` } }
      if (!agent.enabled)
        return { error: { code: 'agent_disabled', message: `Sandbox agent ${agentId} is disabled` } }
      const now = Date.now()
      const scheduledAt = request.scheduledAt ? Date.parse(request.scheduledAt) : null
      let dialAt = Math.max(now, scheduledAt ?? now)
      let waitReason: 'scheduled_at' | 'business_hours' | null =
        scheduledAt !== null && scheduledAt > now ? 'scheduled_at' : null
      if (agent.schedule) {
        // Business hours are read in the callee's zone when the call names one.
        const opening = nextOpening(agent.schedule, request.timezone ?? agent.schedule.timezone, dialAt)
        if (opening === null) {
          return {
            error: {
              code: 'no_opening',
              message: "The agent's schedule has no window open in the next 7 days",
            },
          }
        }
        if (opening > dialAt) waitReason = 'business_hours'
        dialAt = opening
      }
      const id = this.newId()
      const record: SandboxCallRecord = {
        id,
        agentId,
        request,
        agent: {
          prompt: agent.prompt,
          firstMessage: agent.firstMessage,
          variables: agent.variables,
          webhookUrl: agent.webhookUrl,
        },
        createdAt: new Date(now).toISOString(),
        plan: planCall({
          id,
          to: request.to,
          dialAt,
          waitReason,
          deadline: request.deadline ? Date.parse(request.deadline) : null,
          maxDurationSeconds: request.maxDurationSeconds ?? null,
          scale,
        }),
        canceledAt: null,
      }
      this.ctx.storage.sql.exec(
        'INSERT INTO calls (id, agent_id, body) VALUES (?, ?, ?)',
        id,
        agentId,
        JSON.stringify(record),
      )
      return { call: record }
    })
  }

  getCall(id: string): SandboxCallRecord | null {
    const row = this.ctx.storage.sql
      .exec<{ body: string }>('SELECT body FROM calls WHERE id = ?', id)
      .toArray()[0]
    return row ? (JSON.parse(row.body) as SandboxCallRecord) : null
  }

  /** Newest first. Status is derived from time, so filtering by it reads on until the page is full. */
  listCalls(query: {
    limit: number
    before: string | null
    agentId: string | null
    status: CallStatus | null
  }): Page<SandboxCallRecord> {
    const now = Date.now()
    const items: SandboxCallRecord[] = []
    let before = query.before ?? '\uffff'
    const chunk = Math.max(query.limit + 1, 100)
    for (;;) {
      const rows = query.agentId
        ? this.ctx.storage.sql
            .exec<{ id: string; body: string }>(
              'SELECT id, body FROM calls WHERE agent_id = ? AND id < ? ORDER BY id DESC LIMIT ?',
              query.agentId,
              before,
              chunk,
            )
            .toArray()
        : this.ctx.storage.sql
            .exec<{ id: string; body: string }>(
              'SELECT id, body FROM calls WHERE id < ? ORDER BY id DESC LIMIT ?',
              before,
              chunk,
            )
            .toArray()
      for (const row of rows) {
        const record = JSON.parse(row.body) as SandboxCallRecord
        if (query.status && stateAt(record, now).status !== query.status) continue
        items.push(record)
        if (items.length > query.limit) return { items: items.slice(0, query.limit), hasMore: true }
      }
      if (rows.length < chunk) return { items, hasMore: false }
      before = (rows[rows.length - 1] as { id: string }).id
    }
  }

  /** Withdraws a call not yet connected, hangs up a live one; an ended call is a conflict and stays as it is. */
  cancelCall(id: string): CancelResult {
    const record = this.getCall(id)
    if (!record) return { notFound: true }
    const now = Date.now()
    const state = stateAt(record, now)
    if (state.endedAt !== null) return { conflict: state.status }
    const canceled: SandboxCallRecord = { ...record, canceledAt: new Date(now).toISOString() }
    this.ctx.storage.sql.exec('UPDATE calls SET body = ? WHERE id = ?', JSON.stringify(canceled), id)
    return { call: canceled }
  }
}
