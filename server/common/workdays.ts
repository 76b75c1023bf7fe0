import { projectRequire } from './paths.js'
import { fromDayNumber, dayNumber, weekday, yearOf, type IsoDate } from './dates.js'

/** An administrator's correction of the working-day calendar for one date (table `holiday_overrides`). */
export type HolidayOverride = { date: IsoDate, kind: 'workday' | 'holiday', note?: string | null }

export type DaySource = 'override' | 'package' | 'weekday_rule'

export type DayInfo = { date: IsoDate, workday: boolean, source: DaySource, note: string | null }

/**
 * Which days are working days (工作日). Precedence: the override table, then the chinese-days package
 * (State Council holiday arrangements with make-up workdays, 调休), then plain Monday-to-Friday for
 * years neither knows — `isKnownYear` tells callers so they can warn instead of silently assuming.
 */
export type WorkCalendar = {
  isWorkday: (date: IsoDate) => boolean
  describe: (date: IsoDate) => DayInfo
  /**
   * True when the package has the year's arrangement or an administrator confirmed that the year's whole
   * arrangement is entered in the override table. Overrides alone do not make a year known: one entered holiday
   * says nothing about the year's other holidays and make-up working days.
   */
  isKnownYear: (year: number) => boolean
  packageKnowsYear: (year: number) => boolean
}

/*
 * The package's own lookups (getDayDetail, isWorkday) compute weekdays in the process time zone and
 * answer for the previous day west of UTC, so only its data tables are used here; weekdays come from
 * day numbers. Its data: `holidays` (days off), `workdays` (make-up working days), keyed by date.
 */
const data = projectRequire('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>
  workdays: Record<string, string>
}
const knownYears = new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))))

/** chinese-days 1.5.7 knows 2004–2026; 2027 is not yet published. */
export function packageKnowsYear (year: number): boolean {
  return knownYears.has(year)
}

function chineseName (entry: string) {
  return entry.split(',')[1] ?? entry
}

/**
 * The calendar over the override table (`overrides`) and the years an administrator confirmed as entered in full
 * (`confirmedYears`, table `calendar_years`).
 */
export function createWorkCalendar ({ overrides = [], confirmedYears = [] }: { overrides?: readonly HolidayOverride[], confirmedYears?: readonly number[] } = {}): WorkCalendar {
  const byDate = new Map<IsoDate, HolidayOverride>()
  for (const o of overrides) {
    dayNumber(o.date)
    byDate.set(o.date, o)
  }
  const confirmed = new Set(confirmedYears)

  function describe (date: IsoDate): DayInfo {
    const override = byDate.get(date)
    if (override) return { date, workday: override.kind === 'workday', source: 'override', note: override.note ?? null }
    const wd = weekday(date)
    if (packageKnowsYear(yearOf(date))) {
      const holiday = data.holidays[date]
      if (holiday !== undefined) return { date, workday: false, source: 'package', note: chineseName(holiday) }
      const makeUp = data.workdays[date]
      if (makeUp !== undefined) return { date, workday: true, source: 'package', note: `${chineseName(makeUp)}调休上班` }
      return { date, workday: wd !== 0 && wd !== 6, source: 'package', note: null }
    }
    return { date, workday: wd !== 0 && wd !== 6, source: 'weekday_rule', note: null }
  }

  return {
    isWorkday: (date) => describe(date).workday,
    describe,
    isKnownYear: (year) => confirmed.has(year) || packageKnowsYear(year),
    packageKnowsYear
  }
}

/** Every date from `from` to `to` inclusive. */
export function eachDate (from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = []
  for (let n = dayNumber(from), end = dayNumber(to); n <= end; n++) out.push(fromDayNumber(n))
  return out
}
