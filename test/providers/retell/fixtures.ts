import { RETELL_TEST_KEY } from '../../fakes/retell'

/** Vendor objects shaped like Retell's SDK types and its get-call / get-agent examples. */

export const RETELL_ENV = { RETELL_API_KEY: RETELL_TEST_KEY, RETELL_BASE_URL: 'https://retell.test' }

export const AGENT_ID = 'oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD'
export const LLM_ID = 'llm_234sdertfsdsfsdf'
export const CALL_ID = 'Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6'

export const vendorLlm = () => ({
  llm_id: LLM_ID,
  version: 3,
  is_published: false,
  general_prompt: 'You remind {{first_name}} of their appointment on {{date}}.',
  begin_message: 'Hi {{first_name}}, this is Acme Dental.',
  start_speaker: 'agent',
  model: 'gpt-4.1',
  model_temperature: 0.3,
  general_tools: [
    { type: 'end_call', name: 'end_call', description: 'Hang up when done.' },
    {
      type: 'custom',
      name: 'lookup_appointment',
      description: 'Looks up the appointment',
      url: 'https://tools.example/lookup',
      method: 'POST',
      parameters: { type: 'object', properties: { patient: { type: 'string' } } },
      timeout_ms: 10_000,
      speak_after_execution: true,
    },
  ],
  default_dynamic_variables: { first_name: 'there', date: 'soon' },
  last_modification_timestamp: 1_763_718_000_000,
})

export const vendorAgent = () => ({
  agent_id: AGENT_ID,
  version: 3,
  is_published: false,
  agent_name: 'Dental reminders',
  response_engine: { type: 'retell-llm', llm_id: LLM_ID, version: 3 },
  voice_id: '11labs-Adrian',
  voice_model: 'eleven_flash_v2_5',
  voice_speed: 1.1,
  language: 'en-US',
  stt_mode: 'custom',
  custom_stt_config: { provider: 'deepgram', endpointing_ms: 300 },
  webhook_url: null,
  max_call_duration_ms: 600_000,
  end_call_after_silence_ms: 600_000,
  last_modification_timestamp: 1_763_718_060_000,
})

/** A finished call as get-call answers it (times in epoch ms, cost in cents). */
export const endedCall = () => ({
  call_type: 'phone_call',
  call_id: CALL_ID,
  agent_id: AGENT_ID,
  agent_version: 3,
  agent_name: 'Dental reminders',
  call_status: 'ended',
  direction: 'outbound',
  from_number: '+14155550199',
  to_number: '+14155550100',
  metadata: { crm_id: 'lead_42', switchboard_reference: 'req_0123' },
  retell_llm_dynamic_variables: { first_name: 'Ada' },
  start_timestamp: 1_763_719_804_250,
  end_timestamp: 1_763_719_870_500,
  duration_ms: 66_250,
  disconnection_reason: 'agent_hangup',
  transcript: 'Agent: Hi Ada, this is Acme Dental.\nUser: Hi! Yes, Tuesday works.\n',
  transcript_object: [
    {
      role: 'agent',
      content: 'Hi Ada, this is Acme Dental.',
      words: [
        { word: 'Hi', start: 0.7, end: 0.9 },
        { word: 'Dental.', start: 2.1, end: 2.6 },
      ],
    },
    {
      role: 'user',
      content: 'Hi! Yes, Tuesday works.',
      words: [
        { word: 'Hi!', start: 3.1, end: 3.3 },
        { word: 'works.', start: 4.4, end: 4.9 },
      ],
    },
    { role: 'transfer_target', content: 'Front desk here.', words: [] },
  ],
  recording_url: 'https://retellai.s3.us-west-2.amazonaws.com/Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6/recording.wav',
  public_log_url:
    'https://retellai.s3.us-west-2.amazonaws.com/Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6/public_log.txt',
  call_analysis: {
    call_summary: 'Ada confirmed Tuesday.',
    in_voicemail: false,
    user_sentiment: 'Positive',
    call_successful: true,
    custom_analysis_data: {},
  },
  call_cost: {
    product_costs: [{ product: 'elevenlabs_tts', unit_price: 0.07, cost: 4.6 }],
    total_duration_seconds: 67,
    total_duration_unit_price: 0.14,
    combined_cost: 9.4,
  },
  latency: { e2e: { p50: 800, p90: 1200, p95: 1500, p99: 2500, max: 2700, min: 500, num: 10 } },
})

/** What create-phone-call answers: the call just registered, dialling. */
export const registeredCall = () => ({
  call_type: 'phone_call',
  call_id: CALL_ID,
  agent_id: AGENT_ID,
  agent_version: 3,
  call_status: 'registered',
  direction: 'outbound',
  from_number: '+14155550199',
  to_number: '+14155550100',
  metadata: { switchboard_reference: 'req_0123' },
  retell_llm_dynamic_variables: { first_name: 'Ada' },
})
