import type { Agent, Schedule, Tool } from '../../src/contract/agent'
import type { BatchItem } from '../../src/contract/call'

/** An agent as the sandbox stores it (its own id, without the `sandbox_` prefix). */
export interface SandboxAgentRecord {
  id: string
  name: string
  description: string | null
  enabled: boolean
  language: string | null
  prompt: string | null
  firstMessage: string | null
  voice: Agent['voice']
  llm: Agent['llm']
  transcriber: Agent['transcriber']
  maxDurationSeconds: number | null
  variables: Record<string, string | number | boolean>
  schedule: Schedule | null
  tools: Tool[]
  webhookUrl: string | null
  createdAt: string
  updatedAt: string
}

export type SandboxAgentFields = Omit<SandboxAgentRecord, 'id' | 'createdAt' | 'updatedAt'>

export type Outcome = 'completed' | 'busy' | 'no_answer' | 'failed' | 'voicemail' | 'canceled'

/** When each step of a call happens, fixed when the call is placed (epoch milliseconds). */
export interface CallPlan {
  dialAt: number
  /** Why dialing waits until dialAt, if it does. */
  waitReason: 'scheduled_at' | 'business_hours' | null
  ringAt: number | null
  answerAt: number | null
  endAt: number
  outcome: Outcome
  endReason: string
  /** Simulated talk time in seconds (unscaled), for answered calls. */
  talkSeconds: number | null
  /** SANDBOX_TIME_SCALE at placement: real waits are simulated seconds divided by it. */
  scale: number
}

export type SandboxCallRequest = Omit<BatchItem, 'providerOptions' | 'to'> & { to: string }

export interface SandboxCallRecord {
  id: string
  agentId: string
  request: SandboxCallRequest
  /** The agent as it was when the call was placed: the call runs on that snapshot. */
  agent: Pick<SandboxAgentRecord, 'prompt' | 'firstMessage' | 'variables' | 'webhookUrl'>
  createdAt: string
  plan: CallPlan
  canceledAt: string | null
  /** What the agent says, rendered once at placement (absent on records placed before it was stored). */
  rendered?: RenderedLines
}

/** What the simulated agent says, rendered once when the call is placed and stored with it. */
export interface RenderedLines {
  opener: string | null
  purpose: string | null
}
