import { describe, expect, it } from 'vitest'
import { fromCallResult, fromVendorCall, toVendorCall } from '../../../providers/dasha/calls'
import { describeDashaError } from '../../../providers/dasha/client'
import { statusMap as DASHA_STATUS_MAP } from '../../../providers/dasha/statuses'
import { DashaCallResultSchema, DashaCallSchema } from '../../../providers/dasha/vendor'
import type { CallInput } from '../../../providers/kit/types'
import { FieldPolicy } from '../../../src/contract/field-policy'
import { thrownApiError } from '../thrown-api-error'
import { AGENT_ID, CALL_ID, callResult, queuedCall, validationProblem } from './fixtures'

const NOW = Date.parse('2026-03-03T14:00:05Z')
const strict = () => new FieldPolicy('strict', 'Dasha BlackBox')
const input = (fields: Partial<CallInput> = {}): CallInput => ({
  to: '+14155550100',
  agentVendorId: AGENT_ID,
  providerOptions: {},
  ...fields,
})
const call = (overrides: Record<string, unknown> = {}) => DashaCallSchema.parse(queuedCall(overrides))
const result = (overrides: Record<string, unknown> = {}) => DashaCallResultSchema.parse(callResult(overrides))

describe('unified call → Dasha enqueue body', () => {
  it('maps every supported field to the reference’s names', () => {
    const body = toVendorCall(
      input({
        variables: { firstName: 'Ada', slots: 2 },
        priority: 7,
        deadline: '2026-03-04T09:00:00+01:00',
        timezone: 'Europe/Berlin',
        from: '+14155550199',
        callerName: 'Main St Dental',
      }),
      strict(),
    )
    expect(body).toEqual({
      endpoint: '+14155550100',
      additionalData: { firstName: 'Ada', slots: 2 },
      priority: 7,
      callDeadline: '2026-03-04T08:00:00.000Z',
      timezone: 'Europe/Berlin',
      overrideOutboundConfig: { phoneNumber: '+14155550199', displayName: 'Main St Dental' },
    })
  })

  it('sends a SIP URI as the endpoint and nothing it was not given', () => {
    expect(toVendorCall(input({ to: 'sip:alice@example.com' }), strict())).toEqual({
      endpoint: 'sip:alice@example.com',
    })
  })

  it('refuses a caller id that is not E.164 in strict mode and warns in lenient mode', () => {
    expect(() => toVendorCall(input({ from: 'number-id-42' }), strict())).toThrow(/cannot honour from/)
    const lenient = new FieldPolicy('lenient', 'Dasha BlackBox')
    expect(toVendorCall(input({ from: 'number-id-42' }), lenient)).toEqual({ endpoint: '+14155550100' })
    expect(lenient.warnings.map((w) => w.field)).toEqual(['from'])
  })

  it('adds SIP credentials from providerOptions but refuses one that overwrites the caller id', () => {
    const options = { overrideOutboundConfig: { credentialsId: 'cred-1' } }
    expect(toVendorCall(input({ from: '+14155550199', providerOptions: options }), strict())).toEqual({
      endpoint: '+14155550100',
      overrideOutboundConfig: { phoneNumber: '+14155550199', credentialsId: 'cred-1' },
    })
    const clash = { overrideOutboundConfig: { phoneNumber: '+14155550111' } }
    const error = thrownApiError(() =>
      toVendorCall(input({ from: '+14155550199', providerOptions: clash }), strict()),
    )
    expect(error.code).toBe('validation_failed')
    expect(error.extras.errors?.[0]?.path).toBe('providerOptions.dasha.overrideOutboundConfig.phoneNumber')
  })
})

describe('Dasha call → unified', () => {
  it('maps a queued call', () => {
    const unified = fromVendorCall(call(), undefined, NOW)
    expect(unified).toEqual({
      id: `dasha_${CALL_ID}`,
      provider: 'dasha',
      agentId: `dasha_${AGENT_ID}`,
      status: 'queued',
      providerStatus: 'Queued',
      direction: 'outbound',
      to: '+14155550100',
      from: '+14155550199',
      variables: { firstName: 'Ada', slots: 2 },
      metadata: {},
      priority: 5,
      scheduledAt: null,
      deadline: '2026-03-04T14:00:00.000Z',
      timezone: 'America/New_York',
      nextAttemptAt: '2026-03-03T14:00:01.000Z',
      createdAt: '2026-03-03T14:00:00.000Z',
      startedAt: null,
      endedAt: null,
      durationSeconds: null,
      endReason: null,
      transcript: null,
      summary: null,
      recordingUrl: null,
      cost: null,
      providerData: queuedCall(),
    })
  })

  it('enriches a finished call with its result: transcript, duration, recording, finish reason', () => {
    const unified = fromVendorCall(call({ status: 'Completed' }), result(), NOW)
    expect(unified.status).toBe('completed')
    expect(unified.durationSeconds).toBe(187)
    expect(unified.endedAt).toBe('2026-03-03T14:03:12.000Z')
    expect(unified.endReason).toBe('user_hangup')
    expect(unified.recordingUrl).toBe('https://recordings.dasha.ai/9d8c7b6a.mp3')
    expect(unified.nextAttemptAt).toBeNull()
    expect(unified.transcript).toEqual([
      { role: 'agent', text: 'Hi Ada, this is Main St Dental.', startSeconds: 0.5, endSeconds: 2.4 },
      { role: 'user', text: 'Oh, hi!', startSeconds: 2.9, endSeconds: 3.4 },
      { role: 'tool', text: '{"appointment":"Tuesday 10:00"}' },
    ])
    expect(unified.providerData).toEqual({ call: queuedCall({ status: 'Completed' }), result: callResult() })
  })

  it('maps a call known only from the results search', () => {
    const unified = fromCallResult(
      result({ callStatus: 'Failed', errorMessage: 'NO_ANSWER', result: null }),
      NOW,
    )
    expect(unified).toMatchObject({
      id: `dasha_${CALL_ID}`,
      status: 'no_answer',
      providerStatus: 'Failed',
      to: '+14155550100',
      variables: { firstName: 'Ada', slots: 2 },
      endReason: 'NO_ANSWER',
      durationSeconds: 187,
    })
    expect(unified.providerData).toEqual(
      callResult({ callStatus: 'Failed', errorMessage: 'NO_ANSWER', result: null }),
    )
  })
})

describe('statuses', () => {
  it.each([
    ['Unknown', 'unknown'],
    ['Created', 'queued'],
    ['Pending', 'queued'],
    ['Queued', 'queued'],
    ['Running', 'in_progress'],
    ['Completed', 'completed'],
    ['Failed', 'failed'],
    ['Canceled', 'canceled'],
  ])('%s normalizes to %s, both in statusMap and on a call', (word, status) => {
    expect(DASHA_STATUS_MAP[word]).toBe(status)
    expect(fromVendorCall(call({ status: word }), undefined, NOW).status).toBe(status)
  })

  it('lists exactly the reference’s status enum', () => {
    expect(Object.keys(DASHA_STATUS_MAP).sort()).toEqual(
      ['Canceled', 'Completed', 'Created', 'Failed', 'Pending', 'Queued', 'Running', 'Unknown'].sort(),
    )
  })

  it.each(['Created', 'Pending'])(
    '%s waiting for a future nextScheduleTime is scheduled, with nextAttemptAt',
    (word) => {
      const later = '2026-03-04T13:00:00Z'
      const unified = fromVendorCall(call({ status: word, nextScheduleTime: later }), undefined, NOW)
      expect(unified.status).toBe('scheduled')
      expect(unified.providerStatus).toBe(word)
      expect(unified.nextAttemptAt).toBe('2026-03-04T13:00:00.000Z')
    },
  )

  it.each(['Running', 'Unknown'])('a %s call has no next attempt, whatever nextScheduleTime says', (word) => {
    const unified = fromVendorCall(
      call({ status: word, nextScheduleTime: '2026-03-04T13:00:00Z' }),
      undefined,
      NOW,
    )
    expect(unified.nextAttemptAt).toBeNull()
  })

  it.each([
    ['BUSY', 'busy'],
    ['SIP 486 User Busy', 'busy'],
    ['NO_ANSWER', 'no_answer'],
    ['Callee did not answer', 'no_answer'],
    ['SIP trunk unreachable', 'failed'],
  ])('a failed call whose reason says "%s" is %s, providerStatus kept', (errorMessage, status) => {
    const unified = fromVendorCall(
      call({ status: 'Failed' }),
      result({ callStatus: 'Failed', errorMessage, result: null }),
      NOW,
    )
    expect(unified.status).toBe(status)
    expect(unified.providerStatus).toBe('Failed')
  })

  it('an unknown future status word is unknown, never a crash', () => {
    expect(fromVendorCall(call({ status: 'Transferring' }), undefined, NOW).status).toBe('unknown')
  })
})

describe('Dasha error bodies', () => {
  it('keeps title, detail and ASP.NET field errors', () => {
    expect(describeDashaError(400, validationProblem)).toEqual({
      detail: 'One or more validation errors occurred.: The request body is invalid.',
      errors: [{ path: 'endpoint', message: 'The Endpoint field is required.' }],
    })
  })

  it('reads a bare title, and gives nothing for a body that is not a problem', () => {
    expect(describeDashaError(404, { title: 'Not Found', status: 404 })).toEqual({ detail: 'Not Found' })
    expect(describeDashaError(500, ['oops'])).toEqual({})
  })
})
