import type { Db, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { HolidayOverrideKind } from '../../../db/schema/index.js'
import type { Clock } from '../../shared/clock.js'
import type { Actor } from '../../shared/actor.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { createWorkCalendar, eachDate, packageKnowsYear, type WorkCalendar } from '../scheduling/workdays.js'
import { daysBetween, isIsoDate, yearOf } from '../scheduling/dates.js'
import { invalidDate } from '../scheduling/scheduling.errors.js'
import * as repo from './calendar-days.repository.js'
import { calendarRangeTooLong, holidayOverrideNotFound } from './calendar-days.errors.js'

export type CalendarDaysService = ReturnType<typeof createCalendarDaysService>

/**
 * The working-day calendar with every override in the table, read in `db` (which may be a transaction).
 * Matches the hearings and matters modules' `CalendarLoader`.
 */
export function loadWorkCalendar (db: DbOrTx): WorkCalendar {
  return createWorkCalendar({ overrides: repo.list(db).map((o) => ({ date: o.date, kind: o.kind, note: o.note })) })
}

function requireDate (date: string, field = 'date') {
  if (!isIsoDate(date)) throw invalidDate({ field, value: date }, `“${date}”不是有效日期`)
  return date
}

export function createCalendarDaysService ({ db, clock }: { db: Db, clock: Clock }) {
  function coverage (year: number) {
    const overrideCount = repo.list(db, { from: `${year}-01-01`, to: `${year}-12-31` }).length
    const known = packageKnowsYear(year) || overrideCount > 0
    return {
      year,
      packageKnowsYear: packageKnowsYear(year),
      overrideCount,
      known,
      message: known ? null : `${year}年的法定节假日安排尚未录入，按工作日计算的期限只按周一至周五推算`
    }
  }

  return {
    list ({ year }: { year?: number | undefined }) {
      const items = year === undefined ? repo.list(db) : repo.list(db, { from: `${year}-01-01`, to: `${year}-12-31` })
      return { items, coverage: year === undefined ? null : coverage(year) }
    },

    coverage,

    /** Each day from `from` to `to` (at most 366) with whether it is a working day and why. */
    days ({ from, to }: { from: string, to: string }) {
      requireDate(from, 'from')
      requireDate(to, 'to')
      const span = daysBetween(from, to)
      if (span < 0) throw invalidDate({ field: 'to', value: to }, '结束日期早于开始日期')
      if (span > 365) throw calendarRangeTooLong({ maxDays: 366 })
      const calendar = loadWorkCalendar(db)
      const years = [...new Set([yearOf(from), yearOf(to)])]
      return {
        days: eachDate(from, to).map((d) => calendar.describe(d)),
        unknownYears: years.filter((y) => !calendar.isKnownYear(y))
      }
    },

    upsert (actor: Actor, date: string, input: { kind: HolidayOverrideKind, note: string }) {
      requireDate(date)
      return writeTransaction(db, (tx) => {
        const before = repo.findByDate(tx, date)
        const now = clock.now()
        const row = repo.upsert(tx, { date, kind: input.kind, note: input.note.trim(), updatedByUserId: actor.userId, updatedByName: actor.displayName, createdAt: now, updatedAt: now })
        recordAudit(tx, { actor, at: now, action: before ? 'holiday_override.update' : 'holiday_override.create', entityType: 'holiday_override', entityId: date, before: before ?? null, after: row })
        return { row, created: before === undefined }
      })
    },

    remove (actor: Actor, date: string) {
      requireDate(date)
      writeTransaction(db, (tx) => {
        const before = repo.findByDate(tx, date)
        if (!before) throw holidayOverrideNotFound({ date })
        repo.remove(tx, date)
        recordAudit(tx, { actor, at: clock.now(), action: 'holiday_override.delete', entityType: 'holiday_override', entityId: date, before })
      })
    }
  }
}
