// The conventions of src/lib/openapi.ts, checked on the committed document (which the drift test
// in test/openapi.test.ts keeps equal to the served one): a route added without them fails here.
import { describe, expect, it } from 'vitest'
import spec from '../openapi/openapi.json'
import { ERROR_CODES } from '../src/contract/errors'

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

interface Parameter {
  name: string
  in: string
  description?: string
}
interface Operation {
  operationId?: string
  summary?: string
  tags?: string[]
  security?: Record<string, string[]>[]
  parameters?: Parameter[]
}
type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

const doc = spec as unknown as {
  info: { license?: { name: string }; contact?: { name?: string } }
  servers?: { url: string; description?: string }[]
  paths: Record<string, Record<string, Operation>>
  webhooks: Record<string, Record<string, Operation>>
  components: {
    schemas: Record<string, { description?: string; properties?: Record<string, { enum?: string[] }> }>
    securitySchemes: Record<string, unknown>
  }
}

function operations() {
  const from = (section: Record<string, Record<string, Operation>>, prefix: string) =>
    Object.entries(section).flatMap(([path, item]) =>
      HTTP_METHODS.filter((method) => item[method]).map((method) => ({
        where: `${method.toUpperCase()} ${prefix}${path}`,
        operation: item[method] as Operation,
      })),
    )
  return [...from(doc.paths, ''), ...from(doc.webhooks, 'webhook ')]
}

/** Every `$ref` in the document with the JSON path it sits at. */
function refs(node: Json, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((child, i) => refs(child, `${at}/${i}`))
  if (node === null || typeof node !== 'object') return []
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [{ at, ref: value }] : refs(value, `${at}/${key}`),
  )
}

function resolve(pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined
  let node: unknown = spec
  for (const raw of pointer.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

describe('OpenAPI conventions', () => {
  it('every $ref resolves inside the document', () => {
    const all = refs(spec as unknown as Json)
    expect(all.length).toBeGreaterThan(20)
    const broken = all.filter(({ ref }) => resolve(ref) === undefined)
    expect(broken, 'unresolved $ref').toEqual([])
    expect(all.map(({ ref }) => ref)).toContain('#/components/schemas/BatchCallItem')
  })

  it('every operation has a unique camelCase operationId, a summary and a tag', () => {
    const ids = operations().map(({ where, operation }) => {
      expect(operation.operationId, `${where} has no operationId`).toMatch(/^[a-z][a-zA-Z0-9]*$/)
      expect(operation.summary, `${where} has no summary`).toBeTruthy()
      expect(operation.tags?.length, `${where} has no tag`).toBeGreaterThan(0)
      return operation.operationId
    })
    expect(new Set(ids).size, 'operationIds must be unique').toBe(ids.length)
    expect(ids).toEqual(
      expect.arrayContaining([
        'getHealth',
        'createAgent',
        'listAgents',
        'createCall',
        'createCallBatch',
        'listCalls',
        'getCall',
        'cancelCall',
        'receiveProviderWebhook',
        'receiveCallEvent',
        'receiveCampaignEvent',
      ]),
    )
  })

  it('every operation declares security: a defined scheme, or [] where no key is asked for', () => {
    const schemes = Object.keys(doc.components.securitySchemes)
    for (const { where, operation } of operations()) {
      expect(Array.isArray(operation.security), `${where} has no security`).toBe(true)
      for (const requirement of operation.security ?? []) {
        for (const name of Object.keys(requirement)) expect(schemes, where).toContain(name)
      }
    }
    const open = operations()
      .filter(({ operation }) => operation.security?.length === 0)
      .map(({ where }) => where)
    expect(open.sort()).toEqual([
      'GET /health',
      'POST /v1/webhooks/{provider}/{token}',
      'POST webhook /call-event',
      'POST webhook /campaign-event',
    ])
  })

  it('every parameter and every named schema has a description', () => {
    for (const { where, operation } of operations()) {
      for (const parameter of operation.parameters ?? []) {
        expect(parameter.description, `${where} parameter ${parameter.name}`).toBeTruthy()
      }
    }
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      expect(schema.description, `schema ${name}`).toBeTruthy()
    }
  })

  it("Problem.code is the contract's closed set of error codes", () => {
    const code = doc.components.schemas.ErrorCode as unknown as { enum: string[] }
    expect(code.enum.sort()).toEqual(Object.keys(ERROR_CODES).sort())
    expect(resolve('#/components/schemas/Problem/properties/code')).toEqual({
      $ref: '#/components/schemas/ErrorCode',
    })
  })

  it('names its servers, license and contact', () => {
    expect(doc.servers?.map((server) => server.url)).toContain('http://127.0.0.1:8787')
    for (const server of doc.servers ?? []) expect(server.description).toBeTruthy()
    expect(doc.info.license?.name).toBe('MIT')
    expect(doc.info.contact?.name).toBeTruthy()
  })
})
