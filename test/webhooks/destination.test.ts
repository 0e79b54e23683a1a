import { describe, expect, it } from 'vitest'
import { type Bindings, ConfigError, readConfig } from '../../src/env'
import { destinationProblem } from '../../src/webhooks/destination'
import { apiClient, expectProblem } from '../helpers/api'
import { WEBHOOK_SECRET } from './helpers'

/** Destinations an attacker tried (issue 11, item 5): each reaches inside the deployment. */
const INTERNAL = [
  'https://127.0.0.1/hook',
  'https://127.1.2.3/',
  'https://169.254.169.254/latest/meta-data/',
  'https://10.0.0.1/',
  'https://172.16.5.4/',
  'https://172.31.255.255/',
  'https://192.168.1.1/',
  'https://100.64.0.1/',
  'https://0.0.0.0/',
  'https://[::1]/',
  'https://[::]/',
  'https://[::ffff:169.254.169.254]/',
  'https://[::ffff:127.0.0.1]/',
  'https://[::ffff:7f00:1]/',
  'https://[64:ff9b::a9fe:a9fe]/',
  'https://[2002:a9fe:a9fe::1]/',
  'https://[fe80::1]/',
  'https://[fd12:3456::1]/',
  'https://[fc00::1]/',
  // Other notations of 169.254.169.254 and 127.0.0.1: decimal, hex, octal, short forms.
  'https://2852039166/',
  'https://0xa9fea9fe/',
  'https://0xa9.0xfe.0xa9.0xfe/',
  'https://0251.0376.0251.0376/',
  'https://2130706433/',
  'https://127.1/',
  'https://0x7f.1/',
  'https://localhost/',
  'https://LOCALHOST./',
  'https://api.localhost/',
  'https://metadata.google.internal/computeMetadata/v1/',
  'https://metadata.google.internal./',
]

const PUBLIC = [
  'https://client.example/hooks',
  'https://hooks.example.com:8443/x?token=abc',
  'https://8.8.8.8/',
  'https://172.32.0.1/',
  'https://100.128.0.1/',
  'https://[2001:4860:4860::8888]/',
  'https://internal.example.com/',
  'https://localhost.example.com/',
]

const STRICT = { allowInsecure: false, ownHosts: ['gateway.example'] }

describe('webhook destinations', () => {
  it.each(INTERNAL)('refuses %s outside insecure mode', (url) => {
    expect(destinationProblem(url, STRICT)).toMatch(/^Must not point at/)
  })

  it.each(PUBLIC)('accepts the public destination %s', (url) => {
    expect(destinationProblem(url, STRICT)).toBeNull()
  })

  it('refuses the gateway itself, by PUBLIC_BASE_URL host or the request host, and http', () => {
    expect(destinationProblem('https://gateway.example/v1/calls', STRICT)).toMatch(/gateway itself/)
    expect(destinationProblem('https://GATEWAY.example./x', STRICT)).toMatch(/gateway itself/)
    expect(destinationProblem('http://client.example/', STRICT)).toMatch(/https/)
    expect(destinationProblem('http://127.0.0.1:9999/', STRICT)).toMatch(/https/)
  })

  it('keeps local development working: http to loopback under ALLOW_INSECURE_WEBHOOKS, never http elsewhere', () => {
    const local = { allowInsecure: true, ownHosts: [] }
    expect(destinationProblem('http://127.0.0.1:9999/hook', local)).toBeNull()
    expect(destinationProblem('http://localhost:9999/hook', local)).toBeNull()
    expect(destinationProblem('https://127.0.0.1/hook', local)).toBeNull()
    expect(destinationProblem('http://client.example/', local)).toMatch(/https/)
  })
})

describe('webhookUrl on every write that accepts one', () => {
  const api = apiClient({}, { WEBHOOK_SECRET, PUBLIC_BASE_URL: 'https://gateway.example' })
  const refused = (res: Awaited<ReturnType<typeof api>>, message: RegExp) => {
    const problem = expectProblem(res, 422, 'validation_failed')
    const error = problem.errors?.find((e) => e.path === 'webhookUrl')
    expect(error?.message).toMatch(message)
  }

  it('refuses an internal destination on a call, an agent (create and update) and a batch item', async () => {
    const agent = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Hooked' })
    expect(agent.status).toBe(201)
    const call = { agentId: agent.body.id, to: '+14155550100' }
    refused(
      await api('POST', '/v1/calls', { ...call, webhookUrl: 'https://169.254.169.254/latest/meta-data/' }),
      /link-local/,
    )
    refused(await api('POST', '/v1/calls', { ...call, webhookUrl: 'https://2852039166/' }), /link-local/)
    refused(
      await api('POST', '/v1/calls', { ...call, webhookUrl: 'https://[::ffff:169.254.169.254]/' }),
      /link-local/,
    )
    refused(await api('POST', '/v1/calls', { ...call, webhookUrl: 'https://gateway.example/x' }), /itself/)
    // The request's own host is the gateway too, with or without PUBLIC_BASE_URL.
    refused(
      await api('POST', '/v1/calls', { ...call, webhookUrl: 'https://localhost:8787/x' }),
      /itself|localhost/,
    )
    refused(
      await api('POST', '/v1/agents', {
        provider: 'sandbox',
        name: 'Internal',
        webhookUrl: 'https://metadata.google.internal/',
      }),
      /internal/,
    )
    refused(await api('PATCH', `/v1/agents/${agent.body.id}`, { webhookUrl: 'https://10.0.0.1/' }), /private/)
    const batch = await api('POST', '/v1/calls/batch', {
      agentId: agent.body.id,
      calls: [{ to: '+14155550100', webhookUrl: 'https://[::1]/' }, { to: '+14155550100' }],
    })
    expect(batch.status).toBe(200)
    expect(batch.body.created).toBe(1)
    expect(batch.body.data[0].error.errors[0]).toMatchObject({ path: 'webhookUrl' })
    const fine = await api('POST', '/v1/calls', { ...call, webhookUrl: 'https://client.example/hooks' })
    expect(fine.status, JSON.stringify(fine.body)).toBe(201)
  })

  it('checks WEBHOOK_URL by the same rule at start-up, without repeating its value', () => {
    const config = (vars: Partial<Record<keyof Bindings, string>>) => () =>
      readConfig({ WEBHOOK_SECRET, ...vars } as unknown as Bindings)
    expect(config({ WEBHOOK_URL: 'https://169.254.169.254/?secret=s3cr3t' })).toThrow(ConfigError)
    expect(config({ WEBHOOK_URL: 'https://169.254.169.254/?secret=s3cr3t' })).toThrow(
      /WEBHOOK_URL.*link-local/,
    )
    expect(config({ WEBHOOK_URL: 'https://169.254.169.254/?secret=s3cr3t' })).not.toThrow(/s3cr3t/)
    expect(config({ WEBHOOK_URL: 'https://gw.example/h', PUBLIC_BASE_URL: 'https://gw.example' })).toThrow(
      /itself/,
    )
    expect(config({ WEBHOOK_URL: 'http://client.example/h' })).toThrow(/https/)
    expect(config({ WEBHOOK_URL: 'http://127.0.0.1:9000/h', ALLOW_INSECURE_WEBHOOKS: 'true' })).not.toThrow()
    expect(config({ WEBHOOK_URL: 'https://client.example/h' })).not.toThrow()
  })
})
