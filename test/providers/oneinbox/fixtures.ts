/** Vendor objects shaped like the OneInbox reference pages (create-call, agents, models). */

export const AGENT_ID = '3c90c3cc-0d44-4b50-8888-8dd25736052a'
export const MODEL_ID = '8f14e45f-ceea-467f-a5d3-2f8c5e1b7a90'
export const CALL_ID = 'b5f0a7e2-4c1d-4e8a-9f3b-6d2c1e0a9b87'

export const vendorModel = () => ({
  id: MODEL_ID,
  name: 'Dental reminders',
  provider: 'openai',
  model: 'gpt-4o-mini',
  system_prompt: 'You remind {{firstName}} of their appointment.',
  temperature: 0.4,
  tool_ids: [],
  knowledge_base_ids: [],
  created_at: '2026-11-20T08:00:00.000000',
  updated_at: '2026-11-20T08:00:00.000000',
})

export const vendorAgent = () => ({
  id: AGENT_ID,
  name: 'Dental reminders',
  llm_id: MODEL_ID,
  webhook_id: null,
  transcriber: { provider: 'deepgram', model: 'nova-3', language: 'en-US' },
  tts: { provider: 'elevenlabs', credential_id: null, voice_id: 'rachel', speed: 1.1, stability: 0.5 },
  first_message: 'Hi {{firstName}}, this is the dental clinic.',
  end_call_phrases: ['goodbye'],
  max_duration_seconds: 300,
  interruption_sensitivity: 0.5,
  silence_timeout_seconds: 20,
  enable_recording: true,
  language: 'en-US',
  dynamic_variables: { firstName: 'there', slots: 3, vip: false, nested: { ignored: true } },
  voicemail_detection: true,
  voicemail_message: null,
  metadata: { switchboard_description: 'Reminds patients', switchboard_llm_id: MODEL_ID },
  effective_system_prompt: 'You remind {{firstName}} of their appointment.',
  created_at: '2026-11-20T08:00:01.123456',
  updated_at: '2026-11-20T09:15:00Z',
})

export const vendorCall = (changes: Record<string, unknown> = {}) => ({
  id: CALL_ID,
  agent_id: AGENT_ID,
  type: 'outbound',
  status: 'completed',
  from_number: '+14155550199',
  to_number: '+14155550100',
  room_name: null,
  direction: 'outbound',
  scheduled_at: null,
  variables: { firstName: 'Ada' },
  started_at: '2026-11-21T09:30:05Z',
  ended_at: '2026-11-21T09:31:47Z',
  duration_seconds: 102,
  end_reason: 'user_hangup',
  transcript: 'Agent: Hi Ada\nUser: Hi',
  messages: [
    { role: 'system', content: 'You remind Ada of their appointment.' },
    { role: 'assistant', content: 'Hi Ada, this is the dental clinic.', start: 0.4, end: 2.9 },
    { role: 'user', content: 'Oh hi, yes?' },
    { role: 'tool', content: '{"slot":"10:00"}' },
    { role: 'assistant', content: '' },
    'garbled entry',
  ],
  recording_url: 'https://recordings.oneinbox.ai/calls/b5f0.wav?X-Amz-Signature=abc',
  analysis: { sentiment: 'positive' },
  latency: { p50_ms: 620 },
  cost_cents: 37,
  metadata: { crmId: 'lead_42' },
  created_at: '2026-11-21T09:30:00.000000',
  updated_at: '2026-11-21T09:31:50Z',
  twilio_call_sid: 'CA0123456789abcdef0123456789abcdef',
  outcome: 'Appointment Confirmed',
  ai_summary: 'Ada confirmed Tuesday 10:00.',
  credits_used: 1.7,
  ...changes,
})

export const ONEINBOX_ENV = {
  ONEINBOX_API_KEY: 'vendor-secret-key',
  ONEINBOX_BASE_URL: 'https://oneinbox.test',
}
