import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { log, rememberSecrets } from '../../providers/kit/log'
import type { ApiResponse } from '../helpers/api'
import { gatewayWithFaultyVendors, vendorSecrets, vendorTargets } from './vendors'

const GATEWAY_KEYS = ['test-key-1', 'test-key-2']

describe('no key in any response, header or log line', () => {
  let lines: string[] = []
  beforeEach(() => {
    lines = []
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(' '))
      })
    }
  })
  afterEach(() => vi.restoreAllMocks())

  it('holds through a full run: agents, calls, batches, errors, and vendors echoing their key', async () => {
    const { api: call, vendors } = gatewayWithFaultyVendors()
    const answers: ApiResponse[] = []
    const api = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
      const res = await call(method, path, body, headers)
      answers.push(res)
      return res
    }

    const sandboxAgent = await api('POST', '/v1/agents?include=raw', { provider: 'sandbox', name: 'Ada' })
    const sandboxCall = await api('POST', '/v1/calls', { agentId: sandboxAgent.body.id, to: '+14155550100' })
    await api('GET', `/v1/calls/${sandboxCall.body.id}?include=raw`)
    await api('POST', '/v1/calls/batch', {
      agentId: sandboxAgent.body.id,
      calls: [{ to: '+14155550100' }, { to: 'bad' }],
    })
    await api('GET', '/v1/providers')
    await api(
      'POST',
      '/v1/calls',
      { agentId: sandboxAgent.body.id },
      { authorization: 'Bearer test-key-1-wrong' },
    )
    await api('GET', '/v1/agents?provider=sandbox', undefined, { authorization: 'Basic dGVzdC1rZXktMQ==' })

    for (const target of vendorTargets) {
      const vendor = vendors.get(target.provider)
      if (!vendor) throw new Error(`no fake for ${target.provider}`)
      const agentId = await target.agentId(api)
      const body = { agentId, to: '+14155550100', ...target.callExtras }
      const created = await api('POST', '/v1/calls?include=raw', body)
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      await api('GET', `/v1/calls/${created.body.id}?include=raw`)
      await api('POST', '/v1/calls/batch?include=raw', {
        agentId,
        calls: [{ to: '+14155550101', ...target.callExtras }],
      })

      for (const fault of ['echoKey', 'echoKeyInAnswer', 'status500', 'html502', 'rate429'] as const) {
        vendor.plan({ fault, method: 'POST' })
        await api('POST', '/v1/calls?include=raw', body)
        await api('POST', '/v1/calls/batch?include=raw', {
          agentId,
          calls: [{ to: '+14155550102', ...target.callExtras }],
        })
        vendor.plan({ fault, method: 'GET' })
        await api('GET', `/v1/calls/${created.body.id}?include=raw`)
        await api('GET', `/v1/calls?agentId=${agentId}&include=raw`)
      }
      vendor.plan({ fault: 'none' })
    }

    const secrets = [...vendorSecrets(), ...GATEWAY_KEYS]
    expect(secrets.length).toBeGreaterThan(GATEWAY_KEYS.length)
    for (const res of answers) {
      const text = `${JSON.stringify(res.body)}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}`
      for (const secret of secrets) expect(text, `response ${res.status}`).not.toContain(secret)
    }
    // The key-echo faults were really served: the gateway saw them and answered without the key.
    expect(answers.some((a) => a.status === 400 && a.body?.provider)).toBe(true)

    const requestLines = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request')
    expect(requestLines).toHaveLength(answers.length)
    for (const line of lines) for (const secret of secrets) expect(line).not.toContain(secret)
    const vendorLine = requestLines.find((l) => l.route === '/v1/calls/:id' && l.provider !== 'sandbox')
    expect(vendorLine).toMatchObject({
      level: 'info',
      method: 'GET',
      status: 200,
      upstreamStatus: 200,
      requestId: expect.stringMatching(/^req_/),
    })
    expect(vendorLine.totalMs).toBeGreaterThanOrEqual(vendorLine.upstreamMs)
    const failed = requestLines.find((l) => l.status === 502 && l.upstreamStatus === 500)
    expect(failed).toMatchObject({ level: 'error', code: 'provider_error' })
  }, 60_000)
  it('redacts inside log() itself, whatever a caller passes', () => {
    rememberSecrets({
      GATEWAY_API_KEYS: 'gw-key-aaaa1111,gw-key-bbbb2222',
      ACME_API_KEY: 'acme-secret-9999',
      NAME: 'plain-value',
    })
    log('error', {
      msg: 'oops gw-key-bbbb2222',
      nested: { header: 'Authorization: Bearer some.jwt.token', url: 'https://x/?k=acme-secret-9999' },
      plain: 'plain-value',
    })
    const line = lines.at(-1) ?? ''
    expect(JSON.parse(line)).toMatchObject({ level: 'error', plain: 'plain-value' })
    for (const secret of ['gw-key-bbbb2222', 'acme-secret-9999', 'some.jwt.token'])
      expect(line).not.toContain(secret)
  })
})
