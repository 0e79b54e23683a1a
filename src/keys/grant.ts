import { ApiError, validationError } from '../contract/errors'
import type { ApiKeyCreate } from '../contract/key'
import { DEFAULT_SCOPES, type Scope } from '../contract/scopes'
import type { Principal } from './principal'
import type { KeyRecord, NewKey } from './store'

const forbidden = (detail: string, path: string) =>
  new ApiError('forbidden', detail, { errors: [{ path, message: detail }] })

/**
 * What a new key may hold, given who creates it. No escalation: a managed creator grants subsets
 * of its own scopes and providers, a limit and expiry no looser than its own, and never keys:write.
 */
export function grantFor(creator: Principal, body: ApiKeyCreate, knownProviders: string[]): NewKey {
  const project = body.project ?? creator.project
  if (project !== creator.project && creator.kind !== 'root') {
    throw forbidden('Only a root key may create a key for another project.', 'project')
  }
  for (const [index, id] of (body.providers ?? []).entries()) {
    if (!knownProviders.includes(id)) {
      throw validationError(`providers.${index}`, `Unknown provider; use one of ${knownProviders.join(', ')}`)
    }
  }
  const expiresAt = body.expiresAt ? Date.parse(body.expiresAt) : null
  if (expiresAt !== null && expiresAt <= Date.now())
    throw validationError('expiresAt', 'Must be in the future')
  if (creator.kind === 'root') {
    return {
      project,
      name: body.name,
      scopes: [...new Set(body.scopes ?? DEFAULT_SCOPES)],
      providers: body.providers ? [...new Set(body.providers)] : null,
      requestsPerMinute: body.rateLimit?.requestsPerMinute ?? null,
      expiresAt,
    }
  }

  const scopes = body.scopes
    ? [...new Set(body.scopes)]
    : DEFAULT_SCOPES.filter((scope) => creator.scopes.has(scope))
  if (scopes.includes('keys:write')) throw forbidden('Only a root key may grant keys:write.', 'scopes')
  const lacking = scopes.filter((scope) => !creator.scopes.has(scope))
  if (lacking.length > 0)
    throw forbidden(`This key cannot grant scopes it lacks: ${lacking.join(', ')}.`, 'scopes')

  let providers = body.providers
    ? [...new Set(body.providers)]
    : creator.providers
      ? [...creator.providers]
      : null
  if (creator.providers && providers) {
    const outside = providers.filter((id) => !creator.providers?.includes(id))
    if (outside.length > 0) {
      throw forbidden(`This key cannot grant providers it may not use: ${outside.join(', ')}.`, 'providers')
    }
  }
  providers = providers ?? null

  const limit = body.rateLimit?.requestsPerMinute ?? creator.requestsPerMinute
  if (creator.requestsPerMinute !== null && (limit === null || limit > creator.requestsPerMinute)) {
    throw forbidden(
      `The rate limit cannot be looser than this key's own (${creator.requestsPerMinute}/min).`,
      'rateLimit',
    )
  }
  const expiry = expiresAt ?? creator.expiresAt
  if (creator.expiresAt !== null && (expiry === null || expiry > creator.expiresAt)) {
    throw forbidden("The key cannot outlive this key's own expiry.", 'expiresAt')
  }
  return { project, name: body.name, scopes, providers, requestsPerMinute: limit, expiresAt: expiry }
}

/** A managed key may revoke only keys whose scopes it holds itself. */
export function assertMayRevoke(creator: Principal, target: KeyRecord): void {
  if (creator.kind === 'root') return
  const lacking = target.scopes.filter((scope: Scope) => !creator.scopes.has(scope))
  if (lacking.length > 0) {
    throw forbidden(`This key cannot revoke a key holding scopes it lacks: ${lacking.join(', ')}.`, 'scopes')
  }
}
