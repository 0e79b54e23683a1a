import { describe, expect, it } from 'vitest'
import { MAX_DESTINATION_BYTES } from '../../src/contract/inbound-token'
import { type Bindings, ConfigError, readConfig } from '../../src/env'
import { hookOrigin } from '../../src/webhooks/inbound-url'
import { apiClient, expectProblem } from '../helpers/api'
import { WEBHOOK_SECRET } from './helpers'

const config = (vars: Partial<Record<keyof Bindings, string>>) => readConfig(vars as unknown as Bindings)

describe('PUBLIC_BASE_URL and the origin of vendor hooks', () => {
  it.each(['http://gw.example', 'gw.example', 'https://gw.example/?x=1', 'ftp://gw.example'])(
    'refuses PUBLIC_BASE_URL=%s at start-up, naming it',
    (value) => {
      expect(() => config({ PUBLIC_BASE_URL: value })).toThrow(ConfigError)
      expect(() => config({ PUBLIC_BASE_URL: value })).toThrow(/PUBLIC_BASE_URL/)
    },
  )

  it('takes an https PUBLIC_BASE_URL, without its trailing slash, for every hook', () => {
    const parsed = config({ PUBLIC_BASE_URL: 'https://gw.example/switchboard/' })
    expect(parsed.publicBaseUrl).toBe('https://gw.example/switchboard')
    expect(hookOrigin(parsed, 'http://attacker.example/v1/agents')).toBe('https://gw.example/switchboard')
  })

  it('refuses WEBHOOK_SECRET_PREVIOUS in the wrong format', () => {
    expect(() => config({ WEBHOOK_SECRET_PREVIOUS: 'not-a-secret' })).toThrow(/WEBHOOK_SECRET_PREVIOUS/)
    expect(config({ WEBHOOK_SECRET_PREVIOUS: WEBHOOK_SECRET }).webhookSecretPrevious).toBe(WEBHOOK_SECRET)
  })

  it('never takes the request’s host, except a loopback one in local development', () => {
    const strict = config({})
    const insecure = config({ ALLOW_INSECURE_WEBHOOKS: 'true' })
    expect(hookOrigin(strict, 'http://attacker.example/v1/agents')).toBeNull()
    expect(hookOrigin(strict, 'http://127.0.0.1:8787/v1/agents')).toBeNull()
    expect(hookOrigin(insecure, 'http://attacker.example/v1/agents')).toBeNull()
    expect(hookOrigin(insecure, 'http://10.0.0.1/v1/agents')).toBeNull()
    expect(hookOrigin(insecure, 'http://localhost.attacker.example/v1/agents')).toBeNull()
    expect(hookOrigin(insecure, 'http://127.0.0.1:8787/v1/agents')).toBe('http://127.0.0.1:8787')
    expect(hookOrigin(insecure, 'http://127.5.0.1/v1/agents')).toBe('http://127.5.0.1')
    expect(hookOrigin(insecure, 'http://[::1]:8787/v1/agents')).toBe('http://[::1]:8787')
    expect(hookOrigin(insecure, 'http://localhost:8787/v1/agents')).toBe('http://localhost:8787')
  })
})

describe('webhookUrl is bounded by the token that carries it', () => {
  it('refuses a long non-ASCII webhookUrl with 422 naming it, on calls and agents', async () => {
    const api = apiClient({}, { WEBHOOK_SECRET })
    // 1,000 characters pass the 2,048-character URL bound; 3 bytes each do not fit a token.
    const long = `https://client.example/${'€'.repeat(1_000)}`
    const agent = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Bound', webhookUrl: long })
    const agentProblem = expectProblem(agent, 422, 'validation_failed')
    expect(agentProblem.errors?.map((e) => e.path)).toEqual(['webhookUrl'])
    expect(agentProblem.errors?.[0]?.message).toContain(String(MAX_DESTINATION_BYTES))
    const ok = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Bound' })
    const call = await api('POST', '/v1/calls', { agentId: ok.body.id, to: '+14155550100', webhookUrl: long })
    expect(expectProblem(call, 422, 'validation_failed').errors?.map((e) => e.path)).toEqual(['webhookUrl'])
  })
})
