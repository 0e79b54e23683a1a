import { DurableObject } from 'cloudflare:workers'
import type { CallStatus } from '../../src/contract/call'
import type { DeliveryMessage, EventType } from '../../src/contract/events'
import { mapWithConcurrency } from '../kit/concurrency'
import { DEAD_LETTERS, type DeadLetterRecorder } from '../kit/dead-letters'
import { fitForQueue } from '../kit/fit'
import { log } from '../kit/log'
import { nextOpening } from './business-hours'
import { planCall, stateAt } from './timeline'
import { renderLines } from './transcript'
import type { SandboxAgentFields, SandboxAgentRecord, SandboxCallRecord, SandboxCallRequest } from './vendor'
import { type PlannedEvent, plannedEvents, sandboxEvent } from './webhooks'

export type PlaceResult =
  | { call: SandboxCallRecord }
  | {
      error: {
        code: 'agent_not_found' | 'agent_disabled' | 'no_opening' | 'template_too_long'
        message: string
        /** The request field at fault, for a template that renders too long. */
        field?: string
      }
    }
export type CancelResult = { call: SandboxCallRecord } | { notFound: true } | { conflict: CallStatus }

/** Queue sends in flight at once while an alarm sends what is due. */
const PARALLEL_SENDS = 8

/** The bindings the simulator uses: it hands its due events to the delivery queue, else to the dead letters. */
export interface SandboxBindings {
  WEBHOOK_QUEUE: Queue<DeliveryMessage>
  WEBHOOKS: DurableObjectNamespace
}

interface Page<T> {
  items: T[]
  hasMore: boolean
}

/**
 * The sandbox vendor's storage: agents and calls in SQLite. One instance serializes every write,
 * so ids are strictly ordered and a cancel can never race a status read.
 */
export class SandboxStore extends DurableObject<SandboxBindings> {
  private lastMs = 0
  private seq = 0

  constructor(ctx: DurableObjectState, env: SandboxBindings) {
    super(ctx, env)
    ctx.storage.sql.exec(`
      CREATE TABLE IF NOT EXISTS agents (id TEXT PRIMARY KEY, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS calls (id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, body TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS calls_by_agent ON calls (agent_id, id);
      CREATE TABLE IF NOT EXISTS call_events (call_id TEXT NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL,
        destination TEXT NOT NULL, PRIMARY KEY (call_id, type));
      CREATE INDEX IF NOT EXISTS call_events_by_time ON call_events (at);
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

  /**
   * Places calls for one agent; each succeeds or fails on its own. A call with a webhook destination
   * (its own, else the agent's, else `defaultWebhookUrl`) gets its events planned as it is placed.
   */
  async placeCalls(
    agentId: string,
    requests: SandboxCallRequest[],
    scale: number,
    defaultWebhookUrl: string | null = null,
  ): Promise<PlaceResult[]> {
    const agent = this.getAgent(agentId)
    const results = requests.map((request): PlaceResult => {
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
      const snapshot = {
        prompt: agent.prompt,
        firstMessage: agent.firstMessage,
        variables: agent.variables,
        webhookUrl: agent.webhookUrl,
      }
      const rendered = renderLines({ agent: snapshot, request })
      if ('tooLong' in rendered) {
        return { error: { code: 'template_too_long', ...rendered.tooLong } }
      }
      const id = this.newId()
      const record: SandboxCallRecord = {
        id,
        agentId,
        request,
        agent: snapshot,
        rendered: rendered.lines,
        createdAt: new Date(now).toISOString(),
        plan: planCall({
          id,
          to: request.to,
          dialAt,
          waitReason,
          deadline: request.deadline ? Date.parse(request.deadline) : null,
          maxDurationSeconds: request.maxDurationSeconds ?? agent.maxDurationSeconds,
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
      const destination = request.webhookUrl ?? agent.webhookUrl ?? defaultWebhookUrl
      if (destination) this.planEvents(id, plannedEvents(record), destination)
      return { call: record }
    })
    await this.wakeForNextEvent()
    return results
  }

  getCall(id: string): SandboxCallRecord | null {
    const row = this.ctx.storage.sql
      .exec<{ body: string }>('SELECT body FROM calls WHERE id = ?', id)
      .toArray()[0]
    return row ? (JSON.parse(row.body) as SandboxCallRecord) : null
  }

  /**
   * The call a routed create made, by the attempt reference in its metadata or variables. Every
   * create is written here before it returns, so a miss proves no such call exists.
   */
  findCallByRef(key: string, ref: string, to: string, after: number): SandboxCallRecord | null {
    const rows = this.ctx.storage.sql
      .exec<{ body: string }>(
        `SELECT body FROM calls WHERE json_extract(body, '$.request.metadata.' || ?) = ?
           OR json_extract(body, '$.request.variables.' || ?) = ?`,
        key,
        ref,
        key,
        ref,
      )
      .toArray()
    const records = rows.map((row) => JSON.parse(row.body) as SandboxCallRecord)
    return records.find((r) => r.request.to === to && Date.parse(r.createdAt) >= after - 1_000) ?? null
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
  async cancelCall(id: string): Promise<CancelResult> {
    const record = this.getCall(id)
    if (!record) return { notFound: true }
    const now = Date.now()
    const state = stateAt(record, now)
    if (state.endedAt !== null) return { conflict: state.status }
    const canceled: SandboxCallRecord = { ...record, canceledAt: new Date(now).toISOString() }
    this.ctx.storage.sql.exec('UPDATE calls SET body = ? WHERE id = ?', JSON.stringify(canceled), id)
    const destination = this.ctx.storage.sql
      .exec<{ destination: string }>('SELECT destination FROM call_events WHERE call_id = ? LIMIT 1', id)
      .toArray()[0]?.destination
    if (destination) {
      // The rest of the plan will not happen; what already did is still sent.
      this.ctx.storage.sql.exec('DELETE FROM call_events WHERE call_id = ? AND at > ?', id, now)
      this.planEvents(id, [{ type: 'call.canceled', at: now }], destination)
      await this.wakeForNextEvent()
    }
    return { call: canceled }
  }

  private planEvents(callId: string, events: PlannedEvent[], destination: string): void {
    for (const event of events) {
      this.ctx.storage.sql.exec(
        'INSERT OR REPLACE INTO call_events (call_id, type, at, destination) VALUES (?, ?, ?, ?)',
        callId,
        event.type,
        event.at,
        destination,
      )
    }
  }

  private async wakeForNextEvent(): Promise<void> {
    const next = this.ctx.storage.sql
      .exec<{ at: number | null }>('SELECT MIN(at) AS at FROM call_events')
      .toArray()[0]?.at
    if (next === null || next === undefined) return
    const current = await this.ctx.storage.getAlarm()
    if (current === null || current > next) await this.ctx.storage.setAlarm(next)
  }

  /** The events due by `now`, each with the call as it was when it happened; they leave the plan once sent. */
  private async dueEvents(
    now: number,
  ): Promise<{ key: { callId: string; type: string }; message: DeliveryMessage }[]> {
    const rows = this.ctx.storage.sql
      .exec<{ call_id: string; type: EventType; at: number; destination: string }>(
        'SELECT call_id, type, at, destination FROM call_events WHERE at <= ? ORDER BY at',
        now,
      )
      .toArray()
    const due = []
    for (const row of rows) {
      const record = this.getCall(row.call_id)
      if (!record) continue
      const event = await sandboxEvent(record, { type: row.type, at: row.at })
      due.push({
        key: { callId: row.call_id, type: row.type },
        message: { event, destination: row.destination },
      })
    }
    return due
  }

  /**
   * Sends each due event to the delivery queue on its own: an event too big for a queue message
   * goes with its transcript trimmed (src/webhooks/fit.ts), and one that still cannot be sent is
   * dead-lettered, so no single call can hold back every other call's events. Event ids are stable,
   * so a resend after an interrupted alarm is deduplicated by the receiver's webhook-id.
   */
  override async alarm(): Promise<void> {
    const due = await this.dueEvents(Date.now())
    await mapWithConcurrency(due, PARALLEL_SENDS, async ({ key, message }) => {
      const event = fitForQueue(message.event, new TextEncoder().encode(message.destination).length)
      try {
        await this.env.WEBHOOK_QUEUE.send({ ...message, event }, { contentType: 'json' })
      } catch (error) {
        // Typed by what is called: the WEBHOOKS class is the webhook service's (src/webhooks/store.ts).
        const deadLetters = this.env.WEBHOOKS.get(
          this.env.WEBHOOKS.idFromName(DEAD_LETTERS),
        ) as unknown as DeadLetterRecorder
        await deadLetters.recordDeadLetter({
          eventId: event.id,
          destination: message.destination,
          attempts: 0,
          lastError: `not queued: ${error instanceof Error ? error.message : String(error)}`,
          failedAt: new Date().toISOString(),
          body: JSON.stringify(event),
        })
        log('error', { msg: 'sandbox event dead-lettered: the queue refused it', eventId: event.id })
      }
      this.ctx.storage.sql.exec(
        'DELETE FROM call_events WHERE call_id = ? AND type = ?',
        key.callId,
        key.type,
      )
    })
    await this.wakeForNextEvent()
  }
}
