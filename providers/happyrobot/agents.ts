import { type Agent, type Schedule, WEEKDAYS } from '../../src/contract/agent'
import { isTimeZone } from '../../src/contract/common'
import type { FieldPolicy } from '../../src/contract/field-policy'
import { formatId } from '../../src/contract/ids'
import type { AgentPatch } from '../kit/types'
import { scalarEntries, vendorTimestamp } from '../kit/vendor-values'
import { LANGUAGE_REFUSAL, PROVIDER_ID, toVendorLanguage, toWholeMinutes } from './calls'
import {
  type UseCase,
  type UseCasePatch,
  VENDOR_DAY_NAMES,
  WORK_CLOCK,
  type WorkHours,
  WorkHoursSchema,
} from './vendor'
import { useCaseWebhookUrl } from './webhooks'

/**
 * A HappyRobot use case → the unified Agent. Prompt, voice and model live on HappyRobot's own
 * prompt, agent and model objects (chosen per call), so they read as null here. `webhookUrl` is the
 * destination of the hook Switchboard set among the use case's hooks; other hooks stay in providerData.
 */
export function fromVendorAgent(useCase: UseCase): Agent {
  return {
    id: formatId(PROVIDER_ID, useCase.id),
    provider: PROVIDER_ID,
    name: useCase.name ?? '',
    description: null,
    enabled: true,
    language: useCase.language ? (toVendorLanguage(useCase.language) ?? null) : null,
    prompt: null,
    firstMessage: null,
    voice: null,
    llm: null,
    transcriber: null,
    maxDurationSeconds: typeof useCase.max_duration_mins === 'number' ? useCase.max_duration_mins * 60 : null,
    // Only flat values are unified variables; nested params stay visible in providerData.
    variables: scalarEntries(useCase.params),
    schedule: fromWorkHours(useCase),
    tools: [],
    webhookUrl: useCaseWebhookUrl(useCase),
    createdAt: vendorTimestamp(useCase.created),
    updatedAt: vendorTimestamp(useCase.updated),
    providerData: useCase,
  }
}

/**
 * An agent patch → PATCH /use-cases/{id} body: only the fields the patch names, then
 * providerOptions.happyrobot (whose schema refuses every key mapped here).
 */
export function toUseCasePatch(patch: AgentPatch, policy: FieldPolicy): UseCasePatch {
  const body: UseCasePatch = {}
  if (patch.name !== undefined) body.name = patch.name
  if (patch.language !== undefined) {
    const language = patch.language === null ? undefined : toVendorLanguage(patch.language)
    if (language) body.language = language
    else {
      policy.unsupported(
        'language',
        patch.language === null
          ? 'A HappyRobot use case always has a language; give one instead of null'
          : `${LANGUAGE_REFUSAL}; got ${patch.language}`,
      )
    }
  }
  if (patch.maxDurationSeconds !== undefined) {
    if (patch.maxDurationSeconds === null) {
      policy.unsupported(
        'maxDurationSeconds',
        'A HappyRobot use case cannot clear its maximum duration; give a number of seconds instead of null',
      )
    } else {
      body.max_duration_mins = toWholeMinutes(patch.maxDurationSeconds, 'maxDurationSeconds', policy)
    }
  }
  if (patch.variables !== undefined) body.params = patch.variables
  if (patch.schedule !== undefined) Object.assign(body, toWorkHours(patch.schedule))
  return { ...body, ...patch.providerOptions }
}

/** A use case's work hours ⇄ the unified schedule (value shapes unconfirmed: WorkHoursSchema in providers/happyrobot/vendor.ts). */
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
    if (!start || !end || !WORK_CLOCK.test(start) || !WORK_CLOCK.test(end) || start >= end) return null
    for (const day of WEEKDAYS) windows[day] = [{ start, end }]
  }
  return isAllDayEveryDay(windows) ? null : { timezone, windows }
}
