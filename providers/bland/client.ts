import type { FieldError } from '../../src/contract/problem'
import type { VendorAuth } from '../kit/auth'
import { type Endpoint, endpointApi } from '../kit/endpoints'
import type { VendorErrorWords } from '../kit/http'
import type { ProviderContext } from '../kit/types'
import { defineVendor } from '../kit/vendor'
import {
  BlandCallSchema,
  CallListAnswerSchema,
  SendCallAnswerSchema,
  SendCallSchema,
  StopAnswerSchema,
} from './vendor'

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined

/**
 * Bland's three error shapes, one set of words: legacy `{ status: "error", message, errors: [string] }`,
 * the envelope `{ data: null, errors: [{ error, message }] }`, and one-offs such as
 * `{ status: "DNC Error", message }` or `{ error: "...", details }` (docs/vendors/bland.md § Errors).
 */
export function describeBlandError(_status: number, body: unknown): VendorErrorWords {
  if (typeof body === 'string') return text(body) ? { detail: text(body) } : {}
  if (!body || typeof body !== 'object') return {}
  const fields = body as Record<string, unknown>
  const list = Array.isArray(fields.errors) ? fields.errors : []
  const messages = list.flatMap((item) => {
    if (typeof item === 'string') return text(item) ? [text(item) as string] : []
    if (item && typeof item === 'object') {
      const entry = item as Record<string, unknown>
      const said = text(entry.message) ?? text(entry.error)
      return said ? [said] : []
    }
    return []
  })
  const firstEntry = list.find((item) => item && typeof item === 'object') as
    | Record<string, unknown>
    | undefined
  const code =
    text(firstEntry?.error) ??
    (text(fields.status) && fields.status !== 'error' ? text(fields.status) : undefined) ??
    (text(fields.error) && text(fields.message) ? text(fields.error) : undefined)
  const detail = [text(fields.message), ...messages, text(fields.error)].filter(Boolean)
  const unique = [...new Set(detail)] as string[]
  const errors: FieldError[] = messages.map((message) => ({ path: 'body', message }))
  return {
    ...(unique.length ? { detail: unique.join('; ') } : {}),
    ...(code ? { code } : {}),
    ...(errors.length ? { errors } : {}),
  }
}

/**
 * Bland reads the raw key from `authorization`, no scheme: every page of its reference shows that
 * form (docs/vendors/bland.md § Auth). It is said to accept `Bearer <key>` as well, but only one
 * page says so (unconfirmed), so the documented form is the one sent.
 */
export const BLAND_AUTH: VendorAuth = { header: 'authorization', scheme: null }

export const vendor = defineVendor({
  id: 'bland',
  name: 'Bland AI',
  docsUrl: 'https://docs.bland.ai/api-v1/post/calls',
  env: { apiKey: 'BLAND_API_KEY', baseUrl: 'BLAND_BASE_URL' },
  defaultBaseUrl: 'https://api.bland.ai',
  auth: BLAND_AUTH,
  describeError: describeBlandError,
})

/** The deployment variable holding Bland's webhook signing secret (dashboard: Settings → Keys). */
export const WEBHOOK_SECRET_VARIABLE = 'BLAND_WEBHOOK_SECRET'

/** Bland's endpoints, relative to the base URL. Agents have none: Switchboard keeps them. */
export const ENDPOINTS = {
  sendCall: { method: 'POST', path: '/v1/calls', request: SendCallSchema, answer: SendCallAnswerSchema },
  getCall: { method: 'GET', path: '/v1/calls/{id}', answer: BlandCallSchema },
  /** Row-index paging: `from` (inclusive) and `to` (exclusive), newest first unless `ascending`. */
  listCalls: { method: 'GET', path: '/v1/calls', answer: CallListAnswerSchema },
  stopCall: { method: 'POST', path: '/v1/calls/{id}/stop', answer: StopAnswerSchema },
} as const satisfies Record<string, Endpoint>

export const vendorApi = (ctx: ProviderContext) => endpointApi(vendor.client(ctx), ENDPOINTS)
export type VendorApi = ReturnType<typeof vendorApi>
