import type { OpenAPIHono, z } from '@hono/zod-openapi'
import { ProblemSchema } from '../contract/problem'
import type { AppEnv } from './app-env'

// The conventions every route follows (test/openapi.test.ts enforces them on the served document,
// and `npm run check` lints it with Redocly's recommended rules):
// - `operationId` is the route's export name, camelCase, which generated SDKs use as method names;
// - `summary` (what Scalar lists) and `tags`;
// - `security`: `bearer`, or `noAuth` where no gateway key is asked for;
// - every parameter and named schema has a description, and an example where one helps.

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
})

/** The one set of error responses spread into every /v1 route, so the spec cannot lie about errors. */
export const errorResponses = {
  400: problem('invalid_json, provider_not_configured, webhooks_not_configured, or provider_rejected'),
  401: problem('unauthorized: missing or wrong gateway key'),
  403: problem('forbidden: the key lacks the scope, or may not use that provider; names which'),
  404: problem('not_found: unknown route, unknown id prefix, or the vendor has no such object'),
  409: problem('conflict or idempotency_in_progress'),
  413: problem('payload_too_large: body over 1 MiB'),
  415: problem('unsupported_media_type: body is not application/json'),
  422: problem('validation_failed, unsupported_field, idempotency_mismatch, or provider_rejected'),
  429: problem('rate_limited; Retry-After says when to retry'),
  500: problem('internal: a bug in the gateway'),
  501: problem('unsupported_operation: the provider has no such operation'),
  502: problem('provider_error or provider_auth_failed'),
  503: problem('provider_unavailable: the vendor could not be reached'),
  504: problem('provider_timeout: the vendor did not answer in time'),
} as const

/** Routes outside /v1 have no errors of their own; any the gateway answers is still a Problem. */
export const anyClientError = {
  '4XX': problem('Never answered by this route itself; any client error the gateway answers is a Problem'),
} as const

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
})

/** A gateway key from GATEWAY_API_KEYS, sent as `Authorization: Bearer <key>`. */
export const bearer = [{ bearerAuth: [] }]
/** No gateway key: /health, and the routes vendors call (a signed token in the URL authenticates them). */
export const noAuth = []

/** The document's top level: GET /openapi.json and openapi/openapi.json are built from this. */
export function documentApp(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A root key from GATEWAY_API_KEYS (every scope; project `default` or the Switchboard-Project header), or a managed key (sk_…) from POST /v1/keys, sent as `Authorization: Bearer <key>`.',
  })
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard',
      version: '1.0.0',
      description:
        'One API for AI voice-agent phone calls, whichever vendor runs them. Every error is application/problem+json (RFC 9457).',
      license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
      contact: { name: 'Switchboard maintainers' },
    },
    servers: [
      { url: 'http://127.0.0.1:8787', description: 'Local: `npm start` (wrangler dev)' },
      {
        url: 'https://{host}',
        description: 'Your deployment on Cloudflare Workers (see docs/deploy.md)',
        variables: {
          host: {
            default: 'switchboard.your-subdomain.workers.dev',
            description: "The Worker's hostname or your custom domain",
          },
        },
      },
    ],
    tags: [
      { name: 'Providers', description: 'Which vendors this gateway routes to, and what each supports' },
      { name: 'Agents', description: 'The voice agents that make calls' },
      { name: 'Calls', description: 'Outbound phone calls' },
      { name: 'Webhooks', description: 'Call events: received from vendors, delivered to you signed' },
      { name: 'Events', description: 'Every event Switchboard produced, with its delivery; redelivery' },
      { name: 'Usage', description: 'Calls, minutes and cost from the ledger' },
      { name: 'Keys', description: 'Projects and managed keys: who may do what, in which project' },
      { name: 'Health', description: 'Whether the gateway is up' },
    ],
  })
}
