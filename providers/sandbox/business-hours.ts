import type { Schedule, Weekday } from '../../src/contract/agent'

const DAY = 86_400_000
const formatters = new Map<string, Intl.DateTimeFormat>()
const formatterFor = (timeZone: string) => {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

interface LocalTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  weekday: Weekday
}

function localTime(epochMs: number, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(epochMs)
      .map((p) => [p.type, p.value]),
  )
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: (parts.weekday ?? 'Mon').slice(0, 3).toLowerCase() as Weekday,
  }
}

/** The instant a local wall-clock time happens in a zone (DST-aware, via Intl). */
function instantOf(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, 0, minutes)
  let guess = wall
  for (let i = 0; i < 2; i++) {
    const seen = localTime(guess, timeZone)
    const seenWall = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute, seen.second)
    guess += wall - seenWall
  }
  return guess
}

const minutesOf = (clock: string) => {
  const [h, m] = clock.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

/**
 * The first instant at or after `from` that falls inside one of the schedule's windows, read in
 * `timeZone`; null when no window opens within the next week.
 */
export function nextOpening(schedule: Schedule, timeZone: string, from: number): number | null {
  let best: number | null = null
  for (let offset = 0; offset <= 7; offset++) {
    const local = localTime(from + offset * DAY, timeZone)
    const windows = schedule.windows[local.weekday] ?? []
    for (const window of windows) {
      const start = instantOf(local.year, local.month, local.day, minutesOf(window.start), timeZone)
      const end = instantOf(local.year, local.month, local.day, minutesOf(window.end), timeZone)
      if (end <= from) continue
      const opening = Math.max(start, from)
      if (best === null || opening < best) best = opening
    }
    if (best !== null) return best
  }
  return best
}
