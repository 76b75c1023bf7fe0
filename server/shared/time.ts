import { DateTime } from 'luxon'

export const DISPLAY_TIME_ZONE = 'Asia/Shanghai'

/** Instants leave the API as ISO 8601 with the Shanghai offset (e.g. 2026-11-28T09:30:00.000+08:00). */
export function toApiTime (date: Date): string
export function toApiTime (date: Date | null | undefined): string | null
export function toApiTime (date: Date | null | undefined): string | null {
  if (!date) return null
  return DateTime.fromJSDate(date, { zone: DISPLAY_TIME_ZONE }).toISO() ?? date.toISOString()
}

/** Parses an ISO 8601 instant that carries an explicit offset or Z; returns null when it is not one. */
export function parseApiTime (value: string): Date | null {
  if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(value)) return null
  const parsed = DateTime.fromISO(value, { setZone: true })
  return parsed.isValid ? parsed.toJSDate() : null
}
