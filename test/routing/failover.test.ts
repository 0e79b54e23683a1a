import { describe, expect, it } from 'vitest'
import type { Provider } from '../../providers/kit/types'
import { sandbox } from '../../providers/sandbox'
import { CallSchema } from '../../src/contract/call'
import { ApiError } from '../../src/contract/errors'
import { expectProblem } from '../helpers/api'
import { routingGateway } from './gateway'

const TO = '+14155550100'
const CALLS = /calls|dial/

describe('routing and failover', () => {
  it('first target refuses with a 429: placed on the second; both attempts listed; one vendor create in all', async () => {
    const { api, vendors, portable, callsAt } = routingGateway('route-429')
    const agentId = await portable(['dasha', 'oneinbox'])
    const before = { dasha: callsAt('dasha'), oneinbox: callsAt('oneinbox') }
    vendors.get('dasha')?.plan({ fault: 'rate429', method: 'POST', path: CALLS })
    const res = await api('POST', '/v1/calls', { agentId, to: TO })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const call = CallSchema.parse(res.body)
    expect(call.provider).toBe('oneinbox')
    expect(res.headers.get('switchboard-provider')).toBe('oneinbox')
    expect(call.agentId).toBe(agentId)
    expect(call.targetAgentId).toMatch(/^oneinbox_/)
    expect(call.attempts?.map((a) => [a.provider, a.outcome])).toEqual([
      ['dasha', 'failed'],
      ['oneinbox', 'placed'],
    ])
    expect(call.attempts?.[0]?.problem).toMatchObject({ code: 'rate_limited', upstream: 'rejected' })
    for (const a of call.attempts ?? []) expect(a.id).toMatch(/^att_[0-9A-Z]{26}$/)
    expect(callsAt('dasha')).toBe(before.dasha)
    expect(callsAt('oneinbox')).toBe(before.oneinbox + 1)

    // Later reads and lists keep the portable agent, the vendor agent and the attempts.
    const read = await api('GET', `/v1/calls/${call.id}`)
    expect(read.status, JSON.stringify(read.body)).toBe(200)
    expect(read.body).toMatchObject({ agentId, targetAgentId: call.targetAgentId })
    expect(read.body.attempts).toHaveLength(2)
    const listed = await api('GET', `/v1/calls?agentId=${agentId}`)
    expect(listed.body.data.map((c: { id: string }) => c.id)).toEqual([call.id])
    expect(listed.body.data[0]).toMatchObject({ agentId, targetAgentId: call.targetAgentId })
  })

  it('first target cannot be reached (connection refused): placed on the second', async () => {
    const { api, portable, callsAt } = routingGateway('route-refused', {
      wrap: async (request, next) => {
        if (
          new URL(request.url).host === 'dasha.test' &&
          request.method === 'POST' &&
          CALLS.test(request.url)
        ) {
          throw new TypeError('connect ECONNREFUSED 127.0.0.1:9')
        }
        return next(request)
      },
    })
    const agentId = await portable(['dasha', 'oneinbox'])
    const before = callsAt('oneinbox')
    const res = await api('POST', '/v1/calls', { agentId, to: TO })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['failed', 'placed'])
    expect(res.body.attempts[0].problem).toMatchObject({ code: 'provider_unavailable', upstream: 'not_sent' })
    expect(callsAt('oneinbox')).toBe(before + 1)
  })

  it('first target times out: 504 with attempts, and the second vendor received nothing', async () => {
    const { api, vendors, portable } = routingGateway('route-timeout', {
      env: { UPSTREAM_TIMEOUT_MS: '300' },
    })
    const agentId = await portable(['dasha', 'oneinbox'])
    vendors.get('dasha')?.plan({ fault: 'slow', method: 'POST', path: CALLS })
    const res = await api('POST', '/v1/calls', { agentId, to: TO })
    const problem = expectProblem(res, 504, 'provider_timeout')
    expect(problem).toMatchObject({ provider: 'dasha', upstream: 'ambiguous' })
    expect(problem.attempts?.map((a) => [a.provider, a.outcome])).toEqual([['dasha', 'failed']])
    expect(vendors.get('oneinbox')?.requests).toEqual([])
  })

  it('a 5xx stops routing too (the vendor may have dialled)', async () => {
    const { api, vendors, portable } = routingGateway('route-500')
    const agentId = await portable(['oneinbox', 'dasha'])
    vendors.get('oneinbox')?.plan({ fault: 'status500', method: 'POST', path: CALLS })
    const problem = expectProblem(await api('POST', '/v1/calls', { agentId, to: TO }), 502, 'provider_error')
    expect(problem.attempts).toHaveLength(1)
    expect(vendors.get('dasha')?.count('POST', CALLS)).toBe(0)
  })

  it('skips what cannot be used, says why, and answers by the skips when none is left', async () => {
    const { api, portable } = routingGateway('route-skips')
    const agentId = await portable(['sandbox', 'dasha'])
    // Dasha keeps no metadata: strict skips it (unsupported_field), the sandbox places it.
    const res = await api('POST', '/v1/calls', {
      agentId,
      to: TO,
      metadata: { order: '42' },
      providers: ['dasha', 'sandbox'],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.attempts.map((a: { reason?: string; outcome: string }) => a.reason ?? a.outcome)).toEqual(
      ['unsupported_field', 'placed'],
    )
    const only = await api('POST', '/v1/calls', {
      agentId,
      to: TO,
      metadata: { order: '42' },
      providers: ['dasha'],
    })
    expect(expectProblem(only, 422, 'unsupported_field').attempts?.[0]?.reason).toBe('unsupported_field')
    expectProblem(
      await api('POST', '/v1/calls', { agentId, to: TO, providers: ['oneinbox'] }),
      422,
      'validation_failed',
    )
    expectProblem(
      await api('POST', '/v1/calls', { agentId, to: TO, metadata: { switchboardAttempt: 'x' } }),
      422,
      'validation_failed',
    )
    expectProblem(
      await api('POST', '/v1/calls', { agentId, to: TO, overrides: { voice: { voiceId: 'v' } } }),
      422,
      'validation_failed',
    )
  })

  it('50 concurrent routed creates with one Idempotency-Key: exactly one vendor create', async () => {
    const { api, vendors, portable, callsAt } = routingGateway('route-idempotent')
    const agentId = await portable(['dasha', 'oneinbox'])
    vendors.get('dasha')?.plan({ fault: 'none', method: 'POST', path: CALLS, delayMs: 50 })
    const before = callsAt('dasha') + callsAt('oneinbox')
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        api('POST', '/v1/calls', { agentId, to: TO }, { 'idempotency-key': 'one-routed-call' }),
      ),
    )
    const created = answers.filter((a) => a.status === 201)
    expect(
      answers.every((a) => a.status === 201 || a.status === 409),
      JSON.stringify(answers.map((a) => a.status)),
    ).toBe(true)
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1)
    expect(callsAt('dasha') + callsAt('oneinbox')).toBe(before + 1)
  })

  it('weighted 3:1 over 400 calls: shares within ±8 %', async () => {
    const { api, portable } = routingGateway('route-weighted')
    const agentId = await portable(
      [
        { provider: 'sandbox', weight: 3 },
        { provider: 'oneinbox', weight: 1, from: '+14155550199' },
      ],
      {
        strategy: 'weighted',
      },
    )
    const calls = Array.from({ length: 400 }, (_, i) => ({
      to: `+1415555${String(1000 + i).padStart(4, '0')}`,
    }))
    const res = await api('POST', '/v1/calls/batch', { agentId, calls })
    expect(res.status).toBe(200)
    expect(res.body.failed, JSON.stringify(res.body.data.find((d: { error?: unknown }) => d.error))).toBe(0)
    const sandboxShare =
      res.body.data.filter((d: { call: { provider: string } }) => d.call.provider === 'sandbox').length / 400
    expect(sandboxShare).toBeGreaterThan(0.75 - 0.08)
    expect(sandboxShare).toBeLessThan(0.75 + 0.08)
    for (const d of res.body.data) expect(d.call.attempts.at(-1).outcome).toBe('placed')
  }, 60_000)
})

/** A sandbox that fails a create with a 500 on purpose, after placing the call or without. */
function failingSandbox(placeFirst: () => boolean): Provider {
  const calls = sandbox.calls as NonNullable<Provider['calls']>
  return {
    ...sandbox,
    calls: {
      ...calls,
      async create(ctx, input, policy) {
        if (placeFirst()) await calls.create?.(ctx, input, policy)
        throw new ApiError('provider_error', 'Sandbox failed (500) on purpose.', {
          provider: 'sandbox',
          providerStatus: 500,
          upstream: 'ambiguous',
        })
      },
    },
  }
}

describe('onAmbiguous: reconcile', () => {
  it('authoritative (sandbox): a call made before the 500 is found and answered; none made → the next target places it', async () => {
    let placeFirst = true
    const { api, vendors, portable, callsAt } = routingGateway('reconcile-sandbox', {
      env: { RECONCILE_SECONDS: '1' },
      providers: [failingSandbox(() => placeFirst)],
    })
    const agentId = await portable(['sandbox', 'oneinbox'], { onAmbiguous: 'reconcile' })
    const found = await api('POST', '/v1/calls', { agentId, to: TO })
    expect(found.status, JSON.stringify(found.body)).toBe(201)
    expect(found.body.provider).toBe('sandbox')
    expect(found.body.attempts).toEqual([
      expect.objectContaining({ provider: 'sandbox', outcome: 'placed', reason: 'reconciled' }),
    ])
    expect(found.body.metadata.switchboardAttempt).toBe(found.body.attempts[0].id)
    expect(vendors.get('oneinbox')?.requests).toEqual([])

    placeFirst = false
    const before = callsAt('oneinbox')
    const next = await api('POST', '/v1/calls', { agentId, to: TO })
    expect(next.status, JSON.stringify(next.body)).toBe(201)
    expect(next.body.provider).toBe('oneinbox')
    expect(next.body.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['failed', 'placed'])
    expect(callsAt('oneinbox')).toBe(before + 1)
  })

  it('best effort (OneInbox): a call made before the 500 is found; none found → the ambiguous Problem, second vendor untouched', async () => {
    let actThenFail = true
    const { api, vendors, portable } = routingGateway('reconcile-oneinbox', {
      env: { RECONCILE_SECONDS: '1' },
      wrap: async (request, next) => {
        const url = new URL(request.url)
        if (url.host === 'oneinbox.test' && request.method === 'POST' && url.pathname === '/v1/calls') {
          if (actThenFail) await next(request)
          return Response.json({ error: 'internal' }, { status: 500 })
        }
        return next(request)
      },
    })
    const agentId = await portable(['oneinbox', 'dasha'], { onAmbiguous: 'reconcile' })
    const found = await api('POST', '/v1/calls', { agentId, to: TO })
    expect(found.status, JSON.stringify(found.body)).toBe(201)
    expect(found.body).toMatchObject({ provider: 'oneinbox', agentId })
    expect(found.body.attempts[0]).toMatchObject({ outcome: 'placed', reason: 'reconciled' })

    actThenFail = false
    const started = Date.now()
    const problem = expectProblem(await api('POST', '/v1/calls', { agentId, to: TO }), 502, 'provider_error')
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    expect(problem.attempts?.map((a) => [a.provider, a.outcome])).toEqual([['oneinbox', 'failed']])
    expect(vendors.get('dasha')?.count('POST', CALLS)).toBe(0)
  })
})
