import { AGENT_FIELDS, CALL_FIELDS, fieldSupport } from '../field-support'
import type { FieldSupport, Operation } from '../types'

const agentWebhookNote =
  'OneInbox agents take hooks only as account webhook objects (webhook_id), which Switchboard does not manage: name webhookUrl on each call, or set WEBHOOK_URL.'

const agentNotes = {
  description: 'OneInbox agents have no description; Switchboard keeps it in the agent metadata.',
  enabled: 'OneInbox agents cannot be disabled: enabled: false is refused, true is accepted.',
  prompt:
    "Stored as the system prompt of the agent's OneInbox LLM model, which Switchboard creates with the agent.",
  llm: "The agent's OneInbox LLM model (provider, model, temperature); it cannot be cleared with null.",
  schedule: 'OneInbox has no calling-hours setting.',
  tools:
    'OneInbox api_call tools live on the LLM model, but their payload is not in the reference Switchboard builds from; refused rather than guessed.',
  'voice.model': 'OneInbox agents have no TTS model setting (a call can override it).',
  'llm.maxTokens': 'OneInbox LLM models have no max-tokens setting.',
  webhookUrl: agentWebhookNote,
}

const agentSupport = fieldSupport(
  AGENT_FIELDS,
  ['schedule', 'tools', 'webhookUrl', 'voice.model', 'llm.maxTokens'],
  agentNotes,
)

export const fields: Partial<Record<Operation, FieldSupport>> = {
  'agents.create': agentSupport,
  'agents.update': agentSupport,
  'calls.create': fieldSupport(
    CALL_FIELDS,
    ['callerName', 'priority', 'deadline', 'timezone', 'maxDurationSeconds', 'language'],
    {
      to: 'E.164 only: OneInbox does not dial SIP URIs.',
      from: 'Required by OneInbox: an E.164 number registered in your OneInbox account.',
      callerName: 'OneInbox has no caller-name field.',
      priority: 'OneInbox has no call priority.',
      deadline: 'OneInbox cannot give up on a call after a time.',
      timezone: 'OneInbox has no callee time zone; scheduledAt is an absolute time.',
      maxDurationSeconds: 'OneInbox sets the maximum duration on the agent only.',
      language: 'OneInbox has no per-call language; use overrides.transcriber.language.',
      overrides:
        'Mapped to OneInbox overrides (llm.model/temperature/system_prompt, tts, transcriber, first_message); a per-call vendor or maxTokens is refused.',
      webhookUrl:
        "OneInbox's per-call webhook_url is set to Switchboard's inbound URL; its call.started/ended/failed events reach webhookUrl normalized and signed.",
    },
  ),
}
