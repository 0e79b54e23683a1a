import createClient from 'openapi-fetch'
import { SwitchboardError } from './errors.js'
import { retryingFetch } from './retry.js'
import type { components, operations, paths } from './schema.js'

type Schemas = components['schemas']
export type Agent = Schemas['Agent']
export type AgentCreate = Schemas['AgentCreate']
export type AgentUpdate = Schemas['AgentUpdate']
export type Call = Schemas['Call']
export type CallCreate = Schemas['CallCreate']
export type CallStatus = Schemas['CallStatus']
export type BatchCreate = Schemas['BatchCreate']
export type BatchResult = Schemas['BatchResult']
export type Provider = Schemas['Provider']
export type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>

export interface Page<T> {
  data: T[]
  hasMore: boolean
  nextCursor: string | null
}

export interface SwitchboardOptions {
  /** The gateway's origin, e.g. http://127.0.0.1:8787 or https://switchboard.example.workers.dev */
  baseUrl: string
  /** A gateway key (GATEWAY_API_KEYS), sent as a bearer token. */
  apiKey: string
  /** Stand-in for the global fetch (tests, proxies, instrumentation). */
  fetch?: (request: Request) => Promise<Response>
  /** Send `Prefer: handling=lenient` on every write unless a call says otherwise. Default false (strict). */
  lenient?: boolean
  /** Retries of a request that is safe to repeat (reads, and writes with an Idempotency-Key). Default 2. */
  retries?: number
}

export interface WriteOptions {
  /** Defaults to a fresh random key for creates, so retries of this call never act twice. */
  idempotencyKey?: string
  /** Drop fields the provider cannot honour (listed in `warnings`) instead of failing with 422. */
  lenient?: boolean
  /** `raw` adds `providerData`, the vendor's own object. */
  include?: 'raw'
}

/** Call statuses after which a call never changes again. */
export const FINAL_STATUSES: readonly CallStatus[] = [
  'completed',
  'failed',
  'no_answer',
  'busy',
  'voicemail',
  'canceled',
]

interface Answer<T> {
  data?: T
  error?: unknown
  response: Response
}

async function unwrap<T>(pending: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await pending
  if (!response.ok) throw new SwitchboardError(response.status, error, response.headers.get('x-request-id'))
  return data as T
}

/**
 * A Switchboard client. Methods are named after the API's operationIds; each resolves to the parsed
 * body or throws a SwitchboardError carrying the Problem. `api` is the underlying typed
 * openapi-fetch client, for anything these methods do not cover.
 */
export function createSwitchboard(options: SwitchboardOptions) {
  const base = options.fetch ?? ((request: Request) => globalThis.fetch(request))
  const api = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { authorization: `Bearer ${options.apiKey}` },
    fetch: retryingFetch(base, options.retries ?? 2),
  })

  const writeHeaders = (write: WriteOptions, create: boolean) => {
    const headers: Record<string, string> = {}
    const key = write.idempotencyKey ?? (create ? crypto.randomUUID() : undefined)
    if (key) headers['idempotency-key'] = key
    if (write.lenient ?? options.lenient) headers.prefer = 'handling=lenient'
    return headers
  }
  const include = (write: WriteOptions) => (write.include ? { include: write.include } : {})
  const id = (value: string) => ({ path: { id: value } })

  const client = {
    api,

    getHealth: () => unwrap(api.GET('/health')),
    listProviders: () => unwrap(api.GET('/v1/providers')),
    getProvider: (provider: string) =>
      unwrap(api.GET('/v1/providers/{provider}', { params: { path: { provider } } })),

    createAgent: (body: AgentCreate, write: WriteOptions = {}) =>
      unwrap(
        api.POST('/v1/agents', {
          body,
          params: { query: include(write) },
          headers: writeHeaders(write, true),
        }),
      ),
    listAgents: (query: Query<'listAgents'>) => unwrap(api.GET('/v1/agents', { params: { query } })),
    getAgent: (agentId: string, query: Query<'getAgent'> = {}) =>
      unwrap(api.GET('/v1/agents/{id}', { params: { ...id(agentId), query } })),
    updateAgent: (agentId: string, body: AgentUpdate, write: Omit<WriteOptions, 'idempotencyKey'> = {}) =>
      unwrap(
        api.PATCH('/v1/agents/{id}', {
          body,
          params: { ...id(agentId), query: include(write) },
          headers: writeHeaders(write, false),
        }),
      ),
    deleteAgent: async (agentId: string): Promise<void> => {
      await unwrap(api.DELETE('/v1/agents/{id}', { params: id(agentId) }))
    },

    createCall: (body: CallCreate, write: WriteOptions = {}) =>
      unwrap(
        api.POST('/v1/calls', {
          body,
          params: { query: include(write) },
          headers: writeHeaders(write, true),
        }),
      ),
    createCallBatch: (body: BatchCreate, write: WriteOptions = {}) =>
      unwrap(
        api.POST('/v1/calls/batch', {
          body,
          params: { query: include(write) },
          headers: writeHeaders(write, true),
        }),
      ),
    listCalls: (query: Query<'listCalls'>) => unwrap(api.GET('/v1/calls', { params: { query } })),
    getCall: (callId: string, query: Query<'getCall'> = {}) =>
      unwrap(api.GET('/v1/calls/{id}', { params: { ...id(callId), query } })),
    cancelCall: (callId: string, query: Query<'cancelCall'> = {}) =>
      unwrap(api.POST('/v1/calls/{id}/cancel', { params: { ...id(callId), query } })),

    /** Every page of a list, following nextCursor until the last page. */
    async *pages<Q extends { cursor?: string }, T>(list: (query: Q) => Promise<Page<T>>, query: Q) {
      let next: Q = query
      for (;;) {
        const page = await list(next)
        yield page
        if (!page.hasMore || !page.nextCursor) return
        next = { ...query, cursor: page.nextCursor }
      }
    },

    /** Every item of a list, across all its pages: `for await (const call of sb.paginate(sb.listCalls, { agentId }))`. */
    async *paginate<Q extends { cursor?: string }, T>(list: (query: Q) => Promise<Page<T>>, query: Q) {
      for await (const page of client.pages(list, query)) yield* page.data
    },

    /** Polls a call until its status is final, or throws after `timeoutMs`. */
    async waitForCall(callId: string, { intervalMs = 1000, timeoutMs = 5 * 60_000 } = {}): Promise<Call> {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const call = await client.getCall(callId)
        if (FINAL_STATUSES.includes(call.status)) return call
        if (Date.now() + intervalMs > deadline) {
          throw new Error(`Call ${callId} is still ${call.status} after ${timeoutMs} ms`)
        }
        await new Promise((wake) => setTimeout(wake, intervalMs))
      }
    },
  }
  return client
}

export type Switchboard = ReturnType<typeof createSwitchboard>
