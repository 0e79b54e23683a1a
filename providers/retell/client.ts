import { ApiError } from '../../src/contract/errors'
import { type Endpoint, endpointApi } from '../kit/endpoints'
import type { VendorErrorWords } from '../kit/http'
import type { ProviderContext } from '../kit/types'
import { defineVendor } from '../kit/vendor'
import {
  AgentCreateRequestSchema,
  AgentListRequestSchema,
  AgentListSchema,
  AgentPatchRequestSchema,
  AgentSchema,
  CallCreateRequestSchema,
  CallListRequestSchema,
  CallListSchema,
  CallSchema,
  LlmSchema,
  LlmWriteSchema,
  RetellErrorSchema,
} from './vendor'

/** Retell answers every error as `{status: "error", message}`: its message is the Problem's words. */
export function describeRetellError(_status: number, body: unknown): VendorErrorWords {
  const parsed = RetellErrorSchema.safeParse(body)
  return parsed.success ? { detail: parsed.data.message } : {}
}

export const vendor = defineVendor({
  id: 'retell',
  name: 'Retell AI',
  docsUrl: 'https://docs.retellai.com',
  env: { apiKey: 'RETELL_API_KEY', baseUrl: 'RETELL_BASE_URL' },
  // The early host api.re-tell.ai answers 404 to everything: pin the current one.
  defaultBaseUrl: 'https://api.retellai.com',
  describeError: describeRetellError,
})

/**
 * Retell's endpoints: verb-style paths with mixed version prefixes. Reads of a missing object
 * answer 422, not 404 (see `lookup`). The agent list holds summaries only; every write is a POST
 * or PATCH the kit's client never retries.
 */
export const ENDPOINTS = {
  createLlm: { method: 'POST', path: '/create-retell-llm', request: LlmWriteSchema, answer: LlmSchema },
  getLlm: { method: 'GET', path: '/get-retell-llm/{id}', answer: LlmSchema },
  updateLlm: { method: 'PATCH', path: '/update-retell-llm/{id}', request: LlmWriteSchema, answer: LlmSchema },
  deleteLlm: { method: 'DELETE', path: '/delete-retell-llm/{id}' },
  createAgent: {
    method: 'POST',
    path: '/create-agent',
    request: AgentCreateRequestSchema,
    answer: AgentSchema,
  },
  getAgent: { method: 'GET', path: '/get-agent/{id}', answer: AgentSchema },
  updateAgent: {
    method: 'PATCH',
    path: '/update-agent/{id}',
    request: AgentPatchRequestSchema,
    answer: AgentSchema,
  },
  deleteAgent: { method: 'DELETE', path: '/delete-agent/{id}' },
  /** Paged by limit and pagination_key in the query; the body filters. A read, though a POST. */
  listAgents: {
    method: 'POST',
    path: '/v2/list-agents',
    request: AgentListRequestSchema,
    answer: AgentListSchema,
  },
  createCall: {
    method: 'POST',
    path: '/v2/create-phone-call',
    request: CallCreateRequestSchema,
    answer: CallSchema,
  },
  getCall: { method: 'GET', path: '/v2/get-call/{id}', answer: CallSchema },
  /** Items carry no transcript. A read, though a POST. */
  listCalls: {
    method: 'POST',
    path: '/v3/list-calls',
    request: CallListRequestSchema,
    answer: CallListSchema,
  },
  /** 204, no body; the call then ends with disconnection_reason manual_stopped. */
  stopCall: { method: 'POST', path: '/v2/stop-call/{id}' },
} as const satisfies Record<string, Endpoint>

export const vendorApi = (ctx: ProviderContext) => endpointApi(vendor.client(ctx), ENDPOINTS)
export type VendorApi = ReturnType<typeof vendorApi>

/**
 * Retell answers 422 ("Cannot find requested asset under given api key") for a get, update, delete
 * or stop of an id it does not have, and 404 only on newer endpoints: on a lookup both are our 404,
 * with Retell's words kept.
 */
export async function lookup<T>(request: Promise<T>, what: string): Promise<T> {
  try {
    return await request
  } catch (error) {
    if (error instanceof ApiError && error.extras.providerStatus === 422) {
      throw vendor.notFound(`Retell AI has no such ${what}: ${error.message}`, {
        providerStatus: 422,
      })
    }
    throw error
  }
}
