import { z } from 'zod'
import type { SandboxStore } from '../providers/sandbox/store'
import type { IdempotencyStore } from './idempotency/store'
import type { RateLimiter } from './keys/rate-limiter'
import type { LedgerOutbox } from './ledger/outbox'
import type { ProviderHealth } from './routing/provider-health'
import { destinationProblem, hostnamesOf } from './webhooks/destination'
import type { DeliveryMessage } from './webhooks/outbox'
import { WEBHOOK_SECRET_FORMAT } from './webhooks/secret'
import type { WebhookStore } from './webhooks/store'

/** The Worker's bindings: vars and secrets from wrangler.toml / `.dev.vars`, and the Durable Objects. */
export interface Bindings {
  GATEWAY_API_KEYS?: string
  DASHA_API_KEY?: string
  DASHA_BASE_URL?: string
  ONEINBOX_API_KEY?: string
  ONEINBOX_BASE_URL?: string
  HAPPYROBOT_API_KEY?: string
  HAPPYROBOT_BASE_URL?: string
  UPSTREAM_TIMEOUT_MS?: string
  SANDBOX_TIME_SCALE?: string
  WEBHOOK_SECRET?: string
  WEBHOOK_SECRET_PREVIOUS?: string
  WEBHOOK_URL?: string
  WEBHOOK_RETRY_BASE_SECONDS?: string
  ALLOW_INSECURE_WEBHOOKS?: string
  PUBLIC_BASE_URL?: string
  BATCH_CONCURRENCY?: string
  LEDGER_RETENTION_DAYS?: string
  /** Calls kept in flight per vendor account (unset = no cap); read by src/routing/health.ts. */
  DASHA_MAX_CONCURRENT?: string
  ONEINBOX_MAX_CONCURRENT?: string
  HAPPYROBOT_MAX_CONCURRENT?: string
  SANDBOX_MAX_CONCURRENT?: string
  BREAKER_FAILURES?: string
  BREAKER_COOLDOWN_SECONDS?: string
  RECONCILE_SECONDS?: string
  /** The ledger (migrations/). */
  DB: D1Database
  SANDBOX: DurableObjectNamespace<SandboxStore>
  WEBHOOKS: DurableObjectNamespace<WebhookStore>
  WEBHOOK_QUEUE: Queue<DeliveryMessage>
  IDEMPOTENCY: DurableObjectNamespace<IdempotencyStore>
  LEDGER_OUTBOX: DurableObjectNamespace<LedgerOutbox>
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>
  /** Per provider: circuit breaker and concurrency slots. */
  PROVIDER_HEALTH: DurableObjectNamespace<ProviderHealth>
  ASSETS?: Fetcher
}

const positiveNumber = (fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return fallback
      const value = Number(raw)
      if (!Number.isFinite(value) || value <= 0) {
        ctx.addIssue({ code: 'custom', message: `must be a positive number, got "${raw}"` })
        return z.NEVER
      }
      return value
    })

const isHttpsBase = (raw: string) => {
  try {
    const url = new URL(raw)
    return url.protocol === 'https:' && !url.search && !url.hash && !url.username && !url.password
  } catch {
    return false
  }
}

const ConfigSchema = z.object({
  GATEWAY_API_KEYS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const entries = (raw ?? '').split(',').map((key) => key.trim())
      // A Bearer token carries no whitespace, so such a key could never match: say which, not what.
      const spaced = entries.findIndex((key) => /\s/.test(key))
      if (spaced !== -1) {
        ctx.addIssue({
          code: 'custom',
          message: `entry ${spaced + 1} (counting from 1) contains whitespace, which no Bearer key can carry`,
        })
        return z.NEVER
      }
      return entries.filter(Boolean)
    }),
  UPSTREAM_TIMEOUT_MS: positiveNumber(10_000),
  SANDBOX_TIME_SCALE: positiveNumber(1),
  WEBHOOK_SECRET: z
    .string()
    .optional()
    .transform((raw) => raw || undefined)
    .refine(
      (raw) => raw === undefined || WEBHOOK_SECRET_FORMAT.test(raw),
      'must be whsec_ followed by base64',
    ),
  // Still accepted for inbound tokens after a rotation, until the hooks are re-issued (README).
  WEBHOOK_SECRET_PREVIOUS: z
    .string()
    .optional()
    .transform((raw) => raw || undefined)
    .refine(
      (raw) => raw === undefined || WEBHOOK_SECRET_FORMAT.test(raw),
      'must be whsec_ followed by base64',
    ),
  WEBHOOK_URL: z
    .string()
    .optional()
    .transform((raw) => raw || undefined),
  WEBHOOK_RETRY_BASE_SECONDS: positiveNumber(10),
  ALLOW_INSECURE_WEBHOOKS: z
    .string()
    .optional()
    .transform((raw) => raw === 'true'),
  // The origin vendors post events to: https, so tokens never travel in the clear.
  PUBLIC_BASE_URL: z
    .string()
    .optional()
    .transform((raw) => raw || undefined)
    .refine((raw) => raw === undefined || isHttpsBase(raw), 'must be an https URL with no query or fragment')
    .transform((raw) => raw?.replace(/\/+$/, '')),
  BATCH_CONCURRENCY: positiveNumber(8),
  LEDGER_RETENTION_DAYS: positiveNumber(90),
  BREAKER_FAILURES: positiveNumber(5),
  BREAKER_COOLDOWN_SECONDS: positiveNumber(30),
  RECONCILE_SECONDS: positiveNumber(5),
})

export type Config = {
  gatewayKeys: string[]
  upstreamTimeoutMs: number
  sandboxTimeScale: number
  webhookSecret: string | undefined
  /** The secret before the last rotation: inbound tokens it signed still verify. */
  webhookSecretPrevious: string | undefined
  webhookUrl: string | undefined
  webhookRetryBaseSeconds: number
  allowInsecureWebhooks: boolean
  /** https, no trailing slash: the only origin vendor hooks are built on outside local development. */
  publicBaseUrl: string | undefined
  /** Parallel vendor requests when a batch fans out over single creates. */
  batchConcurrency: number
  /** Consecutive vendor failures that open a provider's circuit. */
  breakerFailures: number
  breakerCooldownSeconds: number
  /** How long routing looks for a call an ambiguous failure may have placed. */
  reconcileSeconds: number
  /** Ended calls older than this many days leave the ledger (the daily cron). */
  ledgerRetentionDays: number
}

export class ConfigError extends Error {}

// The bindings object is the same for every request of an isolate: parse it once.
const cache = new WeakMap<object, Config>()

/** Reads the deployment's configuration; a malformed value fails loudly instead of being guessed. */
export function readConfig(env: Bindings): Config {
  const cached = cache.get(env)
  if (cached) return cached
  const parsed = ConfigSchema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ConfigError(`Invalid configuration ${issue?.path.join('.')}: ${issue?.message}`)
  }
  const v = parsed.data
  if (v.WEBHOOK_URL) {
    // The same rule as a client's webhookUrl; the value itself stays out of the message (a query may hold a secret).
    const ownHosts = hostnamesOf(v.PUBLIC_BASE_URL)
    const problem = destinationProblem(v.WEBHOOK_URL, { allowInsecure: v.ALLOW_INSECURE_WEBHOOKS, ownHosts })
    if (problem) throw new ConfigError(`Invalid configuration WEBHOOK_URL: ${problem}`)
  }
  const config: Config = {
    gatewayKeys: v.GATEWAY_API_KEYS,
    upstreamTimeoutMs: v.UPSTREAM_TIMEOUT_MS,
    sandboxTimeScale: v.SANDBOX_TIME_SCALE,
    webhookSecret: v.WEBHOOK_SECRET,
    webhookSecretPrevious: v.WEBHOOK_SECRET_PREVIOUS,
    webhookUrl: v.WEBHOOK_URL,
    webhookRetryBaseSeconds: v.WEBHOOK_RETRY_BASE_SECONDS,
    allowInsecureWebhooks: v.ALLOW_INSECURE_WEBHOOKS,
    publicBaseUrl: v.PUBLIC_BASE_URL,
    batchConcurrency: Math.floor(v.BATCH_CONCURRENCY),
    breakerFailures: Math.floor(v.BREAKER_FAILURES),
    breakerCooldownSeconds: v.BREAKER_COOLDOWN_SECONDS,
    reconcileSeconds: v.RECONCILE_SECONDS,
    ledgerRetentionDays: v.LEDGER_RETENTION_DAYS,
  }
  cache.set(env, config)
  return config
}
