import { DurableObject } from 'cloudflare:workers'
import type { Bindings } from '../env'
import { ownId } from '../lib/ulid'
import type { Contact, ContactStatus, Stats } from '../schemas/campaign'
import type { Problem } from '../schemas/problem'
import type { StoredCampaign } from './stored'
import { type Action, nextStatus } from './transitions'

export const MAX_CONTACTS_PER_CAMPAIGN = 1_000_000

/** A contact as the upload hands it over: validated, or refused with the Problem saying why. */
export type Incoming = { contact: Contact } | { to: string; error: Problem }

export interface ContactRow {
  seq: number
  id: string
  to: string
  ref: string | null
  status: ContactStatus
  nextAt: number | null
  error: Problem | null
  attempts: { id: string; callId: string | null; status: string; at: number }[]
}

export type AddResult = { added: number; duplicate: number } | { full: number }
export type TransitionResult = { campaign: StoredCampaign; stats: Stats } | { conflict: string }

const COUNTED: Record<string, keyof Stats> = {
  pending: 'pending',
  waiting: 'waiting',
  in_flight: 'inFlight',
  completed: 'completed',
  no_answer: 'no_answer',
  busy: 'busy',
  voicemail: 'voicemail',
  failed: 'failed',
  canceled: 'canceled',
  suppressed: 'suppressed',
  expired: 'expired',
  duplicate: 'duplicate',
  invalid: 'invalid',
}

/**
 * One campaign: its settings, contacts and attempts in this object's SQLite. Per-status counts
 * are kept as contacts move, so stats never scan the list (a campaign holds up to 1,000,000).
 */
export class CampaignObject extends DurableObject<Bindings> {
  private readonly sql: SqlStorage

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env)
    this.sql = ctx.storage.sql
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS campaign (k INTEGER PRIMARY KEY CHECK (k = 1), body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS contacts (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        to_number TEXT NOT NULL,
        ref TEXT,
        body TEXT,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER,
        error TEXT
      );
      CREATE INDEX IF NOT EXISTS contacts_by_status ON contacts (status, next_at, seq);
      CREATE UNIQUE INDEX IF NOT EXISTS contacts_by_id ON contacts (id);
      CREATE TABLE IF NOT EXISTS numbers (to_number TEXT PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS attempts (
        id TEXT PRIMARY KEY,
        contact_seq INTEGER NOT NULL,
        n INTEGER NOT NULL,
        call_id TEXT,
        status TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS attempts_by_contact ON attempts (contact_seq, n);
      CREATE TABLE IF NOT EXISTS counts (status TEXT PRIMARY KEY, n INTEGER NOT NULL);
    `)
  }

  private read(): StoredCampaign | null {
    const row = this.sql.exec<{ body: string }>('SELECT body FROM campaign WHERE k = 1').toArray()[0]
    return row ? (JSON.parse(row.body) as StoredCampaign) : null
  }

  private write(campaign: StoredCampaign) {
    this.sql.exec(
      'INSERT INTO campaign (k, body) VALUES (1, ?) ON CONFLICT (k) DO UPDATE SET body = excluded.body',
      JSON.stringify(campaign),
    )
  }

  private bump(status: string, by: number) {
    if (by === 0) return
    this.sql.exec(
      'INSERT INTO counts (status, n) VALUES (?, ?) ON CONFLICT (status) DO UPDATE SET n = n + excluded.n',
      status,
      by,
    )
  }

  private stats(): Stats {
    const stats: Stats = {
      total: 0,
      pending: 0,
      waiting: 0,
      inFlight: 0,
      completed: 0,
      no_answer: 0,
      busy: 0,
      voicemail: 0,
      failed: 0,
      canceled: 0,
      suppressed: 0,
      expired: 0,
      duplicate: 0,
      invalid: 0,
      attempts: 0,
    }
    for (const { status, n } of this.sql.exec<{ status: string; n: number }>(
      'SELECT status, n FROM counts',
    )) {
      if (status === 'attempts') stats.attempts = n
      const key = COUNTED[status]
      if (key) {
        stats[key] = n
        stats.total += n
      }
    }
    return stats
  }

  /** Moves every contact in `from` statuses to `to`, keeping the counts (cancel, expiry). */
  private moveAll(from: ContactStatus[], to: ContactStatus) {
    for (const status of from) {
      const moved = this.sql
        .exec<{ n: number }>('SELECT COUNT(*) AS n FROM contacts WHERE status = ?', status)
        .one().n
      this.sql.exec('UPDATE contacts SET status = ?, next_at = NULL WHERE status = ?', to, status)
      this.bump(status, -moved)
      this.bump(to, moved)
    }
  }

  async create(campaign: StoredCampaign): Promise<void> {
    if (this.read()) return
    this.write(campaign)
  }

  async snapshot(): Promise<{ campaign: StoredCampaign; stats: Stats } | null> {
    const campaign = this.read()
    return campaign ? { campaign, stats: this.stats() } : null
  }

  /** Adds contacts in one transaction: a number already present is kept as `duplicate`, never dialed. */
  async addContacts(incoming: Incoming[]): Promise<AddResult> {
    const total = this.stats().total
    if (total + incoming.length > MAX_CONTACTS_PER_CAMPAIGN) return { full: total }
    return this.ctx.storage.transactionSync(() => {
      let added = 0
      let duplicate = 0
      let invalid = 0
      for (const item of incoming) {
        const id = ownId('cnt')
        if ('error' in item) {
          this.sql.exec(
            'INSERT INTO contacts (id, to_number, status, error) VALUES (?, ?, ?, ?)',
            id,
            item.to,
            'invalid',
            JSON.stringify(item.error),
          )
          invalid++
          continue
        }
        const { contact } = item
        const fresh = this.sql.exec(
          'INSERT OR IGNORE INTO numbers (to_number) VALUES (?)',
          contact.to,
        ).rowsWritten
        const status: ContactStatus = fresh ? 'pending' : 'duplicate'
        this.sql.exec(
          'INSERT INTO contacts (id, to_number, ref, body, status) VALUES (?, ?, ?, ?, ?)',
          id,
          contact.to,
          contact.ref ?? null,
          JSON.stringify(contact),
          status,
        )
        if (fresh) added++
        else duplicate++
      }
      this.bump('pending', added)
      this.bump('duplicate', duplicate)
      this.bump('invalid', invalid)
      return { added, duplicate }
    })
  }

  /** A page of contacts in upload order, each with its attempts. */
  async listContacts(
    status: ContactStatus | undefined,
    limit: number,
    afterSeq: number,
  ): Promise<ContactRow[]> {
    const rows = status
      ? this.sql
          .exec<Row>(
            'SELECT seq, id, to_number, ref, status, next_at, error FROM contacts WHERE status = ? AND seq > ? ORDER BY seq LIMIT ?',
            status,
            afterSeq,
            limit,
          )
          .toArray()
      : this.sql
          .exec<Row>(
            'SELECT seq, id, to_number, ref, status, next_at, error FROM contacts WHERE seq > ? ORDER BY seq LIMIT ?',
            afterSeq,
            limit,
          )
          .toArray()
    return rows.map((row) => ({
      seq: row.seq,
      id: row.id,
      to: row.to_number,
      ref: row.ref,
      status: row.status as ContactStatus,
      nextAt: row.next_at,
      error: row.error ? (JSON.parse(row.error) as Problem) : null,
      attempts: this.sql
        .exec<{ id: string; call_id: string | null; status: string; at: number }>(
          'SELECT id, call_id, status, at FROM attempts WHERE contact_seq = ? ORDER BY n',
          row.seq,
        )
        .toArray()
        .map((a) => ({ id: a.id, callId: a.call_id, status: a.status, at: a.at })),
    }))
  }

  /** start / pause / resume / cancel: repeating the current one answers the campaign unchanged. */
  async transition(action: Action, now = Date.now()): Promise<TransitionResult> {
    const campaign = this.read()
    if (!campaign) return { conflict: 'This campaign does not exist.' }
    const next = nextStatus(campaign, action)
    if ('conflict' in next) return next
    if (next.status !== campaign.status) {
      campaign.status = next.status
      campaign.lastAction = action
      if (action === 'start') campaign.startedAt = now
      if (action === 'cancel') {
        this.moveAll(['pending', 'waiting'], 'canceled')
        campaign.endedAt = now
      }
      this.write(campaign)
    }
    return { campaign, stats: this.stats() }
  }
}

type Row = {
  seq: number
  id: string
  to_number: string
  ref: string | null
  status: string
  next_at: number | null
  error: string | null
}
