import { describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH } from '../../src/lib/json-duplicates'
import { expectProblem } from '../helpers/api'
import { expectClientProblem } from './problems'
import { gatewayWithFaultyVendors, vendorTargets } from './vendors'

const { api } = gatewayWithFaultyVendors()
const CALL = { agentId: 'sandbox_0000', to: '+14155550100' }
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`

describe('hostile input is a 4xx Problem, never a 5xx or a hang', () => {
  it('refuses an oversized body (413) and a body that is not JSON (415)', async () => {
    const huge = JSON.stringify({ ...CALL, metadata: { big: 'x'.repeat(1024 * 1024) } })
    expectProblem(await api('POST', '/v1/calls', huge), 413, 'payload_too_large')
    expectProblem(
      await api('POST', '/v1/calls', 'to=+1', { 'content-type': 'text/plain' }),
      415,
      'unsupported_media_type',
    )
    expectProblem(
      await api('POST', '/v1/agents', '<a/>', { 'content-type': 'application/xml' }),
      415,
      'unsupported_media_type',
    )
  })

  it('refuses malformed JSON, NaN and Infinity literals', async () => {
    for (const text of [
      '{"agentId":',
      '{"priority": NaN}',
      '{"priority": Infinity}',
      "{'a':1}",
      '{"a":1,}',
      '\u0000',
    ]) {
      expectProblem(await api('POST', '/v1/calls', text), 400, 'invalid_json')
    }
  })

  it('refuses an empty body where one is required, whatever its content type says', async () => {
    for (const path of ['/v1/calls', '/v1/calls/batch', '/v1/agents']) {
      expectClientProblem(await api('POST', path, ''), `empty ${path}`)
      expectClientProblem(await api('POST', path, '   '), `blank ${path}`)
    }
  })

  it('refuses duplicate keys, naming the key and where it is', async () => {
    const top = await api(
      'POST',
      '/v1/calls',
      '{"agentId":"sandbox_1","to":"+14155550100","to":"+14155550101"}',
    )
    const problem = expectProblem(top, 400, 'invalid_json')
    expect(problem.detail).toContain('"to"')
    expect(problem.errors?.[0]?.path).toBe('to')
    const deep = await api(
      'POST',
      '/v1/agents',
      '{"provider":"sandbox","name":"A","variables":{"x":1,"\\u0078":2}}',
    )
    expect(expectProblem(deep, 400, 'invalid_json').errors?.[0]?.path).toBe('variables.x')
    const inBatch = await api(
      'POST',
      '/v1/calls/batch',
      '{"agentId":"sandbox_1","calls":[{"to":"+14155550100"},{"to":"+1","to":"+2"}]}',
    )
    expect(expectProblem(inBatch, 400, 'invalid_json').errors?.[0]?.path).toBe('calls[1].to')
    // The same key in two different objects is fine.
    const fine = await api('POST', '/v1/agents', '{"provider":"sandbox","name":"A","variables":{"name":"x"}}')
    expect(fine.status).toBe(201)
  })

  it('refuses __proto__, constructor and prototype keys in free-form objects, naming the path', async () => {
    const agent = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Proto' })
    const agentId = agent.body.id
    const cases: Array<[string, string, string]> = [
      [
        '/v1/calls',
        `{"agentId":"${agentId}","to":"+14155550100","variables":{"__proto__":"x","a":"1"}}`,
        'variables.__proto__',
      ],
      [
        '/v1/calls',
        `{"agentId":"${agentId}","to":"+14155550100","metadata":{"constructor":"x"}}`,
        'metadata.constructor',
      ],
      [
        '/v1/calls',
        `{"agentId":"${agentId}","to":"+14155550100","providerOptions":{"sandbox":{"a":{"__proto__":{"polluted":true}}}}}`,
        'providerOptions.sandbox.a.__proto__',
      ],
      [
        '/v1/agents',
        '{"provider":"sandbox","name":"P","variables":{"__proto__":"x"}}',
        'variables.__proto__',
      ],
      [
        '/v1/agents',
        '{"provider":"sandbox","name":"P","providerOptions":{"dasha":{"prototype":{}}}}',
        'providerOptions.dasha.prototype',
      ],
    ]
    for (const [path, text, field] of cases) {
      const problem = expectProblem(await api('POST', path, text), 422, 'validation_failed')
      expect(
        problem.errors?.map((e) => e.path),
        text,
      ).toContain(field)
    }
    const patch = expectProblem(
      await api('PATCH', `/v1/agents/${agentId}`, '{"variables":{"ok":"1","__proto__":"x"}}'),
      422,
      'validation_failed',
    )
    expect(patch.errors?.map((e) => e.path)).toEqual(['variables.__proto__'])
    const batch = await api(
      'POST',
      '/v1/calls/batch',
      `{"agentId":"${agentId}","calls":[{"to":"+14155550100","variables":{"__proto__":"x"}},{"to":"+14155550100"}]}`,
    )
    expect(batch.status).toBe(200)
    expect(batch.body.created).toBe(1)
    expect(batch.body.data[0].error.errors.map((e: { path: string }) => e.path)).toEqual([
      'variables.__proto__',
    ])
    // Ordinary keys that merely contain the words are fine.
    const fine = await api('POST', '/v1/calls', {
      ...CALL,
      agentId,
      variables: { proto: 'x', myConstructor: 'y' },
    })
    expect(fine.status, JSON.stringify(fine.body)).toBe(201)
  })

  it('refuses deep nesting quickly, at any depth', async () => {
    const started = Date.now()
    expectProblem(await api('POST', '/v1/calls', nested(400_000)), 400, 'invalid_json')
    expectProblem(await api('POST', '/v1/calls', nested(MAX_JSON_DEPTH + 1)), 400, 'invalid_json')
    const deepObject = `{"provider":"sandbox","name":"A","tools":[{"name":"t","description":"d","url":"https://x.example","parameters":${'{"a":'.repeat(60)}1${'}'.repeat(60)}}]}`
    // Deep but within the limit, and valid: accepted.
    expect((await api('POST', '/v1/agents', deepObject)).status).toBe(201)
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('refuses huge strings and arrays by their limits', async () => {
    expectProblem(
      await api('POST', '/v1/agents', { provider: 'sandbox', name: 'n'.repeat(900_000) }),
      422,
      'validation_failed',
    )
    const many = Array.from({ length: 20_000 }, () => ({ to: '+14155550100' }))
    expectProblem(
      await api('POST', '/v1/calls/batch', { agentId: CALL.agentId, calls: many }),
      422,
      'validation_failed',
    )
    const wide = Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`k${i}`, i]))
    expectClientProblem(await api('POST', '/v1/calls', { ...CALL, variables: wide }), 'wide variables')
  })

  it('refuses numbers as strings and non-finite numbers', async () => {
    expectProblem(await api('POST', '/v1/calls', { ...CALL, priority: '5' }), 422, 'validation_failed')
    expectProblem(
      await api('POST', '/v1/calls', { ...CALL, maxDurationSeconds: '60' }),
      422,
      'validation_failed',
    )
    expectProblem(
      await api('POST', '/v1/calls', `{"agentId":"sandbox_1","to":"+14155550100","priority":1e999}`),
      422,
      'validation_failed',
    )
    for (const limit of ['abc', 'NaN', 'Infinity', '-1', '1e3', '2.5', '']) {
      expectClientProblem(await api('GET', `/v1/calls?provider=sandbox&limit=${limit}`), `limit=${limit}`)
    }
  })

  it('answers every id shape with a 4xx on every id route and provider', async () => {
    const prefixes = ['sandbox', ...vendorTargets.map((t) => t.provider), 'nope', '']
    const shapes = [
      'a/b',
      '..',
      '../../etc/passwd',
      '%2e%2e%2f',
      '%00',
      '%25',
      '%E2%80%AE',
      'x'.repeat(10_000),
      'é😀',
      ' ',
      '%20%0a',
    ]
    for (const prefix of prefixes) {
      for (const shape of shapes) {
        const id = `${prefix}_${shape}`
        const encoded = encodeURIComponent(id)
        for (const [method, path] of [
          ['GET', `/v1/calls/${encoded}`],
          ['POST', `/v1/calls/${encoded}/cancel`],
          ['GET', `/v1/agents/${encoded}`],
          ['PATCH', `/v1/agents/${encoded}`],
          ['DELETE', `/v1/agents/${encoded}`],
          ['GET', `/v1/calls/${prefix}_${shape}`],
        ] as const) {
          const res = await api(method, path, method === 'PATCH' ? { name: 'x' } : undefined)
          expectClientProblem(res, `${method} ${path.slice(0, 80)}`)
        }
      }
    }
    // Hundreds of requests over every registered provider: more than the default 5 s on a loaded machine.
  }, 60_000)

  it('accepts or refuses unicode and control characters in every string field, never a 5xx', async () => {
    const weird = ['\u0000', '\u202e\u200b', '\ud800', '😀'.repeat(50), '\r\n\t', '\u001b[31m', '"\\']
    const agentStrings = ['name', 'description', 'language', 'prompt', 'firstMessage', 'webhookUrl'] as const
    const callStrings = [
      'to',
      'from',
      'callerName',
      'scheduledAt',
      'deadline',
      'timezone',
      'language',
      'webhookUrl',
    ] as const
    for (const value of weird) {
      for (const provider of ['sandbox', ...vendorTargets.map((t) => t.provider)]) {
        for (const field of agentStrings) {
          const res = await api('POST', '/v1/agents', { provider, name: 'A', [field]: value })
          if (res.status >= 300) expectClientProblem(res, `agent ${provider}.${field}`)
        }
      }
      for (const field of callStrings) {
        const res = await api('POST', '/v1/calls', { ...CALL, [field]: value })
        if (res.status >= 300) expectClientProblem(res, `call ${field}`)
      }
      const res = await api('POST', '/v1/calls', {
        ...CALL,
        variables: { [value]: value },
        metadata: { [value]: value },
      })
      if (res.status >= 300) expectClientProblem(res, 'variables/metadata keys')
      for (const header of ['idempotency-key', 'prefer', 'x-request-id']) {
        const h = await api('GET', '/v1/providers', undefined, {
          [header]: value.replace(/[^\x20-\x7e]/g, '?'),
        })
        expect(h.status).toBe(200)
      }
    }
    // Hundreds of requests over every registered provider: more than the default 5 s on a loaded machine.
  }, 60_000)
})
