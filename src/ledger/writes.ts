import { log } from '../../providers/kit/log'
import type { Bindings } from '../env'
import type { LedgerWrite } from './outbox'

const OUTBOX = 'ledger-outbox'

/**
 * Applies writes that record what a vendor already did. If D1 refuses them they go to the
 * Durable Object outbox, which retries until they land: a created call is never silently lost.
 */
export async function applyOrQueue(
  env: Pick<Bindings, 'DB' | 'LEDGER_OUTBOX'>,
  writes: LedgerWrite[],
  owners: { id: string; project: string }[] = [],
) {
  if (writes.length === 0) return
  try {
    await env.DB.batch(writes.map((w) => env.DB.prepare(w.sql).bind(...w.params)))
  } catch (error) {
    log('warn', {
      msg: 'ledger write failed; handed to the outbox',
      error: error instanceof Error ? error.message : String(error),
    })
    await ledgerOutbox(env).enqueue(writes, owners)
  }
}

export const ledgerOutbox = (env: Pick<Bindings, 'LEDGER_OUTBOX'>) =>
  env.LEDGER_OUTBOX.get(env.LEDGER_OUTBOX.idFromName(OUTBOX))
