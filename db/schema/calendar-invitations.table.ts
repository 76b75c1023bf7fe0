import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { timestampColumns, idColumn } from '../columns.js'
import { hearingsTable } from './hearings.table.js'
import { CALENDAR_PERSON_KINDS, INVITATION_METHODS } from './enums.js'

/**
 * The UID a hearing's calendar event was published under before UIDs were named after the installation
 * (`hearing-<id>@<host of PUBLIC_BASE_URL>`), adopted once at the first start with installation ids so that
 * events already in people's calendars keep their identity. Hearings without a row use
 * `hearing-<id>@<installation id>`.
 */
export const calendarEventUidsTable = sqliteTable('calendar_event_uids', {
  hearingId: integer('hearing_id').primaryKey().references(() => hearingsTable.id, { onDelete: 'cascade' }),
  uid: text('uid').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
}, (t) => [uniqueIndex('calendar_event_uids_uid_uq').on(t.uid)])

/**
 * What each person was sent about a hearing, written with every queued invitation in the change's transaction:
 * the UID their calendar knows the event by (kept for the hearing's whole life, whatever PUBLIC_BASE_URL says
 * later), and the SEQUENCE and METHOD of the last message. No row: nothing was ever sent to them.
 */
export const calendarInvitationsTable = sqliteTable('calendar_invitations', {
  id: idColumn(),
  hearingId: integer('hearing_id').notNull().references(() => hearingsTable.id, { onDelete: 'cascade' }),
  personKind: text('person_kind', { enum: CALENDAR_PERSON_KINDS }).notNull(),
  /** users.id, the pool member's id or hearing_participants.id, depending on person_kind. */
  personId: integer('person_id').notNull(),
  uid: text('uid').notNull(),
  sequence: integer('sequence').notNull(),
  method: text('method', { enum: INVITATION_METHODS }).notNull(),
  ...timestampColumns()
}, (t) => [
  uniqueIndex('calendar_invitations_person_uq').on(t.hearingId, t.personKind, t.personId),
  index('calendar_invitations_person_idx').on(t.personKind, t.personId)
])

export type CalendarInvitation = typeof calendarInvitationsTable.$inferSelect
