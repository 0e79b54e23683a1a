import { describe, expect, it } from 'vitest'
import type { Provider } from '../../providers/kit/types'
import { sandbox } from '../../providers/sandbox'
import { AgentSchema } from '../../src/contract/agent'
import { CallSchema } from '../../src/contract/call'
import { ApiError } from '../../src/contract/errors'
import { routingGateway } from './gateway'

type Json = Record<string, any>
const TO = '+14155550100'

/** The send-call bodies Bland's fake received, as it keeps them (task, first_sentence, voice …). */
const blandCalls = (fakes: ReturnType<typeof routingGateway>['fakes']) =>
  [...(fakes.get('bland')?.calls?.values() ?? [])] as Json[]

/** A sandbox that refuses every create before any call exists (as a 429 would). */
const refusingSandbox = (): Provider => ({
  ...sandbox,
  calls: {
    ...sandbox.calls,
    async create() {
      throw new ApiError('rate_limited', 'Sandbox refused on purpose.', {
        provider: 'sandbox',
        providerStatus: 429,
        upstream: 'rejected',
      })
    },
  },
})

const definition = {
  name: 'Reminder',
  prompt: 'You remind people of their appointment.',
  firstMessage: 'Hello {{name}}',
  language: 'en-US',
  maxDurationSeconds: 300,
  variables: { clinic: 'Northside', name: 'there' },
}

describe('inline targets (Bland)', () => {
  it('deploys inline with no vendor agent; a routed call renders the portable agent; PATCH needs no redeploy; DELETE sends nothing', async () => {
    const { api, vendors, fakes } = routingGateway('inline-bland')
    const created = await api('POST', '/v1/agents', {
      ...definition,
      targets: [
        {
          provider: 'bland',
          voice: { voiceId: 'maya' },
          from: '+14155550123',
          providerOptions: { model: 'turbo' },
        },
        { provider: 'sandbox' },
      ],
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const agent = AgentSchema.parse(created.body)
    expect(agent.deployments?.map((d) => [d.provider, d.agentId, d.state])).toEqual([
      ['bland', null, 'inline'],
      ['sandbox', expect.stringMatching(/^sandbox_/), 'ready'],
    ])
    // Nothing was asked of Bland, and no Bland agent was kept for it.
    expect(vendors.get('bland')?.requests).toEqual([])
    const kept = await api('GET', '/v1/agents?provider=bland')
    expect(kept.status, JSON.stringify(kept.body)).toBe(200)
    expect(kept.body.data).toEqual([])

    const res = await api('POST', '/v1/calls', {
      agentId: agent.id,
      to: TO,
      variables: { name: 'Ada' },
      metadata: { order: '42' },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const call = CallSchema.parse(res.body)
    expect(call).toMatchObject({ provider: 'bland', agentId: agent.id, targetAgentId: null })
    expect(res.headers.get('switchboard-provider')).toBe('bland')
    expect(call.attempts?.map((a) => [a.provider, a.outcome])).toEqual([['bland', 'placed']])
    const [sent] = blandCalls(fakes)
    expect(sent).toMatchObject({
      call_id: call.id.slice('bland_'.length),
      task: definition.prompt,
      first_sentence: definition.firstMessage,
      voice: 'maya',
      from: '+14155550123',
      language: 'en-US',
      max_duration: 5,
      model: 'turbo',
      request_data: { clinic: 'Northside', name: 'Ada' },
    })
    expect(sent?.metadata).toMatchObject({ order: '42', switchboardAttempt: call.attempts?.[0]?.id })

    // A later read keeps the portable agent and the attempts, though no vendor agent exists.
    const read = await api('GET', `/v1/calls/${call.id}`)
    expect(read.status, JSON.stringify(read.body)).toBe(200)
    expect(read.body).toMatchObject({ agentId: agent.id, targetAgentId: null })
    expect(read.body.attempts).toHaveLength(1)
    const listed = await api('GET', `/v1/calls?agentId=${agent.id}`)
    expect(listed.body.data.map((c: Json) => c.id)).toEqual([call.id])

    // PATCH reaches no vendor for the inline target; the next call carries the new prompt.
    const blandRequests = vendors.get('bland')?.requests.length
    const patched = await api('PATCH', `/v1/agents/${agent.id}`, { prompt: 'You reschedule appointments.' })
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    expect(patched.body.deployments[0]).toMatchObject({ provider: 'bland', agentId: null, state: 'inline' })
    expect(vendors.get('bland')?.requests.length).toBe(blandRequests)
    const next = await api('POST', '/v1/calls', { agentId: agent.id, to: TO })
    expect(next.status, JSON.stringify(next.body)).toBe(201)
    const sentNext = blandCalls(fakes).find((c) => c.call_id === next.body.id.slice('bland_'.length))
    expect(sentNext?.task).toBe('You reschedule appointments.')

    // DELETE removes nothing at Bland (there is nothing there).
    const before = vendors.get('bland')?.requests.length
    expect((await api('DELETE', `/v1/agents/${agent.id}`)).status).toBe(204)
    expect(vendors.get('bland')?.requests.length).toBe(before)
  })

  it('a field Bland cannot render is refused for its target at write time (strict), dropped with a warning (lenient)', async () => {
    const { api } = routingGateway('inline-bland-fields')
    const body = {
      ...definition,
      maxDurationSeconds: 90,
      targets: [{ provider: 'sandbox' }, { provider: 'bland' }],
    }
    const strict = await api('POST', '/v1/agents', body)
    expect(strict.status, JSON.stringify(strict.body)).toBe(422)
    expect(strict.body.code).toBe('unsupported_field')
    expect(JSON.stringify(strict.body.errors)).toContain('targets[1].maxDurationSeconds')
    const lenient = await api('POST', '/v1/agents', body, { prefer: 'handling=lenient' })
    expect(lenient.status, JSON.stringify(lenient.body)).toBe(201)
    expect(lenient.body.warnings.map((w: Json) => w.field)).toContain('targets[1].maxDurationSeconds')
    expect(lenient.body.deployments[1]).toMatchObject({ provider: 'bland', agentId: null, state: 'inline' })
  })

  it('falls back sandbox → Bland when the sandbox refuses', async () => {
    const { api, fakes } = routingGateway('inline-fallback-to-bland', { providers: [refusingSandbox()] })
    const created = await api('POST', '/v1/agents', {
      ...definition,
      targets: [{ provider: 'sandbox' }, { provider: 'bland' }],
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const res = await api('POST', '/v1/calls', { agentId: created.body.id, to: TO })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body).toMatchObject({ provider: 'bland', agentId: created.body.id, targetAgentId: null })
    expect(res.body.attempts.map((a: Json) => [a.provider, a.outcome])).toEqual([
      ['sandbox', 'failed'],
      ['bland', 'placed'],
    ])
    const sent = blandCalls(fakes).find((c) => c.call_id === res.body.id.slice('bland_'.length))
    expect(sent?.task).toBe(definition.prompt)
  })

  it('falls back Bland → sandbox when Bland refuses with a 429', async () => {
    const { api, vendors, fakes } = routingGateway('inline-fallback-from-bland')
    const created = await api('POST', '/v1/agents', {
      ...definition,
      targets: [{ provider: 'bland' }, { provider: 'sandbox' }],
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const before = blandCalls(fakes).length
    vendors.get('bland')?.plan({ fault: 'rate429', method: 'POST', path: /calls/ })
    const res = await api('POST', '/v1/calls', { agentId: created.body.id, to: TO })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body).toMatchObject({ provider: 'sandbox', agentId: created.body.id })
    expect(res.body.targetAgentId).toBe(created.body.deployments[1].agentId)
    expect(res.body.attempts.map((a: Json) => [a.provider, a.outcome])).toEqual([
      ['bland', 'failed'],
      ['sandbox', 'placed'],
    ])
    expect(res.body.attempts[0].problem).toMatchObject({ code: 'rate_limited', upstream: 'rejected' })
    expect(blandCalls(fakes).length).toBe(before)
  })
})
