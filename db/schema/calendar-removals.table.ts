import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { idColumn } from '../columns.js'
import { hearingsTable } from './hearings.table.js'
import { membersTable } from './pool.table.js'
import { REMOVED_ROLES } from './enums.js'

/**
 * Members taken off a hearing they had been invited to (host or recorder replaced, panel seat declined or recused),
 * written by the invite listener in the change's transaction: their personal feed keeps the hearing as cancelled.
 */
export const calendarRemovalsTable = sqliteTable('calendar_removals', {
  id: idColumn(),
  hearingId: integer('hearing_id').notNull().references(() => hearingsTable.id, { onDelete: 'cascade' }),
  memberId: integer('member_id').notNull().references(() => membersTable.id, { onDelete: 'cascade' }),
  role: text('role', { enum: REMOVED_ROLES }).notNull(),
  /** The hearing's sequence that announced the removal. */
  sequence: integer('sequence').notNull(),
  removedAt: integer('removed_at', { mode: 'timestamp_ms' }).notNull()
}, (t) => [
  uniqueIndex('calendar_removals_hearing_member_uq').on(t.hearingId, t.memberId),
  index('calendar_removals_member_idx').on(t.memberId)
])

export type CalendarRemoval = typeof calendarRemovalsTable.$inferSelect
