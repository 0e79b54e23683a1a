import { createdAtPager } from '../kit/created-at-page'
import { type Endpoint, endpointApi } from '../kit/endpoints'
import { createVendorClient, type VendorErrorWords } from '../kit/http'
import type { ProviderContext } from '../kit/types'
import { defineVendor } from '../kit/vendor'
import {
  AssistantListSchema,
  AssistantRequestSchema,
  AssistantSchema,
  CallListSchema,
  CallRequestSchema,
  CallSchema,
  PhoneNumberListSchema,
  VapiErrorSchema,
} from './vendor'

/** Vapi's list endpoints take `limit` 0–1000. */
export const MAX_LIST_LIMIT = 1000

/** Vapi's lists: bare arrays filtered by `createdAtLe`, paged by the kit's timestamp cursor. */
export const createdAtPage = createdAtPager(MAX_LIST_LIMIT)

/**
 * Vapi answers NestJS-style: `{ message: string | string[], error, statusCode }`; a validation
 * failure lists one message per field. Vapi's words become the Problem's detail.
 */
export function describeVapiError(_status: number, body: unknown): VendorErrorWords {
  const parsed = VapiErrorSchema.safeParse(body)
  if (!parsed.success) return {}
  const { message, error } = parsed.data
  const messages = (Array.isArray(message) ? message : message ? [message] : []).filter((m) => m.trim())
  return {
    ...(messages.length ? { detail: messages.join('; ') } : error ? { detail: error } : {}),
    ...(error ? { code: error } : {}),
  }
}

export const vendor = defineVendor({
  id: 'vapi',
  name: 'Vapi',
  docsUrl: 'https://docs.vapi.ai',
  env: { apiKey: 'VAPI_API_KEY', baseUrl: 'VAPI_BASE_URL' },
  defaultBaseUrl: 'https://api.vapi.ai',
  describeError: describeVapiError,
})

/** The base URL this deployment talks to (VAPI_BASE_URL, else Vapi's US API). */
export const baseUrlOf = (ctx: ProviderContext): string => {
  const value = ctx.env[vendor.env.baseUrl]
  return (typeof value === 'string' && value.trim()) || vendor.defaultBaseUrl
}

/** Vapi's endpoints, as data over the gateway's one vendor HTTP path (timeouts, GET-only retries, Problems). */
export const ENDPOINTS = {
  createAssistant: {
    method: 'POST',
    path: '/assistant',
    request: AssistantRequestSchema,
    answer: AssistantSchema,
  },
  getAssistant: { method: 'GET', path: '/assistant/{id}', answer: AssistantSchema },
  /** A bare array: limit, createdAtLe (order undocumented; the caller sorts). */
  listAssistants: { method: 'GET', path: '/assistant', answer: AssistantListSchema },
  updateAssistant: {
    method: 'PATCH',
    path: '/assistant/{id}',
    request: AssistantRequestSchema,
    answer: AssistantSchema,
  },
  /** 409 assistant_pinned when a published version is pinned: the kit's conflict. */
  deleteAssistant: { method: 'DELETE', path: '/assistant/{id}' },
  /** Never retried: Vapi has no idempotency key, and the kit retries only GETs. */
  createCall: { method: 'POST', path: '/call', request: CallRequestSchema, answer: CallSchema },
  getCall: { method: 'GET', path: '/call/{id}', answer: CallSchema },
  /** A bare array: limit, createdAtLe / createdAtGe, assistantId. No status filter. */
  listCalls: { method: 'GET', path: '/call', answer: CallListSchema },
  /** Withdraws a scheduled or queued call; Vapi erases the call's data and answers the Call. */
  deleteCall: { method: 'DELETE', path: '/call/{id}', answer: CallSchema },
  /** A bare array of the account's numbers, every provider. */
  listPhoneNumbers: { method: 'GET', path: '/phone-number', answer: PhoneNumberListSchema },
} as const satisfies Record<string, Endpoint>

export const vendorApi = (ctx: ProviderContext) => endpointApi(vendor.client(ctx), ENDPOINTS)

export type VendorApi = ReturnType<typeof vendorApi>

/**
 * Live Call Control: `POST {monitor.controlUrl} {"type":"end-call"}`. The URL is on another Vapi
 * host and needs no Vapi key (unless the assistant turned control authentication on, which needs
 * a public key Switchboard does not hold), so the private key is not sent there. The request still
 * goes through the kit's client: one deadline, Problems, the vendor's words.
 */
export async function endLiveCall(ctx: ProviderContext, controlUrl: URL): Promise<void> {
  const http = createVendorClient({
    provider: vendor.id,
    providerName: vendor.name,
    baseUrl: controlUrl.origin,
    // No key header at all: the URL is the capability, and the private key stays at home.
    apiKey: '',
    auth: null,
    ctx,
    describeError: describeVapiError,
  })
  await http.post(controlUrl.pathname, undefined, { json: { type: 'end-call' } })
}
