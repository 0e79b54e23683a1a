import type { Call } from '../../src/contract/call'
import { formatId } from '../../src/contract/ids'
import type { CallInput } from '../kit/types'
import { stateAt } from './timeline'
import { buildTranscript } from './transcript'
import type { SandboxCallRecord, SandboxCallRequest } from './vendor'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

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
