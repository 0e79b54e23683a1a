import type { VendorErrorWords } from '../kit/http'
import type { ProviderContext } from '../kit/types'
import { defineVendor } from '../kit/vendor'
import {
  type DashaAgentBody,
  DashaAgentListSchema,
  DashaAgentSchema,
  DashaCallListSchema,
  type DashaCallRequest,
  DashaCallSchema,
  DashaProblemSchema,
  DashaQueueSchema,
  type DashaSearchRequest,
  DashaSearchSchema,
} from './vendor'

/** How the queue list takes its status filter, repeated per value (reference writes `status[]`; unconfirmed). */
export const QUEUE_STATUS_PARAM = 'status'

const path = (...parts: string[]) => `/api/v1/${parts.map(encodeURIComponent).join('/')}`

/** Dasha answers RFC 7807; its title and detail (and ASP.NET field errors) become our Problem's words. */
export function describeDashaError(_status: number, body: unknown): VendorErrorWords {
  const problem = DashaProblemSchema.safeParse(body)
  if (!problem.success) return {}
  const { title, detail, errors } = problem.data
  const words = [title, detail].filter((w): w is string => Boolean(w?.trim()))
  const fieldErrors = Object.entries(errors ?? {}).flatMap(([field, messages]) =>
    messages.map((message) => ({ path: field, message })),
  )
  return {
    ...(words.length ? { detail: words.join(': ') } : {}),
    ...(fieldErrors.length ? { errors: fieldErrors } : {}),
  }
}

export const vendor = defineVendor({
  id: 'dasha',
  name: 'Dasha BlackBox',
  docsUrl: 'https://docs.blackbox.dasha.ai',
  env: { apiKey: 'DASHA_API_KEY', baseUrl: 'DASHA_BASE_URL' },
  defaultBaseUrl: 'https://blackbox.dasha.ai',
  describeError: describeDashaError,
})

/** Dasha's endpoints, over the gateway's one vendor HTTP path (timeouts, GET-only retries, Problems). */
export function vendorApi(ctx: ProviderContext) {
  const http = vendor.client(ctx)
  return {
    createAgent: (body: DashaAgentBody) => http.post(path('agents'), DashaAgentSchema, { json: body }),
    // The reference documents no paging parameters here: the whole list comes back as an array.
    listAgents: () => http.get(path('agents'), DashaAgentListSchema),
    getAgent: (id: string) => http.get(path('agents', id), DashaAgentSchema),
    updateAgent: (id: string, body: DashaAgentBody) =>
      http.put(path('agents', id), DashaAgentSchema, { json: body }),
    deleteAgent: (id: string) => http.delete(path('agents', id), undefined),

    createCall: (agentId: string, body: DashaCallRequest) =>
      http.post(path('calls'), DashaCallSchema, { searchParams: { agentId }, json: body }),
    /** A bare array body; the answer is one call object per item, in order. */
    createCalls: (agentId: string, body: DashaCallRequest[]) =>
      http.post(path('calls', 'bulk'), DashaCallListSchema, { searchParams: { agentId }, json: body }),
    getCall: (id: string) => http.get(path('calls', id), DashaCallSchema),
    cancelCall: (id: string) => http.delete(path('calls', id), undefined),
    /** Calls not yet finished, offset-paged. */
    listQueue: (query: { skip: number; take: number; agentId?: string; statuses: string[] }) => {
      const params = new URLSearchParams({ skip: String(query.skip), take: String(query.take) })
      if (query.agentId) params.set('agentId', query.agentId)
      for (const status of query.statuses) params.append(QUEUE_STATUS_PARAM, status)
      return http.get(path('calls', 'queue', 'list'), DashaQueueSchema, { searchParams: params })
    },
    /** The call history with outcomes; a read, though Dasha exposes it as POST. */
    searchResults: (body: DashaSearchRequest) =>
      http.post(path('callresults', 'search'), DashaSearchSchema, { json: body }),
  }
}

export type VendorApi = ReturnType<typeof vendorApi>
