import type { ProviderContext } from '../kit/types'
import type { SandboxStore } from './store'

type StoreMethods =
  | 'createAgent'
  | 'getAgent'
  | 'listAgents'
  | 'updateAgent'
  | 'deleteAgent'
  | 'placeCalls'
  | 'getCall'
  | 'listCalls'
  | 'cancelCall'
  | 'findCallByRef'
/** The store as seen over RPC: the same methods, answered asynchronously. */
type RemoteStore = {
  [K in StoreMethods]: (...args: Parameters<SandboxStore[K]>) => Promise<Awaited<ReturnType<SandboxStore[K]>>>
}

/** One simulated vendor account per project; v1's data is project `default`'s, so it keeps the old name. */
export const sandboxStoreName = (project: string) =>
  project === 'default' ? 'sandbox' : `sandbox:${project}`

/** The simulator's Durable Object, the sandbox's "vendor": bound as SANDBOX (wrangler.toml). */
export const store = (ctx: ProviderContext) => {
  const namespace = ctx.env.SANDBOX as DurableObjectNamespace<SandboxStore>
  return namespace.get(namespace.idFromName(sandboxStoreName(ctx.project))) as unknown as RemoteStore
}
