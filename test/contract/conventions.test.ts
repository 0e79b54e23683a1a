import { describe, expect, it } from 'vitest'
import { createDashaFake, FAKE_DASHA_KEY, UNKNOWN_DASHA_ID } from '../fakes/dasha'
import { type ApiResponse, apiClient, expectProblem } from '../helpers/api'
import { AGENT_ID as DASHA_AGENT_ID } from '../providers/dasha/fixtures'

// docs/api.md § Conventions and § Errors: what holds for every response, whatever answered it.

const api = apiClient()
const TOTAL = /(^|, )total;dur=\d+(\.\d+)?(,|$)/
const UPSTREAM = /(^|, )upstream;dur=\d+(\.\d+)?(,|$)/
const GENERATED_ID = /^req_[0-9a-f]{32}$/

const expectCommonHeaders = (res: ApiResponse, label: string) => {
  expect(res.headers.get('x-request-id'), `${label}: X-Request-Id`).toMatch(GENERATED_ID)
  expect(res.headers.get('server-timing'), `${label}: Server-Timing`).toMatch(TOTAL)
}

describe('every response carries X-Request-Id and Server-Timing total', () => {
  const noKey = { authorization: '' }
  const cases: Array<[string, string, string, unknown?, Record<string, string>?]> = [
    ['health', 'GET', '/health', undefined, noKey],
    ['OpenAPI document', 'GET', '/openapi.json', undefined, noKey],
    ['docs page', 'GET', '/docs', undefined, noKey],
    ['docs asset', 'GET', '/docs/vendor/scalar.js', undefined, noKey],
    ['missing docs asset', 'GET', '/docs/vendor/missing.js', undefined, noKey],
    ['unknown route', 'GET', '/v1/nothing-here'],
    ['wrong method', 'PUT', '/v1/agents/sandbox_x', {}],
    ['no key', 'GET', '/v1/providers', undefined, noKey],
    [
      '413',
      'POST',
      '/v1/agents',
      JSON.stringify({ provider: 'sandbox', name: 'x', prompt: 'a'.repeat(1 << 20) }),
    ],
    ['415', 'POST', '/v1/agents', 'name=x', { 'content-type': 'text/plain' }],
    ['invalid JSON', 'POST', '/v1/calls', '{"to":'],
    ['validation', 'POST', '/v1/calls', { agentId: 'sandbox_x', to: 'nope' }],
    ['webhook with a forged token', 'POST', '/v1/webhooks/sandbox/forged', {}, noKey],
    ['success', 'GET', '/v1/providers'],
    ['204', 'DELETE', '/v1/agents/sandbox_missing'],
  ]

  it.each(cases)('%s', async (label, method, path, body, headers) => {
    const res = await api(method, path, body, headers)
    expectCommonHeaders(res, label)
    if (res.status >= 400) {
      expect(res.headers.get('content-type'), label).toContain('application/problem+json')
      expect(res.body.requestId).toBe(res.headers.get('x-request-id'))
    }
  })

  it('an idempotent replay too, with its own request id', async () => {
    const body = { provider: 'sandbox', name: 'Replayed agent' }
    const key = { 'idempotency-key': `contract-${crypto.randomUUID()}` }
    const first = await api('POST', '/v1/agents', body, key)
    const replay = await api('POST', '/v1/agents', body, key)
    expect(replay.headers.get('idempotency-replayed')).toBe('true')
    expect(replay.body.id).toBe(first.body.id)
    expectCommonHeaders(replay, 'replay')
    expect(replay.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'))
  })

  it('keeps the client’s own sane request id on errors too', async () => {
    const res = await api('GET', '/v1/nothing-here', undefined, { 'x-request-id': 'trace-42' })
    expect(res.headers.get('x-request-id')).toBe('trace-42')
    expect(res.body.requestId).toBe('trace-42')
  })
})

describe('Server-Timing upstream', () => {
  const dasha = () => {
    const fake = createDashaFake()
    const client = apiClient(
      { fetch: fake.fetch },
      { DASHA_API_KEY: FAKE_DASHA_KEY, DASHA_BASE_URL: 'https://dasha.test' },
    )
    return { fake, client }
  }

  it('is there whenever a vendor was called, on success and on a vendor error', async () => {
    const { client } = dasha()
    // Fast in-process vendors often measure 0 ms: presence must follow the call, not its duration.
    for (let i = 0; i < 20; i++) {
      const agent = await client('GET', `/v1/agents/dasha_${DASHA_AGENT_ID}`)
      expect(agent.status).toBe(200)
      expect(agent.headers.get('server-timing'), `read ${i}`).toMatch(UPSTREAM)
    }
    const created = await client('POST', '/v1/calls', {
      agentId: `dasha_${DASHA_AGENT_ID}`,
      to: '+14155550100',
    })
    expect(created.status).toBe(201)
    expect(created.headers.get('server-timing')).toMatch(UPSTREAM)
    const missing = await client('GET', `/v1/calls/dasha_${UNKNOWN_DASHA_ID}`)
    expectProblem(missing, 404, 'not_found')
    expect(missing.headers.get('server-timing')).toMatch(UPSTREAM)
  })

  it('is absent when no vendor was called', async () => {
    const { client, fake } = dasha()
    const refused = await client('POST', '/v1/calls', { agentId: `dasha_${DASHA_AGENT_ID}`, to: 'nope' })
    expectProblem(refused, 422, 'validation_failed')
    expect(fake.requests).toEqual([])
    expect(refused.headers.get('server-timing')).toMatch(TOTAL)
    expect(refused.headers.get('server-timing')).not.toMatch(/upstream/)
    const sandbox = await api('GET', '/v1/agents?provider=sandbox')
    expect(sandbox.headers.get('server-timing')).not.toMatch(/upstream/)
  })
})

describe('routes and methods', () => {
  it('answers a known path with a method it does not serve as an unknown route: 404 not_found Problem', async () => {
    // The contract's codes are closed and have no 405: a path/method pair no route serves is an unknown route.
    for (const [method, path] of [
      ['PUT', '/v1/agents/sandbox_x'],
      ['DELETE', '/v1/calls/sandbox_x'],
      ['PATCH', '/v1/calls'],
      ['GET', '/v1/calls/batch'],
      ['GET', '/v1/calls/sandbox_x/cancel'],
      ['GET', '/v1/webhooks/sandbox/token'],
      ['POST', '/health'],
    ] as const) {
      expectProblem(await api(method, path, method === 'GET' ? undefined : {}), 404, 'not_found')
    }
  })

  it('answers GET /health with exactly {"status":"ok"} and no key', async () => {
    const res = await apiClient({}, { GATEWAY_API_KEYS: '' })('GET', '/health')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ok' })
  })
})

describe('Authorization header', () => {
  const withAuth = (authorization: string) => api('GET', '/v1/providers', undefined, { authorization })

  it('accepts the Bearer scheme in any case, with surrounding whitespace', async () => {
    for (const header of [
      'Bearer test-key-1',
      'bearer test-key-2',
      'BEARER test-key-1',
      'Bearer   test-key-1  ',
    ]) {
      expect((await withAuth(header)).status, header).toBe(200)
    }
  })

  it('refuses near misses: a prefix or extension of a key, two keys, another scheme, an empty token', async () => {
    for (const header of [
      'Bearer test-key',
      'Bearer test-key-1x',
      'Bearer TEST-KEY-1',
      'Bearer test-key-1 test-key-2',
      'Bearer test-key-1,test-key-2',
      'Bearer test-key-1, Bearer test-key-2',
      'Token test-key-1',
      'test-key-1',
      'Bearer ',
      'Bearer',
    ]) {
      const problem = expectProblem(await withAuth(header), 401, 'unauthorized')
      expect(JSON.stringify(problem), header).not.toContain('test-key')
    }
  })

  it('reads the configured keys with whitespace and empty entries ignored', async () => {
    const spaced = apiClient({}, { GATEWAY_API_KEYS: ' test-key-1 , , other-key ' })
    expect((await spaced('GET', '/v1/providers')).status).toBe(200)
    const other = await spaced('GET', '/v1/providers', undefined, { authorization: 'Bearer other-key' })
    expect(other.status).toBe(200)
    expectProblem(
      await spaced('GET', '/v1/providers', undefined, { authorization: 'Bearer  ' }),
      401,
      'unauthorized',
    )
  })

  it('guards every /v1 route, whatever the method', async () => {
    for (const [method, path] of [
      ['GET', '/v1/providers'],
      ['GET', '/v1/providers/sandbox'],
      ['POST', '/v1/agents'],
      ['GET', '/v1/agents?provider=sandbox'],
      ['GET', '/v1/agents/sandbox_x'],
      ['PATCH', '/v1/agents/sandbox_x'],
      ['DELETE', '/v1/agents/sandbox_x'],
      ['POST', '/v1/calls'],
      ['POST', '/v1/calls/batch'],
      ['GET', '/v1/calls?provider=sandbox'],
      ['GET', '/v1/calls/sandbox_x'],
      ['POST', '/v1/calls/sandbox_x/cancel'],
      ['GET', '/v1/nothing-here'],
    ] as const) {
      const res = await api(method, path, method === 'GET' ? undefined : {}, { authorization: '' })
      expectProblem(res, 401, 'unauthorized')
    }
  })
})

describe('internal errors', () => {
  it('answer a misconfigured deployment with 500 internal that does not echo the setting’s value', async () => {
    const broken = apiClient({}, { UPSTREAM_TIMEOUT_MS: 'not-a-number-s3cr3t' })
    const problem = expectProblem(await broken('GET', '/health'), 500, 'internal')
    expect(problem.detail).not.toContain('s3cr3t')
    expect(problem.retryable).toBe(false)
  })
})
