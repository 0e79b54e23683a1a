/**
 * JSON text in one canonical spelling: object keys sorted, no whitespace, strings and numbers as
 * JSON.stringify writes them (so `\u002b` and `+`, `1e2` and `100` are the same). Text that is not
 * JSON is returned unchanged; the JSON body middleware has refused it before anything compares it.
 */
export function canonicalJson(text: string): string {
  if (text.trim() === '') return ''
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return text
  }
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (typeof value !== 'object' || value === null) return value
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    // defineProperty: a "__proto__" key stays a key instead of replacing the prototype.
    Object.defineProperty(sorted, key, {
      value: sortKeys((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return sorted
}
