import { describe, expect, it } from 'vitest'
import { nextOpening } from '../../providers/sandbox/business-hours'
import { planCall, STEPS, stateAt } from '../../providers/sandbox/timeline'
import { interpolate } from '../../providers/sandbox/transcript'

const T0 = Date.parse('2026-11-23T15:00:00.000Z') // a Monday
const plan = (to: string, extra: Partial<Parameters<typeof planCall>[0]> = {}) =>
  planCall({
    id: 'fixed-id',
    to,
    dialAt: T0,
    waitReason: null,
    deadline: null,
    maxDurationSeconds: null,
    scale: 1,
    ...extra,
  })

describe('planCall / stateAt', () => {
  it('at scale 1 rings within 5 s and ends within 30 s', () => {
    const p = plan('+14155550100')
    expect((p.ringAt as number) - T0).toBeLessThanOrEqual(5_000)
    expect(p.endAt - T0).toBeLessThanOrEqual(30_000)
    expect(stateAt({ plan: p, canceledAt: null }, T0).status).toBe('queued')
    expect(stateAt({ plan: p, canceledAt: null }, (p.ringAt as number) + 1).status).toBe('ringing')
    expect(stateAt({ plan: p, canceledAt: null }, (p.answerAt as number) + 1).status).toBe('in_progress')
    expect(stateAt({ plan: p, canceledAt: null }, p.endAt).status).toBe('completed')
  })

  it('divides every wait by the scale', () => {
    const fast = plan('+14155550100', { scale: 60 })
    expect((fast.ringAt as number) - T0).toBeCloseTo((STEPS.queuedToRing * 1000) / 60)
    expect(fast.endAt - T0).toBeLessThan(1000)
    expect(fast.talkSeconds).toBe(plan('+14155550100').talkSeconds)
  })

  it('cancels at the deadline a call that would not connect before it, and keeps one that would', () => {
    const late = plan('+14155550100', { deadline: T0 + 2_000 })
    expect(late).toMatchObject({
      outcome: 'canceled',
      endReason: 'deadline_exceeded',
      endAt: T0 + 2_000,
      answerAt: null,
    })
    const inTime = plan('+14155550100', { deadline: T0 + 60_000 })
    expect(inTime.outcome).toBe('completed')
  })

  it('reports a live cancel as a hang-up with the talk time so far', () => {
    const p = plan('+14155550100')
    const canceledAt = new Date((p.answerAt as number) + 3_000).toISOString()
    expect(stateAt({ plan: p, canceledAt }, p.endAt + 1)).toMatchObject({
      status: 'canceled',
      endReason: 'hung_up_by_client',
      durationSeconds: 3,
    })
  })
})

describe('nextOpening', () => {
  const weekdays = {
    timezone: 'America/New_York',
    windows: { mon: [{ start: '09:00', end: '17:30' }], tue: [{ start: '09:00', end: '17:30' }] },
  }

  it('is now when inside a window, else the next window start in the zone', () => {
    expect(nextOpening(weekdays, 'America/New_York', T0)).toBe(T0) // 10:00 in New York
    const evening = Date.parse('2026-11-23T23:00:00.000Z') // 18:00 Monday in New York
    expect(new Date(nextOpening(weekdays, 'America/New_York', evening) as number).toISOString()).toBe(
      '2026-11-24T14:00:00.000Z',
    )
  })

  it('follows daylight saving time', () => {
    // Sunday 8 March 2026 US clocks go forward: Monday 09:00 is then 13:00 UTC, not 14:00.
    const sunday = Date.parse('2026-03-08T12:00:00.000Z')
    expect(new Date(nextOpening(weekdays, 'America/New_York', sunday) as number).toISOString()).toBe(
      '2026-03-09T13:00:00.000Z',
    )
  })

  it('is null when no window opens within a week', () => {
    expect(nextOpening({ timezone: 'UTC', windows: {} }, 'UTC', T0)).toBeNull()
  })
})

describe('interpolate', () => {
  it('fills known placeholders, tolerates spaces, and leaves unknown ones visible', () => {
    expect(interpolate('Hi {{ name }}, {{n}} items, {{missing}}', { name: 'Ada', n: 3 })).toBe(
      'Hi Ada, 3 items, {{missing}}',
    )
  })
})
