// The bench's oneinbox target: see bench/targets.mjs.
import { CREATED, ID, TO } from '../target-values.mjs'

const ONEINBOX_AGENT = '3c90c3cc-0d44-4b50-8888-8dd25736052a'
const ONEINBOX_CALL = '8f2b1c2e-5d6a-4e7f-9a0b-1c2d3e4f5a6b'
const oneInboxCall = {
  id: ONEINBOX_CALL,
  agent_id: ONEINBOX_AGENT,
  type: 'outbound',
  status: 'queued',
  direction: 'outbound',
  from_number: '+14155550199',
  to_number: TO,
  variables: {},
  metadata: {},
  created_at: CREATED,
  updated_at: CREATED,
}

export const target = {
  provider: 'oneinbox',
  env: (baseUrl) => ({ ONEINBOX_API_KEY: 'bench-oneinbox-key', ONEINBOX_BASE_URL: baseUrl }),
  agentId: `oneinbox_${ONEINBOX_AGENT}`,
  call: { to: TO, from: '+14155550199' },
  callId: `oneinbox_${ONEINBOX_CALL}`,
  routes: [
    {
      method: 'POST',
      path: '/v1/calls',
      status: 200,
      // n: a fresh call each time (the fake's unique-id mode), a UUID made of the sequence number.
      body: (_, n) =>
        n === null
          ? oneInboxCall
          : { ...oneInboxCall, id: `${ONEINBOX_CALL.slice(0, 24)}${String(n).padStart(12, '0')}` },
    },
    { method: 'GET', path: `/v1/calls/${ID}`, status: 200, body: () => oneInboxCall },
  ],
}
