import type { Context } from 'hono'
import type { AppEnv } from '../lib/app-env'
import { ApiError } from '../lib/errors'
import { type AgentRecord, findAgent } from './agents'
import { type CallRecord, findCall } from './calls'
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

export async function ownedCall(c: Context<AppEnv>, id: string): Promise<CallRecord | null> {
  const record = await timedLedger(c, () => findCall(c.env.DB, id))
  checkOwner(c, 'call', id, record?.project ?? (await waitingProject(c, id)))
  return record
}

export async function ownedAgent(c: Context<AppEnv>, id: string): Promise<AgentRecord | null> {
  const record = await timedLedger(c, () => findAgent(c.env.DB, id))
  checkOwner(c, 'agent', id, record?.project ?? (await waitingProject(c, id)))
  return record
}

/** A vendor agent deployed for a portable agent changes only through that portable agent. */
export function refuseDeployed(record: AgentRecord | null, id: string): void {
  if (record?.portableId) {
    throw new ApiError(
      'conflict',
      `${shown(id)} was deployed for the portable agent ${record.portableId}: change that agent instead.`,
    )
  }
}
