import { z } from 'zod'
import { ApiError } from '../../src/contract/errors'
import type { VendorErrorWords } from '../kit/http'
import type { ProviderContext } from '../kit/types'
import { defineVendor } from '../kit/vendor'
import {
  CallsPageSchema,
  type DialRequest,
  DialResponseSchema,
  TranscriptSchema,
  type UseCasePatch,
  UseCaseSchema,
  VendorCallSchema,
} from './vendor'

const at = (id: string) => encodeURIComponent(id)

/** Paths relative to the base URL. */
export const PATHS = {
  dial: '/dial/outbound',
  dialBatch: '/dial/outbound-batched',
  calls: '/calls',
  call: (id: string) => `/calls/${at(id)}`,
  transcript: (id: string) => `/calls/${at(id)}/transcript`,
  /** Hangs up a live call (seen in public client code calling the v1 API). */
  stop: (id: string) => `/calls/${at(id)}/stop`,
  /** "Cancel Call" (POST) is in HappyRobot's reference index, but its path is unconfirmed: correct it here. */
  cancel: (id: string) => `/calls/${at(id)}/cancel`,
  useCase: (id: string) => `/use-cases/${at(id)}`,
}

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

export interface CallListParams {
  limit: number
  skip: number
  statuses?: string[]
  useCaseId?: string
}

/** HappyRobot's endpoints over the gateway's one vendor HTTP path. */
export const vendor = defineVendor({
  id: 'happyrobot',
  name: 'HappyRobot',
  docsUrl: 'https://docs.happyrobot.ai/api-reference/dial/create-outbound-call',
  env: { apiKey: 'HAPPYROBOT_API_KEY', baseUrl: 'HAPPYROBOT_BASE_URL' },
  defaultBaseUrl: 'https://app.happyrobot.ai/api/v1',
  describeError: describeHappyRobotError,
})

export function vendorApi(ctx: ProviderContext) {
  const http = vendor.client(ctx)
  return {
    dial: (request: DialRequest) => http.post(PATHS.dial, DialResponseSchema, { json: request }),
    dialBatch: (requests: DialRequest[]) =>
      http.post(PATHS.dialBatch, z.array(DialResponseSchema), { json: requests }),
    getCall: (id: string) => http.get(PATHS.call(id), VendorCallSchema),
    /** Null when HappyRobot has no transcript for the call (yet). */
    async getTranscript(id: string) {
      try {
        return await http.get(PATHS.transcript(id), TranscriptSchema)
      } catch (error) {
        if (error instanceof ApiError && error.code === 'not_found') return null
        throw error
      }
    },
    listCalls: ({ limit, skip, statuses, useCaseId }: CallListParams) =>
      http.get(PATHS.calls, CallsPageSchema, {
        searchParams: {
          limit,
          skip,
          sort: 'desc',
          statuses: statuses?.join(','),
          use_cases: useCaseId,
        },
      }),
    // Their answers are not documented and not needed: the call is read again afterwards.
    stopCall: (id: string) => http.post(PATHS.stop(id), undefined),
    cancelCall: (id: string) => http.post(PATHS.cancel(id), undefined),
    getUseCase: (id: string) => http.get(PATHS.useCase(id), UseCaseSchema),
    updateUseCase: (id: string, patch: UseCasePatch) =>
      http.patch(PATHS.useCase(id), undefined, { json: patch }),
  }
}

export type VendorApi = ReturnType<typeof vendorApi>
