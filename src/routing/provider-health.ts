import { DurableObject } from 'cloudflare:workers'
import type { VendorOutcome } from '../../providers/kit/types'

export type BreakerState = 'closed' | 'open' | 'half_open'

export interface BreakerSettings {
  failures: number
  cooldownMs: number
}

/** What routing needs on the hot path: the breaker alone, cheap to read. */
export interface BreakerView {
  state: BreakerState
  consecutiveFailures: number
  openedAt: number | null
  retryAt: number | null
  lastFailure: { code: string; upstream: string | null; at: number } | null
}

export interface HealthSnapshot {
  state: BreakerState
  consecutiveFailures: number
  openedAt: number | null
  retryAt: number | null
  lastFailure: { code: string; upstream: string | null; at: number } | null
  inFlight: number
  /** The concurrency limit the vendor last reported of its account; null if it never did. */
  vendorLimit: number | null
  recent: { requests: number; failures: number; p50Ms: number | null; p95Ms: number | null }
}

const RECENT_MS = 5 * 60_000
/** Bounds the samples kept for `recent` (a busy vendor keeps the latest ones). */
const MAX_SAMPLES = 20_000

interface Breaker {
  consecutiveFailures: number
  openedAt: number | null
  retryAt: number | null
  /** When the half-open trial went out; another waits until it reports or a cooldown passes. */
  trialAt: number | null
  lastFailure: HealthSnapshot['lastFailure']
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? null
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number)

/**
 * One per provider (named by its id): the circuit breaker and the concurrency slots of one vendor
 * account. A single object serializes every change, so a slot is taken atomically and the trial
 * after a cooldown goes out once.
 */
export class ProviderHealth extends DurableObject {
  private writes = 0
  private breaker: Breaker = {
    consecutiveFailures: 0,
    openedAt: null,
    retryAt: null,
    trialAt: null,
    lastFailure: null,
  }

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never)
    ctx.storage.sql.exec(`
      CREATE TABLE IF NOT EXISTS samples (at INTEGER NOT NULL, ok INTEGER NOT NULL, ms REAL NOT NULL);
      CREATE INDEX IF NOT EXISTS samples_by_time ON samples (at);
      CREATE TABLE IF NOT EXISTS slots (ref TEXT PRIMARY KEY, call_id TEXT, expires_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS slots_by_call ON slots (call_id);
      CREATE TABLE IF NOT EXISTS breaker (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS vendor_limit (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL, at INTEGER NOT NULL);
    `)
    const row = ctx.storage.sql.exec<{ body: string }>('SELECT body FROM breaker WHERE id = 1').toArray()[0]
    if (row) this.breaker = JSON.parse(row.body) as Breaker
  }

  private save() {
    this.ctx.storage.sql.exec(
      'INSERT OR REPLACE INTO breaker (id, body) VALUES (1, ?)',
      JSON.stringify(this.breaker),
    )
  }

  private stateAt(now: number): BreakerState {
    const b = this.breaker
    if (b.retryAt === null) return 'closed'
    return now < b.retryAt ? 'open' : 'half_open'
  }

  /** Applies a burst of outcomes, in order, and answers the breaker as it now stands. */
  record(outcomes: VendorOutcome[], settings: BreakerSettings): BreakerView {
    for (const outcome of outcomes) this.apply(outcome, settings)
    return this.view()
  }

  private apply(outcome: VendorOutcome, settings: BreakerSettings): void {
    const now = Date.now()
    this.ctx.storage.sql.exec(
      'INSERT INTO samples (at, ok, ms) VALUES (?, ?, ?)',
      outcome.at,
      outcome.ok ? 1 : 0,
      outcome.ms,
    )
    // Keeps the table to the window `recent` reads, whatever the request rate.
    if (++this.writes % 100 === 0)
      this.ctx.storage.sql.exec('DELETE FROM samples WHERE at < ?', now - RECENT_MS)
    const b = this.breaker
    if (outcome.ok) {
      // The common case, a healthy vendor answering: nothing to write beyond the sample.
      if (b.consecutiveFailures === 0 && b.retryAt === null) return
      this.breaker = { ...b, consecutiveFailures: 0, openedAt: null, retryAt: null, trialAt: null }
    } else {
      const failures = b.consecutiveFailures + 1
      const lastFailure = {
        code: outcome.code ?? 'provider_error',
        upstream: outcome.upstream ?? null,
        at: outcome.at,
      }
      const wasTrial = this.stateAt(now) === 'half_open' && b.trialAt !== null
      let retryAt = b.retryAt
      let openedAt = b.openedAt
      if (outcome.retryAfterMs !== undefined) {
        retryAt = Math.max(retryAt ?? 0, outcome.at + outcome.retryAfterMs)
        openedAt = openedAt ?? now
      } else if (failures >= settings.failures || wasTrial) {
        retryAt = now + settings.cooldownMs
        openedAt = wasTrial ? now : (openedAt ?? now)
      }
      this.breaker = { consecutiveFailures: failures, openedAt, retryAt, trialAt: null, lastFailure }
    }
    this.save()
  }

  view(): BreakerView {
    const { consecutiveFailures, openedAt, retryAt, lastFailure } = this.breaker
    return { state: this.stateAt(Date.now()), consecutiveFailures, openedAt, retryAt, lastFailure }
  }

  /**
   * Whether routing may send a request now. Closed: yes. Open: no. Half-open: the first caller
   * gets the one trial; others wait until it reports (or a cooldown passes, if it never does).
   */
  admit(settings: BreakerSettings): { allowed: boolean; view: BreakerView } {
    const now = Date.now()
    const state = this.stateAt(now)
    let allowed = state === 'closed'
    if (
      state === 'half_open' &&
      (this.breaker.trialAt === null || now - this.breaker.trialAt > settings.cooldownMs)
    ) {
      this.breaker = { ...this.breaker, trialAt: now }
      this.save()
      allowed = true
    }
    return { allowed, view: this.view() }
  }

  /** Takes a slot if fewer than `max` are held; expired ones are let go first. */
  takeSlot(ref: string, max: number | null, expiresAt: number): { taken: boolean; inFlight: number } {
    this.pruneSlots()
    const inFlight = this.inFlight()
    if (max !== null && inFlight >= max) return { taken: false, inFlight }
    this.ctx.storage.sql.exec(
      'INSERT OR REPLACE INTO slots (ref, call_id, expires_at) VALUES (?, NULL, ?)',
      ref,
      expiresAt,
    )
    return { taken: true, inFlight: inFlight + 1 }
  }

  /** The slot taken for an attempt now belongs to the call the vendor made. */
  bindSlot(ref: string, callId: string): void {
    this.ctx.storage.sql.exec('UPDATE slots SET call_id = ? WHERE ref = ?', callId, ref)
  }

  /** A final status (event or read), or a create that made no call, frees the slot. */
  releaseSlot(refOrCallId: string): void {
    this.ctx.storage.sql.exec('DELETE FROM slots WHERE ref = ? OR call_id = ?', refOrCallId, refOrCallId)
  }

  /** The vendor's own figure for its account; an older report never replaces a newer one. */
  recordVendorLimit(limit: number, at: number): void {
    this.ctx.storage.sql.exec(
      `INSERT INTO vendor_limit (id, value, at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET value = excluded.value, at = excluded.at WHERE excluded.at >= vendor_limit.at`,
      limit,
      at,
    )
  }

  snapshot(): HealthSnapshot {
    const now = Date.now()
    this.ctx.storage.sql.exec('DELETE FROM samples WHERE at < ?', now - RECENT_MS)
    const rows = this.ctx.storage.sql
      .exec<{ ok: number; ms: number }>('SELECT ok, ms FROM samples ORDER BY at DESC LIMIT ?', MAX_SAMPLES)
      .toArray()
    const sorted = rows.map((r) => r.ms).sort((a, b) => a - b)
    const b = this.breaker
    this.pruneSlots()
    return {
      state: this.stateAt(now),
      consecutiveFailures: b.consecutiveFailures,
      openedAt: b.openedAt,
      retryAt: b.retryAt,
      lastFailure: b.lastFailure,
      inFlight: this.inFlight(),
      vendorLimit:
        this.ctx.storage.sql
          .exec<{ value: number }>('SELECT value FROM vendor_limit WHERE id = 1')
          .toArray()[0]?.value ?? null,
      recent: {
        requests: rows.length,
        failures: rows.filter((r) => r.ok === 0).length,
        p50Ms: percentile(sorted, 50),
        p95Ms: percentile(sorted, 95),
      },
    }
  }

  private inFlight(): number {
    return this.ctx.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM slots').one().n
  }

  private pruneSlots() {
    this.ctx.storage.sql.exec('DELETE FROM slots WHERE expires_at <= ?', Date.now())
  }
}
