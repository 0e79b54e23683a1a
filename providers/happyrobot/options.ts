import { z } from 'zod'
import { useCaseExtraShape, VendorIdSchema } from './vendor'

/**
 * A vendor key Switchboard already fills from a unified field is refused by name, so
 * providerOptions can add to the mapping but never silently overwrite it.
 */
const reserved = (mapped: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(mapped).map(([key, field]) => [
      key,
      z.never({ error: `${key} is set from ${field}; use that field instead` }).optional(),
    ]),
  )

/** providerOptions.happyrobot on a call: the per-call choices HappyRobot makes by id. */
export const CallOptionsSchema = z.strictObject({
  // The vendor documents no length for prompt and campaign ids.
  prompt_id: z.string().min(1).max(128).optional(),
  agent_id: VendorIdSchema.optional(),
  model_id: VendorIdSchema.optional(),
  campaign_id: z.string().min(1).max(128).optional(),
  ...reserved({
    use_case_id: 'agentId',
    phone_number: 'to',
    number_id: 'from',
    params: 'variables',
    metadata: 'metadata',
    scheduled_for: 'scheduledAt',
    max_duration_mins: 'maxDurationSeconds',
    language: 'language',
  }),
})
export type CallOptions = z.infer<typeof CallOptionsSchema>

/** providerOptions.happyrobot on an agent update: use-case fields with no unified counterpart. */
export const UseCaseOptionsSchema = z.strictObject({
  ...useCaseExtraShape,
  ...reserved({
    name: 'name',
    language: 'language',
    timezone: 'schedule.timezone',
    work_start: 'schedule',
    work_end: 'schedule',
    detailed_work_hours: 'schedule',
    enable_detailed_work_hours: 'schedule',
    params: 'variables',
    max_duration_mins: 'maxDurationSeconds',
    hooks: 'webhookUrl',
  }),
})
