import type { Context } from 'hono'
import { log } from '../../providers/kit/log'
import type { AppEnv } from './app-env'

/** Work that may finish after the response; a failure is logged, never thrown at the client. */
export function inBackground(c: Context<AppEnv>, what: string, work: Promise<unknown>): void {
  const logged = work.catch((error) =>
    log('warn', {
      requestId: c.get('requestId'),
      msg: `background ${what} failed`,
      error: error instanceof Error ? error.message : String(error),
    }),
  )
  try {
    c.executionCtx.waitUntil(logged)
  } catch {
    // No execution context (app.request in tests): the promise simply runs on.
  }
}
