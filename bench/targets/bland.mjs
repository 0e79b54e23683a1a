// The bench's bland target: see bench/targets.mjs. Bland has no agent objects: Switchboard keeps the
// agent (`agent` is created through POST /v1/agents before the run) and renders it into each send.
import { CREATED, ID, TO } from '../target-values.mjs'

const BLAND_CALL = '9e3f1a2b-4c5d-4e6f-8a7b-0c1d2e3f4a5b'
const blandCall = {
  call_id: BLAND_CALL,
  status: 'queued',
  queue_status: 'queued',
  completed: false,
  created_at: CREATED,
  to: TO,
  from: '+14155550199',
  inbound: false,
  metadata: {},
  request_data: {},
}

export const target = {
  provider: 'bland',
  env: (baseUrl) => ({ BLAND_API_KEY: 'bench-bland-key', BLAND_BASE_URL: baseUrl }),
  agent: { provider: 'bland', name: 'Bench', prompt: 'Be brief.' },
  call: { to: TO, from: '+14155550199' },
  callId: `bland_${BLAND_CALL}`,
  routes: [
    {
      method: 'POST',
      path: '/v1/calls',
      status: 200,
      body: (_, n) => ({
        status: 'success',
        message: 'Call successfully queued.',
        call_id: n === null ? BLAND_CALL : `${BLAND_CALL.slice(0, 24)}${String(n).padStart(12, '0')}`,
      }),
    },
    { method: 'GET', path: `/v1/calls/${ID}`, status: 200, body: () => blandCall },
  ],
}
