import { z } from 'zod'
import { type Agent, ScheduleSchema, ToolSchema } from '../../src/contract/agent'
import type { FieldPolicy } from '../../src/contract/field-policy'
import { formatId } from '../../src/contract/ids'
import type { AgentInput, AgentPatch, KeptAgent } from '../kit/types'
import { vendor } from './client'

export const PROVIDER_ID = vendor.id

/** Bland keeps no agent for outbound calls: this definition, stored by Switchboard, is rendered into each. */
export const DefinitionSchema = z.object({
  name: z.string(),
  description: z.string().nullable().default(null),
  enabled: z.boolean().default(true),
  language: z.string().nullable().default(null),
  prompt: z.string().nullable().default(null),
  firstMessage: z.string().nullable().default(null),
  voice: z.object({ vendor: z.string().optional(), voiceId: z.string() }).nullable().default(null),
  maxDurationSeconds: z.number().nullable().default(null),
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  schedule: ScheduleSchema.nullable().default(null),
  tools: z.array(ToolSchema).default([]),
  webhookUrl: z.string().nullable().default(null),
  options: z.record(z.string(), z.unknown()).default({}),
})
export type Definition = z.infer<typeof DefinitionSchema>

/** Bland counts max_duration in whole minutes: strict refuses a remainder, lenient rounds up and says so. */
export function toWholeMinutes(seconds: number, field: string, policy: FieldPolicy): number {
  const minutes = Math.ceil(seconds / 60)
  if (seconds % 60 !== 0) {
    policy.unsupported(
      field,
      `Bland limits calls in whole minutes (max_duration): ${seconds} s was rounded up to ${minutes} min (send a multiple of 60)`,
    )
  }
  return minutes
}

/** Bland's `model` is its own tier (base or turbo), not an LLM: chosen with providerOptions.bland. */
export const LLM_REFUSAL =
  'Bland manages the LLM: its `model` is a tier (base or turbo) and `temperature` 0–1, set with providerOptions.bland.model and .temperature'

type Writable = Omit<AgentPatch, 'providerOptions'>

/** Writes the fields a create or patch names onto a definition (the policy already removed refused ones). */
export function applyFields(definition: Definition, fields: Writable, policy: FieldPolicy): Definition {
  const next: Definition = { ...definition }
  if (fields.name !== undefined) next.name = fields.name
  if (fields.description !== undefined) next.description = fields.description
  if (fields.enabled !== undefined) next.enabled = fields.enabled
  if (fields.language !== undefined) next.language = fields.language
  if (fields.prompt !== undefined) next.prompt = fields.prompt
  if (fields.firstMessage !== undefined) next.firstMessage = fields.firstMessage
  if (fields.voice?.vendor !== undefined && fields.voice.vendor.toLowerCase() !== 'bland') {
    policy.unsupported('voice.vendor', `Bland speaks with its own voices only; got ${fields.voice.vendor}`)
  }
  if (fields.voice?.speed !== undefined)
    policy.unsupported('voice.speed', 'Bland voices have no speed setting')
  if (fields.voice !== undefined) next.voice = fields.voice ? { voiceId: fields.voice.voiceId } : null
  if (fields.maxDurationSeconds !== undefined) {
    next.maxDurationSeconds =
      fields.maxDurationSeconds === null
        ? null
        : toWholeMinutes(fields.maxDurationSeconds, 'maxDurationSeconds', policy) * 60
  }
  if (fields.variables !== undefined) next.variables = fields.variables
  if (fields.tools !== undefined) next.tools = fields.tools
  if (fields.webhookUrl !== undefined) next.webhookUrl = fields.webhookUrl
  return next
}

/** A new definition from a create body. */
export function definitionOf(input: AgentInput, policy: FieldPolicy): Definition {
  const { providerOptions, ...fields } = input
  const blank = DefinitionSchema.parse({ name: input.name })
  return { ...applyFields(blank, fields, policy), options: providerOptions }
}

/** A patch onto a kept definition; providerOptions.bland given replaces the agent's options. */
export function patchedDefinition(
  definition: Definition,
  patch: AgentPatch,
  policy: FieldPolicy,
): Definition {
  const { providerOptions, ...fields } = patch
  const next = applyFields(definition, fields, policy)
  return Object.keys(providerOptions).length ? { ...next, options: providerOptions } : next
}

/** A kept definition → the unified Agent; providerData is the definition's Bland-only options. */
export function fromKeptAgent(kept: KeptAgent): Agent {
  const definition = DefinitionSchema.parse(kept.body)
  return {
    id: formatId(PROVIDER_ID, kept.id),
    provider: PROVIDER_ID,
    name: definition.name,
    description: definition.description,
    enabled: definition.enabled,
    language: definition.language,
    prompt: definition.prompt,
    firstMessage: definition.firstMessage,
    voice: definition.voice,
    llm: null,
    transcriber: null,
    maxDurationSeconds: definition.maxDurationSeconds,
    variables: definition.variables,
    schedule: definition.schedule,
    tools: definition.tools,
    webhookUrl: definition.webhookUrl,
    createdAt: kept.createdAt,
    updatedAt: kept.updatedAt,
    providerData: { keptBy: 'switchboard', options: definition.options },
  }
}
