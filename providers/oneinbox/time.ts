/**
 * A vendor timestamp as ISO 8601 UTC. FastAPI serializes naive datetimes without a zone and with
 * microseconds (`2026-11-21T09:30:00.123456`); OneInbox stores UTC, so a missing zone means UTC.
 */
export function vendorTime(value: string | null | undefined): string | null {
  if (!value) return null
  const trimmed = value.trim().replace(/(\.\d{3})\d+/, '$1')
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? trimmed : `${trimmed}Z`
  const ms = Date.parse(zoned)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}
