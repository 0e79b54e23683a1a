import { describe, expect, it } from 'vitest'
import { fromVendorAgent, toUseCasePatch } from '../../../providers/happyrobot/agents'
import {
  fromDialAnswer,
  fromTranscript,
  fromVendorCall,
  toVendorCall,
  userMetadata,
} from '../../../providers/happyrobot/calls'
import { describeHappyRobotError } from '../../../providers/happyrobot/client'
import { statusMap as STATUS_MAP, statuses } from '../../../providers/happyrobot/statuses'

const { status: normalizeStatus, wordsFor: vendorStatusesFor } = statuses

import { fromWorkHours, toWorkHours } from '../../../providers/happyrobot/agents'
import {
  DialRequestSchema,
  DialResponseSchema,
  UseCaseSchema,
  VendorCallSchema,
} from '../../../providers/happyrobot/vendor'
import type { AgentPatch, CallInput } from '../../../providers/kit/types'
import { AgentSchema } from '../../../src/contract/agent'
import { CallSchema } from '../../../src/contract/call'
import { FieldPolicy } from '../../../src/contract/field-policy'
import { thrownApiError } from '../thrown-api-error'

const USE_CASE = '65a1b2c3d4e5f60718293a4b'
const NUMBER = '65a1b2c3d4e5f60718293a4c'
const strict = () => new FieldPolicy('strict', 'HappyRobot')
const lenient = () => new FieldPolicy('lenient', 'HappyRobot')
const input = (extra: Partial<CallInput> = {}): CallInput => ({
  agentVendorId: USE_CASE,
  to: '+14155550100',
  from: NUMBER,
  providerOptions: {},
  ...extra,
})
/** GET /calls/{id} as the vendor reference describes a finished outbound call. */
const vendorCall = {
  id: '66b0a1b2c3d4e5f607182931',
  organization_id: '64f0a1b2c3d4e5f607182930',
  type: 'Outbound',
  status: 'Completed',
  provider: 'Twilio',
  metadata: {
    call_sid: 'CA1234567890abcdef1234567890abcdef',
    from: '+14155550199',
    to: '+14155550100',
    recording_sid: 'RE123',
    tags: ['reminder'],
    custom: { crmId: 'lead_42' },
  },
  use_case: { id: USE_CASE, name: 'Appointment reminders' },
  agent: { id: '65a1b2c3d4e5f60718293a4d', name: 'Emma' },
  language: 'en-US',
  created: '2026-03-01T09:00:05.000Z',
  viewed_by: [],
  prompt_id: 'reminder-v2',
  params: { firstName: 'Ada' },
  extraction: { confirmed: true },
  classification: 'Confirmed',
  duration: 42,
  scheduled_for: null,
  campaign_id: null,
  max_duration_mins: 5,
  costs: { total: 0.12 },
}
const transcript = {
  id: '66b0a1b2c3d4e5f607182940',
  organization_id: '64f0a1b2c3d4e5f607182930',
  call_id: vendorCall.id,
  start_time: 1_772_355_600,
  messages: [
    { id: 'm1', role: 'system', content: 'You remind patients.', start: 0, end: 0 },
    { id: 'm2', role: 'assistant', content: 'Hi, this is Main St Dental.', start: 0.4, end: 2.9 },
    { id: 'm3', role: 'user', content: ' Yes? ', start: 1_772_355_603.2, end: 1_772_355_604 },
    { id: 'm4', role: 'tool', content: null, tool_calls: [{ name: 'lookup' }], start: 4.1, end: 4.2 },
  ],
}

describe('HappyRobot call create mapping', () => {
  it('maps every supported field to the documented /dial/outbound body', () => {
    const request = toVendorCall(
      input({
        variables: { firstName: 'Ada', slots: 2 },
        metadata: { crmId: 'lead_42' },
        scheduledAt: '2026-11-21T10:30:00+01:00',
        maxDurationSeconds: 300,
        language: 'es-mx',
        providerOptions: {
          prompt_id: 'reminder-v2',
          agent_id: '65a1b2c3d4e5f60718293a4d',
          campaign_id: 'spring',
        },
      }),
      strict(),
    )
    expect(request).toEqual({
      number_id: NUMBER,
      phone_number: '+14155550100',
      use_case_id: USE_CASE,
      params: { firstName: 'Ada', slots: 2 },
      metadata: { crmId: 'lead_42' },
      scheduled_for: '2026-11-21T09:30:00.000Z',
      max_duration_mins: 5,
      language: 'es-MX',
      prompt_id: 'reminder-v2',
      agent_id: '65a1b2c3d4e5f60718293a4d',
      campaign_id: 'spring',
    })
    expect(DialRequestSchema.safeParse(request).success).toBe(true)
  })

  it.each([
    ['an E.164 number', '+14155550199'],
    ['nothing', undefined],
    ['a 23-character id', NUMBER.slice(1)],
  ])('refuses from as %s with a 422 saying it must be the number id', (_what, from) => {
    const error = thrownApiError(() => toVendorCall(input({ from }), strict()))
    expect(error.code).toBe('validation_failed')
    expect(error.extras.errors?.[0]?.path).toBe('from')
    expect(error.message).toContain('24-character id')
    expect(error.message).toContain('not an E.164 number')
  })

  it('refuses a SIP destination and a malformed use-case id', () => {
    expect(
      thrownApiError(() => toVendorCall(input({ to: 'sip:ada@example.com' }), strict())).extras.errors?.[0]
        ?.path,
    ).toBe('to')
    expect(
      thrownApiError(() => toVendorCall(input({ agentVendorId: 'short' }), strict())).extras.errors?.[0]
        ?.path,
    ).toBe('agentId')
  })

  it('refuses a language outside the ten in strict mode, listing them; lenient drops it with a warning', () => {
    const error = thrownApiError(() => toVendorCall(input({ language: 'ja-JP' }), strict()))
    expect(error.code).toBe('unsupported_field')
    expect(error.extras.errors?.[0]?.message).toContain(
      'en-US, en-GB, es-MX, es-ES, pt-PT, de-DE, fr-FR, pl-PL, ro-RO, it-IT',
    )
    const policy = lenient()
    expect(toVendorCall(input({ language: 'ja-JP' }), policy).language).toBeUndefined()
    expect(policy.warnings.map((w) => w.field)).toEqual(['language'])
  })

  it('sends whole minutes: strict refuses a remainder, lenient rounds up and warns', () => {
    expect(thrownApiError(() => toVendorCall(input({ maxDurationSeconds: 90 }), strict())).code).toBe(
      'unsupported_field',
    )
    const policy = lenient()
    expect(toVendorCall(input({ maxDurationSeconds: 90 }), policy).max_duration_mins).toBe(2)
    expect(policy.warnings[0]?.message).toContain('rounded up to 2 min')
    expect(toVendorCall(input({ maxDurationSeconds: 10 }), lenient()).max_duration_mins).toBe(1)
  })

  it('builds an honest Call from the thin answer: queued, or scheduled when a time was sent', () => {
    const answer = DialResponseSchema.parse({
      id: '66b0a1b2c3d4e5f607182931',
      organization_id: '64f0a1b2c3d4e5f607182930',
      metadata: { crmId: 'lead_42' },
      use_case: { id: USE_CASE, name: 'Appointment reminders' },
      created: '2026-03-01T09:00:05.000Z',
      params: { firstName: 'Ada' },
    })
    const request = toVendorCall(input({ metadata: { crmId: 'lead_42' } }), strict())
    const call = CallSchema.parse(fromDialAnswer(answer, request))
    expect(call).toMatchObject({
      id: 'happyrobot_66b0a1b2c3d4e5f607182931',
      agentId: `happyrobot_${USE_CASE}`,
      status: 'queued',
      providerStatus: null,
      to: '+14155550100',
      from: NUMBER,
      variables: { firstName: 'Ada' },
      metadata: { crmId: 'lead_42' },
      scheduledAt: null,
      createdAt: '2026-03-01T09:00:05.000Z',
      providerData: answer,
    })
    const later = toVendorCall(input({ scheduledAt: '2026-11-21T09:30:00.000Z' }), strict())
    expect(fromDialAnswer(answer, later)).toMatchObject({
      status: 'scheduled',
      scheduledAt: '2026-11-21T09:30:00.000Z',
      nextAttemptAt: '2026-11-21T09:30:00.000Z',
    })
    expect(call.nextAttemptAt).toBeNull()
  })
})

describe('HappyRobot call reading', () => {
  it('maps a finished call with its transcript', () => {
    const call = CallSchema.parse(fromVendorCall(VendorCallSchema.parse(vendorCall), transcript))
    expect(call).toMatchObject({
      id: 'happyrobot_66b0a1b2c3d4e5f607182931',
      agentId: `happyrobot_${USE_CASE}`,
      status: 'completed',
      providerStatus: 'Completed',
      direction: 'outbound',
      to: '+14155550100',
      from: '+14155550199',
      variables: { firstName: 'Ada' },
      metadata: { crmId: 'lead_42' },
      durationSeconds: 42,
      startedAt: '2026-03-01T09:00:00.000Z',
      endedAt: '2026-03-01T09:00:42.000Z',
      createdAt: '2026-03-01T09:00:05.000Z',
    })
    expect(call.providerData).toEqual(vendorCall)
    expect(call.transcript).toEqual([
      { role: 'agent', text: 'Hi, this is Main St Dental.', startSeconds: 0.4, endSeconds: 2.9 },
      { role: 'user', text: 'Yes?', startSeconds: expect.closeTo(3.2, 5), endSeconds: expect.closeTo(4, 5) },
    ])
  })

  it('says when a scheduled call will be dialed, and nothing once it is dialed', () => {
    const at = '2026-11-21T09:30:00.000Z'
    const scheduled = VendorCallSchema.parse({
      ...vendorCall,
      status: 'Scheduled',
      duration: null,
      scheduled_for: at,
    })
    expect(fromVendorCall(scheduled, null)).toMatchObject({
      status: 'scheduled',
      scheduledAt: at,
      nextAttemptAt: at,
    })
    const dialed = VendorCallSchema.parse({ ...vendorCall, scheduled_for: at })
    expect(fromVendorCall(dialed, transcript)).toMatchObject({ status: 'completed', nextAttemptAt: null })
  })

  it('reads a live inbound call without transcript: no end, no invented times', () => {
    const live = VendorCallSchema.parse({
      ...vendorCall,
      type: 'Inbound',
      status: 'In progress',
      duration: null,
    })
    const call = fromVendorCall(live, null)
    expect(call).toMatchObject({
      status: 'in_progress',
      direction: 'inbound',
      startedAt: null,
      endedAt: null,
      transcript: null,
    })
  })

  it('keeps the client metadata whether HappyRobot nests it under custom or keeps it flat', () => {
    expect(userMetadata({ call_sid: 'CA1', from: '+1', to: '+2', tags: [], custom: { crmId: 'x' } })).toEqual(
      { crmId: 'x' },
    )
    expect(userMetadata({ call_sid: 'CA1', from: '+1', to: '+2', crmId: 'x' })).toEqual({ crmId: 'x' })
    expect(userMetadata(null)).toEqual({})
  })

  it('skips system prompts and text-less tool calls in transcripts', () => {
    expect(
      fromTranscript({
        messages: [
          { role: 'system', content: 'x' },
          { role: 'tool', content: '' },
        ],
      }),
    ).toEqual([])
  })
})

describe('HappyRobot statuses', () => {
  const expected = {
    Scheduled: 'scheduled',
    Queued: 'queued',
    Initiated: 'ringing',
    Ringing: 'ringing',
    'In progress': 'in_progress',
    Transferred: 'in_progress',
    Completed: 'completed',
    'AMD Terminated': 'voicemail',
    Busy: 'busy',
    'No answer': 'no_answer',
    Canceled: 'canceled',
    Failed: 'failed',
  }

  it('maps every word of the reference, spaces included', () => {
    expect(STATUS_MAP).toEqual(expected)
    for (const [word, status] of Object.entries(expected)) {
      expect(normalizeStatus(word)).toBe(status)
      expect(fromVendorCall(VendorCallSchema.parse({ ...vendorCall, status: word }), null).status).toBe(
        status,
      )
    }
  })

  it('reads case variants, and an unknown or missing word as unknown', () => {
    expect(normalizeStatus('In Progress')).toBe('in_progress')
    expect(normalizeStatus('amd terminated')).toBe('voicemail')
    expect(normalizeStatus('Dialing')).toBe('unknown')
    expect(normalizeStatus(null)).toBe('unknown')
  })

  it('lists the vendor words for a status filter', () => {
    expect(vendorStatusesFor('ringing')).toEqual(['Initiated', 'Ringing'])
    expect(vendorStatusesFor('unknown')).toEqual([])
  })
})

describe('HappyRobot error bodies', () => {
  it.each([
    [{ message: 'number_id must be 24 characters' }, { detail: 'number_id must be 24 characters' }],
    [
      { error: 'Use case not found', code: 'NOT_FOUND' },
      { detail: 'Use case not found', code: 'NOT_FOUND' },
    ],
    [{ error: { message: 'Rate limit', code: 'rate' } }, { detail: 'Rate limit', code: 'rate' }],
    [{ detail: 'Bad request' }, { detail: 'Bad request' }],
    ['plain words', { detail: 'plain words' }],
    [{ unexpected: true }, {}],
    [[1, 2], {}],
  ])('reads %j', (body, words) => {
    expect(describeHappyRobotError(400, body)).toEqual(words)
  })
})

const useCase = {
  id: USE_CASE,
  organization_id: '64f0a1b2c3d4e5f607182930',
  name: 'Appointment reminders',
  language: 'en-GB',
  timezone: 'Europe/London',
  work_start: '09:00',
  work_end: '17:30',
  enable_detailed_work_hours: false,
  hooks: [{ url: 'https://crm.example/happyrobot', headers: [{ key: 'x', value: 'y' }] }],
  params: { clinic: 'Main St Dental', slots: 3, vip: false, address: { street: '1 Main St' } },
  max_duration_mins: 10,
  amd: true,
  created: '2026-01-10T08:00:00Z',
  updated: '2026-02-01T12:30:00Z',
}

describe('HappyRobot use cases as agents', () => {
  it('reads a use case as an Agent', () => {
    const agent = AgentSchema.parse(fromVendorAgent(UseCaseSchema.parse(useCase)))
    const day = [{ start: '09:00', end: '17:30' }]
    expect(agent).toMatchObject({
      id: `happyrobot_${USE_CASE}`,
      name: 'Appointment reminders',
      language: 'en-GB',
      maxDurationSeconds: 600,
      variables: { clinic: 'Main St Dental', slots: 3, vip: false },
      schedule: {
        timezone: 'Europe/London',
        windows: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
      },
      webhookUrl: null,
      createdAt: '2026-01-10T08:00:00.000Z',
      updatedAt: '2026-02-01T12:30:00.000Z',
    })
    expect(agent.providerData).toEqual(useCase)
  })

  it('writes a patch with only the named fields, schedule as detailed work hours, options after', () => {
    const patch: AgentPatch = {
      name: 'Reminders v2',
      language: 'de-de',
      maxDurationSeconds: 240,
      variables: { clinic: 'Neu' },
      schedule: {
        timezone: 'Europe/Berlin',
        windows: {
          mon: [
            { start: '08:00', end: '12:00' },
            { start: '13:00', end: '18:00' },
          ],
        },
      },
      providerOptions: { transfer_number: '+4930123456' },
    }
    expect(toUseCasePatch(patch, strict())).toEqual({
      name: 'Reminders v2',
      language: 'de-DE',
      max_duration_mins: 4,
      params: { clinic: 'Neu' },
      timezone: 'Europe/Berlin',
      detailed_work_hours: {
        monday: [
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '18:00' },
        ],
      },
      enable_detailed_work_hours: true,
      transfer_number: '+4930123456',
    })
    expect(toUseCasePatch({ providerOptions: {} }, strict())).toEqual({})
  })

  it('refuses null language, null duration and unknown languages through the policy', () => {
    expect(thrownApiError(() => toUseCasePatch({ language: null, providerOptions: {} }, strict())).code).toBe(
      'unsupported_field',
    )
    expect(
      thrownApiError(() => toUseCasePatch({ maxDurationSeconds: null, providerOptions: {} }, strict())).code,
    ).toBe('unsupported_field')
    const policy = lenient()
    expect(
      toUseCasePatch({ language: 'zh-CN', maxDurationSeconds: 61, providerOptions: {} }, policy),
    ).toEqual({
      max_duration_mins: 2,
    })
    expect(policy.warnings.map((w) => w.field)).toEqual(['language', 'maxDurationSeconds'])
  })

  it('round-trips schedules, a null schedule meaning every day all day', () => {
    const schedule = { timezone: 'America/New_York', windows: { tue: [{ start: '10:00', end: '16:00' }] } }
    expect(fromWorkHours(toWorkHours(schedule))).toEqual(schedule)
    expect(toWorkHours(null).detailed_work_hours.sunday).toEqual([{ start: '00:00', end: '24:00' }])
    expect(fromWorkHours(toWorkHours(null))).toBeNull()
    expect(fromWorkHours({ timezone: 'Not/AZone', work_start: '09:00', work_end: '17:00' })).toBeNull()
    expect(
      fromWorkHours({ timezone: 'UTC', enable_detailed_work_hours: true, detailed_work_hours: 'garbage' }),
    ).toBeNull()
  })
})
