import { Hono } from 'hono'

/** The faults a vendor can throw at the gateway (issue 6). `none` passes every request through. */
export const FAULTS = [
  'slow',
  'reset',
  'status500',
  'html502',
  'rate429',
  'truncated',
  'wrongShape',
  'echoKey',
  'echoKeyInAnswer',
] as const
export type Fault = (typeof FAULTS)[number] | 'none'

export interface FetchHandler {
  fetch(request: Request): Response | Promise<Response>
}

export interface FaultPlan {
  fault: Fault
  /** Only requests with this method and a path matching this pattern are faulted; others pass. */
  method?: string
  path?: RegExp
  /** Let this many matching requests through before the fault starts (a batch failing halfway). */
  after?: number
  /** Hold every selected request this long first, so duplicates arrive while it runs. */
  delayMs?: number
}

export interface RecordedVendorRequest {
  method: string
  path: string
  faulted: Fault
}

export const RETRY_AFTER_SECONDS = 7
const SLOW_MS = 60_000

/**
 * Wraps a well-behaved fake vendor and injects one fault into the requests a plan selects.
 * A Hono app, so the same fake serves workerd tests through `fetch` and e2e tests over real HTTP.
 */
export function faultyVendor(inner: FetchHandler, secret: string) {
  let plan: FaultPlan = { fault: 'none' }
  let matched = 0
  const requests: RecordedVendorRequest[] = []
  const app = new Hono()

  app.all('*', async (c) => {
    const url = new URL(c.req.url)
    const selected =
      (plan.fault !== 'none' || plan.delayMs !== undefined) &&
      (!plan.method || plan.method === c.req.method) &&
      (!plan.path || plan.path.test(url.pathname))
    const fault: Fault = selected && matched++ >= (plan.after ?? 0) ? plan.fault : 'none'
    requests.push({ method: c.req.method, path: url.pathname + url.search, faulted: fault })
    if (selected && plan.delayMs) await sleepUnlessAborted(plan.delayMs, c.req.raw.signal)
    if (fault === 'none') return inner.fetch(c.req.raw)
    return inject(fault, c.req.raw, inner, secret)
  })

  return {
    app,
    /** As a real fetch does, gives up with the abort reason when the caller's signal fires. */
    fetch: (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init)
      return Promise.race([app.fetch(request), aborted(request.signal)])
    },
    requests,
    /** Requests with this method (and path pattern) the vendor received. */
    count(method: string, path?: RegExp) {
      return requests.filter((r) => r.method === method && (!path || path.test(r.path))).length
    },
    plan(next: FaultPlan) {
      plan = next
      matched = 0
      requests.length = 0
    },
  }
}

export type FaultyVendor = ReturnType<typeof faultyVendor>

async function inject(
  fault: Fault,
  request: Request,
  inner: FetchHandler,
  secret: string,
): Promise<Response> {
  switch (fault) {
    case 'slow':
      await sleepUnlessAborted(SLOW_MS, request.signal)
      return inner.fetch(request)
    case 'reset':
      return midBodyReset(await inner.fetch(request))
    case 'status500':
      return Response.json({ error: 'internal server error' }, { status: 500 })
    case 'html502':
      return new Response('<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>', {
        status: 502,
        headers: { 'content-type': 'text/html' },
      })
    case 'rate429':
      return Response.json(
        { error: 'too many requests' },
        { status: 429, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } },
      )
    case 'truncated': {
      const text = await (await inner.fetch(request)).text()
      return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    }
    case 'wrongShape':
      return Response.json({ unexpected: true, items: 'not what you asked for' })
    case 'echoKey':
      return Response.json(
        {
          error: `invalid api key ${secret}`,
          detail: `Authorization: Bearer ${secret} was refused`,
          message: `key=${encodeURIComponent(secret)}`,
          title: secret,
          code: secret,
          errors: [{ field: secret, message: secret }],
          detail_list: [{ loc: ['body', secret], msg: secret, type: 'value_error' }],
        },
        { status: 400 },
      )
    case 'echoKeyInAnswer': {
      const answer = await inner.fetch(request)
      const json = (await answer.json()) as unknown
      const echoed = { vendorNote: `served for Bearer ${secret}`, apiKey: secret }
      const body = Array.isArray(json)
        ? json.map((item) => ({ ...item, ...echoed }))
        : { ...(json as object), ...echoed }
      return Response.json(body, { status: answer.status })
    }
    case 'none':
      return inner.fetch(request)
  }
}

/** Sends the headers and the first bytes of a real answer, then breaks the stream. */
function midBodyReset(answer: Response): Response {
  let sent = false
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent) {
        controller.error(new Error('connection reset by fake vendor'))
        return
      }
      sent = true
      const text = await answer.text()
      controller.enqueue(new TextEncoder().encode(text.slice(0, Math.max(1, Math.floor(text.length / 2)))))
    },
  })
  return new Response(body, { status: answer.status, headers: { 'content-type': 'application/json' } })
}

const sleepUnlessAborted = (ms: number, signal: AbortSignal) =>
  new Promise<void>((done) => {
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      done()
    })
  })

const aborted = (signal: AbortSignal) =>
  new Promise<never>((_, fail) => {
    if (signal.aborted) fail(signal.reason)
    signal.addEventListener('abort', () => fail(signal.reason))
  })
