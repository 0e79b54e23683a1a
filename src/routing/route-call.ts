import type { Context } from 'hono'
import { log } from '../../providers/kit/log'
import type { CallInput, Provider } from '../../providers/kit/types'
import type { Deployment, Target } from '../contract/agent'
import { ATTEMPT_REF_KEY, type BatchItem, type Call } from '../contract/call'
import { isE164 } from '../contract/common'
import { ApiError, validationError } from '../contract/errors'
import { FieldPolicy, type Handling } from '../contract/field-policy'
import type { Attempt } from '../contract/problem'
import { providerAllowed } from '../keys/guard'
import { abandonPendingCalls, completeCalls } from '../ledger/calls'
import { placeRecorded } from '../ledger/record-create'
import type { AppEnv } from '../lib/app-env'
import { parseId } from '../lib/ids'
import { checkWebhookUrl, ownProviderOptions, providerContext } from '../lib/provider-access'
import { ownId } from '../lib/ulid'
import { admit } from './health'
import { weightedOrder } from './order'
import { ownedPortable, type StoredPortable } from './portable-agents'
import { bindSlot, releaseSlot, slotExpiry, takeSlot } from './slots'
import { targetInput } from './targets'

/** Why a candidate was not tried (API.md § Routing and failover). */
type SkipReason =
  | 'not_deployed'
  | 'not_configured'
  | 'circuit_open'
  | 'at_capacity'
  | 'forbidden'
  | 'unsupported_field'
const TRANSIENT: ReadonlySet<string> = new Set(['circuit_open', 'at_capacity'])
const PER_TARGET = ['voice', 'llm', 'transcriber'] as const

export interface Routed {
  call: Call
  provider: Provider
  policy: FieldPolicy
}

interface Candidate {
  target: Target
  deployment: Deployment | undefined
}

/** Where a call that names no providers goes, and in which order. */
function candidates(agent: StoredPortable, providers: string[] | undefined): Candidate[] {
  const targets = agent.targets ?? []
  const all = targets.map((target, index) => ({ target, deployment: agent.deployments?.[index] }))
  if (providers) {
    return [...new Set(providers)].map((id) => {
      const found = all.find((c) => c.target.provider === id)
      if (!found) throw validationError('providers', `"${id.slice(0, 32)}" is not a target of ${agent.id}`)
      return found
    })
  }
  if (agent.routing?.strategy !== 'weighted') return all
  return weightedOrder(all.map((c) => ({ ...c, weight: c.target.weight })))
}

/** Checks that hold whichever target is used: the reserved key, per-target overrides, `from`. */
function checkRoutedBody(body: BatchItem) {
  for (const field of ['metadata', 'variables'] as const) {
    if (body[field] && Object.hasOwn(body[field], ATTEMPT_REF_KEY)) {
      throw validationError(`${field}.${ATTEMPT_REF_KEY}`, 'Reserved: routing writes the attempt id there')
    }
  }
  for (const field of PER_TARGET) {
    if (body.overrides?.[field] !== undefined && body.providers?.length !== 1) {
      throw validationError(`overrides.${field}`, 'Vendor-specific: give providers naming exactly one target')
    }
  }
  if (body.from !== undefined && !isE164(body.from)) {
    throw validationError(
      'from',
      "A routed call's from must be E.164; per-vendor number ids go on the target",
    )
  }
}

/**
 * The attempt reference goes where this vendor keeps free-form values: metadata if it honours
 * metadata, else variables. null where it keeps neither (its calls cannot be reconciled).
 */
function withReference(provider: Provider, body: BatchItem, ref: string): BatchItem {
  const unsupported = provider.fields['calls.create']?.unsupported ?? []
  if (!unsupported.includes('metadata'))
    return { ...body, metadata: { ...body.metadata, [ATTEMPT_REF_KEY]: ref } }
  if (!unsupported.includes('variables'))
    return { ...body, variables: { ...body.variables, [ATTEMPT_REF_KEY]: ref } }
  return body
}

/**
 * What an inline target's call renders: the portable agent's definition as this target takes it.
 * The write that stored it already refused or warned about what the vendor cannot honour, so what
 * is left to drop is dropped silently here.
 */
function inlineAgent(provider: Provider, agent: StoredPortable, target: Target) {
  return targetInput(provider, agent.definition, target, new FieldPolicy('lenient', provider.name))
}

/** One attempt ready to send: its target chosen and checked, its concurrency slot taken. */
export interface PlannedAttempt {
  /** The attempt id (`att_…`): the ledger ref and the reference in the vendor's metadata. */
  id: string
  provider: Provider
  input: CallInput
  policy: FieldPolicy
  /** The vendor agent placing it; null for an inline target. */
  targetAgentId: string | null
}

interface Current {
  planned: PlannedAttempt
  started: number
  /** Epoch milliseconds the create began: reconciliation looks for calls made since. */
  at: number
}

/**
 * One routed create, step by step: `next` picks the next usable candidate (recording the skipped
 * ones), the caller sends it (alone, or with others bound for the same provider), and `settle`
 * reads what the vendor said — placed, fall back (no call can exist), or stop (the Problem thrown).
 * Falling back happens only where no call can exist (`not_sent`, `rejected`); an ambiguous failure
 * stops routing unless reconciliation finds the call or proves there is none.
 */
export class CallRoute {
  readonly attempts: Attempt[] = []
  private lastFailure: ApiError | null = null
  private readonly queue: Candidate[]
  private readonly body: Omit<BatchItem, 'providers'>
  private current: Current | null = null

  constructor(
    private readonly c: Context<AppEnv>,
    readonly agent: StoredPortable,
    raw: BatchItem,
    private readonly handling: Handling,
  ) {
    const { providers, ...body } = raw
    checkRoutedBody(raw)
    checkWebhookUrl(c, body.webhookUrl, 'webhookUrl')
    this.body = body
    this.queue = candidates(agent, providers)
  }

  private elapsed(started: number) {
    return Math.round((performance.now() - started) * 100) / 100
  }

  private skip(id: string, provider: string, started: number, reason: SkipReason, problem?: ApiError) {
    this.attempts.push({
      id,
      provider,
      outcome: 'skipped',
      reason,
      ...(problem ? { problem: problem.toProblem(this.c.get('requestId')) } : {}),
      ms: this.elapsed(started),
    })
  }

  /** The next candidate that can be tried, its slot taken; null when none is left. */
  async next(): Promise<PlannedAttempt | null> {
    const c = this.c
    const registry = c.get('registry')
    const body = this.body
    for (let candidate = this.queue.shift(); candidate; candidate = this.queue.shift()) {
      const { target, deployment } = candidate
      const id = ownId('att')
      const started = performance.now()
      const skip = (reason: SkipReason, problem?: ApiError) =>
        this.skip(id, target.provider, started, reason, problem)
      const provider = registry.get(target.provider)
      const inline = provider?.agentsInline === true && deployment?.state === 'inline'
      if (
        !provider ||
        !deployment ||
        !(inline || (deployment.state === 'ready' && deployment.agentId !== null))
      ) {
        skip('not_deployed')
        continue
      }
      if (!provider.configured(c.env)) {
        skip('not_configured')
        continue
      }
      if (!providerAllowed(c.get('principal'), provider.id)) {
        skip('forbidden')
        continue
      }
      if (!provider.calls?.create && !provider.calls?.batch) {
        skip('not_deployed')
        continue
      }
      const policy = new FieldPolicy(this.handling, provider.name)
      let input: CallInput
      try {
        const fields = structuredClone(
          withReference(provider, { ...body, from: target.from ?? body.from }, id),
        )
        if (fields.from === undefined) delete fields.from
        const { providerOptions, ...rest } = fields
        policy.apply(rest, provider.fields['calls.create'])
        const options = ownProviderOptions(provider, 'calls', providerOptions, policy)
        input = inline
          ? {
              ...rest,
              providerOptions: options,
              agentVendorId: this.agent.id,
              agent: inlineAgent(provider, this.agent, target),
            }
          : {
              ...rest,
              providerOptions: options,
              agentVendorId: parseId(registry, deployment.agentId as string, 'agent').vendorId,
            }
      } catch (error) {
        if (error instanceof ApiError && error.code === 'unsupported_field') {
          skip('unsupported_field', error)
          continue
        }
        throw error
      }
      if (!(await admit(c.env, c.get('config'), provider.id))) {
        skip('circuit_open')
        continue
      }
      if (!(await takeSlot(c.env, provider.id, id, slotExpiry(body), true))) {
        skip('at_capacity')
        continue
      }
      const planned = { id, provider, input, policy, targetAgentId: deployment.agentId }
      this.current = { planned, started, at: Date.now() }
      c.set('provider', provider.id)
      return planned
    }
    return null
  }

  /** The ledger's pending row for the planned attempt (its ref is the attempt id). */
  pending(planned: PlannedAttempt) {
    return {
      ref: planned.id,
      provider: planned.provider.id,
      agentId: this.agent.id,
      targetAgentId: planned.targetAgentId,
      to: this.body.to,
      campaignId: this.c.env.CAMPAIGN_ENGINE_ID ?? null,
    }
  }

  /** The vendor's call as the client sees it: the portable agent's, with every attempt. */
  placed(call: Call, reason?: string): Call {
    const current = this.current as Current
    const { planned } = current
    return {
      ...call,
      agentId: this.agent.id,
      targetAgentId: planned.targetAgentId,
      attempts: [
        ...this.attempts,
        {
          id: planned.id,
          provider: planned.provider.id,
          outcome: 'placed',
          ...(reason ? { reason } : {}),
          ms: this.elapsed(current.started),
        },
      ],
    }
  }

  /**
   * What the vendor said to the planned attempt (a call already passed through `placed`, or what
   * failed): the Routed call, or null to try the next candidate. Throws the Problem that stops routing.
   */
  async settle(outcome: { call: Call } | { error: unknown }): Promise<Routed | null> {
    const c = this.c
    const { planned, started, at } = this.current as Current
    const { id, provider, policy } = planned
    this.current = null
    if ('call' in outcome) {
      await bindSlot(c.env, provider.id, id, outcome.call.id)
      return { call: outcome.call, provider, policy }
    }
    const thrown = outcome.error
    const error =
      thrown instanceof ApiError
        ? thrown
        : new ApiError('internal', 'The create failed on our side; it may have reached the vendor.', {
            provider: provider.id,
            upstream: 'ambiguous',
          })
    // The number is suppressed (its pending row was refused): nothing was sent, and no target may call it.
    if (error.code === 'suppressed' && error.extras.upstream === undefined) {
      await releaseSlot(c.env, provider.id, id)
      throw error
    }
    if (error.code === 'unsupported_field' && error.extras.upstream === undefined) {
      await releaseSlot(c.env, provider.id, id)
      this.skip(id, provider.id, started, 'unsupported_field', error)
      return null
    }
    this.attempts.push({
      id,
      provider: provider.id,
      outcome: 'failed',
      problem: error.toProblem(c.get('requestId')),
      ms: this.elapsed(started),
    })
    this.lastFailure = error
    // Nothing reached the vendor, or it refused: no call can exist, the next target may try.
    if (error.extras.upstream !== 'ambiguous' && thrown instanceof ApiError) {
      await releaseSlot(c.env, provider.id, id)
      return null
    }
    if (
      this.agent.routing?.onAmbiguous === 'reconcile' &&
      provider.calls?.reconcile &&
      provider.reconcileLookup
    ) {
      const result = await reconcile(c, provider, id, {
        to: this.body.to,
        after: at,
        agentVendorId: planned.input.agentVendorId,
      })
      if (typeof result === 'object') {
        this.attempts.pop()
        this.current = { planned, started, at }
        const call = this.placed(result.found, 'reconciled')
        this.current = null
        await completeCalls(c.env, c.get('principal').project, [{ ref: id, call }])
        await bindSlot(c.env, provider.id, id, call.id)
        return { call, provider, policy }
      }
      if (result === 'absent' && provider.reconcileLookup === 'authoritative') {
        // The vendor would have shown it: no call exists, so the next target may try.
        const lastAttempt = this.attempts.at(-1)
        if (lastAttempt) lastAttempt.reason = 'reconciled_absent'
        await abandonPendingCalls(c.env.DB, [{ ref: id, ambiguous: false }]).catch(() => undefined)
        await releaseSlot(c.env, provider.id, id)
        return null
      }
    }
    throw new ApiError(error.code, error.message, { ...error.extras, attempts: this.attempts })
  }

  /** No candidate placed it: the last failure, or — every one skipped — what the skips say. */
  failure(): ApiError {
    return nonePlaced(this.lastFailure, this.attempts)
  }
}

/** Sends one planned attempt with its vendor's single create; answers the call as routed. */
export async function sendOne(c: Context<AppEnv>, route: CallRoute, planned: PlannedAttempt) {
  const { provider, input, policy } = planned
  const calls = provider.calls as NonNullable<Provider['calls']>
  const ctx = providerContext(c)
  if (calls.create) return route.placed(await calls.create.call(calls, ctx, input, policy))
  const [outcome] = (await calls.batch?.call(calls, ctx, [{ input, policy }])) ?? []
  if (!outcome)
    throw new ApiError('internal', 'The provider answered no result for the call.', { upstream: 'ambiguous' })
  if ('error' in outcome) throw outcome.error
  return route.placed(outcome.call)
}

/**
 * Places a call with a portable agent: candidates in order, skipping the unusable ones, falling
 * back only where no call can exist (`not_sent`, `rejected`), stopping on an ambiguous failure
 * unless reconciliation finds the call or proves there is none. At most one call, whichever vendor.
 */
export async function routeCall(
  c: Context<AppEnv>,
  agentOrId: string | StoredPortable,
  raw: BatchItem,
  handling: Handling,
): Promise<Routed> {
  const agent = typeof agentOrId === 'string' ? await ownedPortable(c, agentOrId) : agentOrId
  const route = new CallRoute(c, agent, raw, handling)
  for (let planned = await route.next(); planned; planned = await route.next()) {
    let outcome: { call: Call } | { error: unknown }
    try {
      // The pending row is written only if the number is not suppressed: one D1 round trip.
      const [placed] = await placeRecorded(
        c,
        [route.pending(planned)],
        async () => [{ call: await sendOne(c, route, planned) }],
        { refuseSuppressed: true },
      )
      outcome = placed as { call: Call }
    } catch (error) {
      outcome = { error }
    }
    const routed = await route.settle(outcome)
    if (routed) return routed
  }
  throw route.failure()
}

/**
 * Looks for the call by its reference until it appears or RECONCILE_SECONDS pass. `unknown` when
 * the last lookup failed: that proves nothing either way.
 */
async function reconcile(
  c: Context<AppEnv>,
  provider: Provider,
  ref: string,
  query: { to: string; after: number; agentVendorId: string },
): Promise<{ found: Call } | 'absent' | 'unknown'> {
  const lookup = provider.calls?.reconcile
  if (!lookup) return 'unknown'
  const deadline = Date.now() + c.get('config').reconcileSeconds * 1000
  for (let wait = 100; ; wait = Math.min(wait * 2, 1_000)) {
    let answered = false
    try {
      const found = await lookup.call(provider.calls, providerContext(c), ref, query)
      if (found) return { found }
      answered = true
    } catch (error) {
      log('warn', {
        requestId: c.get('requestId'),
        provider: provider.id,
        msg: 'reconcile lookup failed',
        error: error instanceof Error ? error.message : String(error),
      })
    }
    const left = deadline - Date.now()
    if (left <= 0) return answered ? 'absent' : 'unknown'
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, left)))
  }
}

/** No candidate placed it: the last failure, or — every one skipped — what the skips say. */
function nonePlaced(lastFailure: ApiError | null, attempts: Attempt[]): ApiError {
  if (lastFailure)
    return new ApiError(lastFailure.code, lastFailure.message, { ...lastFailure.extras, attempts })
  const reasons = attempts.map((a) => a.reason ?? '')
  const every = (test: (reason: string) => boolean) => reasons.length > 0 && reasons.every(test)
  if (reasons.includes('unsupported_field')) {
    const errors = attempts.flatMap((a) =>
      (a.problem?.errors ?? []).map((e) => ({ path: e.path, message: `${a.provider}: ${e.message}` })),
    )
    return new ApiError('unsupported_field', 'No target of this agent can honour every field of this call.', {
      errors,
      attempts,
    })
  }
  if (every((r) => r === 'forbidden')) {
    return new ApiError('forbidden', "This key may use none of this agent's providers.", { attempts })
  }
  if (every((r) => TRANSIENT.has(r))) {
    return new ApiError(
      'provider_unavailable',
      'Every target of this agent is unavailable now (open circuit or at capacity).',
      {
        attempts,
        retryAfter: 1,
        // Nothing was sent anywhere: a retry under the same Idempotency-Key must run again.
        upstream: 'not_sent',
      },
    )
  }
  if (reasons.includes('not_configured') && every((r) => r === 'not_configured' || r === 'forbidden')) {
    return new ApiError(
      'provider_not_configured',
      "None of this agent's providers is configured in this deployment.",
      {
        attempts,
      },
    )
  }
  return new ApiError(
    'conflict',
    'No deployment of this agent can take calls now: POST /v1/agents/{id}/sync.',
    {
      attempts,
    },
  )
}
