import { z } from 'zod'
import { validationError } from '../../src/lib/errors'
import { AgentPatchRequestSchema, CallOverridesRequestSchema, ModelPatchRequestSchema } from './vendor'

/**
 * `providerOptions.oneinbox` for agents: any OneInbox agent field (snake_case, as the vendor names
 * it) plus `model` for the LLM model that holds the prompt (e.g. `knowledge_base_ids`). `llm_id`
 * and `metadata` are ours to manage: we create the model and keep our bookkeeping in metadata.
 */
export const AgentOptionsSchema = AgentPatchRequestSchema.omit({ llm_id: true, metadata: true }).extend({
  model: ModelPatchRequestSchema.optional(),
})

/** For calls: only the per-call overrides OneInbox has and we do not map (e.g. `tts.stability`). */
export const CallOptionsSchema = z.strictObject({ overrides: CallOverridesRequestSchema.optional() })

export type AgentOptions = z.infer<typeof AgentOptionsSchema>

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Lays vendor-only options over a mapped vendor body. Nested objects merge; a value the unified
 * fields already set is never overwritten: it is a 422 naming the option, so nothing changes silently.
 */
export function mergeOptions<T extends Record<string, unknown>>(
  mapped: T,
  options: Record<string, unknown>,
  path = 'providerOptions.oneinbox',
): T {
  const merged: Record<string, unknown> = { ...mapped }
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue
    const at = `${path}.${key}`
    const current = merged[key]
    if (current === undefined) merged[key] = value
    else if (isPlainObject(current) && isPlainObject(value)) merged[key] = mergeOptions(current, value, at)
    else throw validationError(at, 'Collides with a field set from the unified request; set it there instead')
  }
  return merged as T
}
