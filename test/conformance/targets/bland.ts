import { BLAND_TEST_KEY, type BlandFake, createBlandFake } from '../../fakes/bland'
import type { ConformanceTarget } from '../target'

let fake: BlandFake | undefined

export const target: ConformanceTarget = {
  provider: 'bland',
  agentBody: { prompt: 'Confirm the appointment.' },
  // Bland speaks with its own voices only.
  agentSamples: { voice: { vendor: 'bland', voiceId: 'josh' } },
  env: { BLAND_API_KEY: BLAND_TEST_KEY, BLAND_BASE_URL: 'https://bland.test' },
  createFake: () => {
    fake = createBlandFake()
    return fake
  },
  // Bland's agents are kept in Switchboard's ledger: creating one sends nothing to Bland.
  async agentId(api) {
    const res = await api('POST', '/v1/agents', {
      provider: 'bland',
      name: 'Conformance agent',
      prompt: 'You confirm appointments.',
      firstMessage: 'Hello {{firstName}}',
    })
    if (res.status !== 201) throw new Error(`bland agent create failed: ${JSON.stringify(res.body)}`)
    if (fake?.requests.length) throw new Error('a Bland agent create reached Bland')
    return res.body.id
  },
  callExtras: {},
  unknownCallId: 'bland_7b1e4c36-9f2a-4d1e-8c55-0a6d3f9e2b71',
}
