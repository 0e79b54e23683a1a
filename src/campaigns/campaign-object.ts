import { DurableObject } from 'cloudflare:workers'
import { log } from '../../providers/kit/log'
import type { Contact, ContactStatus, Stats } from '../contract/campaign'
import type { Warning } from '../contract/common'
import { ApiError } from '../contract/errors'
import type { CampaignDeliveryMessage } from '../contract/events'
import type { Problem } from '../contract/problem'
import { idleDelivery, recordCampaignEvent } from '../ledger/campaign-events'
import { ownId } from '../lib/ulid'
import { nextOpen, zonesFor } from './calling-hours'
import { type CampaignEnv, sandboxScale } from './campaign-env'
import { campaignEvent, EVENT_FOR } from './campaign-events'
import { setCampaignStatus } from './index-store'
import { findAttemptCall, placeAttempt, readCallStatus } from './place-attempt'
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
export class CampaignObject extends DurableObject<CampaignEnv> {
  private readonly sql: SqlStorage

  constructor(ctx: DurableObjectState, env: CampaignEnv) {
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
        at INTEGER NOT NULL,
        -- When a live attempt is next read (its expected end, then every poll interval).
        check_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS attempts_by_contact ON attempts (contact_seq, n);
      CREATE INDEX IF NOT EXISTS attempts_live ON attempts (check_at) WHERE check_at IS NOT NULL;
      CREATE INDEX IF NOT EXISTS attempts_by_time ON attempts (at);
      CREATE TABLE IF NOT EXISTS counts (status TEXT PRIMARY KEY, n INTEGER NOT NULL);
      -- campaign.* events written with the transition that produced them, deleted once handed to
      -- the delivery queue and the ledger: a crash in between resends them (same id), never loses them.
      CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY, message TEXT NOT NULL);
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

  /**
   * start / pause / resume / cancel: repeating the current one answers the campaign unchanged. A
   * start carries what the route checked against every target: the handling warnings, and whether
   * every target is the sandbox.
   */
  async transition(action: Action, now = Date.now(), start?: StartCheck): Promise<TransitionResult> {
    const campaign = this.read()
    if (!campaign) return { conflict: 'This campaign does not exist.' }
    const next = nextStatus(campaign, action)
    if ('conflict' in next) return next
    if (next.status !== campaign.status) {
      campaign.status = next.status
      campaign.lastAction = action
      if (action === 'start') {
        campaign.startedAt = now
        if (start) {
          campaign.sandboxOnly = start.sandboxOnly
          if (start.warnings.length > 0) campaign.warnings = start.warnings
        }
      }
      if (next.status === 'running') await this.ctx.storage.setAlarm(Math.max(now, campaign.startAt ?? now))
      if (action === 'cancel') {
        this.moveAll(['pending', 'waiting'], 'canceled')
        campaign.endedAt = now
      }
      await this.emit(campaign, EVENT_FOR[action], now)
    }
    return { campaign, stats: this.stats() }
  }

  // --- campaign.* events ---------------------------------------------------------------------

  /** Writes the campaign and its event together, then hands the event on. */
  private async emit(
    campaign: StoredCampaign,
    type: (typeof EVENT_FOR)[keyof typeof EVENT_FOR],
    now: number,
  ) {
    const seq = (campaign.events ?? 0) + 1
    // Strictly later than the one before: receivers order events by createdAt.
    const at = Math.max(now, (campaign.lastEventAt ?? 0) + 1)
    campaign.events = seq
    campaign.lastEventAt = at
    const event = await campaignEvent(campaign, this.stats(), type, seq, at)
    const message = { event, destination: campaign.webhookUrl }
    this.ctx.storage.transactionSync(() => {
      this.write(campaign)
      this.sql.exec('INSERT INTO outbox (seq, message) VALUES (?, ?)', seq, JSON.stringify(message))
    })
    await this.flushOutbox()
  }

  /**
   * Records each waiting event in the ledger and queues it for the campaign's webhookUrl (the only
   * place campaign events go; without one it is recorded as no_destination). What fails stays for
   * the next alarm.
   */
  private flushOutbox(): Promise<void> {
    // One flush at a time: a transition and an alarm interleave at every await, and a second
    // flush would hand the same event on twice (same id, but a needless resend).
    this.flushing ??= this.flushRows().finally(() => {
      this.flushing = null
    })
    return this.flushing
  }
  private flushing: Promise<void> | null = null

  private async flushRows(): Promise<void> {
    // Until empty: an event written while this flush awaited is picked up by its next round.
    for (;;) {
      const rows = this.sql
        .exec<{ seq: number; message: string }>('SELECT seq, message FROM outbox ORDER BY seq LIMIT 20')
        .toArray()
      if (rows.length === 0) return
      if (!(await this.handOn(rows))) return
    }
  }

  /** Hands these events on in order; false (and an alarm to retry) at the first that fails. */
  private async handOn(rows: { seq: number; message: string }[]): Promise<boolean> {
    for (const row of rows) {
      const message = JSON.parse(row.message) as {
        event: CampaignDeliveryMessage['event']
        destination: string | null
      }
      try {
        if (message.destination === null) {
          await recordCampaignEvent(this.env.DB, message.event, null, idleDelivery('no_destination'))
        } else {
          await recordCampaignEvent(this.env.DB, message.event, message.destination, idleDelivery('pending'))
          await this.env.WEBHOOK_QUEUE.send(
            { event: message.event, destination: message.destination } satisfies CampaignDeliveryMessage,
            { contentType: 'json' },
          )
        }
        this.sql.exec('DELETE FROM outbox WHERE seq = ?', row.seq)
      } catch (error) {
        log('warn', {
          msg: 'campaign event not handed on yet; retried on the next alarm',
          eventId: message.event.id,
          error: error instanceof Error ? error.message : String(error),
        })
        const alarm = await this.ctx.storage.getAlarm()
        const retryAt = Date.now() + OUTBOX_RETRY_MS
        if (alarm === null || alarm > retryAt) await this.ctx.storage.setAlarm(retryAt)
        return false
      }
    }
    return true
  }

  private outboxWaiting(): boolean {
    return this.sql.exec('SELECT seq FROM outbox LIMIT 1').toArray().length > 0
  }

  // --- The engine -------------------------------------------------------------------------

  /** Until when dialing waits because the provider was at its concurrency cap (in memory: a restart just asks again). */
  private heldUntil = 0

  /** Tests move the engine's clock (calling hours, retry delays) without waiting. */
  private clockOffsetMs = 0
  private now = () => Date.now() + this.clockOffsetMs

  async setClock(offsetMs: number): Promise<void> {
    this.clockOffsetMs = offsetMs
  }

  override async alarm(): Promise<void> {
    const next = await this.tick()
    if (next !== null) await this.ctx.storage.setAlarm(next)
  }

  /**
   * One tick: settle live attempts that are due, then dial at most what the pacing allows now.
   * Every query is indexed and LIMITed by the pacing, so a tick costs the same at 1,000 or 1,000,000
   * contacts. Answers when to wake next (null: nothing left to do).
   */
  async tick(): Promise<number | null> {
    await this.flushOutbox()
    const campaign = this.read()
    if (!campaign) return null
    const now = this.now()
    if (campaign.status !== 'running') {
      // Paused, canceled or ended: no new dial, but calls already live are still followed to their end.
      await this.settleDue(campaign, now, campaign.pacing.maxConcurrent)
      const check = this.sql
        .exec<{ t: number | null }>('SELECT MIN(check_at) AS t FROM attempts WHERE check_at IS NOT NULL')
        .one().t
      const outbox = this.outboxWaiting() ? now + OUTBOX_RETRY_MS : null
      const next = Math.min(check ?? Infinity, outbox ?? Infinity)
      return next === Infinity ? null : Math.max(next, now + MIN_TICK_MS) - this.clockOffsetMs
    }
    if (campaign.startAt !== null && now < campaign.startAt) return campaign.startAt - this.clockOffsetMs
    if (campaign.endAt !== null && now >= campaign.endAt) {
      this.moveAll(['pending', 'waiting'], 'expired')
      await this.finish(campaign, now)
      return null
    }
    const { maxConcurrent, callsPerMinute } = campaign.pacing
    await this.settleDue(campaign, now, maxConcurrent)

    const inFlight = this.count('in_flight')
    const recent =
      callsPerMinute === null
        ? 0
        : this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM attempts WHERE at > ?', now - 60_000).one()
            .n
    // The provider was at its concurrency cap a moment ago: wait for a slot rather than ask again at once.
    const budget =
      now < this.heldUntil
        ? 0
        : Math.min(
            maxConcurrent - inFlight,
            callsPerMinute === null ? MAX_DIALS_PER_TICK : callsPerMinute - recent,
            MAX_DIALS_PER_TICK,
          )
    // One transaction for the tick's picks: every `placing` row is durable before any create is
    // sent, and a tick of 200 attempts commits once rather than 200 times.
    const dials = this.ctx.storage.transactionSync(() => this.pick(campaign, now, budget))
    await Promise.all(dials.map((dial) => this.dial(campaign, dial, now)))
    if (this.isDone()) {
      await this.finish(campaign, this.now())
      return null
    }
    return this.nextWake(campaign, this.now())
  }

  /**
   * Up to `budget` contacts due now, each moved to `in_flight` with its `placing` attempt written;
   * contacts outside their window are parked as `waiting`, impossible ones marked `invalid`.
   */
  private pick(campaign: StoredCampaign, now: number, budget: number): Dial[] {
    const dials: Dial[] = []
    // Due retries and window waits first, then new contacts; closed windows are parked as `waiting`.
    let scanned = 0
    while (budget > 0 && scanned < MAX_SCAN_PER_TICK) {
      const rows = this.sql
        .exec<{ seq: number; id: string; body: string; status: string; attempts: number }>(
          `SELECT seq, id, body, status, attempts FROM contacts WHERE status = 'waiting' AND next_at <= ?
           ORDER BY next_at LIMIT ?`,
          now,
          budget,
        )
        .toArray()
      if (rows.length < budget) {
        rows.push(
          ...this.sql
            .exec<{ seq: number; id: string; body: string; status: string; attempts: number }>(
              // `next_at IS NULL` (always so for pending) lets the index hand rows over in seq order;
              // without it SQLite sorts every pending contact on each tick.
              `SELECT seq, id, body, status, attempts FROM contacts WHERE status = 'pending' AND next_at IS NULL
               ORDER BY seq LIMIT ?`,
              budget - rows.length,
            )
            .toArray(),
        )
      }
      if (rows.length === 0) break
      scanned += rows.length
      for (const row of rows) {
        const contact = JSON.parse(row.body) as Contact
        const zones = zonesFor(campaign.window, contact)
        const open = zones.length === 0 ? null : nextOpen(campaign.window, zones, now)
        if (open === null) {
          const detail =
            zones.length === 0
              ? 'No time zone is known for this number: give the contact a timezone, or the window one.'
              : `The window ${campaign.window.start}–${campaign.window.end} is never open in all of ${zones.length > 3 ? `${zones.length} zones` : zones.join(', ')} at once.`
          this.setContact(row.seq, row.status, 'invalid', { error: invalidProblem(detail) })
          continue
        }
        if (open > now) {
          this.setContact(row.seq, row.status, 'waiting', { nextAt: open })
          continue
        }
        const n = row.attempts + 1
        const attemptId = ownId('att', now)
        // Written before the create: after a crash this attempt is settled by reading, never sent again.
        this.sql.exec(
          'INSERT INTO attempts (id, contact_seq, n, status, at, check_at) VALUES (?, ?, ?, ?, ?, ?)',
          attemptId,
          row.seq,
          n,
          'placing',
          now,
          now + PLACING_LEASE_MS,
        )
        this.setContact(row.seq, row.status, 'in_flight', { attempts: n })
        dials.push({ seq: row.seq, id: row.id, contact, n, attemptId, from: row.status })
        budget--
      }
    }
    this.bump('attempts', dials.length)
    return dials
  }

  private count(status: string): number {
    return this.sql.exec<{ n: number }>('SELECT n FROM counts WHERE status = ?', status).toArray()[0]?.n ?? 0
  }

  private setContact(
    seq: number,
    from: string,
    to: ContactStatus,
    extra: { nextAt?: number; attempts?: number; error?: Problem } = {},
  ) {
    this.sql.exec(
      'UPDATE contacts SET status = ?, next_at = ?, attempts = COALESCE(?, attempts), error = COALESCE(?, error) WHERE seq = ?',
      to,
      extra.nextAt ?? null,
      extra.attempts ?? null,
      extra.error ? JSON.stringify(extra.error) : null,
      seq,
    )
    if (from !== to) {
      this.bump(from, -1)
      this.bump(to, 1)
    }
  }

  private async dial(campaign: StoredCampaign, dial: Dial, now: number) {
    const outcome = await placeAttempt(this.env, campaign, dial.contact, dial.id, {
      id: dial.attemptId,
      n: dial.n,
    })
    if (outcome.kind === 'held') {
      // Nothing was sent (the provider is at its cap): the attempt is undone, the contact waits its turn.
      this.ctx.storage.transactionSync(() => {
        this.sql.exec('DELETE FROM attempts WHERE id = ?', dial.attemptId)
        this.bump('attempts', -1)
        if (dial.from === 'waiting')
          this.setContact(dial.seq, 'in_flight', 'waiting', { nextAt: now, attempts: dial.n - 1 })
        else this.setContact(dial.seq, 'in_flight', 'pending', { attempts: dial.n - 1 })
      })
      this.heldUntil = this.now() + this.holdMs(campaign)
      return
    }
    if (outcome.kind === 'placed') {
      this.sql.exec(
        'UPDATE attempts SET call_id = ?, status = ?, check_at = ? WHERE id = ?',
        outcome.callId,
        outcome.status,
        this.now() + this.expectedCallMs(campaign),
        dial.attemptId,
      )
      return
    }
    if (outcome.kind === 'ambiguous') return // stays `placing`; settled by reading once its lease lapses
    const status = outcome.code === 'suppressed' ? 'suppressed' : 'failed'
    this.sql.exec(
      'UPDATE attempts SET status = ?, check_at = NULL WHERE id = ?',
      `refused:${outcome.code}`,
      dial.attemptId,
    )
    if (status === 'suppressed') this.setContact(dial.seq, 'in_flight', 'suppressed')
    else this.endAttempt(campaign, dial.seq, dial.n, outcome.retryable ? 'retryable' : 'failed', now)
  }

  /** A contact's attempt ended: retried later if the rules allow, else the contact takes the status. */
  private endAttempt(campaign: StoredCampaign, seq: number, n: number, status: string, now: number) {
    const retry = status === 'retryable' || (campaign.retry.on as string[]).includes(status)
    if (retry && n < campaign.retry.maxAttempts) {
      const delay = (campaign.retry.delayMinutes * 60_000) / this.timeScale(campaign)
      this.setContact(seq, 'in_flight', 'waiting', { nextAt: now + delay })
      return
    }
    const final: ContactStatus = status === 'retryable' ? 'failed' : (CONTACT_FINAL[status] ?? 'failed')
    this.setContact(seq, 'in_flight', final)
  }

  /** Live attempts whose expected end has passed are read; `placing` ones past their lease are reconciled. */
  private async settleDue(campaign: StoredCampaign, now: number, limit: number) {
    const due = this.sql
      .exec<{ id: string; contact_seq: number; n: number; call_id: string | null; status: string }>(
        'SELECT id, contact_seq, n, call_id, status FROM attempts WHERE check_at IS NOT NULL AND check_at <= ? ORDER BY check_at LIMIT ?',
        now,
        limit,
      )
      .toArray()
    await Promise.all(
      due.map(async (attempt) => {
        let callId = attempt.call_id
        if (!callId) {
          const to = this.sql
            .exec<{ to_number: string }>('SELECT to_number FROM contacts WHERE seq = ?', attempt.contact_seq)
            .one().to_number
          callId = await findAttemptCall(this.env, campaign.project, to, attempt.id)
          if (!callId) {
            // Nothing recorded the call: it is never sent again, and never retried blind.
            this.sql.exec("UPDATE attempts SET status = 'unknown', check_at = NULL WHERE id = ?", attempt.id)
            this.setContact(attempt.contact_seq, 'in_flight', 'failed')
            return
          }
          this.sql.exec('UPDATE attempts SET call_id = ? WHERE id = ?', callId, attempt.id)
        }
        const status = await readCallStatus(this.env, campaign.project, callId)
        if (status !== null && FINAL.has(status)) {
          this.recordFinal(campaign, attempt.id, status)
          return
        }
        this.sql.exec(
          'UPDATE attempts SET status = COALESCE(?, status), check_at = ? WHERE id = ?',
          status,
          this.now() + this.pollMs(campaign),
          attempt.id,
        )
      }),
    )
  }

  /** A final status for an attempt (from a read, or an event): the contact moves on. Idempotent. */
  private recordFinal(campaign: StoredCampaign, attemptId: string, status: string) {
    const attempt = this.sql
      .exec<{ contact_seq: number; n: number; check_at: number | null }>(
        'SELECT contact_seq, n, check_at FROM attempts WHERE id = ?',
        attemptId,
      )
      .toArray()[0]
    if (!attempt || attempt.check_at === null) return
    this.sql.exec('UPDATE attempts SET status = ?, check_at = NULL WHERE id = ?', status, attemptId)
    this.endAttempt(campaign, attempt.contact_seq, attempt.n, status, this.now())
  }

  /** A call event for one of this campaign's calls: settles its attempt without waiting for a read. */
  async callEvent(callId: string, status: string): Promise<void> {
    const campaign = this.read()
    if (!campaign || !FINAL.has(status)) return
    const attempt = this.sql
      .exec<{ id: string }>('SELECT id FROM attempts WHERE call_id = ?', callId)
      .toArray()[0]
    if (!attempt) return
    this.recordFinal(campaign, attempt.id, status)
    if (campaign.status === 'running') await this.ctx.storage.setAlarm(Date.now())
  }

  private isDone(): boolean {
    const stats = this.stats()
    return stats.total > 0 && stats.pending + stats.waiting + stats.inFlight === 0
  }

  private async finish(campaign: StoredCampaign, now: number) {
    campaign.status = 'completed'
    campaign.endedAt = now
    await this.emit(campaign, EVENT_FOR.complete, now)
    await setCampaignStatus(this.env.DB, campaign.id, 'completed')
  }

  private nextWake(campaign: StoredCampaign, now: number): number {
    const times: number[] = []
    const check = this.sql
      .exec<{ t: number | null }>('SELECT MIN(check_at) AS t FROM attempts WHERE check_at IS NOT NULL')
      .one().t
    if (check !== null) times.push(check)
    const waiting = this.sql
      .exec<{ t: number | null }>("SELECT MIN(next_at) AS t FROM contacts WHERE status = 'waiting'")
      .one().t
    // No dial before a hold ends, so a due contact does not wake the engine while it cannot dial.
    if (waiting !== null) times.push(Math.max(waiting, this.heldUntil))
    if (this.outboxWaiting()) times.push(now + OUTBOX_RETRY_MS)
    if (this.count('pending') > 0 || this.heldUntil > now) {
      const { maxConcurrent, callsPerMinute } = campaign.pacing
      const free = this.count('in_flight') < maxConcurrent
      if (this.heldUntil > now) times.push(this.heldUntil)
      else if (free && callsPerMinute !== null) {
        // The rolling minute frees a start when its oldest start is a minute old.
        const oldest = this.sql
          .exec<{ t: number | null }>(
            'SELECT at AS t FROM attempts WHERE at > ? ORDER BY at LIMIT 1 OFFSET ?',
            now - 60_000,
            Math.max(0, callsPerMinute - 1),
          )
          .toArray()[0]?.t
        times.push(oldest ? oldest + 60_000 : now)
      } else if (free) times.push(now)
    }
    // Live calls with nothing else due are still polled; the engine never sleeps with work outstanding.
    return Math.max(now + MIN_TICK_MS, Math.min(...times, now + 60_000)) - this.clockOffsetMs
  }

  /** Every target is the sandbox (decided at start; a campaign started before that knew only its agent). */
  private sandboxOnly(campaign: StoredCampaign): boolean {
    return campaign.sandboxOnly ?? campaign.agentId.startsWith('sandbox_')
  }

  private timeScale(campaign: StoredCampaign): number {
    // Only when every target is the sandbox: a demo moves at the sandbox's pace, a real list does not.
    return this.sandboxOnly(campaign) ? sandboxScale(this.env) : 1
  }

  /** About how long a call lasts before it is worth reading: the sandbox's scaled 30 s, else a minute. */
  private expectedCallMs(campaign: StoredCampaign): number {
    return this.sandboxOnly(campaign) ? 40_000 / this.timeScale(campaign) : 60_000
  }

  private pollMs(campaign: StoredCampaign): number {
    return this.sandboxOnly(campaign) ? Math.max(20, 10_000 / this.timeScale(campaign)) : 30_000
  }

  /** How long to wait before asking a provider at its cap again. */
  private holdMs(campaign: StoredCampaign): number {
    return this.sandboxOnly(campaign) ? Math.max(50, 5_000 / this.timeScale(campaign)) : 5_000
  }
}

/** What the route checked at start against every target of the campaign's agent. */
export interface StartCheck {
  warnings: Warning[]
  sandboxOnly: boolean
}

interface Dial {
  seq: number
  id: string
  contact: Contact
  n: number
  attemptId: string
  /** The contact's status before this attempt (`pending` or `waiting`), restored if it is held. */
  from: string
}

const OUTBOX_RETRY_MS = 5_000
/**
 * Creates one tick sends at once. A tick waits for its slowest create before the next begins, so
 * each tick boundary idles the engine: half of maxConcurrent's ceiling (1,000) lets an unpaced
 * campaign fill 500 slots in one tick instead of three.
 */
const MAX_DIALS_PER_TICK = 500
const MAX_SCAN_PER_TICK = 1_000
const MIN_TICK_MS = 10
/** How long an attempt may stay `placing` before it is reconciled from the ledger. */
const PLACING_LEASE_MS = 60_000
const FINAL = new Set(['completed', 'failed', 'no_answer', 'busy', 'voicemail', 'canceled'])
const CONTACT_FINAL: Record<string, ContactStatus> = {
  completed: 'completed',
  failed: 'failed',
  no_answer: 'no_answer',
  busy: 'busy',
  voicemail: 'voicemail',
  canceled: 'canceled',
}
const invalidProblem = (detail: string): Problem =>
  new ApiError('validation_failed', detail, { errors: [{ path: 'timezone', message: detail }] }).toProblem(
    'campaign',
  )

type Row = {
  seq: number
  id: string
  to_number: string
  ref: string | null
  status: string
  next_at: number | null
  error: string | null
}
