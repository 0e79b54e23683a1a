import { createApp } from './app'

export { SandboxStore } from '../providers/sandbox/store'
export { IdempotencyStore } from './idempotency/store'

export default createApp()
