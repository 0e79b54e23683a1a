import type { z } from '@hono/zod-openapi'
import type { Bindings, Config } from '../src/env'
import type { ApiError } from '../src/lib/errors'
import type { FieldPolicy } from '../src/lib/field-policy'
import type { Agent, AgentCreate, AgentUpdate } from '../src/schemas/agent'
import type { BatchItem, Call, CallStatus } from '../src/schemas/call'
import type { Page } from '../src/schemas/common'
import type { FieldSupport, Operation } from '../src/schemas/provider'
import type { EventType } from '../src/webhooks/events'

export type { FieldSupport, Operation }

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
  env: Bindings
  config: Config
  requestId: string
  /** The project the request acts in: providers that keep state (the sandbox) keep it per project. */
  project: string
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
}

/** providerOptions narrowed to this provider's own entry, already validated by its schema. */
type WithOwnOptions<T> = Omit<T, 'providerOptions'> & { providerOptions: Record<string, unknown> }

export type AgentInput = WithOwnOptions<Omit<AgentCreate, 'provider'>>
export type AgentPatch = WithOwnOptions<AgentUpdate>
/** A call create body after the gateway resolved the agent id to the vendor's own. */
export type CallInput = WithOwnOptions<BatchItem> & { agentVendorId: string }

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
  configured(env: Bindings): boolean
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
   * definition travels with each call. No provider needs it yet.
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
