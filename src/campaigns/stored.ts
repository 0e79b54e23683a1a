import type { CampaignStatus, DAYS, RETRY_ON } from '../contract/campaign'
import type { Warning } from '../contract/common'

/** A campaign's settings as its Durable Object keeps them: defaults applied, times in epoch ms. */
export interface StoredCampaign {
  id: string
  project: string
  name: string
  agentId: string
  from: string | null
  metadata: Record<string, string | number | boolean | null>
  webhookUrl: string | null
  window: { start: string; end: string; days: (typeof DAYS)[number][]; timezone: string }
  pacing: { maxConcurrent: number; callsPerMinute: number | null }
  retry: { on: (typeof RETRY_ON)[number][]; maxAttempts: number; delayMinutes: number }
  handling: 'strict' | 'lenient'
  startAt: number | null
  endAt: number | null
  createdAt: number
  startedAt: number | null
  endedAt: number | null
  status: CampaignStatus
  /** The last transition applied: repeating a resume is 200, resuming a campaign never paused is 409. */
  lastAction: string | null
  warnings?: Warning[]
  /** The agent's provider; null for a portable agent (its targets are read at start). */
  provider?: string | null
  /** Set at start: every target is the sandbox, so retry delays follow SANDBOX_TIME_SCALE. */
  sandboxOnly?: boolean
  /** Campaign events produced so far: the next one's sequence number (its stable id). */
  events?: number
  /** The last campaign event's time: the next is later, so createdAt orders them. */
  lastEventAt?: number
}
