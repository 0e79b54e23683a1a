import type { TranscriptTurn } from '../../src/contract/call'
import type { RenderedLines, SandboxCallRecord } from './vendor'

/**
 * The longest a rendered firstMessage may be (README § Security). Placeholders multiply: 2,000
 * `{{a}}` with a 10,000-character `a` would render 20 MB, so a call whose opener renders longer
 * is refused when it is placed, and nothing is rendered again on a read.
 */
export const MAX_RENDERED_CHARS = 32 * 1024
/** How much of the rendered prompt the simulated conversation says. */
const PURPOSE_CHARS = 500

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g

/**
 * Replaces {{name}} with its value; an unknown placeholder stays visible, as a real agent would say
 * it. Only the variables' own keys count (`{{constructor}}` is unknown, not Object's constructor).
 * Stops once `maxChars` are written, so the work is bounded by the output wanted, not the expansion.
 */
export function interpolate(
  template: string,
  variables: Record<string, unknown>,
  maxChars = Number.POSITIVE_INFINITY,
): string {
  let out = ''
  let last = 0
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] as string
    const value = Object.hasOwn(variables, name) ? variables[name] : undefined
    out += template.slice(last, match.index) + (value === undefined ? match[0] : String(value))
    last = match.index + match[0].length
    if (out.length > maxChars) return out.slice(0, maxChars)
  }
  out += template.slice(last)
  return out.length > maxChars ? out.slice(0, maxChars) : out
}

/** Agent defaults merged with the call's own values (the call's win). */
export const effectiveVariables = (call: Pick<SandboxCallRecord, 'agent' | 'request'>) => ({
  ...call.agent.variables,
  ...(call.request.variables ?? {}),
})

export type RenderResult = { lines: RenderedLines } | { tooLong: { field: string; message: string } }

/**
 * Renders the (override or agent) first message and prompt with the call's variables. A first
 * message over MAX_RENDERED_CHARS is refused, naming the field that made it so: the override
 * itself, or the call's variables for the agent's template.
 */
export function renderLines(call: Pick<SandboxCallRecord, 'agent' | 'request'>): RenderResult {
  const variables = effectiveVariables(call)
  const override = call.request.overrides?.firstMessage
  const firstMessage = override ?? call.agent.firstMessage
  const prompt = call.request.overrides?.prompt ?? call.agent.prompt
  const opener = firstMessage ? interpolate(firstMessage, variables, MAX_RENDERED_CHARS + 1) : null
  if (opener !== null && opener.length > MAX_RENDERED_CHARS) {
    const source = override !== undefined ? 'overrides.firstMessage' : "the agent's firstMessage"
    return {
      tooLong: {
        field: override !== undefined ? 'overrides.firstMessage' : 'variables',
        message: `${source} renders to more than ${MAX_RENDERED_CHARS} characters with these variables (the limit on a rendered template)`,
      },
    }
  }
  const purpose = prompt
    ? interpolate(prompt, variables, PURPOSE_CHARS * 4)
        .trim()
        .slice(0, PURPOSE_CHARS)
    : null
  return { lines: { opener, purpose } }
}

/**
 * What the simulated conversation said: the lines rendered when the call was placed, spread over
 * its talk time. Records placed before lines were stored are rendered here, bounded.
 */
export function buildTranscript(
  call: SandboxCallRecord,
  talkSeconds: number,
  voicemail: boolean,
): TranscriptTurn[] {
  const rendered = call.rendered ?? legacyLines(call)
  const { opener, purpose } = rendered
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

function legacyLines(call: SandboxCallRecord): RenderedLines {
  const result = renderLines(call)
  if ('lines' in result) return result.lines
  const firstMessage = call.request.overrides?.firstMessage ?? call.agent.firstMessage ?? ''
  return { opener: interpolate(firstMessage, effectiveVariables(call), MAX_RENDERED_CHARS), purpose: null }
}
