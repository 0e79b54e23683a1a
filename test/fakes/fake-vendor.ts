import { type Context, Hono, type Next } from 'hono'
import type { z } from 'zod'
import type { FakeVendor, RecordedRequest } from '../conformance/target'

/** An answer a test forces on the next matching request(s), instead of the fake's own. */
export interface InjectedFailure {
  method: string
  /** Matches the request path (no query): exactly, or as a pattern. */
  path: string | RegExp
  status: number
  /** A string is sent as is; anything else as JSON (`injectedBody` when absent). */
  body?: unknown
  headers?: Record<string, string>
  /** Matching requests let through before the failure applies (a batch failing halfway). */
  after?: number
  /** How many matching requests fail; default 1. */
  times?: number
}

export interface FakeVendorOptions {
  /** The vendor's name, in the violations' answers. */
  name: string
  /** The API key it accepts; a malformed header is always a violation. */
  auth: {
    key: string
    /** `Authorization: Bearer <key>` (the default), or the raw key with no scheme (`null`). */
    scheme?: 'Bearer' | null
    /** The vendor's answer to a well-formed but wrong key; absent = a violation (our bug). */
    refuse?: (c: Context) => Response
  }
  /** The vendor's error body around a message (`{ title }`, `{ detail }`, `{ message }` …). */
  errorBody(message: string): Record<string, unknown>
  /** The body of an injected failure that names none; default `{}`. */
  injectedBody?: unknown
  /** Checks of its own on every request before the routes (e.g. which methods take a body). */
  check?(c: Context, request: { text: string; path: string }): string | undefined
  /**
   * What each endpoint accepts, written from the vendor's reference (test/fakes/<id>-schemas.ts), keyed
   * `METHOD /path/:param`: a body or query that fails its schema is a violation before the route
   * runs, and the route reads the parsed values with `kit.parsed`. An endpoint without a `query`
   * schema takes any query; one without a `body` schema, any body the `check` lets through.
   */
  requestSchemas?: Record<string, RequestSchemas>
  /** Registers the vendor's endpoints; unknown ones are violations. */
  routes(app: Hono, kit: FakeKit): void
}

export interface RequestSchemas {
  body?: z.ZodType
  query?: z.ZodType
}

export interface FakeKit {
  /** Records a request the vendor would never get from a correct gateway, and answers 599. */
  violation(c: Context, message: string): Response
  /** A zod failure as a violation naming each field. */
  invalid(c: Context, error: z.ZodError): Response
  /** The request body as JSON (undefined when empty), already read once by the fake. */
  body(c: Context): unknown
  /** The body and query as the endpoint's request schemas parsed them (as sent, where it has none). */
  parsed<Body = unknown, Query = Record<string, string>>(c: Context): { body: Body; query: Query }
}

export type FakeVendorBase = FakeVendor & {
  app: Hono
  fail(failure: InjectedFailure): void
}

/**
 * The part every in-test vendor shares: records each request, refuses what a correct gateway never
 * sends (a body that is not JSON, no key in the vendor's form, a body without its content type) as a violation
 * answered 599, plays injected failures, then checks the key and hands over to the vendor's routes.
 */
export function createFakeVendor(options: FakeVendorOptions): FakeVendorBase {
  const requests: RecordedRequest[] = []
  const violations: string[] = []
  const failures: Array<InjectedFailure & { left: number; skip: number }> = []
  const app = new Hono()
  const scheme = options.auth.scheme === undefined ? 'Bearer' : options.auth.scheme
  const prefix = scheme ? `${scheme} ` : ''
  const authForm = `${prefix}<api key>`
  // The raw form refuses a scheme word too: a key the vendor reads as "Bearer xyz" is a wrong key.
  const wellFormed = scheme ? new RegExp(`^${scheme} \\S+$`) : /^\S+$/

  const kit: FakeKit = {
    violation(c, message) {
      violations.push(`${c.req.method} ${new URL(c.req.url).pathname}: ${message}`)
      return c.json(options.errorBody(`fake ${options.name} refused the request: ${message}`), 599 as never)
    },
    invalid: (c, error) =>
      kit.violation(c, error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')),
    body: (c) => c.get('fakeBody' as never),
    parsed: (c) => c.get('fakeParsed' as never),
  }

  // Literal paths first, so `/v1/calls/cursor` is not taken for `/v1/calls/:id`.
  const schemaRoutes = Object.entries(options.requestSchemas ?? {})
    .map(([route, schemas]) => {
      const [method = '', pattern = ''] = route.split(' ')
      const source = pattern.replace(/:[^/]+/g, '[^/]+')
      return { method, literal: source === pattern, path: new RegExp(`^${source}$`), schemas }
    })
    .sort((a, b) => Number(b.literal) - Number(a.literal))
  const schemasOf = (method: string, path: string) =>
    schemaRoutes.find((r) => r.method === method && r.path.test(path))?.schemas

  /** Checks one part of the request against its schema: the parsed value, or the issues. */
  const check = (schema: z.ZodType | undefined, value: unknown) => {
    if (!schema) return { ok: true as const, value }
    const parsed = schema.safeParse(value)
    return parsed.success
      ? { ok: true as const, value: parsed.data }
      : { ok: false as const, error: parsed.error }
  }

  const injected = (method: string, path: string): Response | undefined => {
    const failure = failures.find(
      (f) => f.method === method && (typeof f.path === 'string' ? f.path === path : f.path.test(path)),
    )
    if (!failure) return undefined
    if (failure.skip > 0) {
      failure.skip -= 1
      return undefined
    }
    failure.left -= 1
    if (failure.left === 0) failures.splice(failures.indexOf(failure), 1)
    const text =
      typeof failure.body === 'string'
        ? failure.body
        : JSON.stringify(failure.body ?? options.injectedBody ?? {})
    return new Response(text, { status: failure.status, headers: failure.headers })
  }

  app.use('*', async (c: Context, next: Next) => {
    const url = new URL(c.req.url)
    const text = await c.req.raw.clone().text()
    let body: unknown
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      return kit.violation(c, 'body is not JSON')
    }
    c.set('fakeBody' as never, body as never)
    requests.push({
      method: c.req.method,
      path: url.pathname + url.search,
      headers: Object.fromEntries(c.req.raw.headers),
      body,
    })
    const auth = c.req.header('authorization') ?? ''
    if (!wellFormed.test(auth)) return kit.violation(c, `authorization must be "${authForm}"`)
    if (text && !c.req.header('content-type')?.includes('application/json')) {
      return kit.violation(c, 'a body must be sent as application/json')
    }
    const problem = options.check?.(c, { text, path: url.pathname })
    if (problem) return kit.violation(c, problem)
    const failure = injected(c.req.method, url.pathname)
    if (failure) return failure
    if (auth !== `${prefix}${options.auth.key}`) {
      return options.auth.refuse ? options.auth.refuse(c) : kit.violation(c, 'wrong API key')
    }
    const schemas = schemasOf(c.req.method, url.pathname)
    const query = check(schemas?.query, Object.fromEntries(url.searchParams))
    if (!query.ok) return kit.invalid(c, query.error)
    const sent = check(schemas?.body, body)
    if (!sent.ok) return kit.invalid(c, sent.error)
    c.set('fakeParsed' as never, { body: sent.value, query: query.value } as never)
    await next()
  })
  options.routes(app, kit)
  app.notFound((c) => kit.violation(c, `${options.name} has no such endpoint`))

  return {
    app,
    fetch: ((input: RequestInfo | URL, init?: RequestInit) =>
      app.fetch(new Request(input, init))) as typeof fetch,
    requests,
    violations,
    fail: (failure) => failures.push({ ...failure, left: failure.times ?? 1, skip: failure.after ?? 0 }),
  }
}
