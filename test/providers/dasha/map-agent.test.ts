import { describe, expect, it } from 'vitest'
import {
  ALWAYS_OPEN,
  agentBodyFrom,
  buildAgentBody,
  fromDashaSchedule,
  fromVendorAgent,
  toDashaSchedule,
} from '../../../providers/dasha/agents'
import { DashaAgentSchema } from '../../../providers/dasha/vendor'
import { thrownApiError } from '../thrown-api-error'
import { AGENT_ID, fullAgent } from './fixtures'

const vendorAgent = () => DashaAgentSchema.parse(fullAgent())

describe('Dasha agent → unified', () => {
  it('maps the reference’s full agent config field by field', () => {
    const agent = fromVendorAgent(vendorAgent())
    expect({ ...agent, providerData: undefined }).toEqual({
      id: `dasha_${AGENT_ID}`,
      provider: 'dasha',
      name: 'Appointment reminders',
      description: 'Calls patients the day before their appointment',
      enabled: true,
      language: 'en-US',
      prompt: 'You remind {{firstName}} of their appointment at {{clinic}}. Be brief and friendly.',
      firstMessage: null,
      voice: {
        voiceId: 'EXAVITQu4vr4xnSDxMaL',
        vendor: 'ElevenLabs',
        model: 'eleven_flash_v2_5',
        speed: 1.1,
      },
      llm: { model: 'gpt-4.1-mini', vendor: 'openai', temperature: 0.4, maxTokens: 512 },
      transcriber: { vendor: 'Auto' },
      maxDurationSeconds: 600,
      // Nested vendor data has no unified form; it stays in providerData.
      variables: { clinic: 'Main St Dental', slots: 3, vip: false },
      schedule: {
        timezone: 'America/New_York',
        windows: {
          mon: [{ start: '09:00', end: '17:30' }],
          tue: [{ start: '09:00', end: '17:30' }],
          wed: [
            { start: '09:00', end: '12:00' },
            { start: '13:00', end: '17:30' },
          ],
          thu: [{ start: '09:00', end: '17:30' }],
          fri: [{ start: '09:00', end: '16:00' }],
        },
      },
      tools: [
        {
          name: 'lookup_appointment',
          description: 'Finds the patient’s next appointment',
          parameters: {
            type: 'object',
            properties: { patientId: { type: 'string' } },
            required: ['patientId'],
          },
          url: 'https://crm.example/tools/lookup',
          method: 'POST',
          headers: { 'x-crm-token': 'crm-123' },
          timeoutSeconds: 10,
        },
      ],
      webhookUrl: null,
      createdAt: '2026-03-01T08:00:00.000Z',
      updatedAt: '2026-03-02T10:15:30.123Z',
    })
    expect(agent.providerData).toEqual(fullAgent())
  })

  it('reads a disabled max duration, a missing LLM and an offset-less timestamp', () => {
    const raw = fullAgent()
    raw.config.features.maxDuration.isEnabled = false
    const { llmConfig: _gone, ...config } = raw.config
    const agent = fromVendorAgent(
      DashaAgentSchema.parse({ ...raw, config, createdTime: '2026-03-01T08:00:00', isEnabled: false }),
    )
    expect(agent.maxDurationSeconds).toBeNull()
    expect(agent.llm).toBeNull()
    expect(agent.prompt).toBeNull()
    expect(agent.enabled).toBe(false)
    expect(agent.createdAt).toBe('2026-03-01T08:00:00.000Z')
  })

  it('keeps a tool it cannot express out of tools (it stays in providerData)', () => {
    const raw = fullAgent()
    raw.config.tools.push({ ...raw.config.tools[0], name: 'has spaces' } as never)
    const agent = fromVendorAgent(DashaAgentSchema.parse(raw))
    expect(agent.tools.map((t) => t.name)).toEqual(['lookup_appointment'])
  })
})

describe('schedules', () => {
  it('turns "09:00" windows into {hour, minute} slots for every weekday, closed days empty', () => {
    const schedule = toDashaSchedule({
      timezone: 'Europe/Berlin',
      windows: { mon: [{ start: '08:30', end: '24:00' }], sat: [{ start: '10:00', end: '12:15' }] },
    })
    expect(schedule).toEqual({
      timezone: 'Europe/Berlin',
      mon: [{ start: { hour: 8, minute: 30 }, end: { hour: 23, minute: 59 } }],
      tue: [],
      wed: [],
      thu: [],
      fri: [],
      sat: [{ start: { hour: 10, minute: 0 }, end: { hour: 12, minute: 15 } }],
      sun: [],
    })
    expect(fromDashaSchedule(schedule)).toEqual({
      timezone: 'Europe/Berlin',
      windows: { mon: [{ start: '08:30', end: '23:59' }], sat: [{ start: '10:00', end: '12:15' }] },
    })
  })

  it('answers null for a schedule whose zone is not an IANA name', () => {
    expect(fromDashaSchedule({ timezone: 'Pacific Standard Time', mon: [] })).toBeNull()
    expect(fromDashaSchedule(null)).toBeNull()
  })
})

describe('unified → Dasha agent body', () => {
  it('builds a create body from every supported field', () => {
    const body = buildAgentBody(
      undefined,
      {
        name: 'Reminders',
        description: 'Day-before reminders',
        enabled: false,
        language: 'de-DE',
        prompt: 'Erinnere {{name}}.',
        voice: { voiceId: 'voice-9', vendor: 'Cartesia', speed: 0.9 },
        llm: { model: 'claude-3-5-haiku', vendor: 'anthropic', temperature: 0.2 },
        transcriber: { vendor: 'Deepgram' },
        maxDurationSeconds: 300,
        variables: { name: 'Ada' },
        schedule: { timezone: 'Europe/Berlin', windows: { fri: [{ start: '09:00', end: '12:00' }] } },
        tools: [
          {
            name: 'book',
            description: 'Books a slot',
            parameters: { type: 'object' },
            url: 'https://crm.example/book',
            method: 'PUT',
            timeoutSeconds: 5,
          },
        ],
      },
      {},
    )
    expect(body).toEqual({
      name: 'Reminders',
      description: 'Day-before reminders',
      isEnabled: false,
      additionalData: { name: 'Ada' },
      schedule: toDashaSchedule({
        timezone: 'Europe/Berlin',
        windows: { fri: [{ start: '09:00', end: '12:00' }] },
      }),
      config: {
        primaryLanguage: 'de-DE',
        ttsConfig: { version: 'v1', voiceId: 'voice-9', vendor: 'Cartesia', model: null, speed: 0.9 },
        llmConfig: {
          version: 'v1',
          prompt: 'Erinnere {{name}}.',
          model: 'claude-3-5-haiku',
          vendor: 'anthropic',
          options: { temperature: 0.2, maxTokens: null },
        },
        sttConfig: { version: 'v1', vendor: 'Deepgram' },
        features: { version: 'v1', maxDuration: { version: 'v1', maxDurationSeconds: 300, isEnabled: true } },
        tools: [
          {
            name: 'book',
            description: 'Books a slot',
            schema: { type: 'object' },
            webhook: { url: 'https://crm.example/book', headers: {}, customSettings: { httpMethod: 'PUT' } },
            timeoutSeconds: 5,
          },
        ],
      },
    })
  })

  it('refuses an agent without voice and language, naming both', () => {
    const error = thrownApiError(() => buildAgentBody(undefined, { name: 'No voice' }, {}))
    expect(error.code).toBe('validation_failed')
    expect(error.message).toMatch(/requires language and voice/)
    expect(error.extras.errors?.map((e) => e.path)).toEqual(['language', 'voice'])
  })

  it('adds providerOptions that do not collide, and refuses one that does, naming it', () => {
    const fields = { name: 'A', language: 'en-US', voice: { voiceId: 'v' }, maxDurationSeconds: 120 }
    const body = buildAgentBody(undefined, fields, {
      config: {
        features: {
          ivrDetection: { version: 'v1', isEnabled: true },
          maxDuration: { maxDurationInTransferSeconds: 900 },
        },
        outboundSipConfig: { server: 'sip.example', authUser: 'u' },
      },
    })
    expect(body.config.features).toEqual({
      version: 'v1',
      maxDuration: {
        version: 'v1',
        maxDurationSeconds: 120,
        isEnabled: true,
        maxDurationInTransferSeconds: 900,
      },
      ivrDetection: { version: 'v1', isEnabled: true },
    })
    expect(body.config.outboundSipConfig).toEqual({ server: 'sip.example', authUser: 'u' })

    const error = thrownApiError(() =>
      buildAgentBody(undefined, fields, { config: { features: { maxDuration: { maxDurationSeconds: 9 } } } }),
    )
    expect(error.code).toBe('validation_failed')
    expect(error.extras.errors).toEqual([
      {
        path: 'providerOptions.dasha.config.features.maxDuration.maxDurationSeconds',
        message: 'Collides with a mapped field; set it through the unified field instead',
      },
    ])
  })
})

describe('read–merge–write', () => {
  it('reproduces the agent Dasha holds, minus what Dasha assigns', () => {
    const body = agentBodyFrom(vendorAgent())
    const {
      agentId: _a,
      orgId: _o,
      createdTime: _c,
      lastUpdateTime: _u,
      inboundSipConfig: _i,
      ...rest
    } = fullAgent()
    expect(body).toEqual({ ...rest, inboundSipConfig: { phoneNumber: '+14155550199' } })
  })

  it('changes only what the patch names and keeps every vendor-only setting', () => {
    const base = agentBodyFrom(vendorAgent())
    const body = buildAgentBody(
      base,
      { name: 'Renamed', voice: { voiceId: 'new-voice' }, llm: { model: 'gpt-4.1' } },
      {},
    )
    const before = fullAgent().config
    expect(body.name).toBe('Renamed')
    expect(body.config.ttsConfig).toEqual({
      ...before.ttsConfig,
      voiceId: 'new-voice',
      model: null,
      speed: 1,
    })
    // The prompt, top-p and retries the patch did not mention survive; a voice without vendor keeps ElevenLabs.
    expect(body.config.llmConfig).toEqual({
      ...before.llmConfig,
      model: 'gpt-4.1',
      options: { ...before.llmConfig.options, temperature: null, maxTokens: null },
    })
    expect(body.config.outboundSipConfig).toEqual(before.outboundSipConfig)
    expect(body.config.features).toEqual(before.features)
    expect(body.config.builtInTools).toEqual(before.builtInTools)
    expect(body.schedule).toEqual(fullAgent().schedule)
    expect(body.additionalData).toEqual(fullAgent().additionalData)
  })

  it('replaces variables as one value, and opens the schedule when it is cleared', () => {
    const body = buildAgentBody(
      agentBodyFrom(vendorAgent()),
      { variables: { only: 'this' }, schedule: null },
      {},
    )
    expect(body.additionalData).toEqual({ only: 'this' })
    expect(body.schedule).toEqual(ALWAYS_OPEN)
  })

  it('refuses to clear the voice Dasha requires', () => {
    const error = thrownApiError(() => buildAgentBody(agentBodyFrom(vendorAgent()), { voice: null }, {}))
    expect(error.extras.errors?.map((e) => e.path)).toEqual(['voice'])
  })
})
