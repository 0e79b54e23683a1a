import { describe, expect, it } from 'vitest'
import { type Bindings, ConfigError, readConfig } from '../../src/env'
import { apiClient, expectProblem } from '../helpers/api'

const api = apiClient()

describe('authentication', () => {
  it('refuses /v1 without a key, with a wrong key, and with a malformed header', async () => {
    expectProblem(await api('GET', '/v1/providers', undefined, { authorization: '' }), 401, 'unauthorized')
    expectProblem(
      await api('GET', '/v1/providers', undefined, { authorization: 'Bearer nope' }),
      401,
      'unauthorized',
    )
    expectProblem(
      await api('GET', '/v1/providers', undefined, { authorization: 'Basic dGVzdC1rZXktMQ==' }),
      401,
      'unauthorized',
    )
  })

  it('challenges with the Bearer scheme on every 401', async () => {
    const res = await api('GET', '/v1/providers', undefined, { authorization: '' })
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="switchboard"')
    expect((await api('GET', '/v1/providers')).headers.get('www-authenticate')).toBeNull()
  })

  it('accepts every configured key', async () => {
    expect((await api('GET', '/v1/providers')).status).toBe(200)
    expect(
      (await api('GET', '/v1/providers', undefined, { authorization: 'Bearer test-key-2' })).status,
    ).toBe(200)
  })

  it('fails closed when the deployment has no keys, telling the caller no more than for a wrong key', async () => {
    const keyless = apiClient({}, { GATEWAY_API_KEYS: '' })
    const problem = expectProblem(await keyless('GET', '/v1/providers'), 401, 'unauthorized')
    const wrong = expectProblem(
      await api('GET', '/v1/providers', undefined, { authorization: 'Bearer not-a-key' }),
      401,
      'unauthorized',
    )
    expect(problem.detail).toBe(wrong.detail)
    expect(JSON.stringify(problem)).not.toMatch(/GATEWAY_API_KEYS|no keys|configured/i)
    const anonymous = expectProblem(
      await keyless('GET', '/v1/providers', undefined, { authorization: '' }),
      401,
      'unauthorized',
    )
    expect(JSON.stringify(anonymous)).not.toMatch(/GATEWAY_API_KEYS|no keys|configured/i)
  })

  it('refuses at start-up a configured key with whitespace inside, naming its position, not its value', async () => {
    const env = { GATEWAY_API_KEYS: 'good-key-1, bad key-2 ' } as unknown as Bindings
    expect(() => readConfig(env)).toThrow(ConfigError)
    expect(() => readConfig(env)).toThrow(/GATEWAY_API_KEYS.*entry 2/)
    try {
      readConfig(env)
    } catch (error) {
      expect((error as Error).message).not.toContain('bad key')
    }
    const misconfigured = apiClient({}, { GATEWAY_API_KEYS: 'good-key-1,bad\tkey' })
    const res = await misconfigured('GET', '/v1/providers', undefined, { authorization: 'Bearer good-key-1' })
    expectProblem(res, 500, 'internal')
    expect(JSON.stringify(res.body)).not.toContain('bad')
  })

  it('never echoes the presented key', async () => {
    const res = await api('GET', '/v1/providers', undefined, { authorization: 'Bearer secret-guess-123' })
    expect(JSON.stringify(res.body)).not.toContain('secret-guess-123')
  })

  it('leaves /health, /openapi.json and /docs open', async () => {
    const open = apiClient({}, { GATEWAY_API_KEYS: '' })
    expect((await open('GET', '/health')).body).toEqual({ status: 'ok' })
    expect((await open('GET', '/openapi.json')).status).toBe(200)
    const docs = await open('GET', '/docs')
    expect(docs.status).toBe(200)
    expect(docs.body).toContain('/docs/vendor/scalar.js')
    expect(docs.body).not.toMatch(/cdn\.jsdelivr|unpkg\.com/)
  })
})

describe('request id and timing', () => {
  it('keeps a sane client request id and replaces an unsafe one', async () => {
    const kept = await api('GET', '/health', undefined, { 'x-request-id': 'client-abc.123' })
    expect(kept.headers.get('x-request-id')).toBe('client-abc.123')
    const replaced = await api('GET', '/health', undefined, { 'x-request-id': 'bad id\u0001<script>' })
    expect(replaced.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/)
  })

  it('puts Server-Timing with total on every response, errors included', async () => {
    expect((await api('GET', '/health')).headers.get('server-timing')).toMatch(/^total;dur=\d+(\.\d)?/)
    expect((await api('GET', '/v1/nope')).headers.get('server-timing')).toMatch(/total;dur=/)
  })
})

describe('bodies and unknown routes', () => {
  it('answers an unknown route with a 404 Problem', async () => {
    const problem = expectProblem(await api('GET', '/v1/nothing-here'), 404, 'not_found')
    expect(problem.detail).toContain('/v1/nothing-here')
  })

  it('refuses a body over 1 MiB with 413', async () => {
    const huge = JSON.stringify({ provider: 'sandbox', name: 'x', prompt: 'a'.repeat(1024 * 1024) })
    expectProblem(await api('POST', '/v1/agents', huge), 413, 'payload_too_large')
  })

  it('accepts a 1,000-item batch with ordinary variables under the limit', async () => {
    const calls = Array.from({ length: 1000 }, (_, i) => ({
      to: '+14155550100',
      variables: { firstName: `Caller ${i}`, appointment: 'Tuesday 10:00' },
    }))
    const res = await api('POST', '/v1/calls/batch', { agentId: 'sandbox_unknown', calls })
    expect(res.status).not.toBe(413)
  })

  it('refuses a body that is not JSON with 415, and malformed JSON with 400', async () => {
    expectProblem(
      await api('POST', '/v1/agents', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'unsupported_media_type',
    )
    expectProblem(await api('POST', '/v1/agents', '{"provider": "sandbox",'), 400, 'invalid_json')
  })
})
