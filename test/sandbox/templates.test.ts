import { describe, expect, it } from 'vitest'
import { MAX_RENDERED_CHARS } from '../../providers/sandbox/transcript'
import { type Call, CallSchema, FINAL_STATUSES } from '../../src/contract/call'
import { type ApiResponse, apiClient, eventually, expectProblem } from '../helpers/api'

// The test bindings run the sandbox at SANDBOX_TIME_SCALE=600: a whole call takes ~50 ms.
const api = apiClient()
const newAgent = async (fields: Record<string, unknown>) => {
  const res = await api('POST', '/v1/agents', { provider: 'sandbox', name: 'Templates', ...fields })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.id as string
}
const untilFinal = async (id: string): Promise<ApiResponse> =>
  eventually(
    () => api('GET', `/v1/calls/${id}`),
    (r: ApiResponse) => FINAL_STATUSES.has(r.body.status),
  )
/** 2,000 placeholders: the most a 10,000-character firstMessage can hold. */
const AMPLIFIER = '{{a}}'.repeat(2_000)

describe('sandbox templates are bounded (issue 11, item 3)', () => {
  it('refuses at create a 20 KB call whose first message would render to 20 MB, naming variables', async () => {
    const agentId = await newAgent({ firstMessage: AMPLIFIER })
    const body = { agentId, to: '+14155550100', variables: { a: 'x'.repeat(10_000) } }
    expect(JSON.stringify(body).length).toBeLessThan(21_000)
    const problem = expectProblem(await api('POST', '/v1/calls', body), 422, 'validation_failed')
    expect(problem.errors?.[0]?.path).toBe('variables')
    expect(problem.errors?.[0]?.message).toMatch(new RegExp(`more than ${MAX_RENDERED_CHARS}`))

    const batch = await api('POST', '/v1/calls/batch', {
      agentId,
      calls: [{ to: '+14155550100', variables: { a: 'x'.repeat(10_000) } }, { to: '+14155550100' }],
    })
    expect(batch.status).toBe(200)
    expect(batch.body.created).toBe(1)
    expect(batch.body.data[0].error.errors[0].path).toBe('variables')
  })

  it('refuses an agent whose first message expands past the limit with its own variables, create and update', async () => {
    const big = { a: 'x'.repeat(10_000) }
    const created = await api('POST', '/v1/agents', {
      provider: 'sandbox',
      name: 'Amplifier',
      firstMessage: AMPLIFIER,
      variables: big,
    })
    expect(expectProblem(created, 422, 'validation_failed').errors?.[0]?.path).toBe('firstMessage')
    const agentId = await newAgent({ firstMessage: AMPLIFIER })
    const patched = await api('PATCH', `/v1/agents/${agentId}`, { variables: big })
    expect(expectProblem(patched, 422, 'validation_failed').errors?.[0]?.path).toBe('firstMessage')
    const fine = await api('PATCH', `/v1/agents/${agentId}`, { variables: { a: 'short' } })
    expect(fine.status).toBe(200)
  })

  it('names overrides.firstMessage when the call’s own template is the one that expands', async () => {
    const agentId = await newAgent({ firstMessage: 'Hello' })
    const res = await api('POST', '/v1/calls', {
      agentId,
      to: '+14155550100',
      variables: { a: 'y'.repeat(100) },
      overrides: { firstMessage: AMPLIFIER },
    })
    expect(expectProblem(res, 422, 'validation_failed').errors?.[0]?.path).toBe('overrides.firstMessage')
  })

  it('keeps every read of an accepted call small, lists included', async () => {
    // Just under the limit: 2,000 × 16 = 32,000 characters.
    const agentId = await newAgent({ firstMessage: AMPLIFIER, prompt: `${AMPLIFIER} and more` })
    const placed = await api('POST', '/v1/calls', {
      agentId,
      to: '+14155550100',
      variables: { a: 'z'.repeat(16) },
    })
    expect(placed.status, JSON.stringify(placed.body)).toBe(201)
    const done = await untilFinal(placed.body.id)
    const call = CallSchema.parse(done.body)
    expect(call.status).toBe('completed')
    expect(call.transcript?.[0]?.text).toBe('z'.repeat(32_000))
    // The prompt contributes only what the conversation says of it.
    expect(call.transcript?.[2]?.text.length).toBeLessThanOrEqual(500)
    expect(JSON.stringify(done.body).length).toBeLessThan(MAX_RENDERED_CHARS + 5_000)
    const list = await api('GET', `/v1/calls?agentId=${agentId}&limit=100`)
    expect(list.status).toBe(200)
    expect(JSON.stringify(list.body).length).toBeLessThan(MAX_RENDERED_CHARS + 5_000)
    // Rendered once, when placed: the stored record carries the lines every read serves.
    const raw = await api('GET', `/v1/calls/${call.id}?include=raw`)
    expect(raw.body.providerData.rendered.opener).toBe('z'.repeat(32_000))
  })

  it('interpolates only the variables’ own keys: prototype names stay visible placeholders', async () => {
    const agentId = await newAgent({
      firstMessage: 'Hi {{name}} {{constructor}} {{toString}} {{__proto__}} {{hasOwnProperty}}',
    })
    const placed = await api('POST', '/v1/calls', { agentId, to: '+14155550100', variables: { name: 'Ada' } })
    expect(placed.status).toBe(201)
    const call: Call = CallSchema.parse((await untilFinal(placed.body.id)).body)
    const opener = call.transcript?.[0]?.text
    expect(opener).toBe('Hi Ada {{constructor}} {{toString}} {{__proto__}} {{hasOwnProperty}}')
    expect(opener).not.toMatch(/native code|function/)
  })
})
