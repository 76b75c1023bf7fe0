import type { Db, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { CalendarYearRow, HolidayOverrideKind } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { createWorkCalendar, eachDate, packageKnowsYear, type WorkCalendar } from '../../common/workdays.js'
import { daysBetween, isIsoDate, yearOf } from '../../common/dates.js'
import { timeLimitInvalidDate } from '../matters/matters.errors.js'
import { recalculateStagesForCalendar } from '../matters/matters.deadlines.service.js'
import * as repo from './calendar-days.repository.js'
import { calendarRangeTooLong, calendarYearNotConfirmed, holidayOverrideNotFound } from './calendar-days.errors.js'

/**
 * The working-day calendar with every override in the table and the years confirmed as entered in full, read in
 * `db` (which may be a transaction). Matches the hearings and matters modules' `CalendarLoader`.
 */
export function loadWorkCalendar (db: DbOrTx): WorkCalendar {
  return createWorkCalendar({
    overrides: repo.list(db).map((o) => ({ date: o.date, kind: o.kind, note: o.note })),
    confirmedYears: repo.confirmedYears(db).map((y) => y.year)
  })
}

function requireDate (date: string, field = 'date') {
  if (!isIsoDate(date)) throw timeLimitInvalidDate({ field, value: date }, `“${date}”不是有效日期`)
  return date
}

function confirmationView (row: CalendarYearRow | undefined) {
  return row ? { note: row.note, confirmedByName: row.confirmedByName, confirmedAt: row.confirmedAt } : null
}

/**
 * A year is known (工作日可以准确计算) when the chinese-days package carries the State Council's arrangement for it, or
 * when an administrator confirmed that the year's whole arrangement is entered in the override table. Entering one
 * override does not make a year known: the year's other holidays and make-up working days may still be missing.
 */
export function yearCoverage (db: DbOrTx, year: number) {
  const overrideCount = repo.list(db, { from: `${year}-01-01`, to: `${year}-12-31` }).length
  const confirmation = confirmationView(repo.findConfirmedYear(db, year))
  const inPackage = packageKnowsYear(year)
  const known = inPackage || confirmation !== null
  return {
    year,
    packageKnowsYear: inPackage,
    overrideCount,
    confirmed: confirmation,
    known,
    message: known
      ? null
      : overrideCount > 0
        ? `${year}年已录入 ${overrideCount} 天的调整，但尚未确认该年的放假和调休安排已全部录入；按工作日计算的期限仍按周一至周五推算并提示`
        : `${year}年的法定节假日安排尚未录入，按工作日计算的期限只按周一至周五推算`
  }
}

export function createCalendarDaysService ({ db, clock }: { db: Db, clock: Clock }) {
  /** Due dates counted in working days follow the calendar: recompute the stages whose period reaches into the change. */
  function recalculate (tx: DbOrTx, actor: Actor, from: string, to: string) {
    return recalculateStagesForCalendar(tx, { from, to, calendar: loadWorkCalendar(tx), actor, at: clock.now() })
  }

  return {
    list ({ year }: { year?: number | undefined }) {
      const items = year === undefined ? repo.list(db) : repo.list(db, { from: `${year}-01-01`, to: `${year}-12-31` })
      return { items, coverage: year === undefined ? null : yearCoverage(db, year) }
    },

    coverage: (year: number) => yearCoverage(db, year),

    /** Coverage of every year from `from` to `to` (at most 50). */
    years ({ from, to }: { from: number, to: number }) {
      if (to < from) throw timeLimitInvalidDate({ field: 'to', value: String(to) }, '结束年份早于开始年份')
      if (to - from > 49) throw calendarRangeTooLong({ maxYears: 50 })
      const out = []
      for (let y = from; y <= to; y++) out.push(yearCoverage(db, y))
      return out
    },

    /** Each day from `from` to `to` (at most 366) with whether it is a working day and why. */
    days ({ from, to }: { from: string, to: string }) {
      requireDate(from, 'from')
      requireDate(to, 'to')
      const span = daysBetween(from, to)
      if (span < 0) throw timeLimitInvalidDate({ field: 'to', value: to }, '结束日期早于开始日期')
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
        const { stagesChanged } = recalculate(tx, actor, date, date)
        return { row, created: before === undefined, stagesChanged }
      })
    },

    remove (actor: Actor, date: string) {
      requireDate(date)
      return writeTransaction(db, (tx) => {
        const before = repo.findByDate(tx, date)
        if (!before) throw holidayOverrideNotFound({ date })
        repo.remove(tx, date)
        recordAudit(tx, { actor, at: clock.now(), action: 'holiday_override.delete', entityType: 'holiday_override', entityId: date, before })
        return recalculate(tx, actor, date, date)
      })
    },

    /** Confirms that the year's whole arrangement is in the override table: the year counts as known from now on. */
    confirmYear (actor: Actor, year: number, input: { note: string }) {
      return writeTransaction(db, (tx) => {
        const before = repo.findConfirmedYear(tx, year)
        const row = repo.upsertConfirmedYear(tx, { year, note: input.note.trim(), confirmedByUserId: actor.userId, confirmedByName: actor.displayName, confirmedAt: clock.now() })
        recordAudit(tx, { actor, at: clock.now(), action: before ? 'calendar_year.update' : 'calendar_year.confirm', entityType: 'calendar_year', entityId: String(year), before: before ?? null, after: row })
        const { stagesChanged } = recalculate(tx, actor, `${year}-01-01`, `${year}-12-31`)
        return { coverage: yearCoverage(tx, year), created: before === undefined, stagesChanged }
      })
    },

    /** Withdraws a confirmation (e.g. it was given too early): the year is unknown again unless the package has it. */
    withdrawYear (actor: Actor, year: number) {
      return writeTransaction(db, (tx) => {
        const before = repo.findConfirmedYear(tx, year)
        if (!before) throw calendarYearNotConfirmed({ year })
        repo.removeConfirmedYear(tx, year)
        recordAudit(tx, { actor, at: clock.now(), action: 'calendar_year.withdraw', entityType: 'calendar_year', entityId: String(year), before })
        return recalculate(tx, actor, `${year}-01-01`, `${year}-12-31`)
      })
    }
  }
}
