import { createOneInboxFake, ONEINBOX_TEST_KEY, type OneInboxFake } from '../../fakes/oneinbox'
import type { ConformanceTarget } from '../target'

let fake: OneInboxFake | undefined

export const target: ConformanceTarget = {
  provider: 'oneinbox',
  agentBody: { prompt: 'Confirm the appointment.' },
  env: { ONEINBOX_API_KEY: ONEINBOX_TEST_KEY, ONEINBOX_BASE_URL: 'https://oneinbox.test' },
  createFake: () => {
    fake = createOneInboxFake()
    return fake
  },
  async agentId(api) {
    const res = await api('POST', '/v1/agents', {
      provider: 'oneinbox',
      name: 'Conformance agent',
      prompt: 'You confirm appointments.',
      firstMessage: 'Hello {{firstName}}',
    })
    if (res.status !== 201) throw new Error(`oneinbox agent create failed: ${JSON.stringify(res.body)}`)
    // The suite counts the vendor writes of each test; the agent (a model and an agent) is setup.
    fake?.requests.splice(0)
    return res.body.id
  },
  // OneInbox requires a caller id registered in the account.
  callExtras: { from: '+14155550199' },
  unknownCallId: 'oneinbox_7b1e4c36-9f2a-4d1e-8c55-0a6d3f9e2b71',
}
