import type { z } from '@hono/zod-openapi'
import type { Agent, AgentCreate, AgentUpdate } from '../../src/contract/agent'
import type { BatchItem, Call, CallStatus } from '../../src/contract/call'
import type { Page } from '../../src/contract/common'
import type { ApiError } from '../../src/contract/errors'
import type { EventType } from '../../src/contract/events'
import type { FieldPolicy } from '../../src/contract/field-policy'
import type { FieldSupport, Operation } from '../../src/contract/provider'

export type { FieldSupport, Operation }

/** The deployment's variables (and bindings) by name; a provider reads only the names it declared. */
export type VendorEnv = Readonly<Record<string, unknown>>

/** The part of the deployment's configuration providers use (src/env.ts reads and validates it). */
export interface ProviderConfig {
  upstreamTimeoutMs: number
  /** Parallel vendor requests when a batch fans out over single creates. */
  batchConcurrency: number
  sandboxTimeScale: number
  webhookSecret: string | undefined
  webhookUrl: string | undefined
}

/** A call just placed, the webhookUrl its own request named, and the vendor agent that placed it. */
export interface PlacedCall {
  callVendorId: string
  webhookUrl: string | undefined
  agentVendorId: string
}

/** The webhook service as providers see it; implemented in src/webhooks. */
export interface HookService {
  /** Whether this deployment can hand vendors an inbound URL at all (secret and origin). */
  canBuild(): boolean
  /** Refuses with webhooks_not_configured, saying what to set, when it cannot. */
  requireConfig(): void
  /**
   * Switchboard's own URL to hand a vendor in place of the client's: what the vendor posts there
   * is relayed to `destination` (null: routed per call, else WEBHOOK_URL), for calls of `agent`
   * (the vendor's agent id) only.
   */
  inboundUrl(provider: string, destination: string | null, agent: string): Promise<string>
  /**
   * For vendors whose hook lives on the agent: each call's own webhookUrl is kept by call id, so the
   * agent hook's events for that call go there. Never throws: the calls already exist.
   */
  rememberCallDestinations(provider: string, calls: PlacedCall[]): Promise<void>
}

/** One agent definition Switchboard keeps for a vendor with no agent object of its own (Bland). */
export interface KeptAgent {
  /** The vendor-local id (a ULID): the public id is `<provider>_<id>`. */
  id: string
  /** The provider's own definition, stored as given and read back with its own schema. */
  body: Record<string, unknown>
  createdAt: string
  updatedAt: string
}

/**
 * Agents Switchboard keeps for a provider, per project (the request's): implemented by the ledger
 * (src/ledger/kept-agents.ts). Reading and writing it never asks a vendor.
 */
export interface AgentStore {
  get(provider: string, id: string): Promise<KeptAgent | null>
  /** Stores a new definition under a fresh id (a ULID) and answers it. */
  create(provider: string, body: Record<string, unknown>): Promise<KeptAgent>
  /** Replaces a definition; null when there is no such agent in this project. */
  update(provider: string, id: string, body: Record<string, unknown>): Promise<KeptAgent | null>
  /** False when there was no such agent in this project. */
  delete(provider: string, id: string): Promise<boolean>
  /** Newest first. */
  list(provider: string, query: AgentListQuery): Promise<Page<KeptAgent>>
}

/** One vendor request's outcome, as the provider's circuit breaker counts it. */
export interface VendorOutcome {
  /** 2xx, or a 4xx other than 429: the vendor is up and answered. */
  ok: boolean
  ms: number
  /** Epoch milliseconds when the request began. */
  at: number
  code?: string
  upstream?: string
  /** A 429's Retry-After, in milliseconds: the breaker opens until then. */
  retryAfterMs?: number
}

/** What a provider operation may use of the request it serves. */
export interface ProviderContext {
  env: VendorEnv
  config: ProviderConfig
  hooks: HookService
  requestId: string
  /** The project the request acts in: providers that keep state (the sandbox) keep it per project. */
  project: string
  /** Agents Switchboard keeps, in this project (for vendors that keep none). */
  agentStore: AgentStore
  /** Injectable so tests can stand in for the vendor; every vendor request goes through it. */
  fetch: typeof fetch
  /** Adds the time a vendor request took to the response's `Server-Timing: upstream`. */
  recordUpstream(ms: number): void
  /** Origin vendors call back on (src/webhooks/inbound-url.ts); null when none may be used. */
  publicOrigin: string | null
  /** The client's Idempotency-Key, forwarded to vendors that honour one. */
  idempotencyKey?: string
  /** Keeps background work (timers, deliveries) alive after the response. */
  waitUntil(promise: Promise<unknown>): void
  /** Told the outcome of every vendor request (by the vendor HTTP client), for provider health. */
  onOutcome?(provider: string, outcome: VendorOutcome): void
  /**
   * Told the concurrency limit a vendor reports of its own account in an answer (Vapi's
   * `subscriptionLimits.concurrencyLimit`), shown as provider health's `vendorLimit`.
   */
  onVendorLimit?(provider: string, limit: number): void
}

/** providerOptions narrowed to this provider's own entry, already validated by its schema. */
type WithOwnOptions<T> = Omit<T, 'providerOptions'> & { providerOptions: Record<string, unknown> }

export type AgentInput = WithOwnOptions<Omit<AgentCreate, 'provider'>>
export type AgentPatch = WithOwnOptions<AgentUpdate>
/**
 * A call create body after the gateway resolved the agent id to the vendor's own. For an
 * `agentsInline` vendor routed from a portable agent, `agent` is that agent's definition for this
 * target (already checked when the agent was written) to render into the call, and `agentVendorId`
 * is the portable agent's id.
 */
export type CallInput = WithOwnOptions<BatchItem> & { agentVendorId: string; agent?: AgentInput }

export interface AgentListQuery {
  limit: number
  cursor?: string
}
export interface CallListQuery {
  limit: number
  cursor?: string
  agentVendorId?: string
  status?: CallStatus
}

export interface BatchEntry {
  input: CallInput
  policy: FieldPolicy
}
/** One result per entry, in the entries' order. */
export type BatchOutcome = { call: Call } | { error: ApiError }

export interface AgentOperations {
  /**
   * `agentsInline` vendors: checks a portable agent's definition as its calls will render it,
   * refusing (strict) or dropping with a warning (lenient) what this vendor cannot honour. Nothing
   * is stored; called whenever the portable agent is written.
   */
  check?(input: AgentInput, policy: FieldPolicy): void
  create?(ctx: ProviderContext, input: AgentInput, policy: FieldPolicy): Promise<Agent>
  get?(ctx: ProviderContext, vendorId: string): Promise<Agent>
  list?(ctx: ProviderContext, query: AgentListQuery): Promise<Page<Agent>>
  update?(ctx: ProviderContext, vendorId: string, patch: AgentPatch, policy: FieldPolicy): Promise<Agent>
  delete?(ctx: ProviderContext, vendorId: string): Promise<void>
}

export interface CallOperations {
  create?(ctx: ProviderContext, input: CallInput, policy: FieldPolicy): Promise<Call>
  /** The vendor's native bulk endpoint; without it the gateway fans out over `create`. */
  batch?(ctx: ProviderContext, entries: BatchEntry[]): Promise<BatchOutcome[]>
  get?(ctx: ProviderContext, vendorId: string): Promise<Call>
  list?(ctx: ProviderContext, query: CallListQuery): Promise<Page<Call>>
  /** Withdraws a call that has not connected, hangs up a live one, or throws `conflict`. */
  cancel?(ctx: ProviderContext, vendorId: string): Promise<Call>
  /**
   * Finds the call a routed create made, by the attempt reference Switchboard wrote into its
   * metadata or variables (under ATTEMPT_REF_KEY), to `to`, created after `after`; null if not seen.
   */
  reconcile?(ctx: ProviderContext, ref: string, query: ReconcileQuery): Promise<Call | null>
}

export interface ReconcileQuery {
  to: string
  /** Epoch milliseconds the attempt began. */
  after: number
  agentVendorId: string
}

/** One vendor webhook delivery, read into the contract's terms. */
export interface InboundEvent {
  /** Stable across the vendor's re-deliveries of this event: the dedupe key. */
  vendorEventKey: string
  callVendorId: string
  type: EventType
  /** When the event happened (ISO 8601 UTC); receivers order events by it. */
  createdAt: string
  /** The call as of this event. */
  call: Call
  /** The vendor's payload, untouched. */
  providerEvent: Record<string, unknown>
  /** The call was read from the vendor (not taken from the payload), so its agentId is the vendor's word. */
  callFromVendor?: boolean
}

export interface InboundDelivery {
  body: unknown
  rawBody: string
  headers: Headers
}

/** Reading what a vendor posts to Switchboard's inbound URL (`POST /v1/webhooks/{provider}/{token}`). */
export interface WebhookOperations {
  /** Where the vendor also signs its deliveries: false is a 401 and nothing is delivered. */
  verify?(ctx: ProviderContext, delivery: InboundDelivery): Promise<boolean>
  /** The event, or null for a delivery that is no call event (a tool call, a transcript chunk…). A payload that fails the vendor's schema throws validation_failed. */
  parse(ctx: ProviderContext, delivery: InboundDelivery): Promise<InboundEvent | null>
}

/**
 * A provider module. Capability is presence: an absent operation answers 501 and shows as
 * `false` in GET /v1/providers, with nothing else to write.
 */
export interface Provider {
  /** Lowercase letters and digits only: it prefixes every id and must not contain `_`. */
  id: string
  name: string
  docsUrl: string
  /** The deployment variables a vendor provider reads; src/env.ts validates them with the rest. */
  env?: { apiKey: string; baseUrl: string }
  /** Further deployment variables it reads by name (optional text, e.g. a webhook signing secret); src/env.ts lists them with the rest. */
  variables?: readonly string[]
  defaultBaseUrl?: string
  configured(env: VendorEnv): boolean
  /** Which request fields each operation honours; drives strict/lenient handling and the capability document. */
  fields: Partial<Record<Operation, FieldSupport>>
  /** Every vendor call status word, normalized. */
  statusMap: Record<string, CallStatus>
  /** For an absent operation: why, and what to do instead (shown in its 501). */
  absentOperationHints?: Partial<Record<Operation, string>>
  /** Schemas of `providerOptions.<id>` per resource; absent = this provider takes none. */
  options?: { agents?: z.ZodType<Record<string, unknown>>; calls?: z.ZodType<Record<string, unknown>> }
  /**
   * The vendor keeps no agent object: a portable agent's deployment there is `inline` and its
   * definition travels with each call (`CallInput.agent`).
   */
  agentsInline?: true
  /**
   * How far `calls.reconcile` can be trusted: `authoritative` when a miss proves no call exists (it
   * sees a call as soon as the create returns), `best_effort` when the vendor's lists may lag.
   */
  reconcileLookup?: 'authoritative' | 'best_effort'
  agents?: AgentOperations
  calls?: CallOperations
  /** Present when the vendor's call events can be received and relayed as contract Events. */
  webhooks?: WebhookOperations
}
