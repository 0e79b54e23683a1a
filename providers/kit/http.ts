import type { z } from '@hono/zod-openapi'
import ky, { HTTPError, type KyInstance, type Options as KyOptions } from 'ky'
import { ApiError, type ErrorCode } from '../../src/contract/errors'
import type { FieldError, Upstream } from '../../src/contract/problem'
import { authHeaders, BEARER_AUTH, type VendorAuth } from './auth'
import { redactSecrets } from './redact'
import type { ProviderContext, VendorOutcome } from './types'

/** What a provider can say about one of its vendor's error bodies. */
export interface VendorErrorWords {
  detail?: string
  code?: string
  errors?: FieldError[]
}

export interface VendorClientOptions {
  provider: string
  providerName: string
  baseUrl: string
  apiKey: string
  /** How the key is presented (default `Authorization: Bearer <key>`); `null` sends no key at all. */
  auth?: VendorAuth | null
  ctx: ProviderContext
  /** Reads the vendor's error body (RFC 7807, FastAPI, ad hoc …) into words for the Problem. */
  describeError?: (status: number, body: unknown) => VendorErrorWords
  headers?: Record<string, string>
}

interface RequestOptions {
  searchParams?: Record<string, string | number | boolean | undefined> | URLSearchParams
  json?: unknown
  headers?: Record<string, string>
}

/** Only reads are retried: a POST that creates a call is never sent twice by us. */
const RETRY_METHODS = ['get']
const MAX_RETRY_AFTER_MS = 2_000
/** A retry must begin, waits included, in the first half of the budget: the last attempt keeps the rest. */
const RETRY_WINDOW = 0.5
const BACKOFF_BASE_MS = 200
const BACKOFF_LIMIT_MS = 1_000
/** Exponential; ky applies full jitter on top (a random wait up to this). */
const backoffMs = (retry: number) => Math.min(BACKOFF_BASE_MS * 2 ** (retry - 1), BACKOFF_LIMIT_MS)
const AFTER_STATUS_CODES = [429, 503]
/**
 * The largest vendor answer read (README § Security). No vendor object comes near it; a bigger answer
 * is cut off while streaming, so it can neither exhaust memory nor outlast the deadline.
 */
export const MAX_VENDOR_ANSWER_BYTES = 4 * 1024 * 1024
/** An error body only lends its first words to the Problem: reading more would be wasted. */
const MAX_ERROR_BODY_BYTES = 64 * 1024

/**
 * How workerd reports a failed connection, measured against a closed port, a server that resets
 * on accept, one that resets after reading the request and one that drops mid-body: every case is
 * `Error: Network connection lost.`, and a DNS failure is an opaque `internal error; reference = …`.
 * A refused connection therefore cannot be told from one dropped after the request was sent. Only
 * wording that proves nothing was sent (other runtimes, or a future workerd) counts as not sent.
 */
const NOT_SENT_WORDING =
  /ECONNREFUSED|connection refused|ENOTFOUND|getaddrinfo|DNS lookup failed|no such host/i
const CONNECTION_LOST_WORDING = /network connection lost|internal error; reference/i

/**
 * The one HTTP path to every vendor: explicit timeout covering retries and the body, GETs retried
 * with jittered backoff, and every failure turned into a Problem that says which vendor, what it
 * said and whether it may have acted (`upstream`). The API key never leaves this function in text.
 */
export function createVendorClient(options: VendorClientOptions) {
  const { ctx, apiKey } = options
  const timeout = ctx.config.upstreamTimeoutMs
  const redact = (text: string) => redactSecrets(text, [apiKey])
  const http = kyInstance(options.baseUrl.replace(/\/+$/, ''), {
    ...authHeaders(options.auth === undefined ? BEARER_AUTH : options.auth, apiKey),
    accept: 'application/json',
    ...options.headers,
  })

  /** Retries of one request: each only if its wait (backoff or Retry-After) still fits the window. */
  const retryPolicy = (started: number): KyOptions['retry'] => ({
    limit: 2,
    methods: RETRY_METHODS,
    statusCodes: [408, 429, 500, 502, 503, 504],
    afterStatusCodes: AFTER_STATUS_CODES,
    maxRetryAfter: MAX_RETRY_AFTER_MS,
    delay: backoffMs,
    backoffLimit: BACKOFF_LIMIT_MS,
    jitter: true,
    shouldRetry: ({ error, retryCount }) => {
      const header =
        error instanceof HTTPError && AFTER_STATUS_CODES.includes(error.response.status)
          ? retryAfterSeconds(error.response.headers.get('retry-after'))
          : undefined
      // A Retry-After beyond what we may wait is the client's to honour: answer 429 with it, now.
      if (header !== undefined && header * 1000 > MAX_RETRY_AFTER_MS) return false
      const wait = header !== undefined ? header * 1000 : backoffMs(retryCount)
      return performance.now() - started + wait > timeout * RETRY_WINDOW ? false : undefined
    },
  })

  const fail = (
    code: ErrorCode,
    detail: string,
    upstream: Upstream,
    extras: Partial<ConstructorParameters<typeof ApiError>[2]> = {},
  ) => new ApiError(code, redact(detail), { provider: options.provider, upstream, ...extras })

  const fromStatus = (response: Response, body: unknown, text: string): ApiError => {
    const status = response.status
    const words = safeDescribe(options.describeError, status, body)
    const said = redact(words.detail ?? (text.trim().slice(0, 300) || response.statusText || 'no detail'))
    const base = { providerStatus: status, ...(words.code ? { providerCode: redact(words.code) } : {}) }
    const name = options.providerName
    if (status === 401 || status === 403) {
      return fail(
        'provider_auth_failed',
        `${name} refused this deployment's credentials (${status}): ${said}`,
        'rejected',
        base,
      )
    }
    if (status === 404)
      return fail('not_found', `${name} has no such object (404): ${said}`, 'rejected', base)
    if (status === 409) return fail('conflict', `${name} refused the change (409): ${said}`, 'rejected', base)
    if (status === 429) {
      const retryAfter = retryAfterSeconds(response.headers.get('retry-after'))
      return fail('rate_limited', `${name} is rate limiting requests (429): ${said}`, 'rejected', {
        ...base,
        retryAfter: retryAfter ?? 1,
        ...(retryAfter !== undefined ? { vendorRetryAfter: retryAfter } : {}),
      })
    }
    if (status >= 300 && status < 400) {
      return fail(
        'provider_error',
        `${name} answered with a redirect (${status}), which Switchboard does not follow; it may have acted.`,
        'ambiguous',
        base,
      )
    }
    if (status >= 400 && status < 500) {
      return fail('provider_rejected', `${name} rejected the request (${status}): ${said}`, 'rejected', {
        ...base,
        status: status === 400 ? 400 : 422,
        ...(words.errors?.length
          ? { errors: words.errors.map((e) => ({ path: e.path, message: redact(e.message) })) }
          : {}),
      })
    }
    return fail('provider_error', `${name} failed (${status}): ${said}`, 'ambiguous', base)
  }

  /** Every exchange, success or failure, is reported once to provider health (ctx.onOutcome). */
  async function request<S extends z.ZodType | undefined>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    schema: S,
    init: RequestOptions = {},
  ): Promise<S extends z.ZodType ? z.output<S> : undefined> {
    if (escapesItsPath(path)) {
      throw fail(
        'not_found',
        `${options.providerName} has no such object: the id is not a valid id.`,
        'not_sent',
      )
    }
    const at = Date.now()
    const started = performance.now()
    try {
      const result = await exchange(method, path, schema, init)
      ctx.onOutcome?.(options.provider, { ok: true, ms: performance.now() - started, at })
      return result
    } catch (error) {
      ctx.onOutcome?.(options.provider, outcomeOf(error, performance.now() - started, at))
      throw error
    }
  }

  async function exchange<S extends z.ZodType | undefined>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    schema: S,
    init: RequestOptions,
  ): Promise<S extends z.ZodType ? z.output<S> : undefined> {
    const started = performance.now()
    // One budget for the whole exchange, body included: a vendor that stalls mid-body still ends in time.
    const deadline = AbortSignal.timeout(timeout)
    // The fetch is the request's own (the request log watches it), so it is passed per request.
    const kyOptions: KyOptions = { method, signal: deadline, retry: retryPolicy(started), fetch: ctx.fetch }
    // ky drops the instance headers (the API key among them) when given `headers: undefined`.
    if (init.headers) kyOptions.headers = init.headers
    if (init.json !== undefined) kyOptions.json = init.json
    if (init.searchParams) kyOptions.searchParams = cleanParams(init.searchParams)
    let response: Response | undefined
    let text: string
    try {
      response = await http(path.replace(/^\//, ''), kyOptions)
      const answer = await readCapped(response, MAX_VENDOR_ANSWER_BYTES)
      if (answer.overLimit) {
        throw fail(
          'provider_error',
          `${options.providerName} answered more than ${MAX_VENDOR_ANSWER_BYTES} bytes; the answer was cut off unread, and the vendor may have acted.`,
          'ambiguous',
          { providerStatus: response.status },
        )
      }
      // Redacted before anything reads it: a vendor that echoes the key cannot leak it onward.
      text = redact(answer.text)
    } catch (error) {
      if (error instanceof ApiError) throw error
      if (error instanceof HTTPError) {
        const errorBody = await readCapped(error.response, MAX_ERROR_BODY_BYTES).catch(() => ({
          text: '',
          overLimit: false,
        }))
        const errorText = redact(errorBody.text)
        throw fromStatus(error.response, parseJson(errorText), errorText)
      }
      throw transportError(error, method, response !== undefined)
    } finally {
      ctx.recordUpstream(performance.now() - started)
    }
    if (schema === undefined) return undefined as never
    const body = parseJson(text)
    if (body === NOT_JSON) {
      throw fail(
        'provider_error',
        `${options.providerName} answered ${response.status} with a body that is not JSON (${jsonProblem(text)}): ${text.slice(0, 120)}`,
        'ambiguous',
        {
          providerStatus: response.status,
        },
      )
    }
    const parsed = (schema as z.ZodType).safeParse(body)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw fail(
        'provider_error',
        `${options.providerName} answered with an unexpected shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
        'ambiguous',
        { providerStatus: response.status },
      )
    }
    return parsed.data as never
  }

  /**
   * A failure without an HTTP answer. Whether the vendor may have acted decides the code: a read
   * acts on nothing, so any lost connection is simply `unavailable`; a write that may have reached
   * the vendor is `ambiguous` unless the runtime's words prove it was never sent.
   */
  function transportError(error: unknown, method: string, answered: boolean): ApiError {
    const message = error instanceof Error ? error.message : String(error)
    const name = options.providerName
    if (isAbort(error)) {
      return fail(
        'provider_timeout',
        `${name} did not answer within ${timeout} ms; it may have acted.`,
        'ambiguous',
      )
    }
    if (answered) {
      return fail(
        'provider_error',
        `The connection to ${name} dropped while it was sending its answer; it may have acted.`,
        'ambiguous',
      )
    }
    const provenNotSent = NOT_SENT_WORDING.test(message)
    if (provenNotSent || (method === 'GET' && CONNECTION_LOST_WORDING.test(message))) {
      return fail('provider_unavailable', `${name} could not be reached (${message}).`, 'not_sent')
    }
    return fail(
      'provider_error',
      `The connection to ${name} failed before it answered (${message}); the request may have reached it, so it may have acted.`,
      'ambiguous',
    )
  }

  return {
    request,
    get: <S extends z.ZodType>(path: string, schema: S, init?: RequestOptions) =>
      request('GET', path, schema, init),
    post: <S extends z.ZodType | undefined>(path: string, schema: S, init?: RequestOptions) =>
      request('POST', path, schema, init),
    put: <S extends z.ZodType | undefined>(path: string, schema: S, init?: RequestOptions) =>
      request('PUT', path, schema, init),
    patch: <S extends z.ZodType | undefined>(path: string, schema: S, init?: RequestOptions) =>
      request('PATCH', path, schema, init),
    delete: <S extends z.ZodType | undefined>(path: string, schema: S, init?: RequestOptions) =>
      request('DELETE', path, schema, init),
  }
}

export type VendorClient = ReturnType<typeof createVendorClient>

/**
 * One ky instance per vendor configuration (base URL and headers), made once per isolate:
 * ky.create merges and normalizes its options, so a request then passes only what differs.
 * Bounded: an isolate serves a handful of vendors, and a changed key simply makes a new entry.
 */
const MAX_INSTANCES = 64
const instances = new Map<string, KyInstance>()

function kyInstance(prefixUrl: string, headers: Record<string, string>) {
  const key = `${prefixUrl}\n${JSON.stringify(headers)}`
  let instance = instances.get(key)
  if (!instance) {
    if (instances.size >= MAX_INSTANCES) instances.clear()
    instance = ky.create({
      prefixUrl,
      // The deadline signal of each request bounds the whole exchange; a per-attempt timer of ky's
      // own would only add a second timer and promise race to every request.
      timeout: false,
      // A redirect would carry the request (phone numbers, variables) to a host nobody configured,
      // and its reply would pass for the vendor's: a 3xx is answered as the fault it is.
      redirect: 'manual',
      headers,
    })
    instances.set(key, instance)
  }
  return instance
}

/**
 * How a failed exchange counts for the breaker: a 4xx other than 429 is the vendor up and
 * answering (a success); a 429, a 5xx, no answer or an unreadable one is a failure.
 */
function outcomeOf(error: unknown, ms: number, at: number): VendorOutcome {
  if (!(error instanceof ApiError)) return { ok: false, ms, at, code: 'internal', upstream: 'ambiguous' }
  const status = error.extras.providerStatus
  const { code } = error
  const upstream = error.extras.upstream
  if (status !== undefined && status >= 400 && status < 500 && status !== 429) return { ok: true, ms, at }
  const retryAfterMs =
    status === 429 && error.extras.vendorRetryAfter !== undefined
      ? error.extras.vendorRetryAfter * 1000
      : undefined
  return {
    ok: false,
    ms,
    at,
    code,
    ...(upstream ? { upstream } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  }
}

const NOT_JSON = Symbol('not json')
const parseJson = (text: string): unknown => {
  if (text.trim() === '') return null
  try {
    return JSON.parse(text)
  } catch {
    return NOT_JSON
  }
}

/** A `.` or `..` segment (however spelled) would make the URL resolve to another endpoint of the vendor. */
const DOT_SEGMENT = /^(\.|%2e){1,2}$/i
const escapesItsPath = (path: string) =>
  (path.split('?')[0] ?? '').split('/').some((s) => DOT_SEGMENT.test(s))

/** Stateless between calls (no `stream` option), so one serves every answer of the isolate. */
const decoder = new TextDecoder()

/**
 * The body as text, read no further than `limit` bytes: a declared length over it is refused
 * before reading, and an undeclared (or understated) one is cut off as the count passes it.
 */
async function readCapped(response: Response, limit: number): Promise<{ text: string; overLimit: boolean }> {
  const declared = Number(response.headers.get('content-length'))
  const body = response.body
  if (Number.isFinite(declared) && declared > limit) {
    await body?.cancel().catch(() => undefined)
    return { text: '', overLimit: true }
  }
  if (!body) return { text: '', overLimit: false }
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let read = 0
  let overLimit = false
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    read += value.byteLength
    if (read > limit) {
      overLimit = true
      chunks.push(value.subarray(0, value.byteLength - (read - limit)))
      await reader.cancel().catch(() => undefined)
      break
    }
    chunks.push(value)
  }
  // Decoded once at the end: a cut-off answer costs no decoding on the way. Most answers come
  // in one chunk, which needs no copy.
  if (chunks.length === 1) return { text: decoder.decode(chunks[0]), overLimit }
  const bytes = new Uint8Array(Math.min(read, limit))
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return { text: decoder.decode(bytes), overLimit }
}

const jsonProblem = (text: string): string => {
  try {
    JSON.parse(text)
    return 'parsed'
  } catch (error) {
    return (error as Error).message.slice(0, 120)
  }
}

const isAbort = (error: unknown) =>
  error instanceof DOMException ? error.name === 'TimeoutError' || error.name === 'AbortError' : false

const safeDescribe = (
  describe: VendorClientOptions['describeError'],
  status: number,
  body: unknown,
): VendorErrorWords => {
  if (!describe || body === NOT_JSON || body === null) return {}
  try {
    return describe(status, body)
  } catch {
    return {}
  }
}

const cleanParams = (params: NonNullable<RequestOptions['searchParams']>) => {
  if (params instanceof URLSearchParams) return params
  const clean = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== undefined) clean.set(key, String(value))
  return clean
}

/** Retry-After as seconds: delta-seconds or an HTTP date. */
export function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000)
}
