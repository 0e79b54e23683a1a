import { z } from 'zod'
import { providers } from '../providers/registry'
import type { SandboxStore } from '../providers/sandbox/store'
import type { CampaignObject } from './campaigns/campaign-object'
import type { QueuedMessage } from './contract/events'
import type { IdempotencyStore } from './idempotency/store'
import type { RateLimiter } from './keys/rate-limiter'
import type { LedgerOutbox } from './ledger/outbox'
import type { ProviderHealth } from './routing/provider-health'
import { destinationProblem, hostnamesOf } from './webhooks/destination'
import { WEBHOOK_SECRET_FORMAT } from './webhooks/secret'
import type { WebhookStore } from './webhooks/store'

/** The Worker's bindings that are not configuration: Durable Objects, the delivery queue, assets. */
interface Resources {
  /** The ledger (migrations/). */
  DB: D1Database
  SANDBOX: DurableObjectNamespace<SandboxStore>
  WEBHOOKS: DurableObjectNamespace<WebhookStore>
  WEBHOOK_QUEUE: Queue<QueuedMessage>
  IDEMPOTENCY: DurableObjectNamespace<IdempotencyStore>
  LEDGER_OUTBOX: DurableObjectNamespace<LedgerOutbox>
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>
  /** Per provider: circuit breaker and concurrency slots. */
  PROVIDER_HEALTH: DurableObjectNamespace<ProviderHealth>
  /**
   * Set only on the in-process requests a campaign's engine makes (src/campaigns/place-attempt.ts),
   * so the calls it places are recorded with their campaign. Never a deployment setting.
   */
  CAMPAIGN_ENGINE_ID?: string
  /** One per campaign: its contacts, attempts and engine (src/campaigns/campaign-object.ts). */
  CAMPAIGNS: DurableObjectNamespace<CampaignObject>
  ASSETS?: Fetcher
}

/** The Worker's bindings: vars and secrets from wrangler.toml / `.dev.vars` (read by ConfigSchema), and Resources. */
export type Bindings = Resources & { readonly [variable: string]: unknown }

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

/** Unset and empty are the same: a variable left blank in `.dev.vars` means "not set". */
const optionalText = z
  .string()
  .optional()
  .transform((raw) => raw || undefined)

const optionalUrl = z
  .string()
  .trim()
  .optional()
  .transform((raw) => raw || undefined)
  .pipe(z.url({ error: 'must be a URL such as https://api.example.com' }).optional())

const webhookSecret = optionalText.refine(
  (raw) => raw === undefined || WEBHOOK_SECRET_FORMAT.test(raw),
  'must be whsec_ followed by base64',
)

const isHttpsBase = (raw: string) => {
  try {
    const url = new URL(raw)
    return url.protocol === 'https:' && !url.search && !url.hash && !url.username && !url.password
  } catch {
    return false
  }
}

/**
 * Each vendor provider's declared variables (providers/<id>/client.ts): its key and its base URL,
 * and any further ones it names (`variables`, such as BLAND_WEBHOOK_SECRET); and every provider's `<PROVIDER>_MAX_CONCURRENT` (read by src/routing/health.ts, unset = no cap).
 * Listed here; providers and routing read them by name, so they add no typed field to Config.
 */
const providerVariables: Record<never, z.ZodType> = Object.fromEntries(
  providers.flatMap((provider) => [
    ...(provider.env
      ? [
          [provider.env.apiKey, optionalText],
          [provider.env.baseUrl, optionalUrl],
        ]
      : []),
    ...(provider.variables ?? []).map((name) => [name, optionalText]),
    [`${provider.id.toUpperCase()}_MAX_CONCURRENT`, optionalText],
  ]),
)

const variables = z.object({
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
  ...providerVariables,
  UPSTREAM_TIMEOUT_MS: positiveNumber(10_000),
  SANDBOX_TIME_SCALE: positiveNumber(1),
  WEBHOOK_SECRET: webhookSecret,
  // Still accepted for inbound tokens after a rotation, until the hooks are re-issued (README).
  WEBHOOK_SECRET_PREVIOUS: webhookSecret,
  WEBHOOK_URL: optionalText,
  WEBHOOK_RETRY_BASE_SECONDS: positiveNumber(10),
  ALLOW_INSECURE_WEBHOOKS: z
    .string()
    .optional()
    .transform((raw) => raw === 'true'),
  // The origin vendors post events to: https, so tokens never travel in the clear.
  PUBLIC_BASE_URL: optionalText
    .refine((raw) => raw === undefined || isHttpsBase(raw), 'must be an https URL with no query or fragment')
    .transform((raw) => raw?.replace(/\/+$/, '')),
  BATCH_CONCURRENCY: positiveNumber(8),
  LEDGER_RETENTION_DAYS: positiveNumber(90),
  BREAKER_FAILURES: positiveNumber(5),
  BREAKER_COOLDOWN_SECONDS: positiveNumber(30),
  RECONCILE_SECONDS: positiveNumber(5),
  // Development aid: every answer is checked against its route's schema (the test suite sets it).
  CHECK_RESPONSES: z
    .string()
    .optional()
    .transform((raw) => raw === 'true'),
})

/** Every configuration variable the deployment reads (the README's configuration table lists these). */
export const CONFIG_VARIABLES = Object.keys(variables.shape)

/** The one schema of the deployment's configuration; `Config` is what it reads. */
export const ConfigSchema = variables
  .superRefine((v, ctx) => {
    if (!v.WEBHOOK_URL) return
    // The same rule as a client's webhookUrl; the value itself stays out of the message (a query may hold a secret).
    const ownHosts = hostnamesOf(v.PUBLIC_BASE_URL)
    const problem = destinationProblem(v.WEBHOOK_URL, { allowInsecure: v.ALLOW_INSECURE_WEBHOOKS, ownHosts })
    if (problem) ctx.addIssue({ code: 'custom', path: ['WEBHOOK_URL'], message: problem })
  })
  .transform((v) => ({
    gatewayKeys: v.GATEWAY_API_KEYS,
    upstreamTimeoutMs: v.UPSTREAM_TIMEOUT_MS,
    sandboxTimeScale: v.SANDBOX_TIME_SCALE,
    webhookSecret: v.WEBHOOK_SECRET,
    /** The secret before the last rotation: inbound tokens it signed still verify. */
    webhookSecretPrevious: v.WEBHOOK_SECRET_PREVIOUS,
    webhookUrl: v.WEBHOOK_URL,
    webhookRetryBaseSeconds: v.WEBHOOK_RETRY_BASE_SECONDS,
    allowInsecureWebhooks: v.ALLOW_INSECURE_WEBHOOKS,
    /** https, no trailing slash: the only origin vendor hooks are built on outside local development. */
    publicBaseUrl: v.PUBLIC_BASE_URL,
    /** Parallel vendor requests when a batch fans out over single creates. */
    batchConcurrency: Math.floor(v.BATCH_CONCURRENCY),
    /** Consecutive vendor failures that open a provider's circuit. */
    breakerFailures: Math.floor(v.BREAKER_FAILURES),
    breakerCooldownSeconds: v.BREAKER_COOLDOWN_SECONDS,
    /** How long routing looks for a call an ambiguous failure may have placed. */
    reconcileSeconds: v.RECONCILE_SECONDS,
    /** Ended calls older than this many days leave the ledger (the daily cron). */
    ledgerRetentionDays: v.LEDGER_RETENTION_DAYS,
    /** Check each answer against its schema (tests); off, answers go out as the code built them. */
    checkResponses: v.CHECK_RESPONSES,
  }))

export type Config = z.output<typeof ConfigSchema>

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
  cache.set(env, parsed.data)
  return parsed.data
}
