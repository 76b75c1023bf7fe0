import { DateTime } from 'luxon'

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

/** Parses an ISO 8601 instant that carries an explicit offset or Z; returns null when it is not one. */
export function parseApiTime (value: string): Date | null {
  if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(value)) return null
  const parsed = DateTime.fromISO(value, { setZone: true })
  return parsed.isValid ? parsed.toJSDate() : null
}
