// The bench's dasha target: see bench/targets.mjs.
import { CREATED, ID, TO } from '../target-values.mjs'

const DASHA_AGENT = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f'
const DASHA_CALL = '7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'
const dashaCall = (endpoint = TO) => ({
  callId: DASHA_CALL,
  orgId: 'org-bench',
  agentId: DASHA_AGENT,
  endpoint,
  status: 'Queued',
  createdTime: CREATED,
  additionalData: {},
  priority: 1,
  callDeadline: null,
  timezone: 'UTC',
})

export const target = {
  provider: 'dasha',
  env: (baseUrl) => ({ DASHA_API_KEY: 'bench-dasha-key', DASHA_BASE_URL: baseUrl }),
  agentId: `dasha_${DASHA_AGENT}`,
  call: { to: TO },
  callId: `dasha_${DASHA_CALL}`,
  routes: [
    { method: 'POST', path: '/api/v1/calls', status: 200, body: () => dashaCall() },
    {
      method: 'POST',
      path: '/api/v1/calls/bulk',
      status: 200,
      body: (items) => items.map((item) => dashaCall(item.endpoint)),
    },
    { method: 'GET', path: `/api/v1/calls/${ID}`, status: 200, body: () => dashaCall() },
  ],
}
