import type { TranscriptTurn } from '../../src/contract/call'
import type { SandboxCallRecord } from './vendor'

/** Replaces {{name}} with its value; an unknown placeholder stays visible, as a real agent would say it. */
export function interpolate(template: string, variables: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, name: string) =>
    variables[name] === undefined ? whole : String(variables[name]),
  )
}

/** Agent defaults merged with the call's own values (the call's win). */
export const effectiveVariables = (call: SandboxCallRecord) => ({
  ...call.agent.variables,
  ...(call.request.variables ?? {}),
})

/**
 * What the simulated conversation said, built from the agent's (or the call's override) first
 * message and prompt, with the call's variables filled in.
 */
export function buildTranscript(
  call: SandboxCallRecord,
  talkSeconds: number,
  voicemail: boolean,
): TranscriptTurn[] {
  const variables = effectiveVariables(call)
  const firstMessage = call.request.overrides?.firstMessage ?? call.agent.firstMessage
  const prompt = call.request.overrides?.prompt ?? call.agent.prompt
  const opener = firstMessage ? interpolate(firstMessage, variables) : null
  const purpose = prompt ? interpolate(prompt, variables).trim().slice(0, 500) : null

  const lines: Array<Pick<TranscriptTurn, 'role' | 'text'>> = voicemail
    ? [{ role: 'agent', text: [opener, purpose].filter(Boolean).join(' ') || 'Hello, please call us back.' }]
    : [
        ...(opener
          ? [{ role: 'agent' as const, text: opener }]
          : [{ role: 'user' as const, text: 'Hello?' }]),
        { role: 'user', text: opener ? 'Hi, yes, speaking.' : 'Who is this?' },
        { role: 'agent', text: purpose ?? 'I am calling on behalf of our team.' },
        { role: 'user', text: 'Thanks, that works for me.' },
        { role: 'agent', text: 'Great, thank you for your time. Goodbye!' },
      ]
  const slot = talkSeconds / lines.length
  return lines.map((line, i) => ({
    ...line,
    startSeconds: Math.round(i * slot * 10) / 10,
    endSeconds: Math.round((i + 1) * slot * 10) / 10,
  }))
}
