import type { Context } from 'hono'
import { ApiError } from '../contract/errors'
import type { AppEnv } from '../lib/app-env'
import { findAgent } from './agents'
import { findCall } from './calls'
import {
  knownOwner,
  knownUnrecorded,
  type Owner,
  rememberOwner,
  rememberUnrecorded,
  routedOf,
} from './owners'
import { timedLedger } from './timing'
import { ledgerOutbox } from './writes'

const shown = (id: string) => (id.length > 80 ? `${id.slice(0, 80)}…` : id)

/**
 * Whether this request may touch the object: one recorded in another project is 404 for every key
 * (existence does not leak); one recorded nowhere is 404 for a managed key, and a root key may still
 * reach it at the vendor (an object made outside Switchboard).
 */
function checkOwner(c: Context<AppEnv>, resource: string, id: string, project: string | undefined) {
  const principal = c.get('principal')
  if (project === principal.project) return
  if (project === undefined && principal.kind === 'root') return
  throw new ApiError('not_found', `No ${resource} with id "${shown(id)}" in this project.`)
}

/**
 * The owner of an id: from this isolate's memory, else the ledger, else the outbox (a record whose
 * completion D1 refused keeps reaching its owner). An id held nowhere is remembered briefly, and
 * only a root key skips the lookup for it: such an id is the operator's to reach at the vendor
 * (an object made outside Switchboard, which an import may record at any moment), while a managed
 * key's answer must see an import made a moment ago in another isolate.
 */
async function lookUpOwner(
  c: Context<AppEnv>,
  resource: string,
  id: string,
  find: () => Promise<Owner | null>,
): Promise<Owner | null> {
  let owner: Owner | null = knownOwner(id) ?? null
  const skip = !owner && c.get('principal').kind === 'root' && knownUnrecorded(id)
  if (!owner && !skip) {
    owner = await timedLedger(c, find)
    if (owner) rememberOwner(id, owner)
  }
  let project = owner?.project
  if (!owner && !skip) {
    project = (await ledgerOutbox(c.env).projectOf(id)) ?? undefined
    if (project === undefined) rememberUnrecorded(id)
  }
  checkOwner(c, resource, id, project)
  return owner
}

/** The call's owner if it is recorded (null: recorded nowhere, which only a root key may reach). */
export const ownedCall = (c: Context<AppEnv>, id: string) =>
  lookUpOwner(c, 'call', id, async () => {
    const record = await findCall(c.env.DB, id)
    return record && { project: record.project, campaignId: record.campaignId, routed: routedOf(record.call) }
  })

/** The agent's owner if it is recorded (null: recorded nowhere, which only a root key may reach). */
export const ownedAgent = (c: Context<AppEnv>, id: string) =>
  lookUpOwner(c, 'agent', id, async () => {
    const record = await findAgent(c.env.DB, id)
    return record && { project: record.project, campaignId: null, portableId: record.portableId }
  })

/** A vendor agent deployed for a portable agent changes only through that portable agent. */
export function refuseDeployed(owner: Owner | null, id: string): void {
  if (owner?.portableId) {
    throw new ApiError(
      'conflict',
      `${shown(id)} was deployed for the portable agent ${owner.portableId}: change that agent instead.`,
    )
  }
}
