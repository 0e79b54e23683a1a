import type { RouteHandler } from '@hono/zod-openapi'
import { AgentSchema } from '../../contract/agent'
import { FieldPolicy, handlingFrom } from '../../contract/field-policy'
import type { AppEnv } from '../../lib/app-env'
import { parseId, providerFromField } from '../../lib/ids'
import {
  checkWebhookUrl,
  ownProviderOptions,
  providerContext,
  requireOperation,
} from '../../lib/provider-access'
import { refuseReservedKeys } from '../../lib/reserved-keys'
import { parsed, shape, written } from '../../lib/respond'
import {
  AgentListSchema,
  type createAgent,
  type deleteAgent,
  type getAgent,
  type listAgents,
  type updateAgent,
} from './agents.routes'

export const create: RouteHandler<typeof createAgent, AppEnv> = async (c) => {
  const { provider: providerId, providerOptions, ...fields } = structuredClone(c.req.valid('json'))
  await refuseReservedKeys(c)
  const provider = providerFromField(c.get('registry'), providerId, 'provider')
  const createFn = requireOperation(provider, 'agents', 'create', c)
  const policy = new FieldPolicy(handlingFrom(c.req.header('prefer')), provider.name)
  policy.apply(fields, provider.fields['agents.create'])
  checkWebhookUrl(c, fields.webhookUrl, 'webhookUrl')
  const options = ownProviderOptions(provider, 'agents', providerOptions, policy)
  const agent = await createFn(providerContext(c), { ...fields, providerOptions: options }, policy)
  return c.json(parsed(AgentSchema, written(c, agent, policy, c.req.valid('query').include)), 201)
}

export const list: RouteHandler<typeof listAgents, AppEnv> = async (c) => {
  const { provider: providerId, limit, cursor, include } = c.req.valid('query')
  const provider = providerFromField(c.get('registry'), providerId, 'provider')
  const page = await requireOperation(provider, 'agents', 'list', c)(providerContext(c), { limit, cursor })
  const data = page.data.map((agent) => shape(agent, include))
  return c.json(parsed(AgentListSchema, { ...page, data }), 200)
}

export const get: RouteHandler<typeof getAgent, AppEnv> = async (c) => {
  const { provider, vendorId } = parseId(c.get('registry'), c.req.valid('param').id, 'agent')
  const agent = await requireOperation(provider, 'agents', 'get', c)(providerContext(c), vendorId)
  return c.json(parsed(AgentSchema, shape(agent, c.req.valid('query').include)), 200)
}

export const update: RouteHandler<typeof updateAgent, AppEnv> = async (c) => {
  const { provider, vendorId } = parseId(c.get('registry'), c.req.valid('param').id, 'agent')
  const updateFn = requireOperation(provider, 'agents', 'update', c)
  const { providerOptions, ...fields } = structuredClone(c.req.valid('json'))
  await refuseReservedKeys(c)
  const policy = new FieldPolicy(handlingFrom(c.req.header('prefer')), provider.name)
  policy.apply(fields, provider.fields['agents.update'])
  checkWebhookUrl(c, fields.webhookUrl, 'webhookUrl')
  const options = ownProviderOptions(provider, 'agents', providerOptions, policy)
  const agent = await updateFn(providerContext(c), vendorId, { ...fields, providerOptions: options }, policy)
  return c.json(parsed(AgentSchema, written(c, agent, policy, c.req.valid('query').include)), 200)
}

export const remove: RouteHandler<typeof deleteAgent, AppEnv> = async (c) => {
  const { provider, vendorId } = parseId(c.get('registry'), c.req.valid('param').id, 'agent')
  await requireOperation(provider, 'agents', 'delete', c)(providerContext(c), vendorId)
  return c.body(null, 204)
}
