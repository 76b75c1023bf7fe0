import { describe, expect, test } from 'vitest'
import chineseDays from 'chinese-days'
import { createWorkCalendar, eachDate, packageKnowsYear } from '../../server/common/workdays.js'
import { isoWeekKey, monthKey, shanghaiDateOf, shanghaiMonthRange, shanghaiWeekRange, tryDayNumber, weekday } from '../../server/common/dates.js'

describe('working-day calendar', () => {
  test('agrees with chinese-days on every day of 2025 and 2026 (holidays and make-up workdays)', () => {
    const calendar = createWorkCalendar()
    for (const date of eachDate('2025-01-01', '2026-12-31')) {
      expect(calendar.isWorkday(date), date).toBe(chineseDays.isWorkday(date))
    }
  })

  test('2026 National Day: 10-01 to 10-07 off, Sunday 09-20 and Saturday 10-10 are make-up workdays', () => {
    const calendar = createWorkCalendar()
    expect(eachDate('2026-10-01', '2026-10-07').some((d) => calendar.isWorkday(d))).toBe(false)
    expect(calendar.describe('2026-10-10')).toEqual({ date: '2026-10-10', workday: true, source: 'package', note: '国庆节调休上班' })
    expect(calendar.describe('2026-10-01')).toMatchObject({ workday: false, source: 'package', note: '国庆节' })
    expect(calendar.isWorkday('2026-09-20')).toBe(true)
  })

  test('the package knows 2004–2026 but not 2027; an unknown year falls back to Monday–Friday and says so', () => {
    expect(packageKnowsYear(2026)).toBe(true)
    expect(packageKnowsYear(2027)).toBe(false)
    const calendar = createWorkCalendar()
    expect(calendar.isKnownYear(2027)).toBe(false)
    expect(calendar.describe('2027-01-01')).toEqual({ date: '2027-01-01', workday: true, source: 'weekday_rule', note: null })
    expect(calendar.isWorkday('2027-01-02')).toBe(false)
  })

  test('overrides take precedence over the package; a year is known only from the package or a confirmation, not from one override', () => {
    const calendar = createWorkCalendar({
      overrides: [
        { date: '2027-01-01', kind: 'holiday', note: '元旦' },
        { date: '2026-10-10', kind: 'holiday', note: '本地调整' }
      ]
    })
    expect(calendar.isKnownYear(2027)).toBe(false)
    expect(calendar.isKnownYear(2026)).toBe(true)
    expect(createWorkCalendar({ confirmedYears: [2027] }).isKnownYear(2027)).toBe(true)
    expect(createWorkCalendar({ confirmedYears: [2027] }).isKnownYear(2028)).toBe(false)
    expect(calendar.describe('2027-01-01')).toEqual({ date: '2027-01-01', workday: false, source: 'override', note: '元旦' })
    expect(calendar.isWorkday('2026-10-10')).toBe(false)
  })

  test('does not depend on the process time zone', () => {
    const previous = process.env.TZ
    try {
      process.env.TZ = 'America/New_York'
      const calendar = createWorkCalendar()
      expect(calendar.isWorkday('2026-03-07')).toBe(false)
      expect(calendar.isWorkday('2026-03-09')).toBe(true)
    } finally {
      process.env.TZ = previous
    }
  })
})

describe('dates', () => {
  test('rejects impossible dates and wrong shapes', () => {
    expect(tryDayNumber('2026-02-29')).toBeNull()
    expect(tryDayNumber('2028-02-29')).not.toBeNull()
    expect(tryDayNumber('2026-2-1')).toBeNull()
    expect(tryDayNumber('2026-13-01')).toBeNull()
  })

  test('Shanghai date, ISO week and month of an instant', () => {
    const instant = Date.parse('2026-03-01T16:30:00Z')
    expect(shanghaiDateOf(instant)).toBe('2026-03-02')
    expect(weekday('2026-03-02')).toBe(1)
    expect(isoWeekKey(instant)).toBe('2026-W10')
    expect(monthKey(instant)).toBe('2026-03')
    expect(isoWeekKey(Date.parse('2027-01-01T04:00:00Z'))).toBe('2026-W53')
    const [ws, we] = shanghaiWeekRange(instant)
    expect(new Date(ws).toISOString()).toBe('2026-03-01T16:00:00.000Z')
    expect(we - ws).toBe(7 * 86_400_000)
    const [ms, me] = shanghaiMonthRange(instant)
    expect(new Date(ms).toISOString()).toBe('2026-02-28T16:00:00.000Z')
    expect(new Date(me).toISOString()).toBe('2026-03-31T16:00:00.000Z')
  })
})
