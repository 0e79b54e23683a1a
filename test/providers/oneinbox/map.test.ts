import { describe, expect, it } from 'vitest'
import type { AgentInput, CallInput } from '../../../providers/kit/types'
import {
  attachModel,
  fromVendorAgent,
  toAgentCreate,
  toAgentPatch,
  toModelCreate,
  toModelPatch,
} from '../../../providers/oneinbox/agents'
import { fromVendorCall, toVendorCall } from '../../../providers/oneinbox/calls'
import { describeOneInboxError } from '../../../providers/oneinbox/client'
import { normalizeStatus, statusMap, vendorStatusFilter } from '../../../providers/oneinbox/statuses'
import {
  AgentResponseSchema,
  CallResponseSchema,
  ModelResponseSchema,
} from '../../../providers/oneinbox/vendor'
import { AgentSchema } from '../../../src/contract/agent'
import { CALL_STATUSES, CallSchema } from '../../../src/contract/call'
import { FieldPolicy } from '../../../src/contract/field-policy'
import { thrownApiError } from '../thrown-api-error'
import { AGENT_ID, CALL_ID, MODEL_ID, vendorAgent, vendorCall, vendorModel } from './fixtures'

const strict = () => new FieldPolicy('strict', 'OneInbox')
const NOW = Date.parse('2026-11-21T12:00:00Z')
describe('OneInbox agent mapping', () => {
  const input: AgentInput = {
    name: 'Dental reminders',
    description: 'Reminds patients',
    language: 'en-US',
    prompt: 'You remind {{firstName}} of their appointment.',
    firstMessage: 'Hi {{firstName}}, this is the dental clinic.',
    voice: { vendor: 'elevenlabs', voiceId: 'rachel', speed: 1.1 },
    llm: { vendor: 'openai', model: 'gpt-4o-mini', temperature: 0.4 },
    transcriber: { vendor: 'deepgram', model: 'nova-3', language: 'en-US' },
    maxDurationSeconds: 300,
    variables: { firstName: 'there' },
    providerOptions: {
      enable_recording: true,
      tts: { stability: 0.5 },
      model: { knowledge_base_ids: ['kb1'] },
    },
  }

  it('puts the prompt and LLM on the model and the rest on the agent, options merged in', () => {
    expect(toModelCreate(input, strict())).toEqual({
      name: 'Dental reminders',
      system_prompt: 'You remind {{firstName}} of their appointment.',
      provider: 'openai',
      model: 'gpt-4o-mini',
      temperature: 0.4,
      knowledge_base_ids: ['kb1'],
    })
    expect(attachModel(toAgentCreate(input), MODEL_ID)).toEqual({
      name: 'Dental reminders',
      llm_id: MODEL_ID,
      first_message: 'Hi {{firstName}}, this is the dental clinic.',
      tts: { provider: 'elevenlabs', voice_id: 'rachel', speed: 1.1, stability: 0.5 },
      transcriber: { provider: 'deepgram', model: 'nova-3', language: 'en-US' },
      max_duration_seconds: 300,
      language: 'en-US',
      dynamic_variables: { firstName: 'there' },
      enable_recording: true,
      metadata: { switchboard_description: 'Reminds patients', switchboard_llm_id: MODEL_ID },
    })
  })

  it('refuses an option that would overwrite a mapped field, naming it', () => {
    const error = thrownApiError(() =>
      toAgentCreate({ ...input, providerOptions: { first_message: 'Other', tts: { voice_id: 'x' } } }),
    )
    expect(error.code).toBe('validation_failed')
    expect(error.extras.errors?.[0]?.path).toBe('providerOptions.oneinbox.first_message')
    const nested = thrownApiError(() =>
      toModelCreate({ ...input, providerOptions: { model: { temperature: 1 } } }, strict()),
    )
    expect(nested.extras.errors?.[0]?.path).toBe('providerOptions.oneinbox.model.temperature')
  })

  it('refuses enabled: false and llm: null, which OneInbox cannot represent', () => {
    expect(thrownApiError(() => toModelCreate({ ...input, enabled: false }, strict())).code).toBe(
      'unsupported_field',
    )
    const lenient = new FieldPolicy('lenient', 'OneInbox')
    expect(toModelPatch({ llm: null, providerOptions: {} }, lenient)).toBeUndefined()
    expect(lenient.warnings.map((w) => w.field)).toEqual(['llm'])
    expect(toModelCreate({ ...input, enabled: true }, strict()).name).toBe('Dental reminders')
  })

  it('splits a patch between agent and model, keeping our metadata keys', () => {
    const current = AgentResponseSchema.parse(vendorAgent())
    expect(toAgentPatch({ firstMessage: null, description: 'New', providerOptions: {} }, current)).toEqual({
      first_message: null,
      metadata: { switchboard_llm_id: MODEL_ID, switchboard_description: 'New' },
    })
    expect(toAgentPatch({ prompt: 'Be brief.', providerOptions: {} }, current)).toBeUndefined()
    expect(toModelPatch({ prompt: 'Be brief.', providerOptions: {} }, strict())).toEqual({
      system_prompt: 'Be brief.',
    })
    expect(toModelPatch({ name: 'Renamed', providerOptions: {} }, strict())).toBeUndefined()
  })

  it('reads an agent joined with its model back into the unified shape', () => {
    const agent = AgentSchema.parse(
      fromVendorAgent(AgentResponseSchema.parse(vendorAgent()), ModelResponseSchema.parse(vendorModel())),
    )
    expect(agent).toMatchObject({
      id: `oneinbox_${AGENT_ID}`,
      provider: 'oneinbox',
      name: 'Dental reminders',
      description: 'Reminds patients',
      enabled: true,
      language: 'en-US',
      prompt: 'You remind {{firstName}} of their appointment.',
      firstMessage: 'Hi {{firstName}}, this is the dental clinic.',
      voice: { vendor: 'elevenlabs', voiceId: 'rachel', speed: 1.1 },
      llm: { vendor: 'openai', model: 'gpt-4o-mini', temperature: 0.4 },
      transcriber: { vendor: 'deepgram', model: 'nova-3', language: 'en-US' },
      maxDurationSeconds: 300,
      variables: { firstName: 'there', slots: 3, vip: false },
      schedule: null,
      tools: [],
      webhookUrl: null,
      createdAt: '2026-11-20T08:00:01.123Z',
      updatedAt: '2026-11-20T09:15:00.000Z',
    })
    expect(agent.providerData).toEqual({ agent: vendorAgent(), model: vendorModel() })
  })

  it('falls back to effective_system_prompt when the model cannot be read', () => {
    const bare = { id: AGENT_ID, name: 'Bare', effective_system_prompt: 'Default prompt' }
    const agent = fromVendorAgent(AgentResponseSchema.parse(bare), undefined)
    expect(agent).toMatchObject({ prompt: 'Default prompt', llm: null, voice: null, description: null })
    expect(agent.providerData).toEqual({ agent: bare })
  })
})

describe('OneInbox call mapping', () => {
  const input: CallInput = {
    agentVendorId: AGENT_ID,
    to: '+14155550100',
    from: '+14155550199',
    scheduledAt: '2026-11-22T09:00:00.000Z',
    variables: { firstName: 'Ada' },
    metadata: { crmId: 'lead_42' },
    overrides: {
      prompt: 'Be brief.',
      firstMessage: 'Hi Ada!',
      voice: { voiceId: 'rachel', model: 'eleven_turbo_v2', speed: 1.2 },
      llm: { model: 'gpt-4o', temperature: 0.2 },
      transcriber: { model: 'nova-3', language: 'es-ES' },
    },
    providerOptions: { overrides: { tts: { stability: 0.3 } } },
  }

  it('maps every field to the create-call body, options merged', () => {
    expect(toVendorCall(input, strict())).toEqual({
      agent_id: AGENT_ID,
      to_number: '+14155550100',
      from_number: '+14155550199',
      scheduled_at: '2026-11-22T09:00:00.000Z',
      variables: { firstName: 'Ada' },
      metadata: { crmId: 'lead_42' },
      overrides: {
        llm: { model: 'gpt-4o', temperature: 0.2, system_prompt: 'Be brief.' },
        transcriber: { model: 'nova-3', language: 'es-ES' },
        tts: { voice_id: 'rachel', model: 'eleven_turbo_v2', speed: 1.2, stability: 0.3 },
        first_message: 'Hi Ada!',
      },
    })
  })

  it('names OneInbox and the field when from is missing or not E.164, or the destination is SIP', () => {
    for (const [body, path] of [
      [{ ...input, from: undefined }, 'from'],
      [{ ...input, from: 'PN123' }, 'from'],
      [{ ...input, to: 'sip:alice@example.com' }, 'to'],
    ] as const) {
      const error = thrownApiError(() => toVendorCall(body, strict()))
      expect(error.code).toBe('validation_failed')
      expect(error.message).toContain('OneInbox')
      expect(error.extras).toMatchObject({ provider: 'oneinbox', upstream: 'not_sent' })
      expect(error.extras.errors?.[0]?.path).toBe(path)
    }
  })

  it('refuses per-call vendor switches it has no field for', () => {
    const overrides = { ...input.overrides, voice: { vendor: 'cartesia', voiceId: 'v' } }
    const error = thrownApiError(() => toVendorCall({ ...input, overrides }, strict()))
    expect(error.code).toBe('unsupported_field')
    expect(error.extras.errors?.[0]?.path).toBe('overrides.voice.vendor')
    const lenient = new FieldPolicy('lenient', 'OneInbox')
    const llm = { model: 'gpt-4o', maxTokens: 100 }
    expect(toVendorCall({ ...input, overrides: { llm }, providerOptions: {} }, lenient).overrides).toEqual({
      llm: { model: 'gpt-4o' },
    })
    expect(lenient.warnings.map((w) => w.field)).toEqual(['overrides.llm.maxTokens'])
  })

  it('reads a finished call: transcript from messages, summary, cost in USD, times in UTC', () => {
    const call = CallSchema.parse(fromVendorCall(CallResponseSchema.parse(vendorCall()), NOW))
    expect(call).toMatchObject({
      id: `oneinbox_${CALL_ID}`,
      provider: 'oneinbox',
      agentId: `oneinbox_${AGENT_ID}`,
      status: 'completed',
      providerStatus: 'completed',
      direction: 'outbound',
      to: '+14155550100',
      from: '+14155550199',
      variables: { firstName: 'Ada' },
      metadata: { crmId: 'lead_42' },
      priority: null,
      deadline: null,
      timezone: null,
      nextAttemptAt: null,
      createdAt: '2026-11-21T09:30:00.000Z',
      startedAt: '2026-11-21T09:30:05.000Z',
      endedAt: '2026-11-21T09:31:47.000Z',
      durationSeconds: 102,
      endReason: 'user_hangup',
      summary: 'Ada confirmed Tuesday 10:00.',
      recordingUrl: 'https://recordings.oneinbox.ai/calls/b5f0.wav?X-Amz-Signature=abc',
      cost: { amount: 0.37, currency: 'USD' },
    })
    expect(call.transcript).toEqual([
      { role: 'agent', text: 'Hi Ada, this is the dental clinic.', startSeconds: 0.4, endSeconds: 2.9 },
      { role: 'user', text: 'Oh hi, yes?' },
      { role: 'tool', text: '{"slot":"10:00"}' },
    ])
    expect(call.providerData).toEqual(vendorCall())
  })

  it('reads a fresh call with nothing yet', () => {
    const fresh = vendorCall({
      status: 'queued',
      started_at: null,
      ended_at: null,
      duration_seconds: null,
      end_reason: null,
      messages: [],
      transcript: null,
      cost_cents: null,
      ai_summary: null,
      recording_url: null,
    })
    expect(fromVendorCall(CallResponseSchema.parse(fresh), NOW)).toMatchObject({
      status: 'queued',
      transcript: null,
      cost: null,
      summary: null,
      durationSeconds: null,
    })
  })
})

describe('OneInbox statuses', () => {
  const at = (status: string, extra: { end_reason?: string; scheduled_at?: string } = {}) =>
    normalizeStatus({ status, end_reason: null, scheduled_at: null, ...extra }, NOW)

  it('normalizes every vendor word, keeping unknown words as unknown', () => {
    expect(statusMap).toEqual({
      queued: 'queued',
      initiated: 'ringing',
      in_progress: 'in_progress',
      completed: 'completed',
      failed: 'failed',
    })
    for (const [word, status] of Object.entries(statusMap)) expect(at(word)).toBe(status)
    for (const status of Object.values(statusMap)) expect(CALL_STATUSES).toContain(status)
    expect(at('ringing_soon')).toBe('unknown')
  })

  it('reads a future scheduled_at as scheduled, and end reasons as their outcome', () => {
    expect(at('queued', { scheduled_at: '2026-11-21T13:00:00' })).toBe('scheduled')
    expect(at('queued', { scheduled_at: '2026-11-21T11:00:00Z' })).toBe('queued')
    expect(at('completed', { end_reason: 'api_stop' })).toBe('canceled')
    expect(at('failed', { end_reason: 'api_stop' })).toBe('canceled')
    expect(at('failed', { end_reason: 'no_answer' })).toBe('no_answer')
    expect(at('failed', { end_reason: 'busy' })).toBe('busy')
    expect(at('completed', { end_reason: 'voicemail' })).toBe('voicemail')
    expect(at('completed', { end_reason: 'max_duration' })).toBe('completed')
    expect(at('in_progress', { end_reason: 'api_stop' })).toBe('in_progress')
  })

  it('filters lists by the vendor word only where one word means the status', () => {
    expect(vendorStatusFilter('ringing')).toBe('initiated')
    expect(vendorStatusFilter('scheduled')).toBe('queued')
    expect(vendorStatusFilter('completed')).toBe('completed')
    expect(vendorStatusFilter('canceled')).toBeUndefined()
    expect(vendorStatusFilter('no_answer')).toBeUndefined()
  })
})

describe('OneInbox error bodies', () => {
  it('maps FastAPI validation errors to our field names, keeping the vendor words', () => {
    const words = describeOneInboxError(422, {
      detail: [
        {
          loc: ['body', 'to_number'],
          msg: "String should match pattern '^\\+[1-9]\\d{1,14}$'",
          type: 'string_pattern_mismatch',
        },
        { loc: ['body', 'overrides', 'tts', 'voice_id'], msg: 'Unknown voice', type: 'value_error' },
        { loc: ['body', 'enable_recording'], msg: 'Input should be a valid boolean', type: 'bool_parsing' },
      ],
    })
    expect(words.errors).toEqual([
      { path: 'to', message: "String should match pattern '^\\+[1-9]\\d{1,14}$'" },
      { path: 'overrides.voice.voiceId', message: 'Unknown voice' },
      { path: 'enable_recording', message: 'Input should be a valid boolean' },
    ])
    expect(words.code).toBe('string_pattern_mismatch')
    expect(words.detail).toContain('body.to_number: String should match pattern')
  })

  it('keeps a plain detail string, and says nothing of a body it does not recognize', () => {
    expect(describeOneInboxError(404, { detail: 'Call not found' })).toEqual({ detail: 'Call not found' })
    expect(describeOneInboxError(500, { error: 'boom' })).toEqual({})
    expect(describeOneInboxError(500, 'Internal Server Error')).toEqual({})
  })
})
