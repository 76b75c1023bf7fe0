import { IANAZone } from 'luxon'

/** Wall-clock reading of an instant in an IANA zone, computed from luxon's zone data without a DateTime per call. */
export type WallClock = { year: number, month: number, day: number, hour: number, minute: number, second: number, weekday: number }

const DAY = 86_400_000
const zones = new Map<string, { zone: IANAZone, days: Map<number, number | null> }>()

/**
 * The zone's UTC offset in minutes at `ts`. Asking Intl is slow (tens of µs), so the offset is remembered per UTC
 * day when it is the same at both ends of the day (no transition inside); on transition days every instant is
 * asked. For Asia/Shanghai (no DST since 1991) that is one lookup per day ever seen.
 */
export function zoneOffsetMinutes (ts: number, zoneName: string): number {
  let entry = zones.get(zoneName)
  if (!entry) {
    const zone = IANAZone.create(zoneName)
    if (!zone.isValid) throw new RangeError(`unknown time zone ${zoneName}`)
    entry = { zone, days: new Map() }
    zones.set(zoneName, entry)
  }
  const day = Math.floor(ts / DAY)
  let offset = entry.days.get(day)
  if (offset === undefined) {
    const start = entry.zone.offset(day * DAY)
    offset = start === entry.zone.offset((day + 1) * DAY) ? start : null
    if (entry.days.size > 50_000) entry.days.clear()
    entry.days.set(day, offset)
  }
  return offset ?? entry.zone.offset(ts)
}

export function wallClock (date: Date, zoneName: string): WallClock {
  const ts = date.getTime()
  if (Number.isNaN(ts)) throw new TypeError('calendar: invalid date')
  const local = new Date(ts + zoneOffsetMinutes(ts, zoneName) * 60_000)
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    weekday: local.getUTCDay() === 0 ? 7 : local.getUTCDay()
  }
}
