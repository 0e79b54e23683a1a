import { describe, expect, it } from 'vitest'
import { definitionOf } from '../../../providers/bland/agents'
import { fromVendorCall, renderCall, toBlandLanguage, toStartTime } from '../../../providers/bland/calls'
import { describeBlandError } from '../../../providers/bland/client'
import { deriveStatus } from '../../../providers/bland/statuses'
import { verifySignature } from '../../../providers/bland/webhooks'
import type { CallInput } from '../../../providers/kit/types'
import { FieldPolicy } from '../../../src/contract/field-policy'

const strict = () => new FieldPolicy('strict', 'Bland AI')
const lenient = () => new FieldPolicy('lenient', 'Bland AI')

const agent = (extra: Record<string, unknown> = {}) =>
  definitionOf(
    {
      name: 'Reminder',
      prompt: 'Remind {{firstName}} of the visit.',
      firstMessage: 'Hi {{firstName}}!',
      voice: { voiceId: 'maya' },
      language: 'en-US',
      maxDurationSeconds: 600,
      variables: { clinic: 'Main St', firstName: 'there' },
      providerOptions: { record: true, model: 'turbo', temperature: 0.4 },
      ...extra,
    },
    strict(),
  )

const input = (extra: Partial<CallInput> = {}): CallInput => ({
  agentVendorId: '01JD3W6M4N5P7Q8R9S0T1V2W3X',
  to: '+14155550100',
  providerOptions: {},
  ...extra,
})

const render = (extra: Partial<CallInput> = {}, policy = strict(), definition = agent()) =>
  renderCall(
    input(extra),
    { agentId: '01JD3W6M4N5P7Q8R9S0T1V2W3X', definition, reference: 'ref_1', webhook: undefined },
    policy,
  )

describe('Bland: the kept agent rendered into POST /v1/calls', () => {
  it('sends prompt as task, firstMessage as first_sentence, voice, model, language, minutes and merged variables', () => {
    const body = render({ variables: { firstName: 'Ada' }, metadata: { crm: 'lead_42' } })
    expect(body).toMatchObject({
      phone_number: '+14155550100',
      task: 'Remind {{firstName}} of the visit.',
      first_sentence: 'Hi {{firstName}}!',
      voice: 'maya',
      model: 'turbo',
      temperature: 0.4,
      language: 'en-US',
      max_duration: 10,
      request_data: { clinic: 'Main St', firstName: 'Ada' },
      metadata: { crm: 'lead_42', switchboard_agent: '01JD3W6M4N5P7Q8R9S0T1V2W3X', switchboard_ref: 'ref_1' },
      record: true,
    })
  })

  it("lets overrides replace the rendered fields, and the call's options the agent's, for one call", () => {
    const body = render({
      overrides: {
        prompt: 'Be brief.',
        firstMessage: 'Hello.',
        voice: { voiceId: 'mason' },
      },
      providerOptions: { model: 'base' },
    })
    expect(body).toMatchObject({
      task: 'Be brief.',
      first_sentence: 'Hello.',
      voice: 'mason',
      model: 'base',
      record: true,
    })
  })

  it('counts max_duration in whole minutes: strict refuses 90 s, lenient rounds up to 2 with a warning', () => {
    expect(() => render({ maxDurationSeconds: 90 })).toThrow(
      expect.objectContaining({
        code: 'unsupported_field',
        extras: expect.objectContaining({
          errors: [
            expect.objectContaining({
              path: 'maxDurationSeconds',
              message: expect.stringMatching(/whole minutes/),
            }),
          ],
        }),
      }),
    )
    const policy = lenient()
    expect(render({ maxDurationSeconds: 90 }, policy).max_duration).toBe(2)
    expect(policy.warnings.map((w) => w.field)).toEqual(['maxDurationSeconds'])
  })

  it('writes scheduledAt as start_time in UTC, and refuses one less than 5 minutes ahead naming scheduledAt', () => {
    expect(toStartTime('2026-12-01T09:30:05-05:00')).toBe('2026-12-01 14:30:05 +00:00')
    const soon = new Date(Date.now() + 60_000).toISOString()
    expect(() => render({ scheduledAt: soon })).toThrow(
      expect.objectContaining({
        extras: expect.objectContaining({ errors: [expect.objectContaining({ path: 'scheduledAt' })] }),
      }),
    )
    const later = new Date(Date.now() + 3_600_000).toISOString()
    expect(render({ scheduledAt: later }).start_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+00:00$/)
  })

  it('refuses a client metadata key Switchboard uses on Bland calls', () => {
    expect(() => render({ metadata: { switchboard_ref: 'x' } })).toThrow(/Reserved/)
  })

  it('spells languages as Bland does, else the base language, else nothing', () => {
    expect(toBlandLanguage('en-us')).toBe('en-US')
    expect(toBlandLanguage('de-AT')).toBe('de')
    expect(toBlandLanguage('tlh')).toBeUndefined()
  })
})

describe('Bland: statuses from status, queue_status, completed and answered_by', () => {
  const future = new Date(Date.now() + 3_600_000).toISOString()
  it.each([
    [{ queue_status: 'queued' }, null, 'queued'],
    [{ queue_status: 'queued' }, future, 'scheduled'],
    [{ queue_status: 'allocated' }, null, 'queued'],
    [{ queue_status: 'started' }, null, 'in_progress'],
    [{ status: 'completed', completed: true, answered_by: 'human' }, null, 'completed'],
    [{ status: 'completed', completed: true, answered_by: 'voicemail' }, null, 'voicemail'],
    [{ status: 'no-answer', completed: true }, null, 'no_answer'],
    [{ status: 'completed', completed: true, answered_by: 'no-answer' }, null, 'no_answer'],
    [{ status: 'busy', completed: true }, null, 'busy'],
    [{ status: 'failed', completed: true }, null, 'failed'],
    [{ queue_status: 'call_error' }, null, 'failed'],
    [{ status: 'canceled', completed: true }, null, 'canceled'],
    [{ status: 'unknown', completed: true, call_length: 1.5 }, null, 'completed'],
    [{ status: 'unknown', completed: true, call_length: 0 }, null, 'failed'],
    [{ queue_status: 'complete_error', status: 'completed', completed: true }, null, 'completed'],
  ] as const)('%j (scheduled %s) → %s', (words, scheduledAt, expected) => {
    expect(deriveStatus(words, scheduledAt)).toBe(expected)
  })
})

describe('Bland: the call object read', () => {
  it('turns call_length minutes into seconds, price into USD, and hides Switchboard’s metadata keys', () => {
    const call = fromVendorCall({
      call_id: '9d404c1b-6a23-4e1b-9d4e-0a6d3f9e2b71',
      status: 'completed',
      queue_status: 'complete',
      completed: true,
      answered_by: 'human',
      call_length: 1.25,
      price: 0.18,
      to: '+14155550100',
      from: '+14155550199',
      created_at: '2026-11-21T09:30:00.000Z',
      started_at: '2026-11-21T09:30:04.000Z',
      end_at: '2026-11-21T09:31:19.000Z',
      metadata: { crm: 'lead_42', switchboard_agent: '01JD3W6M4N5P7Q8R9S0T1V2W3X', switchboard_ref: 'ref_1' },
      request_data: { firstName: 'Ada' },
      transcripts: [
        { id: 1, text: 'Hi Ada!', user: 'assistant' },
        { id: 2, text: 'Hello.', user: 'user' },
        { id: 3, text: 'Ended call', user: 'agent-action' },
      ],
    })
    expect(call).toMatchObject({
      id: 'bland_9d404c1b-6a23-4e1b-9d4e-0a6d3f9e2b71',
      agentId: 'bland_01JD3W6M4N5P7Q8R9S0T1V2W3X',
      status: 'completed',
      durationSeconds: 75,
      cost: { amount: 0.18, currency: 'USD' },
      metadata: { crm: 'lead_42' },
      variables: { firstName: 'Ada' },
      endedAt: '2026-11-21T09:31:19.000Z',
      transcript: [
        { role: 'agent', text: 'Hi Ada!' },
        { role: 'user', text: 'Hello.' },
      ],
    })
  })
})

describe("Bland's three error shapes", () => {
  it.each([
    [
      {
        status: 'error',
        message: 'Invalid parameters',
        errors: ['Missing required parameter: phone_number.'],
      },
      'Invalid parameters; Missing required parameter: phone_number.',
      undefined,
    ],
    [
      { data: null, errors: [{ error: 'AUTH_FAILURE', message: 'Unauthorized' }] },
      'Unauthorized',
      'AUTH_FAILURE',
    ],
    [
      { status: 'DNC Error', message: 'Number is on the DNC list.' },
      'Number is on the DNC list.',
      'DNC Error',
    ],
    [{ error: 'Invalid phone number format' }, 'Invalid phone number format', undefined],
  ])('%j keeps Bland’s words', (body, detail, code) => {
    const words = describeBlandError(400, body)
    expect(words.detail).toBe(detail)
    expect(words.code).toBe(code)
  })
})

describe('Bland webhook signatures', () => {
  const secret = 'bland-signing-secret'
  const sign = async (text: string) => {
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text)))
    return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')
  }
  it('accepts the hex HMAC-SHA256 of the raw body (or of its compact JSON), and nothing else', async () => {
    const raw = '{ "call_id": "abc",  "status": "completed" }'
    expect(await verifySignature(secret, raw, await sign(raw))).toBe(true)
    expect(await verifySignature(secret, raw, await sign(JSON.stringify(JSON.parse(raw))))).toBe(true)
    expect(await verifySignature(secret, raw, await sign('{"call_id":"other"}'))).toBe(false)
    expect(await verifySignature(secret, raw, null)).toBe(false)
  })
})
