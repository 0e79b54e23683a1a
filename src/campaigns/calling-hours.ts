import { getCountry } from 'countries-and-timezones'
import type { DAYS } from '../contract/campaign'
import { parsePhone } from '../contract/phone'

type Day = (typeof DAYS)[number]
export interface Window {
  start: string
  end: string
  days: Day[]
  timezone: string
}

const WEEKDAY: Record<string, Day> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
}
const formatters = new Map<string, Intl.DateTimeFormat>()

/** Local weekday and minute of the day in a zone; Intl applies the zone's DST rules. */
function localTime(zone: string, at: number): { day: Day; minute: number } {
  let format = formatters.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    formatters.set(zone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]))
  return {
    day: WEEKDAY[parts.weekday as string] as Day,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  }
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** Whether the window is open at `at` in one zone (an end before the start runs past midnight). */
function openIn(window: Window, zone: string, at: number): boolean {
  const { day, minute } = localTime(zone, at)
  const start = minutes(window.start)
  const end = minutes(window.end)
  if (start < end) return window.days.includes(day) && minute >= start && minute < end
  // Overnight: the evening part counts for its own day, the early part for the day before.
  if (minute >= start) return window.days.includes(day)
  if (minute < end) return window.days.includes(localTime(zone, at - 86_400_000).day)
  return false
}

/**
 * The zones a contact's calling hours are read in: the window's own zone, else the contact's,
 * else every zone of its number's country (countries-and-timezones). Empty when none is known.
 */
export function zonesFor(window: Window, contact: { to: string; timezone?: string }): string[] {
  if (window.timezone !== 'callee') return [window.timezone]
  if (contact.timezone) return [contact.timezone]
  const country = parsePhone(contact.to)?.country
  return country ? (getCountry(country)?.timezones ?? []) : []
}

export const openAt = (window: Window, zones: string[], at: number) =>
  zones.every((zone) => openIn(window, zone, at))

const STEP_MS = 15 * 60_000
const HORIZON_MS = 8 * 86_400_000

/**
 * The first moment from `from` when the window is open in every zone, or null when they never
 * share one within a week (plus a day for DST shifts): such a contact is invalid, not left waiting.
 */
export function nextOpen(window: Window, zones: string[], from: number): number | null {
  if (openAt(window, zones, from)) return from
  // Windows are whole minutes: step a quarter hour, then walk back to the first open minute.
  const start = Math.ceil(from / 60_000) * 60_000
  for (let at = start; at <= from + HORIZON_MS; at += STEP_MS) {
    if (!openAt(window, zones, at)) continue
    let first = at
    while (first - 60_000 >= start && openAt(window, zones, first - 60_000)) first -= 60_000
    return first
  }
  return null
}
