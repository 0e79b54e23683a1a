import { describe, expect, it } from 'vitest'
import committed from '../openapi/openapi.json'
import { apiClient, expectProblem } from './helpers/api'

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const
const REQUIRED_ERROR_STATUSES = ['401', '404', '422', '500', '502']
// The inbound webhook route is authenticated by its token, not by a gateway key (docs/api.md § Authentication).
const TOKEN_AUTHENTICATED_PREFIX = '/v1/webhooks/'

interface Operation {
  summary?: string
  security?: Record<string, string[]>[]
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>
}
interface Spec {
  openapi: string
  paths: Record<string, Record<string, Operation>>
  components: { securitySchemes: Record<string, { type: string; scheme?: string }> }
}

async function servedSpec(): Promise<Spec> {
  const api = apiClient()
  const res = await api<Spec>('GET', '/openapi.json', undefined, { authorization: '' })
  expect(res.status).toBe(200)
  return res.body
}

function v1Operations(spec: Spec) {
  return Object.entries(spec.paths)
    .filter(([path]) => path.startsWith('/v1/'))
    .flatMap(([path, item]) =>
      HTTP_METHODS.filter((method) => item[method]).map((method) => ({
        path,
        method,
        operation: item[method] as Operation,
      })),
    )
}

describe('OpenAPI document', () => {
  it('openapi/openapi.json is what GET /openapi.json serves now', async () => {
    const served = JSON.parse(JSON.stringify(await servedSpec()))
    expect(served, 'openapi/openapi.json is out of date: run `npm run openapi` and commit it').toStrictEqual(
      committed,
    )
  })

  it('is OpenAPI 3.1 with a bearer security scheme', async () => {
    const spec = await servedSpec()
    expect(spec.openapi).toMatch(/^3\.1\./)
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' })
  })

  it('covers every route of the contract', async () => {
    const spec = await servedSpec()
    const routes = Object.entries(spec.paths).flatMap(([path, item]) =>
      HTTP_METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`),
    )
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /health',
        'GET /v1/providers',
        'GET /v1/providers/{provider}',
        'POST /v1/agents',
        'GET /v1/agents',
        'GET /v1/agents/{id}',
        'PATCH /v1/agents/{id}',
        'DELETE /v1/agents/{id}',
        'POST /v1/calls',
        'POST /v1/calls/batch',
        'GET /v1/calls',
        'GET /v1/calls/{id}',
        'POST /v1/calls/{id}/cancel',
      ]),
    )
  })

  it('every key-protected /v1 operation declares bearer security', async () => {
    const operations = v1Operations(await servedSpec()).filter(
      ({ path }) => !path.startsWith(TOKEN_AUTHENTICATED_PREFIX),
    )
    expect(operations.length).toBeGreaterThan(0)
    for (const { path, method, operation } of operations) {
      expect(operation.security, `${method.toUpperCase()} ${path}`).toContainEqual({ bearerAuth: [] })
    }
  })

  it('every /v1 operation declares its Problem error responses', async () => {
    for (const { path, method, operation } of v1Operations(await servedSpec())) {
      for (const status of REQUIRED_ERROR_STATUSES) {
        const response = operation.responses[status]
        expect(response, `${method.toUpperCase()} ${path} lacks ${status}`).toBeDefined()
        expect(
          response?.content?.['application/problem+json']?.schema?.$ref,
          `${method} ${path} ${status}`,
        ).toBe('#/components/schemas/Problem')
      }
    }
  })

  it('writes path parameters as {id} and {provider}, never :param', async () => {
    const paths = Object.keys((await servedSpec()).paths)
    for (const path of paths) {
      expect(path).not.toContain(':')
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        expect(['id', 'provider', 'token'], `${path} uses {${name}}`).toContain(name)
      }
    }
    expect(paths).toContain('/v1/calls/{id}')
    expect(paths).toContain('/v1/providers/{provider}')
  })

  it('is served without a gateway key', async () => {
    const res = await apiClient()('GET', '/openapi.json', undefined, { authorization: '' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
  })
})

describe('GET /docs', () => {
  it('serves Scalar pointed at /openapi.json, loading its script from the gateway itself', async () => {
    const res = await apiClient()('GET', '/docs', undefined, { authorization: '' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    const html = String(res.body)
    expect(html).toContain('/openapi.json')
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map(([, src]) => src)
    expect(scripts).toContain('/docs/vendor/scalar.js')
    expect(scripts.filter((src) => /^(https?:)?\/\//.test(src ?? ''))).toEqual([])
  })

  it('serves the Scalar bundle from the static assets', async () => {
    const res = await apiClient()('GET', '/docs/vendor/scalar.js', undefined, { authorization: '' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('javascript')
    expect(String(res.body).length).toBeGreaterThan(100_000)
    expect(res.headers.get('x-request-id')).toBeTruthy()
  })

  it('answers 404 problem+json for a missing asset or when no assets are bound', async () => {
    expectProblem(await apiClient()('GET', '/docs/vendor/missing.js'), 404, 'not_found')
    expectProblem(
      await apiClient({}, { ASSETS: undefined })('GET', '/docs/vendor/scalar.js'),
      404,
      'not_found',
    )
  })
})
