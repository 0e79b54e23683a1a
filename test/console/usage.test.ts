// The console's Usage page, in workerd: provider × day from one GET /v1/usage request, within the
// key's project, scope and provider allow-list.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import type { Call } from '../../src/contract/call'
import type { Bindings } from '../../src/env'
import { recordDelivery } from '../../src/ledger/deliveries'
import { apiClient } from '../helpers/api'

const app = createApp()
const bindings = env as unknown as Bindings
const root = apiClient()
const ORIGIN = 'http://localhost'
const PROJECT = 'console-usage'
const inProject = { 'switchboard-project': PROJECT }

async function signIn(key: string) {
  const res = await app.request(
    `${ORIGIN}/console/sign-in`,
    {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key }).toString(),
      redirect: 'manual',
    },
    bindings,
  )
  expect(res.status).toBe(303)
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
}

const usagePage = (cookie: string) =>
  app.request(`${ORIGIN}/console/usage`, { headers: { cookie }, redirect: 'manual' }, bindings)

/** The vendor reports the call's end: an event the ledger applies to the record. */
async function ends(call: Call, seconds: number) {
  const ended = {
    ...call,
    status: 'completed' as const,
    durationSeconds: seconds,
    endedAt: new Date().toISOString(),
  }
  const event = {
    id: `evt_${crypto.randomUUID().replaceAll('-', '')}`,
    type: 'call.completed' as const,
    createdAt: new Date(Date.now() + 1_000).toISOString(),
    provider: call.provider,
    data: { call: ended },
  }
  const delivery = {
    status: 'no_destination' as const,
    attempts: 0,
    lastAttemptAt: null,
    lastResponseStatus: null,
    lastError: null,
    nextAttemptAt: null,
  }
  await recordDelivery(bindings, { event, destination: null }, delivery)
}

describe('console Usage page', () => {
  it('charts today’s calls and minutes per provider from the ledger, for this project and this key only', async () => {
    const agent = await root('POST', '/v1/agents', { provider: 'sandbox', name: 'Usage' }, inProject)
    const call = async (headers: Record<string, string>) =>
      (await root('POST', '/v1/calls', { agentId: agent.body.id, to: '+14155550100' }, headers)).body as Call
    await ends(await call(inProject), 90)
    await call(inProject)
    const elsewhere = { 'switchboard-project': 'console-usage-other' }
    const otherAgent = await root('POST', '/v1/agents', { provider: 'sandbox', name: 'Other' }, elsewhere)
    await root('POST', '/v1/calls', { agentId: otherAgent.body.id, to: '+14155550100' }, elsewhere)

    const reader = await root('POST', '/v1/keys', { name: 'usage reader', scopes: ['usage:read'] }, inProject)
    const res = await usagePage(await signIn(reader.body.secret))
    expect(res.status).toBe(200)
    const html = await res.text()
    const today = new Date().toISOString().slice(0, 10)
    // Two calls of this project (not the other project's third), 1.5 minutes ended.
    expect(html).toContain(`<tr><th scope="row">${today}</th><td>sandbox</td><td>2</td><td>1.5</td></tr>`)
    expect(html).toContain('<title id="chart-calls-title">Calls per day</title>')
    expect(html.match(/<tr><th scope="row">/g)).toHaveLength(1)

    // A key limited to another provider sees none of the sandbox's calls, as /v1/usage would show it.
    const vapiOnly = await root(
      'POST',
      '/v1/keys',
      { name: 'vapi only', scopes: ['usage:read'], providers: ['vapi'] },
      inProject,
    )
    expect(vapiOnly.status, JSON.stringify(vapiOnly.body)).toBe(201)
    const limited = await (await usagePage(await signIn(vapiOnly.body.secret))).text()
    expect(limited).toContain('No calls in this period.')
    expect(limited).not.toContain('<td>sandbox</td>')

    // A key without usage:read gets GET /v1/usage's own refusal, not the chart.
    const callsOnly = await root(
      'POST',
      '/v1/keys',
      { name: 'calls only', scopes: ['calls:read'] },
      inProject,
    )
    const refused = await usagePage(await signIn(callsOnly.body.secret))
    expect(refused.status).toBe(403)
    expect(await refused.text()).not.toContain('<td>sandbox</td>')
  })
})
