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
  const { providers, ...body } = raw
  checkRoutedBody(raw)
  checkWebhookUrl(c, body.webhookUrl, 'webhookUrl')
  const registry = c.get('registry')
  const principal = c.get('principal')
  const config = c.get('config')
  const attempts: Attempt[] = []
  const requestId = c.get('requestId')
  let lastFailure: ApiError | null = null

  for (const { target, deployment } of candidates(agent, providers)) {
    const id = ownId('att')
    const started = performance.now()
    const elapsed = () => Math.round((performance.now() - started) * 100) / 100
    const provider = registry.get(target.provider)
    const skip = (reason: SkipReason, problem?: ApiError) => {
      attempts.push({
        id,
        provider: target.provider,
        outcome: 'skipped',
        reason,
        ...(problem ? { problem: problem.toProblem(requestId) } : {}),
        ms: elapsed(),
      })
    }
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
    if (!providerAllowed(principal, provider.id)) {
      skip('forbidden')
      continue
    }
    const create = provider.calls?.create
    if (!create) {
      skip('not_deployed')
      continue
    }
    const policy = new FieldPolicy(handling, provider.name)
    let input: CallInput
    try {
      const fields = structuredClone(withReference(provider, { ...body, from: target.from ?? body.from }, id))
      if (fields.from === undefined) delete fields.from
      const { providerOptions, ...rest } = fields
      policy.apply(rest, provider.fields['calls.create'])
      const options = ownProviderOptions(provider, 'calls', providerOptions, policy)
      input = inline
        ? {
            ...rest,
            providerOptions: options,
            agentVendorId: agent.id,
            agent: inlineAgent(provider, agent, target),
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
    if (!(await admit(c.env, config, provider.id))) {
      skip('circuit_open')
      continue
    }
    if (!(await takeSlot(c.env, provider.id, id, slotExpiry(body), true))) {
      skip('at_capacity')
      continue
    }

    const routed = (call: Call, reason?: string): Call => ({
      ...call,
      agentId: agent.id,
      targetAgentId: deployment.agentId,
      attempts: [
        ...attempts,
        { id, provider: provider.id, outcome: 'placed', ...(reason ? { reason } : {}), ms: elapsed() },
      ],
    })
    const at = Date.now()
    c.set('provider', provider.id)
    try {
      const [placed] = await placeRecorded(
        c,
        [
          {
            ref: id,
            provider: provider.id,
            agentId: agent.id,
            targetAgentId: deployment.agentId,
            to: body.to,
            campaignId: c.env.CAMPAIGN_ENGINE_ID ?? null,
          },
        ],
        async () => [{ call: routed(await create.call(provider.calls, providerContext(c), input, policy)) }],
      )
      const call = (placed as { call: Call }).call
      await bindSlot(c.env, provider.id, id, call.id)
      return { call, provider, policy }
    } catch (thrown) {
      const error =
        thrown instanceof ApiError
          ? thrown
          : new ApiError('internal', 'The create failed on our side; it may have reached the vendor.', {
              provider: provider.id,
              upstream: 'ambiguous',
            })
      if (error.code === 'unsupported_field' && error.extras.upstream === undefined) {
        await releaseSlot(c.env, provider.id, id)
        skip('unsupported_field', error)
        continue
      }
      attempts.push({
        id,
        provider: provider.id,
        outcome: 'failed',
        problem: error.toProblem(requestId),
        ms: elapsed(),
      })
      lastFailure = error
      // Nothing reached the vendor, or it refused: no call can exist, the next target may try.
      if (error.extras.upstream !== 'ambiguous' && thrown instanceof ApiError) {
        await releaseSlot(c.env, provider.id, id)
        continue
      }
      if (
        agent.routing?.onAmbiguous === 'reconcile' &&
        provider.calls?.reconcile &&
        provider.reconcileLookup
      ) {
        const result = await reconcile(c, provider, id, {
          to: body.to,
          after: at,
          agentVendorId: input.agentVendorId,
        })
        if (typeof result === 'object') {
          attempts.pop()
          const call = routed(result.found, 'reconciled')
          await completeCalls(c.env, principal.project, [{ ref: id, call }])
          await bindSlot(c.env, provider.id, id, call.id)
          return { call, provider, policy }
        }
        if (result === 'absent' && provider.reconcileLookup === 'authoritative') {
          // The vendor would have shown it: no call exists, so the next target may try.
          const lastAttempt = attempts.at(-1)
          if (lastAttempt) lastAttempt.reason = 'reconciled_absent'
          await abandonPendingCalls(c.env.DB, [{ ref: id, ambiguous: false }]).catch(() => undefined)
          await releaseSlot(c.env, provider.id, id)
          continue
        }
      }
      throw new ApiError(error.code, error.message, { ...error.extras, attempts })
    }
  }
  throw nonePlaced(lastFailure, attempts)
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
