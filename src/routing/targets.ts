import type { Context } from 'hono'
import type { AgentInput, Provider } from '../../providers/kit/types'
import type { AgentCreate, Target } from '../contract/agent'
import type { Warning } from '../contract/common'
import { ApiError, validationError } from '../contract/errors'
import { FieldPolicy, type Handling } from '../contract/field-policy'
import { assertProviderAllowed } from '../keys/guard'
import { findAgent } from '../ledger/agents'
import type { AppEnv } from '../lib/app-env'
import { parseId } from '../lib/ids'
import { checkWebhookUrl, ownProviderOptions } from '../lib/provider-access'

/** What a portable agent says about itself: the writable Agent fields as the client wrote them. */
export type Definition = Omit<AgentCreate, 'provider' | 'targets' | 'routing'>

/** One target, checked and mapped: what its vendor agent is created or updated from. */
export interface PreparedTarget {
  index: number
  target: Target
  provider: Provider
  /** null for a target given as `agentId` (used as is, never modified). */
  input: AgentInput | null
  policy: FieldPolicy
}

const PER_TARGET_FIELDS = ['voice', 'llm', 'transcriber'] as const

/**
 * The definition as one target's vendor takes it: the target's voice, llm and transcriber win, its
 * providerOptions merge over the definition's for this vendor, and fields the vendor cannot honour
 * are refused (strict) or dropped with a warning (lenient) by the policy.
 */
export function targetInput(
  provider: Provider,
  definition: Definition,
  target: Target,
  policy: FieldPolicy,
): AgentInput {
  const { providerOptions, ...fields } = definition
  const own = structuredClone({ ...fields }) as Record<string, unknown>
  const support = provider.fields['agents.create']
  // A field cleared to null says nothing a vendor without it must refuse.
  for (const field of support?.unsupported ?? []) if (own[field] === null) delete own[field]
  for (const field of PER_TARGET_FIELDS) if (target[field] !== undefined) own[field] = target[field]
  policy.apply(own, support)
  const merged = { ...providerOptions?.[provider.id], ...target.providerOptions }
  const options = ownProviderOptions(
    provider,
    'agents',
    Object.keys(merged).length > 0 ? { [provider.id]: merged } : undefined,
    policy,
  )
  return { ...(own as Omit<AgentInput, 'providerOptions'>), providerOptions: options }
}

/** A target's error names the target: `targets[i].<field>`. */
export const underTarget = (error: unknown, index: number, provider: Provider): unknown => {
  if (!(error instanceof ApiError)) return error
  const prefix = `targets[${index}]`
  return new ApiError(error.code, `${prefix} (${provider.name}): ${error.message}`, {
    ...error.extras,
    errors: (error.extras.errors ?? [{ path: '', message: error.message }]).map((e) => ({
      path: e.path ? `${prefix}.${e.path}` : prefix,
      message: e.message,
    })),
  })
}

/**
 * Checks every target before anything is deployed (validation is all-or-nothing) and maps the
 * definition for each: the target's voice, llm and transcriber win, fields its vendor cannot honour
 * are refused (strict) or dropped for that target only (lenient, with `targets[i].<field>` warnings).
 */
export async function prepareTargets(
  c: Context<AppEnv>,
  definition: Definition,
  targets: Target[],
  handling: Handling,
): Promise<{ prepared: PreparedTarget[]; warnings: Warning[] }> {
  const registry = c.get('registry')
  const principal = c.get('principal')
  const { providerOptions } = definition
  checkWebhookUrl(c, definition.webhookUrl, 'webhookUrl')
  const providers = targets.map((t) => t.provider)
  for (const key of Object.keys(providerOptions ?? {})) {
    if (!providers.includes(key)) throw validationError(`providerOptions.${key}`, `"${key}" is not a target`)
  }
  const prepared: PreparedTarget[] = []
  const warnings: Warning[] = []
  for (const [index, target] of targets.entries()) {
    const provider = registry.get(target.provider)
    if (!provider) {
      throw validationError(
        `targets[${index}].provider`,
        `Unknown provider; use one of ${[...registry.keys()].join(', ')}`,
      )
    }
    if (providers.indexOf(target.provider) !== index) {
      throw validationError(`targets[${index}].provider`, `${target.provider} is already a target`)
    }
    assertProviderAllowed(principal, provider.id)
    const policy = new FieldPolicy(handling, provider.name)
    if (target.agentId !== undefined) {
      await checkGivenAgent(c, target, index)
      prepared.push({ index, target, provider, input: null, policy })
      continue
    }
    if (!provider.agentsInline && !provider.agents?.create) {
      throw validationError(
        `targets[${index}].agentId`,
        `${provider.name} agents cannot be created through its API: give the id of an existing one`,
      )
    }
    try {
      const input = targetInput(provider, definition, target, policy)
      // An inline vendor stores nothing: its own checks run now, so its calls meet no refusal the write did not.
      if (provider.agentsInline) provider.agents?.check?.(input, policy)
      prepared.push({ index, target, provider, input, policy })
    } catch (error) {
      throw underTarget(error, index, provider)
    }
    warnings.push(
      ...policy.warnings.map((w) => ({ field: `targets[${index}].${w.field}`, message: w.message })),
    )
  }
  return { prepared, warnings }
}

/** A target given as an existing vendor agent: it must be this project's own, and not another portable agent's. */
async function checkGivenAgent(c: Context<AppEnv>, target: Target, index: number) {
  const id = target.agentId as string
  const path = `targets[${index}].agentId`
  const { provider } = parseId(c.get('registry'), id, 'agent')
  if (provider.id !== target.provider) {
    throw validationError(path, `Belongs to provider "${provider.id}", not "${target.provider}"`)
  }
  for (const field of [...PER_TARGET_FIELDS, 'providerOptions'] as const) {
    if (target[field] !== undefined) {
      throw validationError(`targets[${index}].${field}`, 'An agent given as agentId is never modified')
    }
  }
  const record = await findAgent(c.env.DB, id)
  if (!record || record.project !== c.get('principal').project || record.portableId !== null) {
    throw new ApiError('not_found', `${path}: no agent "${id.slice(0, 80)}" in this project.`, {
      errors: [{ path, message: 'Not an agent of this project' }],
    })
  }
}
