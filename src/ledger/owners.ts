import type { Call } from '../contract/call'

/**
 * Which project recorded an id, remembered in the isolate: an id never moves to another project,
 * so a positive answer can be reused, and a create followed by reads costs no extra D1 read.
 * A deletion forgets it; an entry also lapses, so a lost eviction in another isolate heals.
 */
export interface Owner {
  project: string
  campaignId: string | null
  /** A routed call: what only the ledger knows of it (absent or null for any other). */
  routed?: RoutedFields | null
  /** An agent Switchboard deployed for this portable agent (absent or null for any other). */
  portableId?: string | null
}

/** A routed call's portable agent, vendor agent and attempts: fixed once the call is placed. */
export type RoutedFields = Pick<Call, 'agentId' | 'targetAgentId' | 'attempts'>

/** Routed calls carry attempts (an inline target's has no vendor agent, so targetAgentId is null). */
export const routedOf = (call: Call | null | undefined): RoutedFields | null =>
  call?.attempts
    ? { agentId: call.agentId, targetAgentId: call.targetAgentId ?? null, attempts: call.attempts }
    : null

const TTL_MS = 60_000
const MAX_ENTRIES = 50_000
const owners = new Map<string, Owner & { at: number }>()

export function knownOwner(id: string): Owner | undefined {
  const entry = owners.get(id)
  if (!entry) return undefined
  if (Date.now() - entry.at > TTL_MS) {
    owners.delete(id)
    return undefined
  }
  return entry
}

export function rememberOwner(id: string, owner: Owner): void {
  if (owners.size >= MAX_ENTRIES) owners.clear()
  owners.set(id, { ...owner, at: Date.now() })
  unrecorded.delete(id)
}

export const forgetOwner = (id: string) => owners.delete(id)

/**
 * Ids recorded nowhere (neither the ledger nor the outbox), remembered briefly: a root key working
 * with vendor objects made outside Switchboard would otherwise pay a D1 read and an outbox call on
 * every request. Ids are the vendor's (unguessable) or ours, so one is only looked up before it
 * exists if a vendor reuses ids; the short life bounds that case, and a record made in this
 * isolate clears the entry at once.
 */
const UNRECORDED_TTL_MS = 10_000
const unrecorded = new Map<string, number>()

export function knownUnrecorded(id: string): boolean {
  const at = unrecorded.get(id)
  if (at === undefined) return false
  if (Date.now() - at > UNRECORDED_TTL_MS) {
    unrecorded.delete(id)
    return false
  }
  return true
}

export function rememberUnrecorded(id: string): void {
  if (unrecorded.size >= MAX_ENTRIES) unrecorded.clear()
  unrecorded.set(id, Date.now())
}
