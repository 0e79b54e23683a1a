import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Call } from '../../src/contract/call'
import type { Bindings } from '../../src/env'
import { recordDelivery } from '../../src/ledger/deliveries'
import { UsageSchema } from '../../src/routes/usage/usage.routes'
import { apiClient, expectProblem } from '../helpers/api'

const api = apiClient()
const project = { 'switchboard-project': 'usage-mine' }
const other = { 'switchboard-project': 'usage-other' }
const bindings = env as unknown as Bindings

/** The call's vendor reports its end: an event the ledger applies to the record. */
async function ends(call: Call, status: Call['status'], seconds: number, cost: Call['cost']) {
  const ended = { ...call, status, durationSeconds: seconds, endedAt: new Date().toISOString(), cost }
  const event = {
    id: `evt_${crypto.randomUUID().replaceAll('-', '')}`,
    type: `call.${status}` as 'call.completed',
    createdAt: new Date(Date.now() + 1_000).toISOString(),
    provider: call.provider,
    data: { call: ended },
  }
  await recordDelivery(
    bindings,
    { event, destination: null },
    {
      status: 'no_destination',
      attempts: 0,
      lastAttemptAt: null,
      lastResponseStatus: null,
      lastError: null,
      nextAttemptAt: null,
    },
  )
}

let agents: string[]

beforeAll(async () => {
  agents = []
  for (const name of ['One', 'Two']) {
    agents.push((await api('POST', '/v1/agents', { provider: 'sandbox', name }, project)).body.id)
  }
  const place = async (agentId: string) =>
    (await api('POST', '/v1/calls', { agentId, to: '+14155550100' }, project)).body as Call
  await ends(await place(agents[0] as string), 'completed', 90, { amount: 0.25, currency: 'USD' })
  await ends(await place(agents[0] as string), 'completed', 30, { amount: 0.05, currency: 'USD' })
  await ends(await place(agents[1] as string), 'no_answer', 0, null)
  await place(agents[1] as string)
})

describe('GET /v1/usage', () => {
  it('sums calls, completed calls, minutes and cost per provider by default', async () => {
    const res = await api('GET', '/v1/usage', undefined, project)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const body = UsageSchema.parse(res.body)
    expect(body.groupBy).toBe('provider')
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(30 * 86_400_000)
    expect(body.data).toEqual([
      { key: 'sandbox', calls: 4, completed: 2, minutes: 2, cost: { amount: 0.3, currency: 'USD' } },
    ])
  })

  it('groups by agent, status and day', async () => {
    const byAgent = UsageSchema.parse((await api('GET', '/v1/usage?groupBy=agent', undefined, project)).body)
    expect(byAgent.data).toEqual(
      [
        { key: agents[0], calls: 2, completed: 2, minutes: 2, cost: { amount: 0.3, currency: 'USD' } },
        { key: agents[1], calls: 2, completed: 0, minutes: 0, cost: null },
      ].sort((a, b) => String(a.key).localeCompare(String(b.key))),
    )
    const byStatus = UsageSchema.parse(
      (await api('GET', '/v1/usage?groupBy=status', undefined, project)).body,
    )
    expect(Object.fromEntries(byStatus.data.map((d) => [d.key, d.calls]))).toMatchObject({
      completed: 2,
      no_answer: 1,
    })
    const byDay = UsageSchema.parse((await api('GET', '/v1/usage?groupBy=day', undefined, project)).body)
    expect(byDay.data).toEqual([
      expect.objectContaining({ key: new Date().toISOString().slice(0, 10), calls: 4, completed: 2 }),
    ])
    const byCampaign = UsageSchema.parse(
      (await api('GET', '/v1/usage?groupBy=campaign', undefined, project)).body,
    )
    expect(byCampaign.data).toEqual([expect.objectContaining({ key: null, calls: 4 })])
  })

  it('groups within each group by thenBy: day × provider and status × agent in one request', async () => {
    const today = new Date().toISOString().slice(0, 10)
    const dayByProvider = UsageSchema.parse(
      (await api('GET', '/v1/usage?groupBy=day&thenBy=provider', undefined, project)).body,
    )
    expect(dayByProvider.thenBy).toBe('provider')
    expect(dayByProvider.data).toEqual([
      {
        key: today,
        subKey: 'sandbox',
        calls: 4,
        completed: 2,
        minutes: 2,
        cost: { amount: 0.3, currency: 'USD' },
      },
    ])
    const statusByAgent = UsageSchema.parse(
      (await api('GET', '/v1/usage?groupBy=status&thenBy=agent', undefined, project)).body,
    )
    const completed = statusByAgent.data.filter((d) => d.key === 'completed')
    expect(completed).toEqual([expect.objectContaining({ subKey: agents[0], calls: 2 })])
    // Without thenBy the rows carry no subKey, as before.
    const plain = (await api('GET', '/v1/usage?groupBy=day', undefined, project)).body
    expect(plain.thenBy).toBeUndefined()
    expect(plain.data[0]).not.toHaveProperty('subKey')
    const same = expectProblem(await api('GET', '/v1/usage?groupBy=day&thenBy=day'), 422, 'validation_failed')
    expect(JSON.stringify(same)).toContain('thenBy')
  })

  it('shows another project nothing of these calls', async () => {
    const body = UsageSchema.parse((await api('GET', '/v1/usage', undefined, other)).body)
    expect(body.data).toEqual([])
  })

  it('limits the range to 92 days and wants from before to', async () => {
    const from = '2026-01-01T00:00:00.000Z'
    expectProblem(
      await api('GET', `/v1/usage?from=${from}&to=2026-06-01T00:00:00.000Z`),
      422,
      'validation_failed',
    )
    expectProblem(await api('GET', `/v1/usage?from=${from}&to=${from}`), 422, 'validation_failed')
    expectProblem(await api('GET', '/v1/usage?groupBy=weekday'), 422, 'validation_failed')
    const past = UsageSchema.parse(
      (await api('GET', `/v1/usage?from=${from}&to=2026-03-01T00:00:00.000Z`, undefined, project)).body,
    )
    expect(past.data).toEqual([])
  })
})
