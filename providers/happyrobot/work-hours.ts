import { z } from 'zod'
import { type Schedule, WEEKDAYS, type Weekday } from '../../src/contract/agent'
import { isTimeZone } from '../../src/contract/common'

/**
 * A use case's work hours ⇄ the unified schedule. HappyRobot documents the field names (`timezone`,
 * `work_start`, `work_end`, `detailed_work_hours`, `enable_detailed_work_hours`) but not their value
 * shapes. Unconfirmed, kept here so it is one place to correct: times are "HH:MM" strings and
 * detailed hours are keyed by lowercase English day name, each a list of { start, end } windows.
 */
export const VENDOR_DAY_NAMES: Record<Weekday, string> = {
  mon: 'monday',
  tue: 'tuesday',
  wed: 'wednesday',
  thu: 'thursday',
  fri: 'friday',
  sat: 'saturday',
  sun: 'sunday',
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/
const VendorWindowSchema = z.strictObject({ start: z.string().regex(CLOCK), end: z.string().regex(CLOCK) })
export const WorkHoursSchema = z.partialRecord(
  z.enum(Object.values(VENDOR_DAY_NAMES) as [string, ...string[]]),
  z.array(VendorWindowSchema),
)
export type WorkHours = z.infer<typeof WorkHoursSchema>

export interface UseCaseWorkHours {
  timezone: string
  detailed_work_hours: WorkHours
  enable_detailed_work_hours: true
}

const ALL_DAY = { start: '00:00', end: '24:00' }

/**
 * Always the detailed form: it holds any unified schedule exactly. A null schedule (call any time)
 * becomes every day all day, since a use case always has work hours.
 */
export function toWorkHours(schedule: Schedule | null): UseCaseWorkHours {
  const detailed: WorkHours = {}
  for (const day of WEEKDAYS) {
    const windows = schedule ? schedule.windows[day] : [ALL_DAY]
    if (windows?.length) detailed[VENDOR_DAY_NAMES[day]] = windows.map(({ start, end }) => ({ start, end }))
  }
  return {
    timezone: schedule?.timezone ?? 'UTC',
    detailed_work_hours: detailed,
    enable_detailed_work_hours: true,
  }
}

interface VendorWorkHours {
  timezone?: string | null
  work_start?: string | null
  work_end?: string | null
  detailed_work_hours?: unknown
  enable_detailed_work_hours?: boolean | null
}

const isAllDayEveryDay = (windows: Schedule['windows']) =>
  WEEKDAYS.every((day) => {
    const list = windows[day]
    return list?.length === 1 && list[0]?.start === ALL_DAY.start && list[0]?.end === ALL_DAY.end
  })

/** The unified schedule, or null when the use case has no readable hours or no time zone. */
export function fromWorkHours(useCase: VendorWorkHours): Schedule | null {
  const { timezone } = useCase
  if (!timezone || !isTimeZone(timezone)) return null
  const windows: Schedule['windows'] = {}
  if (useCase.enable_detailed_work_hours) {
    const detailed = WorkHoursSchema.safeParse(useCase.detailed_work_hours)
    if (!detailed.success) return null
    for (const day of WEEKDAYS) {
      const list = detailed.data[VENDOR_DAY_NAMES[day]]
      if (list?.length) windows[day] = list.filter((w) => w.start < w.end)
    }
  } else {
    const { work_start: start, work_end: end } = useCase
    if (!start || !end || !CLOCK.test(start) || !CLOCK.test(end) || start >= end) return null
    for (const day of WEEKDAYS) windows[day] = [{ start, end }]
  }
  return isAllDayEveryDay(windows) ? null : { timezone, windows }
}
