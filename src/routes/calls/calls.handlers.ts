import type { RouteHandler } from '@hono/zod-openapi'
import { CallSchema } from '../../contract/call'
import { ApiError, validationError } from '../../contract/errors'
import { FieldPolicy, handlingFrom } from '../../contract/field-policy'
import type { AppEnv } from '../../lib/app-env'
import { parseId, providerFromField } from '../../lib/ids'
import { providerContext, requireOperation } from '../../lib/provider-access'
import { refuseReservedKeys } from '../../lib/reserved-keys'
import { parsed, shape, written } from '../../lib/respond'
import { runBatch } from './batch'
import {
  CallListSchema,
  type cancelCall,
  type createCall,
  type getCall,
  type listCalls,
} from './calls.routes'
import { prepareCall } from './prepare-call'

export { runBatch as batch }

export const create: RouteHandler<typeof createCall, AppEnv> = async (c) => {
  const { agentId, ...body } = c.req.valid('json')
  await refuseReservedKeys(c)
  const { provider, vendorId } = parseId(c.get('registry'), agentId, 'agent')
  const createFn = requireOperation(provider, 'calls', 'create', c)
  const policy = new FieldPolicy(handlingFrom(c.req.header('prefer')), provider.name)
  const input = prepareCall(c, provider, vendorId, body, policy)
  const call = await createFn(providerContext(c), input, policy)
  return c.json(parsed(CallSchema, written(c, call, policy, c.req.valid('query').include)), 201)
}

export const list: RouteHandler<typeof listCalls, AppEnv> = async (c) => {
  const { provider: providerId, agentId, status, limit, cursor, include } = c.req.valid('query')
  const registry = c.get('registry')
  const agent = agentId ? parseId(registry, agentId, 'agent') : undefined
  if (!agent && !providerId) throw validationError('provider', 'Give provider or agentId')
  if (agent && providerId && agent.provider.id !== providerId) {
    throw validationError('agentId', `Belongs to provider "${agent.provider.id}", not "${providerId}"`)
  }
  const provider = agent?.provider ?? providerFromField(registry, providerId as string, 'provider')
  const page = await requireOperation(
    provider,
    'calls',
    'list',
    c,
  )(providerContext(c), {
    limit,
    cursor,
    status,
    agentVendorId: agent?.vendorId,
  })
  return c.json(parsed(CallListSchema, { ...page, data: page.data.map((call) => shape(call, include)) }), 200)
}

export const get: RouteHandler<typeof getCall, AppEnv> = async (c) => {
  const { provider, vendorId } = parseId(c.get('registry'), c.req.valid('param').id, 'call')
  const call = await requireOperation(provider, 'calls', 'get', c)(providerContext(c), vendorId)
  return c.json(parsed(CallSchema, shape(call, c.req.valid('query').include)), 200)
}

export const cancel: RouteHandler<typeof cancelCall, AppEnv> = async (c) => {
  const { provider, vendorId } = parseId(c.get('registry'), c.req.valid('param').id, 'call')
  const call = await requireOperation(provider, 'calls', 'cancel', c)(providerContext(c), vendorId)
  if (call.status !== 'canceled') {
    // A provider must refuse with 409 rather than report success for a call it did not cancel.
    throw new ApiError('internal', `The provider reported status ${call.status} after cancel.`)
  }
  return c.json(parsed(CallSchema, shape(call, c.req.valid('query').include)), 200)
}
