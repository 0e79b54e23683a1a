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
  'redirect',
  'huge',
  'hugeLying',
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
/** Where the `redirect` fault points: another host, which must never receive the request. */
export const REDIRECT_TARGET = 'https://elsewhere.example/collect'
/** The size of the `huge` answers: well past any cap a gateway should read. */
export const HUGE_ANSWER_BYTES = 12 * 1024 * 1024
const SLOW_MS = 60_000

/**
 * Wraps a well-behaved fake vendor and injects one fault into the requests a plan selects.
 * A Hono app, so the same fake serves workerd tests through `fetch` and e2e tests over real HTTP.
 */
export function faultyVendor(inner: FetchHandler, secret: string) {
  let plan: FaultPlan = { fault: 'none' }
  let redirectTarget = REDIRECT_TARGET
  let matched = 0
  const requests: RecordedVendorRequest[] = []
  /** Requests that reached the redirect's target host (a platform fetch follows unless told not to). */
  const redirected: Request[] = []
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
    if (fault === 'redirect')
      return new Response(null, { status: 307, headers: { location: redirectTarget } })
    return inject(fault, c.req.raw, inner, secret)
  })

  return {
    app,
    /** As a real fetch does, gives up with the abort reason when the caller's signal fires. */
    fetch: (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init)
      const followed = async () => {
        const answer = await app.fetch(request.clone())
        const location = answer.headers.get('location')
        if (answer.status < 300 || answer.status > 399 || !location || request.redirect === 'manual') {
          return answer
        }
        // As the platform's fetch does: a 307 re-sends the same method and body to the new host.
        redirected.push(new Request(location, request))
        return Response.json(
          { id: 'not-a-real-call', agent: 'x', to: '+1', state: 'queued' },
          { status: 201 },
        )
      }
      return Promise.race([followed(), aborted(request.signal)])
    },
    requests,
    redirected,
    /** Requests with this method (and path pattern) the vendor received. */
    count(method: string, path?: RegExp) {
      return requests.filter((r) => r.method === method && (!path || path.test(r.path))).length
    },
    /** Where the `redirect` fault points (over real HTTP: a server that counts what reaches it). */
    redirectTo(url: string) {
      redirectTarget = url
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
    case 'redirect':
      return new Response(null, { status: 307, headers: { location: REDIRECT_TARGET } })
    case 'huge':
      return hugeAnswer({})
    case 'hugeLying':
      return hugeAnswer({ 'content-length': '64' })
    case 'none':
      return inner.fetch(request)
  }
}

/** A JSON answer of HUGE_ANSWER_BYTES, streamed in chunks, with no (or a false) Content-Length. */
function hugeAnswer(headers: Record<string, string>): Response {
  const chunk = new TextEncoder().encode('x'.repeat(256 * 1024))
  let sent = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(new TextEncoder().encode('{"id":"big","pad":"'))
      if (sent >= HUGE_ANSWER_BYTES) {
        controller.enqueue(new TextEncoder().encode('"}'))
        controller.close()
        return
      }
      sent += chunk.byteLength
      controller.enqueue(chunk)
    },
  })
  return new Response(body, { status: 201, headers: { 'content-type': 'application/json', ...headers } })
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
