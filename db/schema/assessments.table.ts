import { sql } from 'drizzle-orm'
import { sqliteTable, integer, text, index, uniqueIndex, check } from 'drizzle-orm/sqlite-core'
import { idColumn, timestampColumns } from '../columns.js'
import { hearingsTable } from './hearings.table.js'
import { membersTable } from './pool.table.js'
import { usersTable } from './users.table.js'

// Who can be assessed (server/modules/assessments/assessments.rules.ts repeats the list and checks it agrees).
export const ASSESSED_ROLES = ['officer', 'third_party'] as const
export type AssessedRole = typeof ASSESSED_ROLES[number]

/**
 * The host's assessment (考核) of one officer or third party who served at a concluded hearing: four scores of 1–5
 * (出勤, 准备, 公正, 纪律作风) and a note. One per hearing and member.
 */
export const officerAssessmentsTable = sqliteTable('officer_assessments', {
  id: idColumn(),
  hearingId: integer('hearing_id').notNull().references(() => hearingsTable.id, { onDelete: 'restrict' }),
  memberId: integer('member_id').notNull().references(() => membersTable.id, { onDelete: 'restrict' }),
  role: text('role', { enum: ASSESSED_ROLES }).notNull(),
  attendance: integer('attendance').notNull(),
  preparation: integer('preparation').notNull(),
  impartiality: integer('impartiality').notNull(),
  conduct: integer('conduct').notNull(),
  note: text('note'),
  assessorUserId: integer('assessor_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
  assessorName: text('assessor_name').notNull(),
  version: integer('version').notNull().default(1),
  ...timestampColumns()
}, (t) => [
  uniqueIndex('officer_assessments_hearing_member_uq').on(t.hearingId, t.memberId),
  index('officer_assessments_member_idx').on(t.memberId),
  check('officer_assessments_scores_ck', sql`${t.attendance} between 1 and 5 and ${t.preparation} between 1 and 5 and ${t.impartiality} between 1 and 5 and ${t.conduct} between 1 and 5`)
])

export type OfficerAssessment = typeof officerAssessmentsTable.$inferSelect
