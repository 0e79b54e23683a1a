import type { CallStatus } from '../../src/contract/call'

/** Spaces and capitals as a vendor happens to send them: "In Progress " reads as "In progress". */
const key = (word: string) => word.trim().toLowerCase()

/**
 * A vendor's call status words, normalized. One rule for every vendor: a word is matched as the
 * vendor spells it, else case-insensitively and trimmed; a word it does not know is `unknown`,
 * never a guess. `statusMap` is what GET /v1/providers shows.
 */
export function statusTable<Word extends string>(words: Record<Word, CallStatus>) {
  const statusMap: Record<string, CallStatus> = words
  const byKey = new Map(Object.keys(words).map((word) => [key(word), word as Word]))
  /** The vendor's own spelling of a word it sent, or undefined for a word it does not have. */
  const canonical = (word: string | null | undefined): Word | undefined => {
    if (!word) return undefined
    return word in words ? (word as Word) : byKey.get(key(word))
  }
  return {
    statusMap,
    canonical,
    status: (word: string | null | undefined): CallStatus => {
      const known = canonical(word)
      return known ? words[known] : 'unknown'
    },
    /** Every vendor word that normalizes to `status` (for the vendor's list filters). */
    wordsFor: (status: CallStatus): Word[] =>
      (Object.keys(words) as Word[]).filter((word) => words[word] === status),
  }
}

export type StatusTable<Word extends string = string> = ReturnType<typeof statusTable<Word>>
