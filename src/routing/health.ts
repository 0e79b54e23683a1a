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
      remember(provider, { ...s, state: 'closed', consecutiveFailures: 0, openedAt: null, retryAt: null })
    } else {
      const failures = s.consecutiveFailures + 1
      const opens =
        outcome.retryAfterMs !== undefined || failures >= settings.failures || s.state === 'half_open'
      const retryAt =
        outcome.retryAfterMs !== undefined
          ? outcome.at + outcome.retryAfterMs
          : Date.now() + settings.cooldownMs
      remember(provider, {
        ...s,
        consecutiveFailures: failures,
        lastFailure: {
          code: outcome.code ?? 'provider_error',
          upstream: outcome.upstream ?? null,
          at: outcome.at,
        },
        ...(opens
          ? { state: 'open', openedAt: s.openedAt ?? Date.now(), retryAt: Math.max(retryAt, s.retryAt ?? 0) }
          : {}),
      })
    }
  }
  waitUntil(
    healthObject(env, provider)
      .record(outcome, settings)
      .then((view) => remember(provider, view))
      .catch(() => undefined),
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
