import type { TranscriptTurn } from '../../src/contract/call'

/** One vendor message, read into these four facts before it becomes a turn. */
export interface VendorTurn {
  role: string
  text: string | null | undefined
  /** Seconds into the call. */
  start?: number | null
  end?: number | null
}

type Role = TranscriptTurn['role']

/**
 * Vendor messages as transcript turns, the same way for every vendor: roles are matched
 * case-insensitively through `roles` (a role not listed takes `otherRole`, or the turn is skipped),
 * text is trimmed and a turn without text is skipped; offsets are kept only when they are numbers.
 */
export function transcript(
  messages: Iterable<VendorTurn>,
  roles: Readonly<Record<string, Role>>,
  otherRole?: Role,
): TranscriptTurn[] {
  const turns: TranscriptTurn[] = []
  for (const message of messages) {
    const role = roles[message.role.toLowerCase()] ?? otherRole
    const text = message.text?.trim()
    if (!role || !text) continue
    turns.push({
      role,
      text,
      ...(typeof message.start === 'number' ? { startSeconds: message.start } : {}),
      ...(typeof message.end === 'number' ? { endSeconds: message.end } : {}),
    })
  }
  return turns
}
