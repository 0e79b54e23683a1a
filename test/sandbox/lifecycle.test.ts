import { describe, expect, it } from 'vitest'
import { type Call, CallSchema, FINAL_STATUSES } from '../../src/contract/call'
import { CallListSchema } from '../../src/routes/calls/calls.routes'
import { type ApiResponse, apiClient, eventually, expectProblem, sleep } from '../helpers/api'

// The test bindings run the sandbox at SANDBOX_TIME_SCALE=600: a whole call takes ~50 ms.
const api = apiClient()
const newAgent = async (fields: Record<string, unknown> = {}, client = api) =>
  (await client('POST', '/v1/agents', { provider: 'sandbox', name: 'Lifecycle', ...fields })).body
    .id as string
const place = async (body: Record<string, unknown>, client = api) => {
  const res = await client('POST', '/v1/calls', body)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return CallSchema.parse(res.body)
}
const untilFinal = async (id: string, client = api): Promise<Call> => {
  const res = await eventually(
    () => client('GET', `/v1/calls/${id}`),
    (r: ApiResponse) => FINAL_STATUSES.has(r.body.status),
  )
  return CallSchema.parse(res.body)
}

describe('sandbox call lifecycle', () => {
  it('moves queued → ringing → in_progress → completed, with wall-clock timestamps and a transcript', async () => {
    // Scale 20: each step lasts long enough to be seen even on a loaded machine (~1.5 s in all).
    const watched = apiClient({}, { SANDBOX_TIME_SCALE: '20' })
    const agentId = await newAgent(
      { firstMessage: 'Hi {{firstName}}', prompt: 'Confirm {{appointment}}.' },
      watched,
    )
    const call = await place(
      { agentId, to: '+14155550100', variables: { firstName: 'Ada', appointment: 'Tuesday 10:00' } },
      watched,
    )
    expect(call.status).toBe('queued')
    const seen = new Set<string>([call.status])
    let last: Call = call
    while (!FINAL_STATUSES.has(last.status)) {
      last = CallSchema.parse((await watched('GET', `/v1/calls/${call.id}`)).body)
      seen.add(last.status)
      await sleep(10)
    }
    expect(last.status).toBe('completed')
    expect([...seen]).toEqual(['queued', 'ringing', 'in_progress', 'completed'])
    expect(last.durationSeconds).toBeGreaterThanOrEqual(12)
    expect(Date.parse(last.startedAt as string)).toBeGreaterThanOrEqual(Date.parse(last.createdAt as string))
    expect(Date.parse(last.endedAt as string)).toBeGreaterThan(Date.parse(last.startedAt as string))
    expect(Date.parse(last.endedAt as string)).toBeLessThanOrEqual(Date.now())
    expect(last.transcript?.[0]).toMatchObject({ role: 'agent', text: 'Hi Ada' })
    expect(last.transcript?.map((t) => t.text)).toContain('Confirm Tuesday 10:00.')
    expect(last.transcript?.at(-1)?.endSeconds).toBe(last.durationSeconds)
  })

  it.each([
    ['+15005550001', 'busy', 'busy'],
    ['+15005550002', 'no_answer', 'no_answer'],
    ['+15005550003', 'failed', 'carrier_error'],
    ['+15005550004', 'voicemail', 'voicemail'],
  ])('magic number %s ends %s', async (to, status, endReason) => {
    const agentId = await newAgent({ firstMessage: 'Hello from the clinic' })
    const final = await untilFinal((await place({ agentId, to })).id)
    expect(final.status).toBe(status)
    expect(final.endReason).toBe(endReason)
    if (status === 'voicemail') {
      expect(final.durationSeconds).toBe(8)
      expect(final.transcript).toEqual([
        expect.objectContaining({ role: 'agent', text: 'Hello from the clinic' }),
      ])
    } else {
      expect(final.durationSeconds).toBeNull()
      expect(final.transcript).toBeNull()
      expect(final.startedAt).toBeNull()
    }
  })

  it('merges agent default variables with the call’s (the call wins) and uses per-call overrides', async () => {
    const agentId = await newAgent({
      firstMessage: 'Hi {{firstName}} from {{clinic}}',
      prompt: 'Remind about {{appointment}} {{unknownThing}}',
      variables: { clinic: 'Main Street Dental', firstName: 'there' },
    })
    const plain = await untilFinal(
      (await place({ agentId, to: '+14155550100', variables: { firstName: 'Grace', appointment: 'Friday' } }))
        .id,
    )
    expect(plain.transcript?.[0]?.text).toBe('Hi Grace from Main Street Dental')
    expect(plain.transcript?.map((t) => t.text)).toContain('Remind about Friday {{unknownThing}}')
    const overridden = await untilFinal(
      (
        await place({
          agentId,
          to: '+14155550100',
          overrides: { firstMessage: 'Good day {{firstName}}', prompt: 'Survey time.' },
        })
      ).id,
    )
    expect(overridden.transcript?.[0]?.text).toBe('Good day there')
    expect(overridden.transcript?.map((t) => t.text)).toContain('Survey time.')
  })

  it('caps talk time at maxDurationSeconds, the call’s or else the agent’s', async () => {
    const agentId = await newAgent({ maxDurationSeconds: 10 })
    const byAgent = await untilFinal((await place({ agentId, to: '+14155550100' })).id)
    expect(byAgent).toMatchObject({ status: 'completed', durationSeconds: 10, endReason: 'max_duration' })
    const byCall = await untilFinal(
      (await place({ agentId: await newAgent(), to: '+14155550100', maxDurationSeconds: 11 })).id,
    )
    expect(byCall).toMatchObject({ durationSeconds: 11, endReason: 'max_duration' })
  })

  it('refuses calls for a disabled agent', async () => {
    const agentId = await newAgent({ enabled: false })
    const problem = expectProblem(
      await api('POST', '/v1/calls', { agentId, to: '+14155550100' }),
      422,
      'provider_rejected',
    )
    expect(problem.detail).toMatch(/disabled/)
  })
})

describe('sandbox scheduling', () => {
  it('keeps a call with a future scheduledAt scheduled (real time, not scaled), then runs it', async () => {
    const agentId = await newAgent()
    const far = await place({
      agentId,
      to: '+14155550100',
      scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    expect(far.status).toBe('scheduled')
    expect(far.nextAttemptAt).toBe(far.scheduledAt)
    await sleep(100)
    expect((await api('GET', `/v1/calls/${far.id}`)).body.status).toBe('scheduled')

    const soon = await place({
      agentId,
      to: '+14155550100',
      scheduledAt: new Date(Date.now() + 300).toISOString(),
    })
    expect(soon.status).toBe('scheduled')
    const final = await untilFinal(soon.id)
    expect(final.status).toBe('completed')
    expect(Date.parse(final.startedAt as string)).toBeGreaterThanOrEqual(
      Date.parse(soon.scheduledAt as string),
    )
  })

  it('gives up a call not connected by its deadline: canceled, deadline_exceeded', async () => {
    // At scale 1 the call would only ring after 1.5 s; the deadline comes first.
    const slow = apiClient({}, { SANDBOX_TIME_SCALE: '1' })
    const agentId = await newAgent({}, slow)
    const call = await place(
      { agentId, to: '+14155550100', deadline: new Date(Date.now() + 300).toISOString() },
      slow,
    )
    expect(call.status).toBe('queued')
    const final = await untilFinal(call.id, slow)
    expect(final).toMatchObject({ status: 'canceled', endReason: 'deadline_exceeded', startedAt: null })
    expect(final.endedAt).toBe(call.deadline)
  })

  it('waits for the agent’s schedule window, read in the callee’s time zone when given', async () => {
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000)
    const day = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][inTwoDays.getUTCDay()] as string
    const agentId = await newAgent({
      schedule: { timezone: 'UTC', windows: { [day]: [{ start: '10:00', end: '11:00' }] } },
    })
    const opening = `${inTwoDays.toISOString().slice(0, 10)}T10:00:00.000Z`
    const utc = await place({ agentId, to: '+14155550100' })
    expect(utc).toMatchObject({ status: 'scheduled', nextAttemptAt: opening })
    const tokyo = await place({ agentId, to: '+14155550100', timezone: 'Asia/Tokyo' })
    // 10:00 in Tokyo is 01:00 UTC the same day.
    expect(Date.parse(tokyo.nextAttemptAt as string)).toBe(Date.parse(opening) - 9 * 3_600_000)
  })

  it('refuses a call when the schedule never opens', async () => {
    const agentId = await newAgent({ schedule: { timezone: 'UTC', windows: {} } })
    const problem = expectProblem(
      await api('POST', '/v1/calls', { agentId, to: '+14155550100' }),
      422,
      'provider_rejected',
    )
    expect(problem.providerCode).toBe('no_opening')
  })
})

describe('sandbox cancel', () => {
  it('withdraws a call that has not connected', async () => {
    const agentId = await newAgent()
    const call = await place({
      agentId,
      to: '+14155550100',
      scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    const res = await api('POST', `/v1/calls/${call.id}/cancel`)
    expect(CallSchema.parse(res.body)).toMatchObject({
      status: 'canceled',
      endReason: 'canceled_by_client',
      durationSeconds: null,
      nextAttemptAt: null,
    })
    await sleep(50)
    expect((await api('GET', `/v1/calls/${call.id}`)).body.status).toBe('canceled')
  })

  it('hangs up a live call, keeping the talk time so far', async () => {
    const slow = apiClient({}, { SANDBOX_TIME_SCALE: '10' })
    const agentId = await newAgent({}, slow)
    const call = await place({ agentId, to: '+14155550100' }, slow)
    const live = await eventually(
      () => slow('GET', `/v1/calls/${call.id}`),
      (r: ApiResponse) => r.body.status === 'in_progress',
    )
    expect(live.body.status).toBe('in_progress')
    await sleep(150)
    const res = await slow('POST', `/v1/calls/${call.id}/cancel`)
    expect(CallSchema.parse(res.body)).toMatchObject({ status: 'canceled', endReason: 'hung_up_by_client' })
    expect(res.body.durationSeconds).toBeGreaterThanOrEqual(1)
    expect(res.body.transcript.length).toBeGreaterThan(0)
  })

  it('answers 409 for an ended call and changes nothing', async () => {
    const agentId = await newAgent()
    const final = await untilFinal((await place({ agentId, to: '+15005550001' })).id)
    const problem = expectProblem(await api('POST', `/v1/calls/${final.id}/cancel`), 409, 'conflict')
    expect(problem.detail).toMatch(/busy/)
    expect(CallSchema.parse((await api('GET', `/v1/calls/${final.id}`)).body)).toEqual(final)
  })
})

describe('sandbox lists', () => {
  it('pages through 250 calls newest first without gaps or repeats', async () => {
    const agentId = await newAgent()
    const calls = Array.from({ length: 250 }, (_, i) => ({ to: '+14155550100', metadata: { n: i } }))
    const batch = await api('POST', '/v1/calls/batch', { agentId, calls })
    expect(batch.body.created).toBe(250)
    const created = (batch.body.data as Array<{ call: Call }>).map((d) => d.call.id)

    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = `/v1/calls?agentId=${agentId}&limit=100${cursor ? `&cursor=${cursor}` : ''}`
      const page = CallListSchema.parse((await api('GET', query)).body)
      seen.push(...page.data.map((c) => c.id))
      cursor = page.nextCursor
      expect(page.hasMore).toBe(cursor !== null)
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual([...created].reverse())
  })
})
