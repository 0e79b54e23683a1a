import { OpenAPIHono } from '@hono/zod-openapi'
import { Scalar } from '@scalar/hono-api-reference'
import type { Provider } from '../providers/kit/types'
import { providers as defaultProviders } from '../providers/registry'
import { ApiError } from './contract/errors'
import { readConfig } from './env'
import type { AppEnv } from './lib/app-env'
import type { Registry } from './lib/ids'
import { documentApp } from './lib/openapi'
import { onError, problemResponse } from './lib/problem-response'
import { checkResponses } from './lib/respond'
import { defaultHook } from './lib/router'
import { staticAsset } from './lib/static-asset'
import { gatewayAuth } from './middleware/auth'
import { IDEMPOTENT_ROUTES, idempotency } from './middleware/idempotency'
import { bodySizeLimit, contactsBodyLimit, jsonBody } from './middleware/json-body'
import { requestId } from './middleware/request-id'
import { requestLog } from './middleware/request-log'
import { serverTiming } from './middleware/timing'
import { agentsRouter } from './routes/agents'
import { callsRouter } from './routes/calls'
import { campaignsRouter } from './routes/campaigns'
import { consoleRouter, executionContextOf } from './routes/console'
import { eventsRouter } from './routes/events'
import { healthRouter } from './routes/health'
import { keysRouter } from './routes/keys'
import { projectsRouter } from './routes/projects'
import { providersRouter } from './routes/providers'
import { suppressionsRouter } from './routes/suppressions'
import { usageRouter } from './routes/usage'
import { webhooksRouter } from './routes/webhooks'

/** What `/v1/webhooks/*` matches in hono: the prefix itself and everything under it. */
const WEBHOOK_PATHS = /^\/v1\/webhooks(\/|$)/
const CONTACTS_PATH = /^\/v1\/campaigns\/[^/]+\/contacts$/

export interface AppOptions {
  /** The providers this app routes to; tests add fakes. */
  providers?: readonly Provider[]
  /** The fetch vendor requests go through; tests stand in for the vendor here. */
  fetch?: typeof fetch
}

export const SCALAR_BUNDLE_PATH = '/docs/vendor/scalar.js'

export function createApp(options: AppOptions = {}) {
  const registry: Registry = new Map((options.providers ?? defaultProviders).map((p) => [p.id, p]))
  const upstreamFetch =
    options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))

  const app = new OpenAPIHono<AppEnv>({ defaultHook: defaultHook as never })

  app.use('*', requestId, serverTiming, async (c, next) => {
    const config = readConfig(c.env)
    c.set('config', config)
    checkResponses(config.checkResponses)
    c.set('registry', registry)
    c.set('upstreamFetch', upstreamFetch)
    await next()
  })
  app.use('*', requestLog)
  // Vendors post events without a gateway key: the signed token in the URL authenticates them.
  // A prefix test, not hono's except(): that runs a second router match on every request.
  const gatewayAuthExceptWebhooks: typeof gatewayAuth = (c, next) =>
    WEBHOOK_PATHS.test(c.req.path) ? next() : gatewayAuth(c, next)
  // A contacts upload is up to 8 MiB and may be NDJSON: it has its own limit and reads its own body.
  const ownBody = (c: Parameters<typeof jsonBody>[0]) =>
    c.req.method === 'POST' && CONTACTS_PATH.test(c.req.path)
  app.use(
    '/v1/*',
    gatewayAuthExceptWebhooks,
    (c, next) => (ownBody(c) ? contactsBodyLimit(c, next) : bodySizeLimit(c, next)),
    (c, next) => (ownBody(c) ? next() : jsonBody(c, next)),
  )
  for (const path of IDEMPOTENT_ROUTES) app.use(path, idempotency)

  app.route('/', healthRouter)
  app.route('/', providersRouter)
  app.route('/', agentsRouter)
  app.route('/', callsRouter)
  app.route('/', webhooksRouter)
  app.route('/', keysRouter)
  app.route('/', eventsRouter)
  app.route('/', usageRouter)
  app.route('/', projectsRouter)
  app.route('/', suppressionsRouter)
  app.route('/', campaignsRouter)

  documentApp(app)
  app.get(
    '/docs',
    Scalar({
      url: '/openapi.json',
      pageTitle: 'Switchboard API',
      // Served from the Worker's own static assets, so the page renders with no internet.
      cdn: SCALAR_BUNDLE_PATH,
      withDefaultFonts: false,
      telemetry: false,
      // Scalar's AI agent calls scalar.com; a self-hosted gateway's docs make no outside requests.
      agent: { disabled: true },
      // Each operation shows its operationId: the method name in every generated SDK, ours included.
      showOperationId: true,
    } as never),
  )
  app.get('/docs/vendor/*', staticAsset)
  // The console's pages: not part of the API, so not in the OpenAPI document.
  app.route(
    '/',
    consoleRouter((request, c) => app.fetch(request, c.env, executionContextOf(c))),
  )

  app.notFound((c) =>
    problemResponse(c, new ApiError('not_found', `No route ${c.req.method} ${new URL(c.req.url).pathname}.`)),
  )
  app.onError(onError)
  return app
}
