import type { Context } from 'hono'
import type {
  AgentOperations,
  CallOperations,
  Operation,
  Provider,
  ProviderContext,
} from '../../providers/kit/types'
import { ApiError, validationError } from '../contract/errors'
import type { FieldPolicy } from '../contract/field-policy'
import { assertProviderAllowed } from '../keys/guard'
import { DEFAULT_PROJECT } from '../keys/principal'
import { keptAgentStore } from '../ledger/kept-agents'
import { reportOutcome, reportVendorLimit } from '../routing/health'
import { destinationProblem, hostnamesOf } from '../webhooks/destination'
import { canBuildHooks, hookOrigin, inboundWebhookUrl, requireHookConfig } from '../webhooks/inbound-url'
import { rememberCallDestinations } from '../webhooks/routing'
import type { AppEnv } from './app-env'
import { fieldErrors } from './problem-response'

export function providerContext(c: Context<AppEnv>): ProviderContext {
  const config = c.get('config')
  const publicOrigin = hookOrigin(config, c.req.url)
  const requestId = c.get('requestId')
  const hookConfig = { config, publicOrigin }
  const project = c.get('principal')?.project ?? DEFAULT_PROJECT
  const waitUntil = (promise: Promise<unknown>) => {
    try {
      c.executionCtx.waitUntil(promise)
    } catch {
      // No execution context (app.request in tests): the promise simply runs on.
    }
  }
  return {
    env: c.env,
    config,
    hooks: {
      canBuild: () => canBuildHooks(hookConfig),
      requireConfig: () => void requireHookConfig(hookConfig),
      inboundUrl: (provider, destination, agent) =>
        inboundWebhookUrl(hookConfig, provider, destination, agent),
      rememberCallDestinations: (provider, calls) =>
        rememberCallDestinations(c.env, requestId, provider, calls),
    },
    requestId,
    project,
    agentStore: keptAgentStore(c.env.DB, project),
    fetch: c.get('upstreamFetch'),
    recordUpstream: (ms) => {
      c.set('upstreamMs', c.get('upstreamMs') + ms)
      c.set('upstreamCalls', c.get('upstreamCalls') + 1)
    },
    publicOrigin,
    idempotencyKey: c.req.header('idempotency-key'),
    waitUntil,
    onOutcome: (provider, outcome) => reportOutcome(c.env, config, provider, outcome, waitUntil),
    onVendorLimit: (provider, limit) => reportVendorLimit(c.env, requestId, provider, limit, waitUntil),
  }
}

type Ops = { agents: AgentOperations; calls: CallOperations }

/** The provider's operation, bound; an absent one is 501 (capability = presence). */
export function requireOperation<R extends keyof Ops, O extends keyof Ops[R] & string>(
  provider: Provider,
  resource: R,
  operation: O,
  c: Context<AppEnv>,
): NonNullable<Ops[R][O]> {
  c.set('provider', provider.id)
  assertProviderAllowed(c.get('principal'), provider.id)
  const ops = provider[resource] as Ops[R] | undefined
  const fn = ops?.[operation]
  if (typeof fn !== 'function') {
    throw new ApiError(
      'unsupported_operation',
      unsupportedDetail(provider, `${resource}.${operation}` as Operation),
      {
        provider: provider.id,
      },
    )
  }
  if (!provider.configured(c.env)) {
    throw new ApiError(
      'provider_not_configured',
      `${provider.name} is not configured in this deployment: set ${provider.env?.apiKey ?? `${provider.id.toUpperCase()}_API_KEY`}.`,
      { provider: provider.id },
    )
  }
  return fn.bind(ops) as NonNullable<Ops[R][O]>
}

const unsupportedDetail = (provider: Provider, operation: Operation) =>
  [`${provider.name} does not support ${operation}.`, provider.absentOperationHints?.[operation]]
    .filter(Boolean)
    .join(' ')

/**
 * `providerOptions.<thisProvider>` validated by the provider's schema. Entries for other providers
 * cannot be honoured by this one, so they follow the field policy like any unsupported field.
 */
export function ownProviderOptions(
  provider: Provider,
  resource: 'agents' | 'calls',
  options: Record<string, Record<string, unknown>> | undefined,
  policy: FieldPolicy,
): Record<string, unknown> {
  if (!options) return {}
  for (const key of Object.keys(options)) {
    if (key !== provider.id) {
      policy.unsupported(
        `providerOptions.${key}`,
        `options for "${key}" do not apply to a ${provider.name} ${resource.slice(0, -1)}`,
      )
    }
  }
  const own = options[provider.id]
  if (own === undefined) return {}
  const schema = provider.options?.[resource]
  if (!schema) {
    throw validationError(
      `providerOptions.${provider.id}`,
      `${provider.name} takes no providerOptions for ${resource}`,
    )
  }
  const parsed = schema.safeParse(own)
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error, `providerOptions.${provider.id}`)
    throw new ApiError(
      'validation_failed',
      `providerOptions.${provider.id} failed validation: ${errors[0]?.path}: ${errors[0]?.message}`,
      {
        errors,
      },
    )
  }
  return parsed.data
}

/**
 * A webhook destination needs WEBHOOK_SECRET, and must be a public https URL: no internal address,
 * no name of the gateway itself (src/webhooks/destination.ts), unless local development allows it.
 */
export function checkWebhookUrl(c: Context<AppEnv>, url: string | null | undefined, path: string): void {
  if (!url) return
  const config = c.get('config')
  if (!config.webhookSecret) {
    throw new ApiError(
      'webhooks_not_configured',
      `${path} was given but this deployment has no WEBHOOK_SECRET to sign events with.`,
      { errors: [{ path, message: 'webhooks are not configured in this deployment' }] },
    )
  }
  const ownHosts = hostnamesOf(c.req.url, config.publicBaseUrl)
  const problem = destinationProblem(url, { allowInsecure: config.allowInsecureWebhooks, ownHosts })
  if (problem) throw validationError(path, problem)
}
