// The bench's retell target: see bench/targets.mjs.
import { ID, TO } from '../target-values.mjs'

const RETELL_AGENT = 'oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD'
const RETELL_CALL = 'call_8f2b1c2e5d6a4e7f9a0b1c2d3e4f5a6b'
const retellCall = {
  call_type: 'phone_call',
  call_id: RETELL_CALL,
  agent_id: RETELL_AGENT,
  agent_version: 1,
  call_status: 'registered',
  direction: 'outbound',
  from_number: '+14155550199',
  to_number: TO,
  metadata: {},
}

export const target = {
  provider: 'retell',
  env: (baseUrl) => ({ RETELL_API_KEY: 'bench-retell-key', RETELL_BASE_URL: baseUrl }),
  agentId: `retell_${RETELL_AGENT}`,
  call: { to: TO, from: '+14155550199' },
  callId: `retell_${RETELL_CALL}`,
  routes: [
    { method: 'POST', path: '/v2/create-phone-call', status: 201, body: () => retellCall },
    { method: 'GET', path: `/v2/get-call/${ID}`, status: 200, body: () => retellCall },
  ],
}
