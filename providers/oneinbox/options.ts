import { z } from 'zod'
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
