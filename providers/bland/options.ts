import { z } from 'zod'
import { callExtraShape } from './vendor'

/** The send-call keys Switchboard fills from unified fields: providerOptions.bland may not set them. */
const MAPPED = {
  phone_number: 'to',
  task: 'prompt',
  first_sentence: 'firstMessage',
  voice: 'voice',
  language: 'language',
  from: 'from',
  timezone: 'timezone',
  start_time: 'scheduledAt',
  max_duration: 'maxDurationSeconds',
  tools: 'tools',
  request_data: 'variables',
  metadata: 'metadata',
  webhook: 'webhookUrl',
} as const

const reserved = Object.fromEntries(
  Object.entries(MAPPED).map(([key, field]) => [
    key,
    z.never({ error: `Set by Switchboard from ${field}; give ${field} instead` }).optional(),
  ]),
)

/** providerOptions.bland, on an agent (kept with it) or a call (replacing the agent's for that call). */
export const BlandOptionsSchema = z.strictObject({ ...callExtraShape, ...reserved })
export type BlandOptions = z.infer<typeof BlandOptionsSchema>
