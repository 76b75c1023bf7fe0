import { DateTime } from 'luxon'
import { invalidRequest } from '../errors.js'

/** China's one time zone: the dates, times and documents of the service are all in it. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai'

/** Instants leave the API as ISO 8601 with the Shanghai offset (e.g. 2026-11-28T09:30:00.000+08:00). */
export function toApiTime (date: Date): string
export function toApiTime (date: Date | null | undefined): string | null
export function toApiTime (date: Date | null | undefined): string | null {
  if (!date) return null
  const ms = date.getTime()
  // China has kept UTC+8 without daylight saving since 1991; earlier instants go through the tz database.
  if (ms >= SHANGHAI_FIXED_SINCE) return new Date(ms + 8 * 3600_000).toISOString().slice(0, -1) + '+08:00'
  return DateTime.fromJSDate(date, { zone: DISPLAY_TIME_ZONE }).toISO() ?? date.toISOString()
}

const SHANGHAI_FIXED_SINCE = Date.UTC(1991, 8, 15)

/**
 * A period as messages name it, in China time: 2026年12月10日 09:30–12:00, or 2026年12月10日 22:00至12月11日 01:00
 * when it ends on another day (the year is repeated only when that changes too).
 */
export function messagePeriod (start: Date | number, end: Date | number): string {
  const from = DateTime.fromMillis(Number(start), { zone: DISPLAY_TIME_ZONE })
  const to = DateTime.fromMillis(Number(end), { zone: DISPLAY_TIME_ZONE })
  const day = from.toFormat('yyyy年M月d日')
  if (from.hasSame(to, 'day')) return `${day} ${from.toFormat('HH:mm')}–${to.toFormat('HH:mm')}`
  return `${day} ${from.toFormat('HH:mm')}至${to.toFormat(from.hasSame(to, 'year') ? 'M月d日 HH:mm' : 'yyyy年M月d日 HH:mm')}`
}

/** Parses an ISO 8601 instant that carries an explicit offset or Z; returns null when it is not one. */
export function parseApiTime (value: string): Date | null {
  if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(value)) return null
  const parsed = DateTime.fromISO(value, { setZone: true })
  return parsed.isValid ? parsed.toJSDate() : null
}

/** parseApiTime for a request field: a value without offset or not ISO 8601 is a 400 naming the field. */
export function requireApiTime (value: string, { in: part, field }: { in: 'body' | 'querystring', field: string }): Date {
  const parsed = parseApiTime(value)
  if (!parsed) throw invalidRequest({ errors: [{ in: part, field, message: '应为带时区的日期时间，例如 2026-12-08T09:30:00+08:00' }] })
  return parsed
}
