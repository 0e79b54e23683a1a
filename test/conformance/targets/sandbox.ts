import type { ConformanceTarget } from '../target'

export const target: ConformanceTarget = {
  provider: 'sandbox',
  agentBody: {},
  env: {},
  async agentId(api) {
    const res = await api('POST', '/v1/agents', {
      provider: 'sandbox',
      name: 'Conformance agent',
      firstMessage: 'Hello {{name}}',
    })
    if (res.status !== 201) throw new Error(`sandbox agent create failed: ${JSON.stringify(res.body)}`)
    return res.body.id
  },
  callExtras: {},
  unknownCallId: 'sandbox_0000000000000000000',
}
