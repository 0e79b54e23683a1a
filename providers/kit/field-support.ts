import type { FieldSupport } from './types'

/** Every writable field of the unified requests, so each provider declares all of them one way or the other. */
export const AGENT_FIELDS = [
  'name',
  'description',
  'enabled',
  'language',
  'prompt',
  'firstMessage',
  'voice',
  'llm',
  'transcriber',
  'maxDurationSeconds',
  'variables',
  'schedule',
  'tools',
  'webhookUrl',
] as const

export const CALL_FIELDS = [
  'to',
  'from',
  'callerName',
  'variables',
  'metadata',
  'priority',
  'scheduledAt',
  'deadline',
  'timezone',
  'maxDurationSeconds',
  'language',
  'webhookUrl',
  'overrides',
] as const

/**
 * Declares support from the refused side: everything not listed as unsupported is supported.
 * `unsupported` may name nested fields (`overrides.voice`); `notes` explain emulations and refusals.
 */
export function fieldSupport(
  all: readonly string[],
  unsupported: readonly string[] = [],
  notes?: Record<string, string>,
): FieldSupport {
  return {
    supported: all.filter((field) => !unsupported.includes(field)),
    unsupported: [...unsupported],
    ...(notes ? { notes } : {}),
  }
}
