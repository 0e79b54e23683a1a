/** Vendor values read into the contract's forms, the same way for every provider. */

/** An ISO date-time with no zone: .NET and FastAPI write UTC values this way. */
const ZONELESS_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/

/**
 * A vendor timestamp as ISO 8601 UTC with milliseconds (`2026-11-21T09:30:00.000Z`). A zoneless
 * ISO value is UTC (never the runtime's local zone); extra fraction digits are cut to milliseconds.
 * Unreadable is null rather than a guess.
 */
export function vendorTimestamp(value: string | null | undefined): string | null {
  const trimmed = value?.trim()
  if (!trimmed) return null
  const ms = Date.parse(ZONELESS_ISO.test(trimmed) ? `${trimmed}Z` : trimmed)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

type Scalar = string | number | boolean

/** The string, number and boolean entries of a vendor's free-form data: what unified variables can hold. */
export function scalarEntries(data: Record<string, unknown> | null | undefined): Record<string, Scalar> {
  return Object.fromEntries(
    Object.entries(data ?? {}).filter(
      (entry): entry is [string, Scalar] =>
        typeof entry[1] === 'string' || typeof entry[1] === 'number' || typeof entry[1] === 'boolean',
    ),
  )
}

/** The object without its undefined entries: the one way a mapping leaves out what it does not set. */
export const defined = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
