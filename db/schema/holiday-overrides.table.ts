import { sqliteTable, integer, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { idColumn, timestampColumns } from '../columns.js'
import { usersTable } from './users.table.js'
import { HOLIDAY_OVERRIDE_KINDS } from './enums.js'

/**
 * Corrections of the working-day calendar (工作日/节假日调整), taking precedence over the chinese-days
 * package; also how a year the package does not know yet (e.g. 2027) gets its holidays.
 */
export const holidayOverridesTable = sqliteTable('holiday_overrides', {
  id: idColumn(),
  /** Calendar date, YYYY-MM-DD. */
  date: text('date').notNull(),
  kind: text('kind', { enum: HOLIDAY_OVERRIDE_KINDS }).notNull(),
  note: text('note').notNull(),
  updatedByUserId: integer('updated_by_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
  updatedByName: text('updated_by_name').notNull(),
  ...timestampColumns()
}, (t) => [
  uniqueIndex('holiday_overrides_date_uq').on(t.date)
])

export type HolidayOverrideRow = typeof holidayOverridesTable.$inferSelect

/**
 * Years whose whole working-day calendar (every holiday and make-up working day of the State Council's arrangement)
 * an administrator has entered in the override table and confirmed as complete. A year is known when the
 * chinese-days package has its arrangement or it has a row here; a single override does not make a year known.
 */
export const calendarYearsTable = sqliteTable('calendar_years', {
  year: integer('year').primaryKey(),
  /** e.g. 国办发明电〔2026〕7号 已全部录入 */
  note: text('note').notNull(),
  confirmedByUserId: integer('confirmed_by_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
  confirmedByName: text('confirmed_by_name').notNull(),
  confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }).notNull()
})

export type CalendarYearRow = typeof calendarYearsTable.$inferSelect
