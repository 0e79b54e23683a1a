import type { Context } from 'hono'
import type { Deployment } from '../contract/agent'
import { ApiError } from '../contract/errors'
import type { Problem } from '../contract/problem'
import { abandonPendingAgent, completeAgent, forgetAgent, recordPendingAgent } from '../ledger/agents'
import { rememberOwner } from '../ledger/owners'
import type { AppEnv } from '../lib/app-env'
import { parseId } from '../lib/ids'
import { providerContext } from '../lib/provider-access'
import { ownId } from '../lib/ulid'
import type { PreparedTarget } from './targets'

const now = () => new Date().toISOString()

export const problemOf = (c: Context<AppEnv>, error: unknown): Problem =>
  (error instanceof ApiError
    ? error
    : new ApiError('internal', 'The deployment failed on our side; sync retries it.')
  ).toProblem(c.get('requestId'))

const failed = (
  c: Context<AppEnv>,
  p: PreparedTarget,
  agentId: string | null,
  error: unknown,
): Deployment => ({
  provider: p.provider.id,
  agentId,
  state: 'failed',
  error: problemOf(c, error),
  syncedAt: now(),
})

const notConfigured = (p: PreparedTarget) =>
  new ApiError(
    'provider_not_configured',
    `${p.provider.name} is not configured in this deployment: set ${p.provider.id.toUpperCase()}_API_KEY.`,
    { provider: p.provider.id },
  )

/**
 * Brings one target in line with the definition: a given agent is used as is, a deployed one is
 * updated, a missing one is created (recorded in the ledger before the vendor is asked, tagged
 * with the portable agent). A vendor failure is the deployment's state, never the request's.
 */
export async function deploy(
  c: Context<AppEnv>,
  portableId: string,
  p: PreparedTarget,
  current: Deployment | undefined,
): Promise<Deployment> {
  if (p.target.agentId !== undefined) {
    return { provider: p.provider.id, agentId: p.target.agentId, state: 'ready', syncedAt: now() }
  }
  // Nothing to make at the vendor: each routed call carries the definition (src/routing/route-call.ts).
  if (p.provider.agentsInline || p.input === null) {
    return { provider: p.provider.id, agentId: null, state: 'inline', syncedAt: now() }
  }
  const existing = current?.provider === p.provider.id ? current.agentId : null
  if (!p.provider.configured(c.env)) return failed(c, p, existing, notConfigured(p))
  const ctx = providerContext(c)
  if (existing !== null) {
    const update = p.provider.agents?.update
    if (!update)
      return failed(
        c,
        p,
        existing,
        new ApiError('unsupported_operation', `${p.provider.name} cannot update agents.`),
      )
    try {
      const { vendorId } = parseId(c.get('registry'), existing, 'agent')
      await update.call(p.provider.agents, ctx, vendorId, p.input, p.policy)
      return { provider: p.provider.id, agentId: existing, state: 'ready', syncedAt: now() }
    } catch (error) {
      return failed(c, p, existing, error)
    }
  }
  const create = p.provider.agents?.create
  if (!create)
    return failed(
      c,
      p,
      null,
      new ApiError('unsupported_operation', `${p.provider.name} cannot create agents.`),
    )
  const ref = ownId('att')
  await recordPendingAgent(c.env.DB, c.get('principal').project, ref, p.provider.id, portableId)
  try {
    const agent = await create.call(p.provider.agents, ctx, p.input, p.policy)
    const project = c.get('principal').project
    await completeAgent(c.env, project, ref, agent)
    rememberOwner(agent.id, { project, campaignId: null, portableId })
    return { provider: p.provider.id, agentId: agent.id, state: 'ready', syncedAt: now() }
  } catch (error) {
    await abandonPendingAgent(c.env.DB, ref).catch(() => undefined)
    return failed(c, p, null, error)
  }
}

/** Deletes a vendor agent Switchboard deployed; a vendor refusal is thrown as its Problem. */
export async function undeploy(c: Context<AppEnv>, deployment: Deployment): Promise<void> {
  if (deployment.agentId === null) return
  const { provider, vendorId } = parseId(c.get('registry'), deployment.agentId, 'agent')
  const remove = provider.agents?.delete
  if (!remove) {
    throw new ApiError(
      'unsupported_operation',
      `${provider.name} cannot delete agents; ${deployment.agentId} remains.`,
      {
        provider: provider.id,
      },
    )
  }
  try {
    await remove.call(provider.agents, providerContext(c), vendorId)
  } catch (error) {
    // Already gone at the vendor is what we wanted.
    if (!(error instanceof ApiError && error.code === 'not_found')) throw error
  }
  await forgetAgent(c.env.DB, deployment.agentId)
}
