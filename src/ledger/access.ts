import type { Context } from 'hono'
import { ApiError } from '../contract/errors'
import type { AppEnv } from '../lib/app-env'
import { type AgentRecord, findAgent } from './agents'
import { findCall } from './calls'
import { knownOwner, type Owner, rememberOwner, routedOf } from './owners'
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

/** A record the outbox still holds (D1 refused its completion): its owner keeps reaching it. */
const waitingProject = async (c: Context<AppEnv>, id: string) =>
  (await ledgerOutbox(c.env).projectOf(id)) ?? undefined

/** The call's owner if it is recorded (null: recorded nowhere, which only a root key may reach). */
export async function ownedCall(c: Context<AppEnv>, id: string): Promise<Owner | null> {
  let owner: Owner | null = knownOwner(id) ?? null
  if (!owner) {
    const record = await timedLedger(c, () => findCall(c.env.DB, id))
    if (record) {
      owner = { project: record.project, campaignId: record.campaignId, routed: routedOf(record.call) }
      rememberOwner(id, owner)
    }
  }
  checkOwner(c, 'call', id, owner?.project ?? (await waitingProject(c, id)))
  return owner
}

export async function ownedAgent(c: Context<AppEnv>, id: string): Promise<boolean> {
  let project = knownOwner(id)?.project
  if (project === undefined) {
    project = (await timedLedger(c, () => findAgent(c.env.DB, id)))?.project
    if (project !== undefined) rememberOwner(id, { project, campaignId: null })
  }
  checkOwner(c, 'agent', id, project ?? (await waitingProject(c, id)))
  return project !== undefined
}

/** A vendor agent deployed for a portable agent changes only through that portable agent. */
export async function refuseDeployed(c: Context<AppEnv>, id: string): Promise<void> {
  const record: AgentRecord | null = await timedLedger(c, () => findAgent(c.env.DB, id))
  if (record?.portableId) {
    throw new ApiError(
      'conflict',
      `${shown(id)} was deployed for the portable agent ${record.portableId}: change that agent instead.`,
    )
  }
}
