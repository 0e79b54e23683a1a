import { formatId } from '../../src/lib/ids'
import type { Agent } from '../../src/schemas/agent'
import type { Call } from '../../src/schemas/call'
import type { AgentInput, AgentPatch, CallInput } from '../types'
import type { SandboxAgentFields, SandboxAgentRecord, SandboxCallRecord, SandboxCallRequest } from './records'
import { stateAt } from './timeline'
import { buildTranscript } from './transcript'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

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

export function toCallRequest(input: CallInput): SandboxCallRequest {
  const { providerOptions: _none, agentVendorId: _agent, ...request } = input
  return request
}

export function fromCallRecord(record: SandboxCallRecord, now: number): Call {
  const state = stateAt(record, now)
  const { request, plan } = record
  const spoke =
    state.durationSeconds !== null &&
    (state.status === 'completed' || state.status === 'voicemail' || state.status === 'canceled')
  return {
    id: formatId('sandbox', record.id),
    provider: 'sandbox',
    agentId: formatId('sandbox', record.agentId),
    status: state.status,
    providerStatus: state.status,
    direction: 'outbound',
    to: request.to,
    from: request.from ?? null,
    variables: request.variables ?? {},
    metadata: request.metadata ?? {},
    priority: request.priority ?? null,
    scheduledAt: request.scheduledAt ? new Date(request.scheduledAt).toISOString() : null,
    deadline: request.deadline ? new Date(request.deadline).toISOString() : null,
    timezone: request.timezone ?? null,
    nextAttemptAt: iso(state.nextAttemptAt),
    createdAt: record.createdAt,
    startedAt: iso(state.startedAt),
    endedAt: iso(state.endedAt),
    durationSeconds: state.durationSeconds,
    endReason: state.endReason,
    transcript: spoke
      ? buildTranscript(record, state.durationSeconds as number, state.status === 'voicemail')
      : null,
    summary: spoke
      ? `Simulated ${state.status === 'voicemail' ? 'voicemail' : 'conversation'} with ${request.to}, ${state.durationSeconds} s.`
      : null,
    recordingUrl: null,
    cost: state.endedAt !== null ? { amount: 0, currency: 'USD' } : null,
    providerData: { ...record, plan: { ...plan } },
  }
}
