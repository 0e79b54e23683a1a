const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i

/** Dasha's timestamps as ISO 8601 UTC; .NET leaves the offset off UTC values at times. */
export function isoTime(value: string | null | undefined): string | null {
  if (!value) return null
  const ms = Date.parse(HAS_OFFSET.test(value) ? value : `${value}Z`)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

/** The string, number and boolean entries of Dasha's free-form data: what unified variables can hold. */
export function primitives(
  data: Record<string, unknown> | null | undefined,
): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(data ?? {}).filter(
      (entry): entry is [string, string | number | boolean] =>
        typeof entry[1] === 'string' || typeof entry[1] === 'number' || typeof entry[1] === 'boolean',
    ),
  )
}
