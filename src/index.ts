import { createApp } from './app'

export { SandboxStore } from '../providers/sandbox/store'

export default createApp()
