import type { WebhookEvent } from '../contract/events'
import type { Attempt } from '../contract/problem'
import type { Bindings } from '../env'
import { isFinal } from '../ledger/calls'
import { releaseSlot } from './slots'

interface RoutedRow {
  agent_id: string
  target_agent_id: string | null
  attempts: string | null
}

/**
 * An event as the client sees it: a routed call's Call names its portable agent (`agentId`), the
 * vendor agent (`targetAgentId`, null for an inline target) and its attempts, as reads and lists
 * do; a routed call's ledger row holds the portable agent as its agent. A final status also frees
 * the call's concurrency slot.
 */
export async function routedEvent(env: Bindings, event: WebhookEvent): Promise<WebhookEvent> {
  const call = event.data.call
  if (isFinal(call.status)) await releaseSlot(env, event.provider, call.id).catch(() => undefined)
  const row = await env.DB.prepare(
    `SELECT agent_id, target_agent_id, json_extract(body, '$.attempts') AS attempts
     FROM calls WHERE id = ? AND substr(agent_id, 1, 4) = 'agt_'`,
  )
    .bind(call.id)
    .first<RoutedRow>()
  if (!row) return event
  const attempts = row.attempts ? (JSON.parse(row.attempts) as Attempt[]) : null
  return {
    ...event,
    data: { call: { ...call, agentId: row.agent_id, targetAgentId: row.target_agent_id, attempts } },
  }
}
