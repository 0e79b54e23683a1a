import { describe, expect, it } from 'vitest'
import { nextOpen, openAt, zonesFor } from '../../src/campaigns/calling-hours'

const window = (start: string, end: string, timezone = 'callee') => ({
  start,
  end,
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as ('mon' | 'sun')[],
  timezone,
})
const at = (iso: string) => Date.parse(iso)

describe('calling hours in the callee zone', () => {
  it("reads the window in the contact's own zone, on both sides of now", () => {
    const w = window('09:00', '20:00')
    const now = at('2026-01-15T02:00:00Z') // 11:00 in Tokyo, 18:00 the day before in Los Angeles, 21:00 in New York
    expect(openAt(w, zonesFor(w, { to: '+14155550100', timezone: 'Asia/Tokyo' }), now)).toBe(true)
    expect(openAt(w, zonesFor(w, { to: '+14155550100', timezone: 'America/Los_Angeles' }), now)).toBe(true)
    const ny = zonesFor(w, { to: '+14155550100', timezone: 'America/New_York' })
    expect(openAt(w, ny, now)).toBe(false)
    expect(nextOpen(w, ny, now)).toBe(at('2026-01-15T14:00:00Z'))
  })

  it('a US number without a zone waits until the window is open in every US zone', () => {
    const w = window('09:00', '20:00')
    const zones = zonesFor(w, { to: '+14155550100' })
    expect(zones).toEqual(expect.arrayContaining(['America/New_York', 'America/Chicago', 'Pacific/Honolulu']))
    // 10:00 in New York, 05:00 in Honolulu: closed until 09:00 in Honolulu (and Adak), 14:00 in New York.
    expect(nextOpen(w, zones, at('2026-01-15T15:00:00Z'))).toBe(at('2026-01-15T19:00:00Z'))
    // The last open minute is 20:00 in New York.
    expect(openAt(w, zones, at('2026-01-16T00:59:00Z'))).toBe(true)
    expect(openAt(w, zones, at('2026-01-16T01:00:00Z'))).toBe(false)
  })

  it('a window the zones never share is null (the engine marks such a contact invalid)', () => {
    expect(
      nextOpen(
        window('09:00', '11:00'),
        zonesFor(window('09:00', '11:00'), { to: '+14155550100' }),
        Date.now(),
      ),
    ).toBeNull()
  })

  it('follows DST through Intl: 09:00 in New York is 14:00Z before the switch and 13:00Z after', () => {
    const w = window('09:00', '20:00', 'America/New_York')
    const zones = zonesFor(w, { to: '+4930123456' })
    expect(zones).toEqual(['America/New_York'])
    expect(nextOpen(w, zones, at('2026-03-07T06:00:00Z'))).toBe(at('2026-03-07T14:00:00Z'))
    expect(nextOpen(w, zones, at('2026-03-09T06:00:00Z'))).toBe(at('2026-03-09T13:00:00Z'))
  })

  it('honours days and windows across midnight', () => {
    const weekdays = { ...window('09:00', '17:00', 'Europe/Berlin'), days: ['mon'] as ('mon' | 'sun')[] }
    // Saturday 2026-01-17 → Monday 2026-01-19 09:00 Berlin (08:00Z).
    expect(nextOpen(weekdays, ['Europe/Berlin'], at('2026-01-17T10:00:00Z'))).toBe(at('2026-01-19T08:00:00Z'))
    const night = window('22:00', '02:00', 'UTC')
    expect(openAt(night, ['UTC'], at('2026-01-15T23:30:00Z'))).toBe(true)
    expect(openAt(night, ['UTC'], at('2026-01-16T01:30:00Z'))).toBe(true)
    expect(openAt(night, ['UTC'], at('2026-01-16T03:00:00Z'))).toBe(false)
  })
})
