import { describe, expect, it } from 'vitest'
import { BatchResultSchema } from '../../src/contract/call'
import { routingGateway } from './gateway'

type Json = Record<string, any>
const BULK = /\/api\/v1\/calls\/bulk(\?|$)/
const SINGLE = /\/api\/v1\/calls(\?|$)/
const numbers = (n: number) =>
  Array.from({ length: n }, (_, i) => `+1415555${String(2000 + i).padStart(4, '0')}`)

describe('batches with a portable agent', () => {
  it("sends the items bound for one provider through its bulk path, answering each in the request's order", async () => {
    const { api, vendors, portable } = routingGateway('batch-grouped')
    const agentId = await portable(['dasha', 'oneinbox'])
    const to = numbers(5)
    const calls: Json[] = to.map((number) => ({ to: number }))
    calls.splice(2, 0, { to: 'not a number' })
    const res = await api('POST', '/v1/calls/batch', { agentId, calls }, { prefer: 'handling=lenient' })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const result = BatchResultSchema.parse(res.body)
    expect(result).toMatchObject({ created: 5, failed: 1 })
    expect(result.data.map((d) => d.index)).toEqual([0, 1, 2, 3, 4, 5])
    expect(res.body.data[2].error.status).toBe(422)
    const placed = res.body.data.filter((d: Json) => d.call)
    expect(placed.map((d: Json) => d.call.to)).toEqual(to)
    for (const { call } of placed) {
      expect(call).toMatchObject({ provider: 'dasha', agentId })
      expect(call.attempts.map((a: Json) => [a.provider, a.outcome])).toEqual([['dasha', 'placed']])
    }
    expect(new Set(placed.map((d: Json) => d.call.attempts[0].id)).size).toBe(5)
    // One bulk request for the five, none one by one; the fallback target was never asked.
    expect(vendors.get('dasha')?.count('POST', BULK)).toBe(1)
    expect(vendors.get('dasha')?.count('POST', SINGLE)).toBe(0)
    expect(vendors.get('oneinbox')?.requests).toEqual([])

    // Later reads keep each item's portable agent and attempts.
    const read = await api('GET', `/v1/calls/${placed[3].call.id}`)
    expect(read.body).toMatchObject({ agentId, to: to[3], attempts: placed[3].call.attempts })
  })

  it('a bulk send refused with a 429 falls back item by item to the next target, each with its own attempts', async () => {
    const { api, vendors, portable, callsAt } = routingGateway('batch-grouped-fallback')
    const agentId = await portable(['dasha', 'oneinbox'])
    const dashaBefore = callsAt('dasha')
    const oneinboxBefore = callsAt('oneinbox')
    vendors.get('dasha')?.plan({ fault: 'rate429', method: 'POST', path: BULK })
    const to = numbers(4)
    const res = await api(
      'POST',
      '/v1/calls/batch',
      { agentId, calls: to.map((number) => ({ to: number })) },
      { prefer: 'handling=lenient' },
    )
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({ created: 4, failed: 0 })
    expect(res.body.data.map((d: Json) => [d.index, d.call.to, d.call.provider])).toEqual(
      to.map((number, i) => [i, number, 'oneinbox']),
    )
    for (const { call } of res.body.data) {
      expect(call.attempts.map((a: Json) => [a.provider, a.outcome])).toEqual([
        ['dasha', 'failed'],
        ['oneinbox', 'placed'],
      ])
      expect(call.attempts[0].problem).toMatchObject({ code: 'rate_limited', upstream: 'rejected' })
    }
    expect(vendors.get('dasha')?.count('POST', BULK)).toBe(1)
    expect(callsAt('dasha')).toBe(dashaBefore)
    expect(callsAt('oneinbox')).toBe(oneinboxBefore + 4)
  })
})
