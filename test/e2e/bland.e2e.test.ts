import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { BatchResultSchema, CallSchema } from '../../src/contract/call'
import { CallListSchema } from '../../src/routes/calls/calls.routes'
import { BLAND_TEST_KEY, createBlandFake } from '../fakes/bland'
import { vendorE2e } from './vendor-e2e'

const WEBHOOK_SECRET = 'whsec_ZTJlLWJsYW5kLXdlYmhvb2stc2VjcmV0LTI2'
const SIGNING_SECRET = 'bland-e2e-signing-secret'

const hmacHex = async (text: string) => {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(SIGNING_SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text)))
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Bland end to end: wrangler dev talking to a fake Bland over real HTTP on 127.0.0.1. */
describe('Bland over real HTTP', () => {
  const fake = createBlandFake()
  const events: { type: string; callId: string }[] = []
  const client = new Hono().post('/hooks', async (c) => {
    const event = (await c.req.json()) as { type: string; data: { call: { id: string } } }
    events.push({ type: event.type, callId: event.data.call.id })
    return c.body(null, 204)
  })
  let agentId: string
  const vendorId = (id: string) => id.replace(/^bland_/, '')

  const e2e = vendorE2e({
    fake,
    client,
    webhookSecret: WEBHOOK_SECRET,
    vars: (url) => ({
      BLAND_API_KEY: BLAND_TEST_KEY,
      BLAND_BASE_URL: url,
      BLAND_WEBHOOK_SECRET: SIGNING_SECRET,
    }),
  })
  const { http } = e2e

  it('keeps agents in Switchboard: create, read, update, list and delete send nothing to Bland', async () => {
    const created = await http('POST', '/v1/agents', {
      provider: 'bland',
      name: 'Reminders',
      prompt: 'Remind {{firstName}} of the visit at {{clinic}}.',
      firstMessage: 'Hi {{firstName}}!',
      voice: { voiceId: 'maya' },
      maxDurationSeconds: 300,
      variables: { clinic: 'Main Street', firstName: 'there' },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    agentId = created.body.id
    const scratch = await http('POST', '/v1/agents', { provider: 'bland', name: 'Scratch', prompt: 'x' })
    expect((await http('PATCH', `/v1/agents/${scratch.body.id}`, { name: 'Renamed' })).body.name).toBe(
      'Renamed',
    )
    expect((await http('GET', `/v1/agents/${agentId}`)).body.prompt).toBe(
      'Remind {{firstName}} of the visit at {{clinic}}.',
    )
    const listed = await http('GET', '/v1/agents?provider=bland')
    expect(listed.body.data.map((a: { id: string }) => a.id)).toContain(agentId)
    expect((await http('DELETE', `/v1/agents/${scratch.body.id}`)).status).toBe(204)
    expect(fake.requests).toEqual([])
  })

  it('sends a call rendered from the agent: prompt, first sentence, voice and variables', async () => {
    const res = await http('POST', '/v1/calls', {
      agentId,
      to: '+14155550100',
      variables: { firstName: 'Ada' },
      webhookUrl: `${e2e.clientUrl}/hooks`,
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const call = CallSchema.parse(res.body)
    expect(fake.requests.at(-1)?.body).toMatchObject({
      phone_number: '+14155550100',
      task: 'Remind {{firstName}} of the visit at {{clinic}}.',
      first_sentence: 'Hi {{firstName}}!',
      voice: 'maya',
      max_duration: 5,
      request_data: { clinic: 'Main Street', firstName: 'Ada' },
    })

    // The signed post-call webhook: valid → one Event; forged → 401; re-sent → no second Event.
    fake.updateCall(vendorId(call.id), {
      status: 'completed',
      queue_status: 'complete',
      completed: true,
      answered_by: 'human',
      call_length: 1,
    })
    const stored = fake.calls.get(vendorId(call.id)) as Record<string, unknown>
    const hook = new URL(stored.webhook as string)
    const raw = JSON.stringify(stored)
    const post = (signature: string) =>
      fetch(`${e2e.gateway.url}${hook.pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-webhook-signature': signature },
        body: raw,
      })
    expect((await post(await hmacHex(`${raw}x`))).status).toBe(401)
    const first = await post(await hmacHex(raw))
    expect(first.status).toBe(200)
    const again = await post(await hmacHex(raw))
    expect(((await again.json()) as { status: string }).status).toBe('duplicate')
    const deadline = Date.now() + 15_000
    while (events.length === 0 && Date.now() < deadline) await new Promise((wake) => setTimeout(wake, 100))
    await new Promise((wake) => setTimeout(wake, 1_000))
    expect(events).toEqual([{ type: 'call.completed', callId: call.id }])
  })

  it('schedules a call 5+ minutes ahead, and refuses a nearer time naming scheduledAt', async () => {
    const res = await http('POST', '/v1/calls', {
      agentId,
      to: '+14155550101',
      scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.status).toBe('scheduled')
    expect((fake.requests.at(-1)?.body as { start_time: string } | undefined)?.start_time).toMatch(
      / \+00:00$/,
    )
    const near = await http('POST', '/v1/calls', {
      agentId,
      to: '+14155550101',
      scheduledAt: new Date(Date.now() + 60_000).toISOString(),
    })
    expect(near.status).toBe(422)
    expect(near.body.errors[0].path).toBe('scheduledAt')
  })

  it('places a batch of 50 with 2 bad items, ids in request order', async () => {
    const calls = Array.from({ length: 50 }, (_, i) => ({ to: `+1415555${2000 + i}` }))
    calls[3] = { to: 'nope' }
    calls[40] = { to: '+14155559999', scheduledAt: new Date(Date.now() + 60_000).toISOString() } as never
    const res = await http('POST', '/v1/calls/batch', { agentId, calls })
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200)
    const batch = BatchResultSchema.parse(res.body)
    expect([batch.created, batch.failed]).toEqual([48, 2])
    expect(batch.data.map((d) => d.index)).toEqual(calls.map((_, i) => i))
  })

  it('reads each status, lists over two pages, and stops a call (409 once ended)', async () => {
    const res = await http('POST', '/v1/calls', { agentId, to: '+14155550102' })
    const id = res.body.id as string
    for (const [changes, status] of [
      [{ queue_status: 'started' }, 'in_progress'],
      [{ status: 'no-answer', completed: true }, 'no_answer'],
      [{ status: 'completed', completed: true, answered_by: 'voicemail' }, 'voicemail'],
    ] as const) {
      fake.updateCall(vendorId(id), changes)
      expect((await http('GET', `/v1/calls/${id}`)).body.status).toBe(status)
    }
    expect((await http('POST', `/v1/calls/${id}/cancel`)).status).toBe(409)
    const live = await http('POST', '/v1/calls', { agentId, to: '+14155550103' })
    const stopped = await http('POST', `/v1/calls/${live.body.id}/cancel`)
    expect(stopped.status).toBe(200)
    expect(stopped.body.status).toBe('canceled')

    const first = CallListSchema.parse(
      (await http('GET', '/v1/calls?provider=bland&source=vendor&limit=2')).body,
    )
    expect(first.hasMore).toBe(true)
    const second = CallListSchema.parse(
      (await http('GET', `/v1/calls?provider=bland&source=vendor&limit=2&cursor=${first.nextCursor}`)).body,
    )
    expect(second.data.length).toBe(2)
    expect(new Set([...first.data, ...second.data].map((c) => c.id)).size).toBe(4)
  })
})
