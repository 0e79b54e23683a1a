/** Vapi objects shaped like the reference (OpenAPI `Assistant`, `Call`, `ServerMessage*`). */
import { FAKE_VAPI_KEY } from '../../fakes/vapi'

export const ASSISTANT = '5b0a4c2e-7a0f-4c8e-9d51-2f3e4a5b6c7d'
export const CALL = '019a9046-2b1c-7d3e-8f40-5a6b7c8d9e0f'
export const NUMBER_ID = '0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f'
export const HOOK = 'https://gw.example/v1/webhooks/vapi/eyJ2IjoxfQ.c2ln'

export const VAPI_ENV = { VAPI_API_KEY: FAKE_VAPI_KEY, VAPI_BASE_URL: 'https://vapi.test' }

export const vapiAssistant = () => ({
  id: ASSISTANT,
  orgId: 'a1b2c3d4-0000-4000-8000-000000000001',
  name: 'Dental reminders',
  firstMessage: 'Hi {{firstName}}, this is the dental clinic.',
  firstMessageMode: 'assistant-speaks-first',
  model: {
    provider: 'openai',
    model: 'gpt-4o-mini',
    temperature: 0.4,
    maxTokens: 250,
    messages: [
      { role: 'system', content: 'You remind {{firstName}} of their appointment.' },
      { role: 'assistant', content: 'Example reply' },
    ],
    tools: [
      {
        type: 'apiRequest',
        name: 'book',
        description: 'Books a slot',
        method: 'POST',
        url: 'https://crm.example/book',
        body: { type: 'object', properties: { slot: { type: 'string' } } },
      },
      { type: 'endCall' },
    ],
    emotionRecognitionEnabled: true,
  },
  voice: { provider: '11labs', voiceId: 'rachel', model: 'eleven_turbo_v2_5', speed: 1.1, stability: 0.5 },
  transcriber: { provider: 'deepgram', model: 'nova-3', language: 'en-US', smartFormat: true },
  maxDurationSeconds: 300,
  server: { url: HOOK, backoffPlan: { type: 'exponential', maxRetries: 3, baseDelaySeconds: 1 } },
  serverMessages: ['status-update', 'end-of-call-report'],
  metadata: {
    description: 'Reminds patients',
    variables: { firstName: 'there', slots: 3, nested: { no: 1 } },
  },
  createdAt: '2026-11-20T08:00:01.123Z',
  updatedAt: '2026-11-20T09:15:00.000Z',
  latestVersion: 'v1',
})

/** An ended call as `GET /call/{id}` answers it (a 2026 response dump, trimmed). */
export const vapiCall = () => ({
  id: CALL,
  orgId: 'a1b2c3d4-0000-4000-8000-000000000001',
  type: 'outboundPhoneCall',
  status: 'ended',
  endedReason: 'customer-ended-call',
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:31:12.000Z',
  startedAt: '2026-11-21T09:30:04.250Z',
  endedAt: '2026-11-21T09:31:10.500Z',
  cost: 0.1234,
  costBreakdown: { transport: 0.01, stt: 0.02, llm: 0.03, tts: 0.04, vapi: 0.0234, total: 0.1234 },
  assistantId: ASSISTANT,
  assistantOverrides: {
    variableValues: { firstName: 'Ada', clinic: 'Riverside' },
    metadata: { crmId: 'lead_42', switchboardRef: 'req:req_1' },
    server: { url: HOOK },
  },
  phoneNumberId: NUMBER_ID,
  customer: { number: '+14155550100' },
  schedulePlan: { earliestAt: '2026-11-21T09:30:00.000Z', latestAt: '2026-11-21T12:00:00.000Z' },
  monitor: {
    listenUrl: `wss://phone-call-websocket.aws-us-west-2-backend-production1.vapi.ai/${CALL}/listen`,
    controlUrl: `https://phone-call-websocket.aws-us-west-2-backend-production1.vapi.ai/${CALL}/control`,
  },
  artifact: {
    transcript: 'AI: Hi Ada!\nUser: Hello.',
    recordingUrl: 'https://storage.vapi.ai/rec-1.wav',
    messages: [
      {
        role: 'system',
        message: 'You remind Ada of their appointment.',
        time: 1763717404000,
        secondsFromStart: 0,
      },
      {
        role: 'bot',
        message: 'Hi Ada!',
        time: 1763717405000,
        endTime: 1763717406500,
        secondsFromStart: 1.2,
        duration: 1500,
      },
      { role: 'user', message: 'Hello.', time: 1763717407000, endTime: 1763717407800, secondsFromStart: 3.2 },
      {
        role: 'tool_calls',
        toolCalls: [{ id: 't1', type: 'function', function: { name: 'book', arguments: '{}' } }],
        time: 1763717408000,
        secondsFromStart: 4.2,
      },
      { role: 'tool_call_result', toolCallId: 't1', name: 'book', result: 'booked', secondsFromStart: 5 },
    ],
  },
  analysis: { summary: 'Ada confirmed Tuesday.', successEvaluation: true },
  phoneNumber: undefined,
})

/** `status-update` as Vapi posts it to a server URL. */
export const statusUpdate = (status: string, extra: Record<string, unknown> = {}) => ({
  message: {
    type: 'status-update',
    status,
    timestamp: 1763717404250,
    call: {
      ...vapiCall(),
      status: 'in-progress',
      endedReason: undefined,
      endedAt: undefined,
      artifact: undefined,
    },
    phoneNumber: { id: NUMBER_ID, number: '+14155550199', twilioAuthToken: 'tw-secret-token' },
    ...extra,
  },
})

/** `end-of-call-report`: sent once post-processing is done, after the ended status-update. */
export const endOfCallReport = () => {
  const call = vapiCall()
  return {
    message: {
      type: 'end-of-call-report',
      endedReason: 'customer-busy',
      timestamp: 1763717480000,
      cost: 0.02,
      startedAt: call.startedAt,
      endedAt: call.endedAt,
      artifact: call.artifact,
      analysis: call.analysis,
      call: { ...call, status: 'in-progress', endedReason: undefined },
    },
  }
}
