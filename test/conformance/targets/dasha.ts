import { createDashaFake, FAKE_DASHA_KEY, UNKNOWN_DASHA_ID } from '../../fakes/dasha'
import { AGENT_ID } from '../../providers/dasha/fixtures'
import type { ConformanceTarget } from '../target'

export const target: ConformanceTarget = {
  provider: 'dasha',
  agentBody: { language: 'en-US', voice: { voiceId: 'v1' } },
  env: { DASHA_API_KEY: FAKE_DASHA_KEY, DASHA_BASE_URL: 'https://dasha.test' },
  createFake: createDashaFake,
  // The agent the fake starts with, so creating one does not count among the writes under test.
  agentId: async () => `dasha_${AGENT_ID}`,
  callExtras: {},
  unknownCallId: `dasha_${UNKNOWN_DASHA_ID}`,
}
