import {
  createHappyRobotFake,
  FAKE_HAPPYROBOT_KEY,
  NUMBER_ID,
  UNKNOWN_ID,
  USE_CASE_ID,
} from '../../fakes/happyrobot'
import type { ConformanceTarget } from '../target'

/** HappyRobot cannot create use cases: calls go through one the fake already knows. */
export const target: ConformanceTarget = {
  provider: 'happyrobot',
  env: { HAPPYROBOT_API_KEY: FAKE_HAPPYROBOT_KEY, HAPPYROBOT_BASE_URL: 'https://happyrobot.test' },
  createFake: createHappyRobotFake,
  agentId: async () => `happyrobot_${USE_CASE_ID}`,
  callExtras: { from: NUMBER_ID },
  unknownCallId: `happyrobot_${UNKNOWN_ID}`,
}
