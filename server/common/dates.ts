import { DateTime } from 'luxon'
import { DISPLAY_TIME_ZONE } from './time.js'

/**
 * Calendar dates as `YYYY-MM-DD` strings in Asia/Shanghai. Arithmetic runs on day numbers (days since
 * 1970-01-01), which has no time zone and no daylight saving, so it is exact.
 */
export type IsoDate = string

const DAY_MS = 86_400_000
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** Day number of a valid `YYYY-MM-DD`, or null (wrong shape or no such day, e.g. 2026-02-30). */
export function tryDayNumber (date: string): number | null {
  const m = DATE_PATTERN.exec(date)
  if (!m) return null
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  const ms = Date.UTC(y, mo - 1, d)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null
  return ms / DAY_MS
}

export function isIsoDate (date: string): boolean {
  return tryDayNumber(date) !== null
}

export function dayNumber (date: IsoDate): number {
  const n = tryDayNumber(date)
  if (n === null) throw new RangeError(`not a calendar date: ${date}`)
  return n
}

export function fromDayNumber (n: number): IsoDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10)
}

export function addCalendarDays (date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days)
}

/** `b - a` in whole days. */
export function daysBetween (a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a)
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday (date: IsoDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7
}

export function yearOf (date: IsoDate): number {
  return Number(date.slice(0, 4))
}

/** The Shanghai calendar date of an instant (the opposite way: shanghaiStartOfDay). */
export function shanghaiDateOf (instant: Date | number): IsoDate {
  const ms = typeof instant === 'number' ? instant : instant.getTime()
  return fromDayNumber(Math.floor((ms + 8 * 3_600_000) / DAY_MS))
}

/** ISO week of an instant in Shanghai, e.g. `2026-W09` (weeks start on Monday; week-year may differ from the year). */
export function isoWeekKey (instant: Date | number): string {
  const dt = DateTime.fromMillis(typeof instant === 'number' ? instant : instant.getTime(), { zone: DISPLAY_TIME_ZONE })
  return `${dt.weekYear}-W${String(dt.weekNumber).padStart(2, '0')}`
}

/** Calendar month of an instant in Shanghai, e.g. `2026-03`. */
export function monthKey (instant: Date | number): string {
  return shanghaiDateOf(instant).slice(0, 7)
}

/** The instant at which a Shanghai calendar date begins. */
export function shanghaiStartOfDay (date: IsoDate): number {
  return dayNumber(date) * DAY_MS - 8 * 3_600_000
}

/** [start, end) instants of the ISO week (Monday to Sunday, Shanghai) that contains `instant`. */
export function shanghaiWeekRange (instant: Date | number): [number, number] {
  const day = dayNumber(shanghaiDateOf(instant))
  const monday = day - ((weekday(fromDayNumber(day)) + 6) % 7)
  return [monday * DAY_MS - 8 * 3_600_000, (monday + 7) * DAY_MS - 8 * 3_600_000]
}

/** [start, end) instants of the calendar month (Shanghai) that contains `instant`. */
export function shanghaiMonthRange (instant: Date | number): [number, number] {
  const date = shanghaiDateOf(instant)
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  return [Date.UTC(y, m - 1, 1) - 8 * 3_600_000, Date.UTC(y, m, 1) - 8 * 3_600_000]
}
