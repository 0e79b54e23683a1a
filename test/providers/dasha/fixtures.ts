/** Realistic Dasha BlackBox payloads, shaped after the pages docs/vendors/dasha.md § Sources lists. */

export const AGENT_ID = '3f2b9c4e-8a71-4d0e-9b6a-1c5d7e9f0a21'
export const ORG_ID = 'b7e1c0d2-4f3a-4b5c-8d9e-0a1b2c3d4e5f'

/** A full agent as GET /api/v1/agents/{id} answers it, every config block the reference shows filled in. */
export const fullAgent = () => ({
  name: 'Appointment reminders',
  config: {
    primaryLanguage: 'en-US',
    ttsConfig: {
      voiceId: 'EXAVITQu4vr4xnSDxMaL',
      vendor: 'ElevenLabs',
      version: 'v1',
      model: 'eleven_flash_v2_5',
      speed: 1.1,
      speedAdjustment: { version: 'v1', strategy: 'OnRequest' },
      vendorSpecificOptions: { stability: 0.5 },
      responsiveness: null,
      pronunciationDictionary: { id: 'dict-7', hash: '9f86d081' },
    },
    llmConfig: {
      model: 'gpt-4.1-mini',
      vendor: 'openai',
      prompt: 'You remind {{firstName}} of their appointment at {{clinic}}. Be brief and friendly.',
      version: 'v1',
      apiKey: null,
      endpoint: null,
      options: {
        temperature: 0.4,
        maxTokens: 512,
        topP: 0.9,
        frequencyPenalty: null,
        presencePenalty: null,
        stop: null,
        trailingPrompt: null,
        reasoningMode: null,
        maxRetries: 2,
        reasoningEffort: null,
      },
      vendorSpecificOptions: {},
      toolScopes: null,
    },
    version: 'v1',
    sttConfig: { version: 'v1', vendor: 'Auto', vendorSpecificOptions: {} },
    outboundSipConfig: {
      server: 'sip.telnyx.com',
      authUser: 'clinic-trunk',
      type: 'v1',
      domain: null,
      password: null,
      fromUser: '+14155550199',
      transport: 'udp',
      cpsLimit: 5,
      cpsKey: null,
      displayName: 'Main St Dental',
    },
    resultWebhook: {
      url: 'https://crm.example/dasha/results',
      headers: { 'x-crm-token': 'crm-123' },
      customSettings: {
        httpMethod: 'POST',
        queryParams: {},
        bodyFormat: { type: 'Text', template: '{{json}}' },
      },
    },
    features: {
      version: 'v1',
      postCallAnalysis: [],
      talkFirst: { version: 'v1', delay: 1, isEnabled: true, interruptible: true },
      maxDuration: {
        version: 'v1',
        maxDurationSeconds: 600,
        maxDurationInTransferSeconds: 7200,
        isEnabled: true,
      },
      ivrDetection: {
        version: 'v1',
        isEnabled: true,
        enabledForChat: false,
        enabledForInbound: false,
        enabledForOutbound: true,
        enabledForWebCall: false,
        ivrNavigation: false,
      },
      ambientNoise: { version: 'v1', isEnabled: false, ambientNoiseLevel: 0.1 },
      languageSwitching: { version: 'v1', isEnabled: true },
      fillers: { version: 'v1', isEnabled: true, strategy: { type: 'static', texts: ['um'] } },
      backchannel: { version: 'v1', isEnabled: false },
      silenceManagement: {
        version: 'v1',
        isEnabled: true,
        maxReminderAttempts: 2,
        reminderSilenceThresholdSeconds: 5,
        endWhenReminderLimitExceeded: true,
      },
    },
    mcpConnections: [],
    tools: [
      {
        name: 'lookup_appointment',
        schema: {
          type: 'object',
          properties: { patientId: { type: 'string' } },
          required: ['patientId'],
        },
        webhook: {
          url: 'https://crm.example/tools/lookup',
          headers: { 'x-crm-token': 'crm-123' },
          customSettings: {
            httpMethod: 'POST',
            queryParams: {},
            bodyFormat: { type: 'Text', template: '{{arguments}}' },
          },
        },
        description: 'Finds the patient’s next appointment',
        fallBackResult: null,
        timeoutSeconds: 10,
        retryCount: null,
      },
    ],
    builtInTools: [{ name: 'endConversation', additionalInstructions: null }],
  },
  agentId: AGENT_ID,
  orgId: ORG_ID,
  createdTime: '2026-03-01T08:00:00Z',
  lastUpdateTime: '2026-03-02T10:15:30.1234567Z',
  inboundSipConfig: {
    id: 'c1d2e3f4-0000-4000-8000-000000000001',
    phoneNumber: '+14155550199',
    sipUri: 'sip:agent-3f2b@sip.dasha.ai',
    sipTrunkUri: null,
  },
  schedule: {
    timezone: 'America/New_York',
    mon: [{ start: { hour: 9, minute: 0 }, end: { hour: 17, minute: 30 } }],
    tue: [{ start: { hour: 9, minute: 0 }, end: { hour: 17, minute: 30 } }],
    wed: [
      { start: { hour: 9, minute: 0 }, end: { hour: 12, minute: 0 } },
      { start: { hour: 13, minute: 0 }, end: { hour: 17, minute: 30 } },
    ],
    thu: [{ start: { hour: 9, minute: 0 }, end: { hour: 17, minute: 30 } }],
    fri: [{ start: { hour: 9, minute: 0 }, end: { hour: 16, minute: 0 } }],
    sat: [],
    sun: [],
  },
  isEnabled: true,
  description: 'Calls patients the day before their appointment',
  additionalData: { clinic: 'Main St Dental', slots: 3, vip: false, address: { street: '1 Main St' } },
})

export const CALL_ID = '9d8c7b6a-5f4e-4d3c-8b2a-190817161514'

/** A call as create and GET /api/v1/calls/{id} answer it. */
export const queuedCall = (overrides: Record<string, unknown> = {}) => ({
  endpoint: '+14155550100',
  callId: CALL_ID,
  orgId: ORG_ID,
  agentId: AGENT_ID,
  createdTime: '2026-03-03T14:00:00Z',
  status: 'Queued',
  nextScheduleTime: '2026-03-03T14:00:01Z',
  additionalData: { firstName: 'Ada', slots: 2 },
  priority: 5,
  callDeadline: '2026-03-04T14:00:00Z',
  timezone: 'America/New_York',
  overrideOutboundConfig: { phoneNumber: '+14155550199', credentialsId: null, displayName: 'Main St Dental' },
  ...overrides,
})

/** A finished call as POST /api/v1/callresults/search lists it. */
export const callResult = (overrides: Record<string, unknown> = {}) => ({
  callId: CALL_ID,
  agentId: AGENT_ID,
  orgId: ORG_ID,
  callAdditionalData: { firstName: 'Ada', slots: 2 },
  callStatus: 'Completed',
  callType: 'Outbound',
  createdTime: '2026-03-03T14:00:00Z',
  completedTime: '2026-03-03T14:03:12Z',
  durationSeconds: 187,
  endpoint: '+14155550100',
  sip: null,
  result: { finishReason: 'user_hangup', status: 'Success', postCallAnalysis: {} },
  transcription: [
    { speaker: 'assistant', text: 'Hi Ada, this is Main St Dental.', startTime: 0.5, endTime: 2.4 },
    { speaker: 'user', text: 'Oh, hi!', startTime: 2.9, endTime: 3.4 },
    { speaker: 'tool', text: '{"appointment":"Tuesday 10:00"}' },
  ],
  serverJobId: 'job-42',
  errorMessage: null,
  inspectorUrl: 'https://blackbox.dasha.ai/inspector/9d8c7b6a',
  recordingUrl: 'https://recordings.dasha.ai/9d8c7b6a.mp3',
  score: null,
  highlights: null,
  ...overrides,
})

/** ASP.NET's ProblemDetails, as Dasha answers errors. */
export const validationProblem = {
  type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  title: 'One or more validation errors occurred.',
  status: 400,
  detail: 'The request body is invalid.',
  instance: '/api/v1/calls',
  errors: { endpoint: ['The Endpoint field is required.'] },
}
