import { ASSISTANT_ID, createVapiFake, FAKE_VAPI_KEY, PHONE_NUMBER, UNKNOWN_VAPI_ID } from '../../fakes/vapi'
import type { ConformanceTarget } from '../target'

export const target: ConformanceTarget = {
  provider: 'vapi',
  agentBody: { prompt: 'Confirm the appointment.' },
  env: { VAPI_API_KEY: FAKE_VAPI_KEY, VAPI_BASE_URL: 'https://vapi.test' },
  createFake: createVapiFake,
  // The assistant the fake starts with, so creating one does not count among the writes under test.
  agentId: async () => `vapi_${ASSISTANT_ID}`,
  // Vapi needs a caller id of the account: an E.164 number is resolved to its phone-number id.
  callExtras: { from: PHONE_NUMBER },
  unknownCallId: `vapi_${UNKNOWN_VAPI_ID}`,
}
