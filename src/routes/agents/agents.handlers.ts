import type { RouteHandler } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { type Agent, AgentSchema } from '../../contract/agent'
import type { Warning } from '../../contract/common'
import { ApiError, validationError } from '../../contract/errors'
import { FieldPolicy, handlingFrom } from '../../contract/field-policy'
import { ownedAgent, refuseDeployed } from '../../ledger/access'
import {
  abandonPendingAgent,
  answerOf,
  completeAgent,
  findAgent,
  forgetAgent,
  listAgents as readAgents,
  recordImportedAgent,
  recordPendingAgent,
  refreshAgent,
} from '../../ledger/agents'
import { readKeyset } from '../../ledger/cursor'
import type { AppEnv } from '../../lib/app-env'
import { isPortableAgentId, parseId, providerFromField } from '../../lib/ids'
import {
  checkWebhookUrl,
  ownProviderOptions,
  providerContext,
  requireOperation,
} from '../../lib/provider-access'
import { refuseReservedKeys } from '../../lib/reserved-keys'
import { parsed, shape, written } from '../../lib/respond'
import { ownId } from '../../lib/ulid'
import {
  createPortable,
  ownedPortable,
  removePortable,
  syncPortable,
  updatePortable,
} from '../../routing/portable-agents'
import {
  AgentListSchema,
  type createAgent,
  type deleteAgent,
  type getAgent,
  type importAgent as importAgentRoute,
  type listAgents,
  type syncAgent as syncAgentRoute,
  type updateAgent,
} from './agents.routes'

/** A portable agent's answer: lenient writes carry their per-target warnings. */
const portableAnswer = (c: Context<AppEnv>, stored: Agent, warnings: Warning[] | null) => {
  const agent = answerOf(stored)
  if (warnings === null || handlingFrom(c.req.header('prefer')) !== 'lenient')
    return parsed(AgentSchema, agent)
  c.header('preference-applied', 'handling=lenient')
  return parsed(AgentSchema, { ...agent, warnings })
}

export const create: RouteHandler<typeof createAgent, AppEnv> = async (c) => {
  const body = structuredClone(c.req.valid('json'))
  await refuseReservedKeys(c)
  if (body.provider === undefined) {
    const { agent, warnings } = await createPortable(c, body, handlingFrom(c.req.header('prefer')))
    return c.json(portableAnswer(c, agent, warnings), 201)
  }
  const { provider: providerId, providerOptions, targets, routing, ...fields } = body
  if (targets !== undefined)
    throw validationError('targets', 'Only a portable agent (no provider) has targets')
  if (routing !== undefined)
    throw validationError('routing', 'Only a portable agent (no provider) has routing')
  const provider = providerFromField(c.get('registry'), providerId, 'provider')
  const createFn = requireOperation(provider, 'agents', 'create', c)
  const policy = new FieldPolicy(handlingFrom(c.req.header('prefer')), provider.name)
  policy.apply(fields, provider.fields['agents.create'])
  checkWebhookUrl(c, fields.webhookUrl, 'webhookUrl')
  const options = ownProviderOptions(provider, 'agents', providerOptions, policy)
  // Recorded before the vendor is asked, completed after: an agent is never made unrecorded.
  const ref = ownId('att')
  await recordPendingAgent(c.env.DB, c.get('principal').project, ref, provider.id)
  let agent: Awaited<ReturnType<typeof createFn>>
  try {
    agent = await createFn(providerContext(c), { ...fields, providerOptions: options }, policy)
  } catch (error) {
    await abandonPendingAgent(c.env.DB, ref).catch(() => undefined)
    throw error
  }
  await completeAgent(c.env, c.get('principal').project, ref, agent)
  return c.json(parsed(AgentSchema, written(c, agent, policy, c.req.valid('query').include)), 201)
}

export const list: RouteHandler<typeof listAgents, AppEnv> = async (c) => {
  const { provider: providerId, limit, cursor, include, source } = c.req.valid('query')
  const principal = c.get('principal')
  if (providerId !== undefined) providerFromField(c.get('registry'), providerId, 'provider')
  if (source === 'vendor') {
    if (principal.kind !== 'root') {
      throw new ApiError('forbidden', 'Only a root key may list from the vendor (source=vendor).')
    }
    if (providerId === undefined) throw validationError('provider', 'Give provider with source=vendor')
    const provider = providerFromField(c.get('registry'), providerId, 'provider')
    const page = await requireOperation(provider, 'agents', 'list', c)(providerContext(c), { limit, cursor })
    return c.json(parsed(AgentListSchema, { ...page, data: page.data.map((a) => shape(a, include)) }), 200)
  }
  const page = await readAgents(
    c.env.DB,
    principal.project,
    providerId,
    principal.providers,
    limit,
    readKeyset(principal.project, cursor),
  )
  return c.json(parsed(AgentListSchema, { ...page, data: page.data.map((a) => shape(a, include)) }), 200)
}

export const importAgent: RouteHandler<typeof importAgentRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid('json')
  const { provider, vendorId } = parseId(c.get('registry'), id, 'agent')
  const recorded = await findAgent(c.env.DB, id)
  const project = c.get('principal').project
  if (recorded && recorded.project !== project) {
    throw new ApiError('not_found', `No agent with id "${id.slice(0, 80)}" that this project can import.`)
  }
  const agent = await requireOperation(provider, 'agents', 'get', c)(providerContext(c), vendorId)
  await recordImportedAgent(c.env.DB, project, ownId('att'), agent)
  return c.json(parsed(AgentSchema, shape(agent, c.req.valid('query').include)), 200)
}

export const get: RouteHandler<typeof getAgent, AppEnv> = async (c) => {
  const { id } = c.req.valid('param')
  if (isPortableAgentId(id)) return c.json(portableAnswer(c, await ownedPortable(c, id), null), 200)
  const { provider, vendorId } = parseId(c.get('registry'), id, 'agent')
  const recorded = await ownedAgent(c, id)
  const agent = await requireOperation(provider, 'agents', 'get', c)(providerContext(c), vendorId)
  if (recorded) await refreshAgent(c.env.DB, agent)
  return c.json(parsed(AgentSchema, shape(agent, c.req.valid('query').include)), 200)
}

export const update: RouteHandler<typeof updateAgent, AppEnv> = async (c) => {
  const { id } = c.req.valid('param')
  if (isPortableAgentId(id)) {
    const patch = structuredClone(c.req.valid('json'))
    const { agent, warnings } = await updatePortable(c, id, patch, handlingFrom(c.req.header('prefer')))
    return c.json(portableAnswer(c, agent, warnings), 200)
  }
  const { provider, vendorId } = parseId(c.get('registry'), id, 'agent')
  const recorded = await ownedAgent(c, id)
  refuseDeployed(recorded, id)
  const updateFn = requireOperation(provider, 'agents', 'update', c)
  const { providerOptions, targets, routing, ...fields } = structuredClone(c.req.valid('json'))
  if (targets !== undefined) throw validationError('targets', 'Only a portable agent has targets')
  if (routing !== undefined) throw validationError('routing', 'Only a portable agent has routing')
  await refuseReservedKeys(c)
  const policy = new FieldPolicy(handlingFrom(c.req.header('prefer')), provider.name)
  policy.apply(fields, provider.fields['agents.update'])
  checkWebhookUrl(c, fields.webhookUrl, 'webhookUrl')
  const options = ownProviderOptions(provider, 'agents', providerOptions, policy)
  const agent = await updateFn(providerContext(c), vendorId, { ...fields, providerOptions: options }, policy)
  if (recorded) await refreshAgent(c.env.DB, agent)
  return c.json(parsed(AgentSchema, written(c, agent, policy, c.req.valid('query').include)), 200)
}

export const remove: RouteHandler<typeof deleteAgent, AppEnv> = async (c) => {
  const { id } = c.req.valid('param')
  if (isPortableAgentId(id)) {
    await removePortable(c, id)
    return c.body(null, 204)
  }
  const { provider, vendorId } = parseId(c.get('registry'), id, 'agent')
  const recorded = await ownedAgent(c, id)
  refuseDeployed(recorded, id)
  await requireOperation(provider, 'agents', 'delete', c)(providerContext(c), vendorId)
  if (recorded) await forgetAgent(c.env.DB, id)
  return c.body(null, 204)
}

export const syncAgent: RouteHandler<typeof syncAgentRoute, AppEnv> = async (c) => {
  const agent = await syncPortable(c, c.req.valid('param').id)
  return c.json(portableAnswer(c, agent, null), 200)
}
