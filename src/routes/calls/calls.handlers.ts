import type { RouteHandler } from '@hono/zod-openapi'
import { type Call, CallSchema, withLedgerFields } from '../../contract/call'
import { ApiError, validationError } from '../../contract/errors'
import { FieldPolicy, handlingFrom } from '../../contract/field-policy'
import { ownedAgent, ownedCall } from '../../ledger/access'
import { findCall, isFinal, listCalls, refreshCall } from '../../ledger/calls'
import { readKeyset } from '../../ledger/cursor'
import { type Placed, placeRecorded } from '../../ledger/record-create'
import { timedLedger } from '../../ledger/timing'
import type { AppEnv } from '../../lib/app-env'
import { inBackground } from '../../lib/background'
import { isPortableAgentId, parseId, providerFromField } from '../../lib/ids'
import { providerContext, requireOperation } from '../../lib/provider-access'
import { refuseReservedKeys } from '../../lib/reserved-keys'
import { parsed, shape, written } from '../../lib/respond'
import { ownId } from '../../lib/ulid'
import { routeCall } from '../../routing/route-call'
import { bindSlot, releaseSlot, slotExpiry, takeSlot } from '../../routing/slots'
import { runBatch } from './batch'
import {
  CallListSchema,
  type cancelCall,
  type createCall,
  type getCall,
  type listCalls as listCallsRoute,
} from './calls.routes'
import { ledgerFilters } from './list-filters'
import { prepareCall } from './prepare-call'

export { runBatch as batch }

export const create: RouteHandler<typeof createCall, AppEnv> = async (c) => {
  const { agentId, ...body } = c.req.valid('json')
  await refuseReservedKeys(c)
  const { include } = c.req.valid('query')
  if (isPortableAgentId(agentId)) {
    const routed = await routeCall(c, agentId, body, handlingFrom(c.req.header('prefer')))
    c.header('switchboard-provider', routed.provider.id)
    return c.json(parsed(CallSchema, withLedgerFields(written(c, routed.call, routed.policy, include))), 201)
  }
  if (body.providers !== undefined)
    throw validationError('providers', 'Only a portable agent (agt_…) is routed')
  const { provider, vendorId } = parseId(c.get('registry'), agentId, 'agent')
  await ownedAgent(c, agentId)
  const createFn = requireOperation(provider, 'calls', 'create', c)
  const policy = new FieldPolicy(handlingFrom(c.req.header('prefer')), provider.name)
  const input = prepareCall(c, provider, vendorId, body, policy)
  // A direct create is counted against the provider's cap, never refused by it (the client chose it);
  // a campaign's attempt is refused at the cap and waits for a later tick (src/campaigns/place-attempt.ts).
  const ref = ownId('att')
  const campaign = c.env.CAMPAIGN_ENGINE_ID !== undefined
  if (!(await takeSlot(c.env, provider.id, ref, slotExpiry(body), campaign))) {
    throw new ApiError(
      'provider_unavailable',
      `${provider.name} is at its concurrency cap; nothing was sent.`,
      {
        attempts: [{ id: ref, provider: provider.id, outcome: 'skipped', reason: 'at_capacity', ms: 0 }],
        retryAfter: 1,
        upstream: 'not_sent',
      },
    )
  }
  let outcome: Placed | undefined
  try {
    ;[outcome] = await placeRecorded(
      c,
      [{ ref, provider: provider.id, agentId, to: body.to, campaignId: c.env.CAMPAIGN_ENGINE_ID ?? null }],
      async () => [{ call: await createFn(providerContext(c), input, policy) }],
      { refuseSuppressed: true },
    )
  } catch (error) {
    if (error instanceof ApiError && error.extras.upstream !== 'ambiguous')
      await releaseSlot(c.env, provider.id, ref)
    throw error
  }
  const call = (outcome as { call: Call }).call
  await bindSlot(c.env, provider.id, ref, call.id)
  return c.json(parsed(CallSchema, withLedgerFields(written(c, call, policy, include))), 201)
}

export const list: RouteHandler<typeof listCallsRoute, AppEnv> = async (c) => {
  const query = c.req.valid('query')
  const principal = c.get('principal')
  if (query.source === 'vendor') return listFromVendor(c)
  const filters = ledgerFilters(c, query)
  const after = readKeyset(principal.project, query.cursor)
  const page = await timedLedger(c, () => listCalls(c.env.DB, principal.project, filters, query.limit, after))
  const data = page.data.map((call) => withLedgerFields(shape(call, query.include)))
  return c.json(parsed(CallListSchema, { ...page, data }), 200)
}

/** `?source=vendor` (root keys): the vendor's own list, calls made outside Switchboard included, as v1 did. */
const listFromVendor = async (c: Parameters<RouteHandler<typeof listCallsRoute, AppEnv>>[0]) => {
  const { provider: providerId, agentId, status, limit, cursor, include } = c.req.valid('query')
  if (c.get('principal').kind !== 'root') {
    throw new ApiError('forbidden', 'Only a root key may list from the vendor (source=vendor).')
  }
  const registry = c.get('registry')
  const agent = agentId ? parseId(registry, agentId, 'agent') : undefined
  if (!agent && !providerId) throw validationError('provider', 'Give provider or agentId with source=vendor')
  if (agent && providerId && agent.provider.id !== providerId) {
    throw validationError('agentId', `Belongs to provider "${agent.provider.id}", not "${providerId}"`)
  }
  const statuses = status?.split(',')
  if (statuses && statuses.length > 1) throw validationError('status', 'One status with source=vendor')
  const provider = agent?.provider ?? providerFromField(registry, providerId as string, 'provider')
  const page = await requireOperation(
    provider,
    'calls',
    'list',
    c,
  )(providerContext(c), {
    limit,
    cursor,
    status: statuses?.[0] as Call['status'] | undefined,
    agentVendorId: agent?.vendorId,
  })
  return c.json(
    parsed(CallListSchema, {
      ...page,
      data: page.data.map((call) => withLedgerFields(shape(call, include))),
    }),
    200,
  )
}

export const get: RouteHandler<typeof getCall, AppEnv> = async (c) => {
  const { id } = c.req.valid('param')
  const { provider, vendorId } = parseId(c.get('registry'), id, 'call')
  const owner = await ownedCall(c, id)
  const read = requireOperation(provider, 'calls', 'get', c)
  let call: Call
  try {
    call = await read(providerContext(c), vendorId)
  } catch (error) {
    // A vendor that deletes calls (some drop canceled ones) leaves Switchboard's record as the answer.
    if (!(owner && error instanceof ApiError && error.code === 'not_found')) throw error
    const record = await findCall(c.env.DB, id)
    if (!record?.call) throw error
    const warning = {
      field: 'id',
      message: `${provider.name} no longer has this call; this is Switchboard's record of it.`,
    }
    return c.json(
      parsed(
        CallSchema,
        withLedgerFields({ ...record.call, campaignId: record.campaignId, warnings: [warning] }),
      ),
      200,
    )
  }
  // The answer does not wait for the record to catch up with what the vendor said.
  if (owner) inBackground(c, 'ledger refresh', refreshCall(c.env.DB, call))
  if (isFinal(call.status)) inBackground(c, 'slot release', releaseSlot(c.env, provider.id, call.id))
  const answer = {
    ...shape(call, c.req.valid('query').include),
    campaignId: owner?.campaignId ?? null,
    ...owner?.routed,
  }
  return c.json(parsed(CallSchema, withLedgerFields(answer)), 200)
}

export const cancel: RouteHandler<typeof cancelCall, AppEnv> = async (c) => {
  const { id } = c.req.valid('param')
  const { provider, vendorId } = parseId(c.get('registry'), id, 'call')
  const owner = await ownedCall(c, id)
  const call = await requireOperation(provider, 'calls', 'cancel', c)(providerContext(c), vendorId)
  if (call.status !== 'canceled') {
    // A provider must refuse with 409 rather than report success for a call it did not cancel.
    throw new ApiError('internal', `The provider reported status ${call.status} after cancel.`)
  }
  if (owner) await refreshCall(c.env.DB, call)
  if (isFinal(call.status)) inBackground(c, 'slot release', releaseSlot(c.env, provider.id, call.id))
  const answer = {
    ...shape(call, c.req.valid('query').include),
    campaignId: owner?.campaignId ?? null,
    ...owner?.routed,
  }
  return c.json(parsed(CallSchema, withLedgerFields(answer)), 200)
}
