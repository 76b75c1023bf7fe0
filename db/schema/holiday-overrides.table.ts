import { sqliteTable, integer, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { idColumn, timestampColumns } from '../columns.js'
import { usersTable } from './users.table.js'

export const HOLIDAY_OVERRIDE_KINDS = ['workday', 'holiday'] as const
export type HolidayOverrideKind = typeof HOLIDAY_OVERRIDE_KINDS[number]

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
