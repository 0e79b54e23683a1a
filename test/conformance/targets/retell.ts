import { createRetellFake, RETELL_NUMBERS, RETELL_TEST_KEY, type RetellFake } from '../../fakes/retell'
import type { ConformanceTarget } from '../target'

let fake: RetellFake | undefined

export const target: ConformanceTarget = {
  provider: 'retell',
  // Retell requires a voice on every agent.
  agentBody: { voice: { voiceId: '11labs-Adrian' } },
  // Retell takes its own voice ids and model names.
  agentSamples: {
    voice: { voiceId: 'openai-Alloy', speed: 1.2 },
    llm: { model: 'gpt-4.1-mini', temperature: 0.3 },
  },
  env: { RETELL_API_KEY: RETELL_TEST_KEY, RETELL_BASE_URL: 'https://retell.test' },
  createFake: () => {
    fake = createRetellFake()
    return fake
  },
  async agentId(api) {
    const res = await api('POST', '/v1/agents', {
      provider: 'retell',
      name: 'Conformance agent',
      prompt: 'You confirm appointments.',
      firstMessage: 'Hello {{firstName}}',
      voice: { voiceId: '11labs-Adrian' },
    })
    if (res.status !== 201) throw new Error(`retell agent create failed: ${JSON.stringify(res.body)}`)
    // The suite counts the vendor writes of each test; the agent (an LLM and an agent) is setup.
    fake?.requests.splice(0)
    return res.body.id
  },
  // Retell dials from a number of the account.
  callExtras: { from: RETELL_NUMBERS[0] },
  unknownCallId: 'retell_call_0000000000000000000000000000dead',
}
