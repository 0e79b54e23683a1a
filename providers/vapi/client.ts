import { createVendorClient, type VendorErrorWords } from '../kit/http'
import type { ProviderContext } from '../kit/types'
import { defineVendor } from '../kit/vendor'
import {
  AssistantListSchema,
  AssistantSchema,
  CallListSchema,
  CallSchema,
  PhoneNumberListSchema,
  type VapiAssistantBody,
  type VapiCallCreate,
  VapiErrorSchema,
} from './vendor'

export const PATHS = {
  assistants: '/assistant',
  assistant: (id: string) => `/assistant/${encodeURIComponent(id)}`,
  calls: '/call',
  call: (id: string) => `/call/${encodeURIComponent(id)}`,
  phoneNumbers: '/phone-number',
} as const

/** Vapi's list endpoints take `limit` 0–1000. */
export const MAX_LIST_LIMIT = 1000

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

/** Vapi's endpoints, over the gateway's one vendor HTTP path (timeouts, GET-only retries, Problems). */
export function vendorApi(ctx: ProviderContext) {
  const http = vendor.client(ctx)
  return {
    createAssistant: (body: VapiAssistantBody) =>
      http.post(PATHS.assistants, AssistantSchema, { json: body }),
    getAssistant: (id: string) => http.get(PATHS.assistant(id), AssistantSchema),
    /** A bare array, newest first (assumed; the caller sorts): paged by `createdAtLe`. */
    listAssistants: (query: { limit: number; createdAtLe?: string }) =>
      http.get(PATHS.assistants, AssistantListSchema, { searchParams: query }),
    updateAssistant: (id: string, body: VapiAssistantBody) =>
      http.patch(PATHS.assistant(id), AssistantSchema, { json: body }),
    deleteAssistant: (id: string) => http.delete(PATHS.assistant(id), undefined),

    /** Never retried: Vapi has no idempotency key, and the kit retries only GETs. */
    createCall: (body: VapiCallCreate) => http.post(PATHS.calls, CallSchema, { json: body }),
    getCall: (id: string) => http.get(PATHS.call(id), CallSchema),
    listCalls: (query: { limit: number; createdAtLe?: string; createdAtGe?: string; assistantId?: string }) =>
      http.get(PATHS.calls, CallListSchema, { searchParams: query }),
    /** Withdraws a scheduled or queued call; Vapi erases the call's data and answers the Call. */
    deleteCall: (id: string) => http.delete(PATHS.call(id), CallSchema),
    listPhoneNumbers: () =>
      http.get(PATHS.phoneNumbers, PhoneNumberListSchema, { searchParams: { limit: MAX_LIST_LIMIT } }),
  }
}

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
    // The kit's client always sends `Bearer <apiKey>`: an empty key keeps the private one at home.
    apiKey: '',
    ctx,
    describeError: describeVapiError,
  })
  await http.post(controlUrl.pathname, undefined, { json: { type: 'end-call' } })
}
