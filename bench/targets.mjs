// What the bench drives through the gateway, per provider. Adding a vendor provider = one entry in
// `vendorTargets`: the env that points it at the fake (`baseUrl` is the fake's prefix for it), a call
// body it accepts, a call id to read, and the fake's routes: paths relative to the provider's base
// URL, bodies shaped like the vendor's real answers so they pass the provider's zod schemas.
// A target whose provider is not in providers/registry.ts is skipped.

/** The generic vendor path the "direct" and "bare" rows hit: same fake, no provider logic. */
export const GENERIC_PATH = '/generic/calls/c0ffee'
export const genericCall = {
  id: 'c0ffee',
  status: 'queued',
  to_number: '+14155550100',
  created_at: '2026-11-21T09:30:00.000Z',
}

export const TO = '+14155550100'
const CREATED = '2026-11-21T09:30:00.000Z'
const ID = '[^/]+'

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

const HAPPYROBOT_USE_CASE = '65a1b2c3d4e5f6a7b8c9d0e1'
const HAPPYROBOT_NUMBER = '65a1b2c3d4e5f6a7b8c9d0e2'
const HAPPYROBOT_CALL = '65a1b2c3d4e5f6a7b8c9d0e3'
const happyRobotDialed = {
  id: HAPPYROBOT_CALL,
  organization_id: '65a1b2c3d4e5f6a7b8c9d0e4',
  metadata: {},
  use_case: HAPPYROBOT_USE_CASE,
  created: CREATED,
  params: {},
}

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

export const vendorTargets = [
  {
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
  },
  {
    provider: 'oneinbox',
    env: (baseUrl) => ({ ONEINBOX_API_KEY: 'bench-oneinbox-key', ONEINBOX_BASE_URL: baseUrl }),
    agentId: `oneinbox_${ONEINBOX_AGENT}`,
    call: { to: TO, from: '+14155550199' },
    callId: `oneinbox_${ONEINBOX_CALL}`,
    routes: [
      { method: 'POST', path: '/v1/calls', status: 200, body: () => oneInboxCall },
      { method: 'GET', path: `/v1/calls/${ID}`, status: 200, body: () => oneInboxCall },
    ],
  },
  {
    provider: 'happyrobot',
    env: (baseUrl) => ({ HAPPYROBOT_API_KEY: 'bench-happyrobot-key', HAPPYROBOT_BASE_URL: baseUrl }),
    agentId: `happyrobot_${HAPPYROBOT_USE_CASE}`,
    call: { to: TO, from: HAPPYROBOT_NUMBER },
    callId: `happyrobot_${HAPPYROBOT_CALL}`,
    routes: [
      { method: 'POST', path: '/dial/outbound', status: 200, body: () => happyRobotDialed },
      {
        method: 'POST',
        path: '/dial/outbound-batched',
        status: 200,
        body: (requests) => requests.map(() => happyRobotDialed),
      },
      {
        method: 'GET',
        path: `/calls/${ID}`,
        status: 200,
        body: () => ({
          ...happyRobotDialed,
          status: 'Queued',
          phone_number: TO,
          number_id: HAPPYROBOT_NUMBER,
          use_case_id: HAPPYROBOT_USE_CASE,
        }),
      },
      {
        method: 'GET',
        path: `/calls/${ID}/transcript`,
        status: 200,
        body: () => ({ call_id: HAPPYROBOT_CALL, start_time: 1_763_717_400, messages: [] }),
      },
    ],
  },
]
