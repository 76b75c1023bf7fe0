import { and, asc, eq, gte, lte } from 'drizzle-orm'
import { calendarYearsTable, holidayOverridesTable } from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'

export function list (db: DbOrTx, { from, to }: { from?: string | undefined, to?: string | undefined } = {}) {
  return db.select().from(holidayOverridesTable)
    .where(and(from !== undefined ? gte(holidayOverridesTable.date, from) : undefined, to !== undefined ? lte(holidayOverridesTable.date, to) : undefined))
    .orderBy(asc(holidayOverridesTable.date))
    .all()
}

export function findByDate (db: DbOrTx, date: string) {
  return db.select().from(holidayOverridesTable).where(eq(holidayOverridesTable.date, date)).get()
}

export function upsert (db: DbOrTx, values: typeof holidayOverridesTable.$inferInsert) {
  return db.insert(holidayOverridesTable).values(values)
    .onConflictDoUpdate({
      target: holidayOverridesTable.date,
      set: { kind: values.kind, note: values.note, updatedByUserId: values.updatedByUserId, updatedByName: values.updatedByName, updatedAt: values.updatedAt }
    })
    .returning().get()
}

export function remove (db: DbOrTx, date: string) {
  db.delete(holidayOverridesTable).where(eq(holidayOverridesTable.date, date)).run()
}

export function confirmedYears (db: DbOrTx, { from, to }: { from?: number | undefined, to?: number | undefined } = {}) {
  return db.select().from(calendarYearsTable)
    .where(and(from !== undefined ? gte(calendarYearsTable.year, from) : undefined, to !== undefined ? lte(calendarYearsTable.year, to) : undefined))
    .orderBy(asc(calendarYearsTable.year))
    .all()
}

export function findConfirmedYear (db: DbOrTx, year: number) {
  return db.select().from(calendarYearsTable).where(eq(calendarYearsTable.year, year)).get()
}

export function upsertConfirmedYear (db: DbOrTx, values: typeof calendarYearsTable.$inferInsert) {
  return db.insert(calendarYearsTable).values(values)
    .onConflictDoUpdate({
      target: calendarYearsTable.year,
      set: { note: values.note, confirmedByUserId: values.confirmedByUserId, confirmedByName: values.confirmedByName, confirmedAt: values.confirmedAt }
    })
    .returning().get()
}

export function removeConfirmedYear (db: DbOrTx, year: number) {
  db.delete(calendarYearsTable).where(eq(calendarYearsTable.year, year)).run()
}
