/** Deeper than this is refused: no contract field nests so far, and deep trees cost stack further on. */
export const MAX_JSON_DEPTH = 64

export type JsonShapeProblem =
  | { kind: 'duplicate_key'; key: string; path: string }
  | { kind: 'too_deep'; path: string }

type Frame = { keys: Set<string> | null; segment: string | number }

/**
 * One pass over JSON text that JSON.parse already accepted, finding what JSON.parse forgives:
 * a key repeated in one object (the last would silently win) and nesting past MAX_JSON_DEPTH.
 * Keys are compared decoded, so "a" and "\u0061" are the same key.
 */
export function findJsonShapeProblem(text: string): JsonShapeProblem | undefined {
  const stack: Frame[] = []
  const path = () =>
    stack
      .map((f) => (typeof f.segment === 'number' ? `[${f.segment}]` : `.${f.segment.slice(0, 100)}`))
      .join('')
      .replace(/^\./, '') || '(body)'
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '{' || ch === '[') {
      if (stack.length >= MAX_JSON_DEPTH) return { kind: 'too_deep', path: path() }
      stack.push({ keys: ch === '{' ? new Set() : null, segment: ch === '[' ? 0 : '' })
    } else if (ch === '}' || ch === ']') {
      stack.pop()
    } else if (ch === ',') {
      const top = stack[stack.length - 1]
      if (top && top.keys === null) top.segment = (top.segment as number) + 1
    } else if (ch === '"') {
      const end = endOfString(text, i)
      const top = stack[stack.length - 1]
      if (top?.keys && nextSignificant(text, end + 1) === ':') {
        const key = JSON.parse(text.slice(i, end + 1)) as string
        if (top.keys.has(key)) {
          top.segment = key
          return { kind: 'duplicate_key', key, path: path() }
        }
        top.keys.add(key)
        top.segment = key
      }
      i = end
    }
  }
  return undefined
}

/** Index of the quote closing the string that opens at `start`. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '"') return i
  }
  return text.length - 1
}

function nextSignificant(text: string, from: number): string | undefined {
  for (let i = from; i < text.length; i++) {
    const ch = text[i] as string
    if (ch !== ' ' && ch !== '\n' && ch !== '\r' && ch !== '\t') return ch
  }
  return undefined
}
