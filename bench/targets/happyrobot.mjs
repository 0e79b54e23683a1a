// The bench's happyrobot target: see bench/targets.mjs.
import { CREATED, ID, TO } from '../target-values.mjs'

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

export const target = {
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
}
