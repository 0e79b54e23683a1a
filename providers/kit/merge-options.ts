import { validationError } from '../../src/contract/errors'

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Lays `providerOptions.<id>` over the vendor body mapped from unified fields. Objects merge key by
 * key; a key the mapping already set is a 422 naming it (`path` is where the options sit), never
 * silently overwritten.
 */
export function mergeProviderOptions<T extends Record<string, unknown>>(
  mapped: T,
  options: Record<string, unknown>,
  path: string,
): T {
  const merged: Record<string, unknown> = { ...mapped }
  for (const [key, extra] of Object.entries(options)) {
    if (extra === undefined) continue
    const at = `${path}.${key}`
    const current = merged[key]
    if (current === undefined) merged[key] = extra
    else if (isPlainObject(current) && isPlainObject(extra))
      merged[key] = mergeProviderOptions(current, extra, at)
    else throw validationError(at, 'Collides with a mapped field; set it through the unified field instead')
  }
  return merged as T
}

/** Lays `changes` over `base` (read–merge–write): objects merge key by key, anything else (arrays, null) replaces. */
export function deepMerge<T extends Record<string, unknown>>(base: T, changes: Record<string, unknown>): T {
  const merged: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue
    const current = merged[key]
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value
  }
  return merged as T
}
