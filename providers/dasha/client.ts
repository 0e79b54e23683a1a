import { z } from 'zod'
import { type Endpoint, endpointApi } from '../kit/endpoints'
import type { VendorErrorWords } from '../kit/http'
import type { ProviderContext } from '../kit/types'
import { defineVendor } from '../kit/vendor'
import {
  DashaAgentBodySchema,
  DashaAgentListSchema,
  DashaAgentSchema,
  DashaCallListSchema,
  DashaCallRequestSchema,
  DashaCallSchema,
  DashaProblemSchema,
  DashaQueueSchema,
  DashaSearchRequestSchema,
  DashaSearchSchema,
} from './vendor'

/** How the queue list takes its status filter, repeated per value (reference writes `status[]`; unconfirmed). */
export const QUEUE_STATUS_PARAM = 'status'

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

/**
 * Dasha's endpoints. The reference documents no paging for the agent list: the whole list comes
 * back as an array. Bulk takes a bare array and answers one call object per item, in order. The
 * call-result search is a read, though Dasha exposes it as POST.
 */
export const ENDPOINTS = {
  createAgent: {
    method: 'POST',
    path: '/api/v1/agents',
    request: DashaAgentBodySchema,
    answer: DashaAgentSchema,
  },
  listAgents: { method: 'GET', path: '/api/v1/agents', answer: DashaAgentListSchema },
  getAgent: { method: 'GET', path: '/api/v1/agents/{id}', answer: DashaAgentSchema },
  updateAgent: {
    method: 'PUT',
    path: '/api/v1/agents/{id}',
    request: DashaAgentBodySchema,
    answer: DashaAgentSchema,
  },
  deleteAgent: { method: 'DELETE', path: '/api/v1/agents/{id}' },
  createCall: {
    method: 'POST',
    path: '/api/v1/calls',
    request: DashaCallRequestSchema,
    answer: DashaCallSchema,
  },
  createCalls: {
    method: 'POST',
    path: '/api/v1/calls/bulk',
    request: z.array(DashaCallRequestSchema),
    answer: DashaCallListSchema,
  },
  getCall: { method: 'GET', path: '/api/v1/calls/{id}', answer: DashaCallSchema },
  cancelCall: { method: 'DELETE', path: '/api/v1/calls/{id}' },
  /** Calls not yet finished, offset-paged (skip, take, agentId, and QUEUE_STATUS_PARAM repeated). */
  listQueue: { method: 'GET', path: '/api/v1/calls/queue/list', answer: DashaQueueSchema },
  searchResults: {
    method: 'POST',
    path: '/api/v1/callresults/search',
    request: DashaSearchRequestSchema,
    answer: DashaSearchSchema,
  },
} as const satisfies Record<string, Endpoint>

/** Dasha's endpoints over the gateway's one vendor HTTP path (timeouts, GET-only retries, Problems). */
export const vendorApi = (ctx: ProviderContext) => endpointApi(vendor.client(ctx), ENDPOINTS)

export type VendorApi = ReturnType<typeof vendorApi>
