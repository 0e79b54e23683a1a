import { describe, expect, it } from 'vitest'
import { AgentSchema } from '../../src/contract/agent'
import { USE_CASE_ID } from '../fakes/happyrobot'
import { expectProblem } from '../helpers/api'
import { gatewayWithFaultyVendors } from '../reliability/vendors'

type Json = Record<string, any>
const agentsAt = (fakes: ReturnType<typeof gatewayWithFaultyVendors>['fakes'], provider: string) =>
  (fakes.get(provider) as unknown as { agents: Map<string, Json> }).agents

/** A portable agent over the sandbox and every vendor fake; HappyRobot's use case is given (its API cannot create one). */
async function portableFleet(project: string) {
  const gateway = gatewayWithFaultyVendors()
  const headers = { 'switchboard-project': project }
  const api = (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) =>
    gateway.api(method, path, body, { ...headers, ...extra })
  const imported = await api('POST', '/v1/agents/import', { id: `happyrobot_${USE_CASE_ID}` })
  expect(imported.status, JSON.stringify(imported.body)).toBe(200)
  return { ...gateway, api }
}

const definition = {
  name: 'Reminder',
  prompt: 'You remind people of their appointment.',
  firstMessage: 'Hello {{name}}',
  language: 'en-US',
  targets: [
    { provider: 'sandbox' },
    { provider: 'dasha', voice: { vendor: 'ElevenLabs', voiceId: 'EXAVITQu4vr4xnSDxMaL' } },
    { provider: 'oneinbox' },
    { provider: 'happyrobot', agentId: `happyrobot_${USE_CASE_ID}` },
  ],
}

describe('portable agents', () => {
  it('deploys to every target, reaches every vendor on PATCH, and DELETE removes exactly what it deployed', async () => {
    const { api, fakes } = await portableFleet('portable-fleet')
    const dashaBefore = new Set(agentsAt(fakes, 'dasha').keys())
    const created = await api('POST', '/v1/agents', definition, { prefer: 'handling=lenient' })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const agent = AgentSchema.parse(created.body)
    expect(agent.id).toMatch(/^agt_[0-9A-Z]{26}$/)
    expect(agent.provider).toBeNull()
    expect(
      agent.deployments?.map((d) => [d.provider, d.state]),
      JSON.stringify(agent.deployments),
    ).toEqual([
      ['sandbox', 'ready'],
      ['dasha', 'ready'],
      ['oneinbox', 'ready'],
      ['happyrobot', 'ready'],
    ])
    const deployed = agent.deployments?.map((d) => d.agentId) as string[]
    expect(deployed[3]).toBe(`happyrobot_${USE_CASE_ID}`)
    const dashaId = (deployed[1] as string).slice('dasha_'.length)
    const oneinboxId = (deployed[2] as string).slice('oneinbox_'.length)
    expect(agentsAt(fakes, 'dasha').has(dashaId)).toBe(true)
    expect(agentsAt(fakes, 'oneinbox').has(oneinboxId)).toBe(true)

    // Hidden from lists; the portable agent is listed, with provider null.
    const list = await api('GET', '/v1/agents?limit=100')
    const listed = (list.body.data as Json[]).map((a) => a.id)
    expect(listed).toContain(agent.id)
    for (const id of deployed.slice(0, 3)) expect(listed).not.toContain(id)
    expect((await api('GET', `/v1/agents/${agent.id}`)).body.deployments).toHaveLength(4)

    // Direct edits of a deployed vendor agent are refused.
    expectProblem(await api('PATCH', `/v1/agents/${deployed[1]}`, { prompt: 'x' }), 409, 'conflict')
    expectProblem(await api('DELETE', `/v1/agents/${deployed[0]}`), 409, 'conflict')

    const patched = await api(
      'PATCH',
      `/v1/agents/${agent.id}`,
      { prompt: 'New prompt: be brief.' },
      { prefer: 'handling=lenient' },
    )
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    expect(patched.body.deployments.map((d: Json) => d.state)).toEqual(['ready', 'ready', 'ready', 'ready'])
    expect((await api('GET', `/v1/agents/${deployed[0]}`)).body.prompt).toBe('New prompt: be brief.')
    expect(JSON.stringify(agentsAt(fakes, 'dasha').get(dashaId))).toContain('New prompt: be brief.')
    const oneinboxFake = fakes.get('oneinbox') as unknown as {
      models: Map<string, Json>
      agents: Map<string, Json>
    }
    const llmId = agentsAt(fakes, 'oneinbox').get(oneinboxId)?.llm_id
    expect(
      JSON.stringify(oneinboxFake.models?.get(llmId) ?? agentsAt(fakes, 'oneinbox').get(oneinboxId)),
    ).toContain('New prompt: be brief.')

    const deleted = await api('DELETE', `/v1/agents/${agent.id}`)
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204)
    expect(agentsAt(fakes, 'dasha').has(dashaId)).toBe(false)
    expect(agentsAt(fakes, 'oneinbox').has(oneinboxId)).toBe(false)
    expect(new Set(agentsAt(fakes, 'dasha').keys())).toEqual(dashaBefore)
    expect((await api('GET', `/v1/agents/happyrobot_${USE_CASE_ID}`)).status).toBe(200)
    expectProblem(await api('GET', `/v1/agents/${deployed[0]}`), 404, 'not_found')
    expectProblem(await api('GET', `/v1/agents/${agent.id}`), 404, 'not_found')
  })

  it('validation is all-or-nothing and names targets[i]; a vendor that fails to deploy is `failed` until sync', async () => {
    const { api, vendors, fakes } = await portableFleet('portable-fleet')
    const dashaBefore = agentsAt(fakes, 'dasha').size
    const bad = await api(
      'POST',
      '/v1/agents',
      {
        ...definition,
        targets: [{ provider: 'sandbox' }, { ...definition.targets[1], providerOptions: { nope: true } }],
      },
      { prefer: 'handling=lenient' },
    )
    const problem = expectProblem(bad, 422, 'validation_failed')
    expect(problem.errors?.[0]?.path).toMatch(/^targets\[1\]\.providerOptions/)
    expect(agentsAt(fakes, 'dasha').size).toBe(dashaBefore)
    expectProblem(
      await api('POST', '/v1/agents', { name: 'x', targets: [{ provider: 'happyrobot' }] }),
      422,
      'validation_failed',
    )
    expectProblem(
      await api('POST', '/v1/agents', {
        name: 'x',
        targets: [{ provider: 'dasha', agentId: 'dasha_not-recorded' }],
      }),
      404,
      'not_found',
    )

    vendors.get('dasha')?.plan({ fault: 'status500', method: 'POST', path: /agents/ })
    const created = await api(
      'POST',
      '/v1/agents',
      { ...definition, targets: definition.targets.slice(0, 2) },
      {
        prefer: 'handling=lenient',
      },
    )
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body.deployments.map((d: Json) => d.state)).toEqual(['ready', 'failed'])
    expect(created.body.deployments[1].error.code).toBe('provider_error')
    vendors.get('dasha')?.plan({ fault: 'none' })
    const synced = await api('POST', `/v1/agents/${created.body.id}/sync`)
    expect(synced.status, JSON.stringify(synced.body)).toBe(200)
    expect(synced.body.deployments.map((d: Json) => d.state)).toEqual(['ready', 'ready'])
    expect(synced.body.deployments[0].agentId).toBe(created.body.deployments[0].agentId)
  })
})
