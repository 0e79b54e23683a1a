import type { Context } from 'hono'
import { log } from '../../providers/kit/log'
import type { Call } from '../contract/call'
import { ApiError } from '../contract/errors'
import type { AppEnv } from '../lib/app-env'
import { ownId } from '../lib/ulid'
import { suppressedError } from '../suppressions/store'
import {
  abandonPendingCalls,
  completeCalls,
  type PendingCall,
  recordPendingCalls,
  recordPendingCallUnlessSuppressed,
} from './calls'
import { rememberOwner, routedOf } from './owners'
import { timedLedger } from './timing'

export type Placed = { call: Call } | { error: unknown }

const ambiguous = (error: unknown) => !(error instanceof ApiError) || error.extras.upstream === 'ambiguous'

/**
 * Places calls with the ledger around them: pending rows before the vendor is asked, completed with
 * the vendor's ids after (through the outbox if D1 refuses), and removed where the vendor refused.
 * `refuseSuppressed` (one call): its pending row is written only if the project has not suppressed
 * the number, else 422 suppressed and nothing is sent.
 */
export async function placeRecorded(
  c: Context<AppEnv>,
  items: (Omit<PendingCall, 'ref'> & { ref?: string })[],
  place: () => Promise<Placed[]>,
  { refuseSuppressed = false } = {},
): Promise<Placed[]> {
  const project = c.get('principal').project
  const pending = items.map((item) => ({ ...item, ref: item.ref ?? ownId('att') }))
  const [only] = pending
  if (refuseSuppressed && only && pending.length === 1) {
    const recorded = await timedLedger(c, () => recordPendingCallUnlessSuppressed(c.env.DB, project, only))
    if (!recorded) throw suppressedError(only.to)
  } else {
    await timedLedger(c, () => recordPendingCalls(c.env.DB, project, pending))
  }
  let outcomes: Placed[]
  try {
    outcomes = await place()
  } catch (error) {
    await forget(
      c,
      pending.map((p) => ({ ref: p.ref, ambiguous: ambiguous(error) })),
    )
    throw error
  }
  const done: { ref: string; call: Call }[] = []
  const failed: { ref: string; ambiguous: boolean }[] = []
  outcomes.forEach((outcome, index) => {
    const ref = (pending[index] as PendingCall).ref
    if ('call' in outcome) done.push({ ref, call: outcome.call })
    else failed.push({ ref, ambiguous: ambiguous(outcome.error) })
  })
  for (const [index, outcome] of outcomes.entries()) {
    if ('call' in outcome) {
      rememberOwner(outcome.call.id, {
        project,
        campaignId: (pending[index] as PendingCall).campaignId,
        routed: routedOf(outcome.call),
      })
    }
  }
  await timedLedger(c, () => completeCalls(c.env, project, done))
  await forget(c, failed)
  return outcomes
}

async function forget(c: Context<AppEnv>, refs: { ref: string; ambiguous: boolean }[]) {
  try {
    await abandonPendingCalls(c.env.DB, refs)
  } catch (error) {
    // A leftover pending row lists nothing and is harmless; the client's answer matters more.
    log('warn', {
      requestId: c.get('requestId'),
      msg: 'could not clear pending ledger rows',
      error: error instanceof Error ? error.message : String(error),
    })
  }
}
