import type { Context } from 'hono'
import type { AppEnv } from '../lib/app-env'

/** Runs a ledger read or write, adding its time to the response's `Server-Timing: ledger`. */
export async function timedLedger<T>(c: Context<AppEnv>, work: () => Promise<T>): Promise<T> {
  const started = performance.now()
  try {
    return await work()
  } finally {
    c.set('ledgerMs', (c.get('ledgerMs') ?? 0) + performance.now() - started)
    c.set('ledgerCalls', (c.get('ledgerCalls') ?? 0) + 1)
  }
}
