// Portable agents and failover over real HTTP: `wrangler dev` against fault-injecting vendor fakes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CallSchema } from '../../src/contract/call'
import { ProblemSchema } from '../../src/contract/problem'
import { TARGETS } from '../routing/targets'
import { type Gateway, httpClient, startGateway } from './harness'
import { serveVendorFleet, type VendorFleet } from './vendor-fleet'

const CALLS = /calls|dial/
const TO = '+14155550100'

describe('portable agents and failover over real HTTP', () => {
  let fleet: VendorFleet
  let gateway: Gateway
  let http: ReturnType<typeof httpClient>
  let agentId: string
  const vendor = (id: string) =>
    fleet.vendors.get(id) as NonNullable<ReturnType<VendorFleet['vendors']['get']>>

  beforeAll(async () => {
    fleet = await serveVendorFleet()
    gateway = await startGateway({ ...fleet.vars, UPSTREAM_TIMEOUT_MS: '1500' })
    http = httpClient(gateway.url)
    const created = await http(
      'POST',
      '/v1/agents',
      {
        name: 'Router',
        prompt: 'You confirm appointments.',
        language: 'en-US',
        targets: [TARGETS.dasha, TARGETS.oneinbox, TARGETS.sandbox],
      },
      { prefer: 'handling=lenient' },
    )
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body.deployments.map((d: { state: string }) => d.state)).toEqual([
      'ready',
      'ready',
      'ready',
    ])
    agentId = created.body.id
  })
  afterAll(async () => {
    await gateway?.stop()
    await fleet?.close()
  })

  // First: the 429 below opens dasha's circuit for its Retry-After, and routing then skips it.
  it('the first target times out: 504 with attempts, the second received nothing', async () => {
    vendor('dasha').plan({ fault: 'slow', method: 'POST', path: CALLS })
    vendor('oneinbox').plan({ fault: 'none' })
    const res = await http('POST', '/v1/calls', { agentId, to: TO })
    expect(res.status).toBe(504)
    const problem = ProblemSchema.parse(res.body)
    expect(problem).toMatchObject({ code: 'provider_timeout', upstream: 'ambiguous', provider: 'dasha' })
    expect(problem.attempts?.map((a) => a.outcome)).toEqual(['failed'])
    expect(vendor('oneinbox').requests).toEqual([])
  })

  it('a 429 from the first target: placed on the second, both attempts listed, one create in all', async () => {
    vendor('dasha').plan({ fault: 'rate429', method: 'POST', path: CALLS })
    vendor('oneinbox').plan({ fault: 'none' })
    const res = await http('POST', '/v1/calls', { agentId, to: TO })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.headers.get('switchboard-provider')).toBe('oneinbox')
    const call = CallSchema.parse(res.body)
    expect(call.agentId).toBe(agentId)
    expect(call.attempts?.map((a) => [a.provider, a.outcome])).toEqual([
      ['dasha', 'failed'],
      ['oneinbox', 'placed'],
    ])
    expect(vendor('oneinbox').count('POST', CALLS)).toBe(1)
    const read = await http('GET', `/v1/calls/${call.id}`)
    expect(read.body).toMatchObject({ agentId, targetAgentId: call.targetAgentId })
  })

  it('PATCH reaches every deployed vendor agent; DELETE removes them', async () => {
    vendor('dasha').plan({ fault: 'none' })
    vendor('oneinbox').plan({ fault: 'none' })
    const patched = await http(
      'PATCH',
      `/v1/agents/${agentId}`,
      { prompt: 'Be brief.' },
      { prefer: 'handling=lenient' },
    )
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    expect(vendor('dasha').count('PUT', /agents/)).toBe(1)
    expect(vendor('oneinbox').requests.some((r) => r.method === 'PATCH')).toBe(true)
    const deployed = patched.body.deployments.map((d: { agentId: string }) => d.agentId)
    expect((await http('DELETE', `/v1/agents/${agentId}`)).status).toBe(204)
    expect(vendor('dasha').count('DELETE', /agents/)).toBe(1)
    for (const id of deployed) expect((await http('GET', `/v1/agents/${id}`)).status).toBe(404)
  })

  it('a Bland target is inline: the call carries the portable agent, a PATCH reaches the next call, Bland falls back to the sandbox', async () => {
    vendor('bland').plan({ fault: 'none' })
    const created = await http('POST', '/v1/agents', {
      name: 'Inline',
      prompt: 'You confirm appointments.',
      firstMessage: 'Hello {{name}}',
      variables: { name: 'there' },
      targets: [{ provider: 'bland', voice: { voiceId: 'maya' } }, TARGETS.sandbox],
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body.deployments[0]).toMatchObject({ provider: 'bland', agentId: null, state: 'inline' })
    expect(vendor('bland').requests).toEqual([])
    const inline = created.body.id

    const sentTask = async (id: string) =>
      (await http('GET', `/v1/calls/${id}?include=raw`)).body.providerData
    const first = await http('POST', '/v1/calls', { agentId: inline, to: TO, variables: { name: 'Ada' } })
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body).toMatchObject({ provider: 'bland', agentId: inline, targetAgentId: null })
    expect(await sentTask(first.body.id)).toMatchObject({
      task: 'You confirm appointments.',
      first_sentence: 'Hello {{name}}',
      voice: 'maya',
      request_data: { name: 'Ada' },
    })

    const patched = await http('PATCH', `/v1/agents/${inline}`, { prompt: 'Be brief.' })
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    const next = await http('POST', '/v1/calls', { agentId: inline, to: TO })
    expect(next.status, JSON.stringify(next.body)).toBe(201)
    expect((await sentTask(next.body.id)).task).toBe('Be brief.')

    vendor('bland').plan({ fault: 'rate429', method: 'POST', path: CALLS })
    const fallback = await http('POST', '/v1/calls', { agentId: inline, to: TO })
    expect(fallback.status, JSON.stringify(fallback.body)).toBe(201)
    expect(fallback.body.provider).toBe('sandbox')
    expect(
      fallback.body.attempts.map((a: { provider: string; outcome: string }) => [a.provider, a.outcome]),
    ).toEqual([
      ['bland', 'failed'],
      ['sandbox', 'placed'],
    ])
    vendor('bland').plan({ fault: 'none' })
    expect((await http('DELETE', `/v1/agents/${inline}`)).status).toBe(204)
  })
})
