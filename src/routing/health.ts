import { log } from '../../providers/kit/log'
import type { VendorOutcome } from '../../providers/kit/types'
import type { Bindings, Config } from '../env'
import type { BreakerSettings, BreakerView, HealthSnapshot } from './provider-health'

/** The hot path reads breaker state from here: never older than this. */
const CACHE_MS = 1_000

const cache = new Map<string, { view: BreakerView; at: number }>()

export const breakerSettings = (config: Config): BreakerSettings => ({
  failures: config.breakerFailures,
  cooldownMs: config.breakerCooldownSeconds * 1000,
})

export const healthObject = (env: Pick<Bindings, 'PROVIDER_HEALTH'>, provider: string) =>
  env.PROVIDER_HEALTH.get(env.PROVIDER_HEALTH.idFromName(provider))

const remember = (provider: string, view: BreakerView) => cache.set(provider, { view, at: Date.now() })
/** A local change keeps the entry's age: the object is still re-read within the second. */
const amend = (provider: string, view: BreakerView, at: number) => cache.set(provider, { view, at })

/** A healthy vendor's successes travel together, at most once a second per isolate. */
const BACKLOG_MS = 1_000
const MAX_BACKLOG = 1_000
const backlog = new Map<string, { outcomes: VendorOutcome[]; since: number }>()

/**
 * Feeds the provider's breaker without delaying the answer. The isolate that saw the outcome
 * applies it to its own cached state at once, so its next routed call already knows.
 */
export function reportOutcome(
  env: Pick<Bindings, 'PROVIDER_HEALTH'>,
  config: Config,
  provider: string,
  outcome: VendorOutcome,
  waitUntil: (promise: Promise<unknown>) => void,
): void {
  const settings = breakerSettings(config)
  const cached = cache.get(provider)
  if (cached) {
    const s = cached.view
    if (outcome.ok) {
      amend(
        provider,
        { ...s, state: 'closed', consecutiveFailures: 0, openedAt: null, retryAt: null },
        cached.at,
      )
    } else {
      const failures = s.consecutiveFailures + 1
      const opens =
        outcome.retryAfterMs !== undefined || failures >= settings.failures || s.state === 'half_open'
      const retryAt =
        outcome.retryAfterMs !== undefined
          ? outcome.at + outcome.retryAfterMs
          : Date.now() + settings.cooldownMs
      amend(
        provider,
        {
          ...s,
          consecutiveFailures: failures,
          lastFailure: {
            code: outcome.code ?? 'provider_error',
            upstream: outcome.upstream ?? null,
            at: outcome.at,
          },
          ...(opens
            ? {
                state: 'open',
                openedAt: s.openedAt ?? Date.now(),
                retryAt: Math.max(retryAt, s.retryAt ?? 0),
              }
            : {}),
        },
        cached.at,
      )
    }
  }
  // A success while all is well changes no state: it only counts for `recent`, so it waits for
  // company. Anything else goes at once, with whatever waited.
  const clean = cached?.view.state === 'closed' && cached.view.consecutiveFailures === 0
  const waiting = backlog.get(provider) ?? { outcomes: [], since: Date.now() }
  waiting.outcomes.push(outcome)
  const due = Date.now() - waiting.since >= BACKLOG_MS || waiting.outcomes.length >= MAX_BACKLOG
  if (outcome.ok && clean && !due) {
    backlog.set(provider, waiting)
    return
  }
  backlog.delete(provider)
  waitUntil(
    healthObject(env, provider)
      .record(waiting.outcomes, settings)
      .then((view) => remember(provider, view))
      .catch(() => undefined),
  )
}

/** A vendor's own limit is sent on when it changes, and at least this often (another isolate may have sent another). */
const VENDOR_LIMIT_RESEND_MS = 60_000
const vendorLimits = new Map<string, { limit: number; at: number }>()

/**
 * Records the limit a vendor reported of its own account (`vendorLimit`) without delaying the
 * answer. Vendors repeat it on every create, so an unchanged figure is sent at most once a minute.
 */
export function reportVendorLimit(
  env: Pick<Bindings, 'PROVIDER_HEALTH'>,
  requestId: string,
  provider: string,
  limit: number,
  waitUntil: (promise: Promise<unknown>) => void,
): void {
  const now = Date.now()
  const known = vendorLimits.get(provider)
  if (known && known.limit === limit && now - known.at < VENDOR_LIMIT_RESEND_MS) return
  vendorLimits.set(provider, { limit, at: now })
  if (known?.limit !== limit) log('info', { requestId, provider, msg: 'vendor limit', vendorLimit: limit })
  waitUntil(
    healthObject(env, provider)
      .recordVendorLimit(limit, now)
      .catch(() => vendorLimits.delete(provider)),
  )
}

/** The breaker as this isolate knows it, refreshed from the provider's object when over a second old. */
async function readBreaker(env: Pick<Bindings, 'PROVIDER_HEALTH'>, provider: string): Promise<BreakerView> {
  const cached = cache.get(provider)
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.view
  const view = await healthObject(env, provider).view()
  remember(provider, view)
  return view
}

/** Everything GET /v1/providers shows: the breaker, slots in use and the last 5 minutes. */
export async function readHealth(
  env: Pick<Bindings, 'PROVIDER_HEALTH'>,
  provider: string,
): Promise<HealthSnapshot> {
  const snapshot = await healthObject(env, provider).snapshot()
  const { state, consecutiveFailures, openedAt, retryAt, lastFailure } = snapshot
  remember(provider, { state, consecutiveFailures, openedAt, retryAt, lastFailure })
  return snapshot
}

/**
 * Whether routing may try this provider now: closed yes, open no; once the cooldown is over the
 * provider's object hands the single half-open trial to one caller.
 */
export async function admit(
  env: Pick<Bindings, 'PROVIDER_HEALTH'>,
  config: Config,
  provider: string,
): Promise<boolean> {
  const breaker = await readBreaker(env, provider)
  if (breaker.state === 'closed') return true
  if (breaker.retryAt !== null && breaker.retryAt > Date.now()) return false
  const { allowed, view } = await healthObject(env, provider).admit(breakerSettings(config))
  remember(provider, view)
  return allowed
}

/** `<PROVIDER>_MAX_CONCURRENT`, or null for no cap. */
export function maxConcurrent(env: Bindings, provider: string): number | null {
  const raw = (env as unknown as Record<string, string | undefined>)[
    `${provider.toUpperCase()}_MAX_CONCURRENT`
  ]
  const value = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw)
  return Number.isInteger(value) && value > 0 ? value : null
}
