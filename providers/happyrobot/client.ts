import { z } from 'zod'
import { ApiError } from '../../src/contract/errors'
import { type Endpoint, endpointApi } from '../kit/endpoints'
import type { VendorErrorWords } from '../kit/http'
import type { ProviderContext } from '../kit/types'
import { defineVendor } from '../kit/vendor'
import {
  CallsPageSchema,
  DialRequestSchema,
  DialResponseSchema,
  TranscriptSchema,
  UseCasePatchSchema,
  UseCaseSchema,
  VendorCallSchema,
} from './vendor'

/** HappyRobot documents no error body: keep whatever words it sends under the usual keys. */
export function describeHappyRobotError(_status: number, body: unknown): VendorErrorWords {
  if (typeof body === 'string') return body.trim() ? { detail: body } : {}
  if (!body || typeof body !== 'object') return {}
  const fields = body as Record<string, unknown>
  const nested =
    fields.error && typeof fields.error === 'object' ? (fields.error as Record<string, unknown>) : {}
  const detail = [fields.message, fields.error, fields.detail, nested.message].find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  )
  const code = [fields.code, nested.code].find((value): value is string => typeof value === 'string')
  return { ...(detail ? { detail } : {}), ...(code ? { code } : {}) }
}

export const vendor = defineVendor({
  id: 'happyrobot',
  name: 'HappyRobot',
  docsUrl: 'https://docs.happyrobot.ai/api-reference/dial/create-outbound-call',
  env: { apiKey: 'HAPPYROBOT_API_KEY', baseUrl: 'HAPPYROBOT_BASE_URL' },
  defaultBaseUrl: 'https://app.happyrobot.ai/api/v1',
  describeError: describeHappyRobotError,
})

/**
 * HappyRobot's endpoints, relative to the base URL. Stop hangs up a live call (seen in public client
 * code calling the v1 API); "Cancel Call" (POST) is in HappyRobot's reference index but its path is
 * unconfirmed: correct it here. Neither answer is documented or read: the call is read again.
 */
export const ENDPOINTS = {
  dial: { method: 'POST', path: '/dial/outbound', request: DialRequestSchema, answer: DialResponseSchema },
  dialBatch: {
    method: 'POST',
    path: '/dial/outbound-batched',
    request: z.array(DialRequestSchema),
    answer: z.array(DialResponseSchema),
  },
  /** limit, skip, sort, statuses (comma-separated), use_cases. */
  listCalls: { method: 'GET', path: '/calls', answer: CallsPageSchema },
  getCall: { method: 'GET', path: '/calls/{id}', answer: VendorCallSchema },
  getTranscript: { method: 'GET', path: '/calls/{id}/transcript', answer: TranscriptSchema },
  stopCall: { method: 'POST', path: '/calls/{id}/stop' },
  cancelCall: { method: 'POST', path: '/calls/{id}/cancel' },
  getUseCase: { method: 'GET', path: '/use-cases/{id}', answer: UseCaseSchema },
  updateUseCase: { method: 'PATCH', path: '/use-cases/{id}', request: UseCasePatchSchema },
} as const satisfies Record<string, Endpoint>

export function vendorApi(ctx: ProviderContext) {
  const api = endpointApi(vendor.client(ctx), ENDPOINTS)
  return {
    ...api,
    /** Null when HappyRobot has no transcript for the call (yet). */
    async getTranscript(input: { id: string }) {
      try {
        return await api.getTranscript(input)
      } catch (error) {
        if (error instanceof ApiError && error.code === 'not_found') return null
        throw error
      }
    },
  }
}

export type VendorApi = ReturnType<typeof vendorApi>
