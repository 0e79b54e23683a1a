import { z } from 'zod'
import { AgentOverrideSchema, AgentPatchRequestSchema, LlmWriteSchema } from './vendor'

/**
 * `providerOptions.retell` for agents: any Retell agent field (snake_case, as Retell names it,
 * e.g. `voicemail_option`, `ambient_sound`) plus `llm` for its Retell LLM (e.g.
 * `knowledge_base_ids`). `response_engine` and `webhook_url` are ours to manage: we create the LLM
 * and point the hook at Switchboard.
 */
export const AgentOptionsSchema = AgentPatchRequestSchema.omit({
  response_engine: true,
  webhook_url: true,
}).extend({ llm: LlmWriteSchema.optional() })
export type AgentOptions = z.infer<typeof AgentOptionsSchema>

/**
 * For calls: the create-phone-call fields we do not map. `override_agent_version` replaces the
 * version Switchboard names by default (CALL_AGENT_VERSION in providers/retell/calls.ts).
 */
export const CallOptionsSchema = z.strictObject({
  override_agent_version: z.union([z.string().min(1), z.number().int().min(0)]).optional(),
  custom_sip_headers: z.record(z.string(), z.string()).optional(),
  ignore_e164_validation: z.boolean().optional(),
  agent_override: AgentOverrideSchema.optional(),
})
export type CallOptions = z.infer<typeof CallOptionsSchema>
