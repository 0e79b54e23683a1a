import type { Agent } from '../../src/contract/agent'
import { formatId } from '../../src/contract/ids'
import type { AgentInput, AgentPatch } from '../kit/types'
import type { SandboxAgentFields, SandboxAgentRecord } from './vendor'

export function toAgentFields(input: AgentInput): SandboxAgentFields {
  return {
    name: input.name,
    description: input.description ?? null,
    enabled: input.enabled ?? true,
    language: input.language ?? null,
    prompt: input.prompt ?? null,
    firstMessage: input.firstMessage ?? null,
    voice: input.voice ?? null,
    llm: input.llm ?? null,
    transcriber: input.transcriber ?? null,
    maxDurationSeconds: input.maxDurationSeconds ?? null,
    variables: input.variables ?? {},
    schedule: input.schedule ?? null,
    tools: input.tools ?? [],
    webhookUrl: input.webhookUrl ?? null,
  }
}

/** Only the fields the patch names; the store leaves the rest untouched. */
export function toAgentPatch(patch: AgentPatch): Partial<SandboxAgentFields> {
  const { providerOptions: _none, ...fields } = patch
  return fields as Partial<SandboxAgentFields>
}

export function fromAgentRecord(record: SandboxAgentRecord): Agent {
  const { id, createdAt, updatedAt, ...fields } = record
  return {
    id: formatId('sandbox', id),
    provider: 'sandbox',
    ...fields,
    createdAt,
    updatedAt,
    providerData: record,
  }
}
