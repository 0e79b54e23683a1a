import { describe, expect, it } from 'vitest'
import type { AgentInput, CallInput } from '../../../providers/kit/types'
import { fromVendorAgent, toAgentCreate, toLlmCreate } from '../../../providers/retell/agents'
import { fromVendorCall, toVendorCall } from '../../../providers/retell/calls'
import { describeRetellError } from '../../../providers/retell/client'
import { normalizeStatus, REASON_STATUS, statusMap } from '../../../providers/retell/statuses'
import { AgentSchema, CallSchema } from '../../../providers/retell/vendor'
import { FieldPolicy } from '../../../src/contract/field-policy'
import { thrownApiError } from '../thrown-api-error'
import { AGENT_ID, CALL_ID, endedCall, registeredCall, vendorAgent, vendorLlm } from './fixtures'

const strict = () => new FieldPolicy('strict', 'Retell AI')
const lenient = () => new FieldPolicy('lenient', 'Retell AI')
const call = (extra: Partial<CallInput> = {}): CallInput => ({
  to: '+14155550100',
  from: '+14155550199',
  agentVendorId: AGENT_ID,
  providerOptions: {},
  ...extra,
})
const agentInput = (extra: Partial<AgentInput> = {}): AgentInput => ({
  name: 'Dental reminders',
  voice: { voiceId: '11labs-Adrian' },
  providerOptions: {},
  ...extra,
})

describe('Retell call mapping', () => {
  it('reads a finished call: ms times, cents as USD, transcript with offsets, our reference hidden', () => {
    const mapped = fromVendorCall(CallSchema.parse(endedCall()))
    expect(mapped).toEqual({
      id: `retell_${CALL_ID}`,
      provider: 'retell',
      agentId: `retell_${AGENT_ID}`,
      status: 'completed',
      providerStatus: 'ended',
      direction: 'outbound',
      to: '+14155550100',
      from: '+14155550199',
      variables: { first_name: 'Ada' },
      metadata: { crm_id: 'lead_42' },
      priority: null,
      scheduledAt: null,
      deadline: null,
      timezone: null,
      nextAttemptAt: null,
      createdAt: null,
      startedAt: '2025-11-21T10:10:04.250Z',
      endedAt: '2025-11-21T10:11:10.500Z',
      durationSeconds: 66.25,
      endReason: 'agent_hangup',
      transcript: [
        { role: 'agent', text: 'Hi Ada, this is Acme Dental.', startSeconds: 0.7, endSeconds: 2.6 },
        { role: 'user', text: 'Hi! Yes, Tuesday works.', startSeconds: 3.1, endSeconds: 4.9 },
        { role: 'user', text: 'Front desk here.' },
      ],
      summary: 'Ada confirmed Tuesday.',
      recordingUrl: endedCall().recording_url,
      cost: { amount: 0.094, currency: 'USD' },
      providerData: expect.objectContaining({ call_id: CALL_ID }),
    })
  })

  it('reads a call just registered as ringing, with nothing yet', () => {
    const mapped = fromVendorCall(CallSchema.parse(registeredCall()))
    expect(mapped).toMatchObject({
      status: 'ringing',
      providerStatus: 'registered',
      metadata: {},
      startedAt: null,
      transcript: null,
      cost: null,
    })
  })

  it('maps every disconnection reason of the reference, and a new one to its call_status default', () => {
    const status = (call_status: string, disconnection_reason?: string, in_voicemail?: boolean) =>
      normalizeStatus({ call_status, disconnection_reason, call_analysis: { in_voicemail } })
    expect(Object.keys(REASON_STATUS)).toHaveLength(38)
    expect(status('ended', 'user_hangup')).toBe('completed')
    expect(status('ended', 'voicemail_reached')).toBe('voicemail')
    expect(status('ended', 'ivr_reached')).toBe('voicemail')
    expect(status('not_connected', 'dial_busy')).toBe('busy')
    expect(status('not_connected', 'user_declined')).toBe('busy')
    expect(status('not_connected', 'dial_no_answer')).toBe('no_answer')
    expect(status('not_connected', 'dial_failed')).toBe('failed')
    expect(status('error', 'concurrency_limit_reached')).toBe('failed')
    expect(status('ended', 'manual_stopped')).toBe('canceled')
    // A hang-up after the analysis found a machine is voicemail.
    expect(status('ended', 'user_hangup', true)).toBe('voicemail')
    // Defaults: Retell adds reasons; an unknown one takes its call_status.
    expect(status('ended', 'some_new_reason')).toBe('completed')
    expect(status('not_connected', 'some_new_reason')).toBe('failed')
    expect(status('error')).toBe('failed')
    expect(status('ongoing')).toBe('in_progress')
    expect(status('Registered')).toBe('ringing')
    expect(status('paused')).toBe('unknown')
    for (const word of ['registered', 'ongoing', 'ended', 'not_connected', 'error', 'dial_busy'])
      expect(statusMap).toHaveProperty(word)
  })

  it('writes create-phone-call: variables as strings, metadata with our reference, overrides, latest version', () => {
    const body = toVendorCall(
      call({
        variables: { first_name: 'Ada', visits: 3, vip: true },
        metadata: { crm_id: 'lead_42' },
        language: 'de-DE',
        maxDurationSeconds: 300,
        timezone: 'Europe/Berlin',
        overrides: {
          firstMessage: 'Hallo Ada!',
          voice: { voiceId: '11labs-Anna', speed: 1.2, model: 'eleven_multilingual_v2' },
          llm: { model: 'claude-4.5-sonnet', vendor: 'anthropic', temperature: 0.2 },
          transcriber: { vendor: 'Deepgram' },
        },
      }),
      strict(),
      { reference: 'req_abc', hookUrl: 'https://gw.example/v1/webhooks/retell/x.y' },
    )
    expect(body).toEqual({
      from_number: '+14155550199',
      to_number: '+14155550100',
      override_agent_id: AGENT_ID,
      override_agent_version: 'latest',
      metadata: { crm_id: 'lead_42', switchboard_reference: 'req_abc' },
      retell_llm_dynamic_variables: { first_name: 'Ada', visits: '3', vip: 'true' },
      agent_override: {
        agent: {
          voice_id: '11labs-Anna',
          voice_model: 'eleven_multilingual_v2',
          voice_speed: 1.2,
          stt_mode: 'custom',
          custom_stt_config: { provider: 'deepgram', endpointing_ms: 300 },
          language: 'de-DE',
          max_call_duration_ms: 300_000,
          timezone: 'Europe/Berlin',
          webhook_url: 'https://gw.example/v1/webhooks/retell/x.y',
        },
        retell_llm: {
          model: 'claude-4.5-sonnet',
          model_temperature: 0.2,
          begin_message: 'Hallo Ada!',
          start_speaker: 'agent',
        },
      },
    })
  })

  it('refuses a missing or non-E.164 from, a SIP destination and our reserved metadata key, naming Retell', () => {
    const missing = thrownApiError(() =>
      toVendorCall(call({ from: undefined }), strict(), { reference: 'r' }),
    )
    expect(missing).toMatchObject({ code: 'validation_failed', extras: { upstream: 'not_sent' } })
    expect(missing.message).toMatch(/^Retell AI: from: Retell requires from/)
    expect(missing.extras.errors?.[0]?.path).toBe('from')
    const id = thrownApiError(() => toVendorCall(call({ from: 'PN123' }), strict(), { reference: 'r' }))
    expect(id.extras.errors?.[0]?.path).toBe('from')
    const sip = thrownApiError(() =>
      toVendorCall(call({ to: 'sip:desk@clinic.example' }), strict(), { reference: 'r' }),
    )
    expect(sip.extras.errors?.[0]?.path).toBe('to')
    const reserved = thrownApiError(() =>
      toVendorCall(call({ metadata: { switchboard_reference: 'mine' } }), strict(), { reference: 'r' }),
    )
    expect(reserved.extras.errors?.[0]?.path).toBe('metadata.switchboard_reference')
  })

  it('refuses values outside Retell ranges and lists in strict mode, and drops them with warnings in lenient', () => {
    const input = call({
      maxDurationSeconds: 30,
      overrides: {
        voice: { voiceId: 'v', speed: 3, vendor: 'elevenlabs' },
        llm: { model: 'gpt-4.1', temperature: 1.5, maxTokens: 100 },
      },
    })
    const refused = thrownApiError(() => toVendorCall(input, strict(), { reference: 'r' }))
    expect(refused.code).toBe('unsupported_field')
    const policy = lenient()
    const body = toVendorCall(input, policy, { reference: 'r' })
    expect(policy.warnings.map((w) => w.field).sort()).toEqual([
      'maxDurationSeconds',
      'overrides.llm.maxTokens',
      'overrides.llm.temperature',
      'overrides.voice.speed',
      'overrides.voice.vendor',
    ])
    expect(body.agent_override).toEqual({ agent: { voice_id: 'v' }, retell_llm: { model: 'gpt-4.1' } })
  })

  it('lets providerOptions name another agent version and add fields, never overwrite a mapped one', () => {
    const body = toVendorCall(
      call({
        providerOptions: { override_agent_version: 'latest_published', custom_sip_headers: { 'X-A': '1' } },
      }),
      strict(),
      { reference: 'r' },
    )
    expect(body).toMatchObject({
      override_agent_version: 'latest_published',
      custom_sip_headers: { 'X-A': '1' },
    })
    const clash = thrownApiError(() =>
      toVendorCall(
        call({
          overrides: { firstMessage: 'Hi' },
          providerOptions: { agent_override: { retell_llm: { begin_message: 'Yo' } } },
        }),
        strict(),
        { reference: 'r' },
      ),
    )
    expect(clash.extras.errors?.[0]?.path).toBe(
      'providerOptions.retell.agent_override.retell_llm.begin_message',
    )
  })

  it("keeps Retell's own words from its error body", () => {
    expect(
      describeRetellError(422, {
        status: 'error',
        message: 'Cannot find requested asset under given api key.',
      }),
    ).toEqual({
      detail: 'Cannot find requested asset under given api key.',
    })
    expect(describeRetellError(500, { error: 'x' })).toEqual({})
  })
})

describe('Retell agent mapping', () => {
  it('splits a unified agent into the LLM and the agent', () => {
    const input = agentInput({
      language: 'en-GB',
      prompt: 'You remind {{first_name}}.',
      firstMessage: 'Hi {{first_name}}',
      voice: { voiceId: '11labs-Adrian', model: 'eleven_flash_v2_5', speed: 1.1 },
      llm: { model: 'gpt-realtime', temperature: 0.5 },
      transcriber: { vendor: 'soniox', language: 'en-GB' },
      maxDurationSeconds: 600,
      variables: { first_name: 'there', visits: 0 },
      tools: [
        {
          name: 'lookup',
          description: 'Looks up the appointment',
          parameters: { type: 'object', properties: {} },
          url: 'https://tools.example/lookup',
          timeoutSeconds: 15,
        },
      ],
    })
    expect(toLlmCreate(input, strict())).toEqual({
      start_speaker: 'agent',
      general_prompt: 'You remind {{first_name}}.',
      begin_message: 'Hi {{first_name}}',
      s2s_model: 'gpt-realtime',
      model_temperature: 0.5,
      general_tools: [
        {
          type: 'custom',
          name: 'lookup',
          description: 'Looks up the appointment',
          url: 'https://tools.example/lookup',
          parameters: { type: 'object', properties: {} },
          timeout_ms: 15_000,
          speak_after_execution: true,
        },
      ],
      default_dynamic_variables: { first_name: 'there', visits: '0' },
    })
    expect(toAgentCreate(input, strict())).toEqual({
      agent_name: 'Dental reminders',
      voice_id: '11labs-Adrian',
      voice_model: 'eleven_flash_v2_5',
      voice_speed: 1.1,
      language: 'en-GB',
      stt_mode: 'custom',
      custom_stt_config: { provider: 'soniox', endpointing_ms: 300 },
      max_call_duration_ms: 600_000,
    })
  })

  it('a null first message makes the agent wait for the callee', () => {
    expect(toLlmCreate(agentInput({ firstMessage: null }), strict())).toEqual({
      start_speaker: 'user',
      begin_message: '',
    })
  })

  it('refuses an agent without a voice, and values Retell lacks, before anything is sent', () => {
    expect(
      thrownApiError(() => toAgentCreate(agentInput({ voice: undefined }), strict())).extras.errors,
    ).toEqual([{ path: 'voice', message: 'Retell requires a voice: give voice.voiceId, e.g. 11labs-Adrian' }])
    for (const [input, field] of [
      [agentInput({ llm: { model: 'gpt-4o' } }), 'llm.model'],
      [agentInput({ llm: { model: 'gpt-4.1', vendor: 'anthropic' } }), 'llm.vendor'],
      [agentInput({ llm: { model: 'gpt-4.1', temperature: 1.2 } }), 'llm.temperature'],
      [agentInput({ maxDurationSeconds: 10_000 }), 'maxDurationSeconds'],
      [agentInput({ language: 'tlh' }), 'language'],
      [agentInput({ language: 'en-US', transcriber: { language: 'de-DE' } }), 'transcriber.language'],
      [agentInput({ enabled: false }), 'enabled'],
    ] as const) {
      const error = thrownApiError(() => {
        toLlmCreate(input, strict())
        toAgentCreate(input, strict())
      })
      expect(error.code, field).toBe('unsupported_field')
      expect(error.extras.errors?.[0]?.path).toBe(field)
    }
  })

  it('reads an agent joined with its LLM; built-in tools stay in providerData', () => {
    const agent = fromVendorAgent(AgentSchema.parse(vendorAgent()), undefined)
    expect(agent).toMatchObject({ prompt: null, llm: null, providerData: { agent: expect.any(Object) } })
    const joined = fromVendorAgent(
      AgentSchema.parse(vendorAgent()),
      (() => {
        const llm = vendorLlm()
        return { ...llm, general_tools: llm.general_tools }
      })() as never,
    )
    expect(joined).toEqual({
      id: `retell_${AGENT_ID}`,
      provider: 'retell',
      name: 'Dental reminders',
      description: null,
      enabled: true,
      language: 'en-US',
      prompt: 'You remind {{first_name}} of their appointment on {{date}}.',
      firstMessage: 'Hi {{first_name}}, this is Acme Dental.',
      voice: { voiceId: '11labs-Adrian', model: 'eleven_flash_v2_5', speed: 1.1 },
      llm: { vendor: 'openai', model: 'gpt-4.1', temperature: 0.3 },
      transcriber: { vendor: 'deepgram' },
      maxDurationSeconds: 600,
      variables: { first_name: 'there', date: 'soon' },
      schedule: null,
      tools: [
        {
          name: 'lookup_appointment',
          description: 'Looks up the appointment',
          url: 'https://tools.example/lookup',
          method: 'POST',
          parameters: { type: 'object', properties: { patient: { type: 'string' } } },
          timeoutSeconds: 10,
        },
      ],
      webhookUrl: null,
      createdAt: null,
      updatedAt: '2025-11-21T09:41:00.000Z',
      providerData: expect.objectContaining({ llm: expect.any(Object) }),
    })
  })
})
