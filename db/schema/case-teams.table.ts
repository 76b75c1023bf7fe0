import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core'
import { idColumn, timestampColumns } from '../columns.js'
import { regionsTable } from './regions.table.js'
import { usersTable } from './users.table.js'
import { mattersTable, matterStagesTable } from './matters.table.js'
import { membersTable } from './pool.table.js'
import { CASE_TEAM_ROLES, ASSIGNMENT_METHODS } from './enums.js'

/** A 复查复核 case team (复查复核案件办理团队) of the city or a county (S0). */
export const caseTeamsTable = sqliteTable('case_teams', {
  id: idColumn(),
  name: text('name').notNull(),
  regionId: integer('region_id').notNull().references(() => regionsTable.id, { onDelete: 'restrict' }),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** Rotation position (of `case_team_members.rotation_order`) of the member who received the last rotation assignment. */
  lastRotationOrder: integer('last_rotation_order'),
  note: text('note'),
  version: integer('version').notNull().default(1),
  ...timestampColumns()
}, (t) => [index('case_teams_region_idx').on(t.regionId)])

/** A team member: a staff user (coordinator or host) or a cadre named without an account. */
export const caseTeamMembersTable = sqliteTable('case_team_members', {
  id: idColumn(),
  teamId: integer('team_id').notNull().references(() => caseTeamsTable.id, { onDelete: 'cascade' }),
  userId: integer('user_id').references(() => usersTable.id, { onDelete: 'restrict' }),
  name: text('name').notNull(),
  /** For a cadre named without an account: the pool member this person is (with an account, the account's link counts). */
  poolMemberId: integer('pool_member_id').references(() => membersTable.id, { onDelete: 'set null' }),
  position: text('position'),
  role: text('role', { enum: CASE_TEAM_ROLES }).notNull(),
  /** Order in which members take turns (承办人轮流); 1-based, unique among the team's active members. */
  rotationOrder: integer('rotation_order').notNull(),
  /** False once removed from the team; the row stays because assignments point to it. */
  active: integer('active', { mode: 'boolean' }).notNull().default(true)
}, (t) => [
  index('case_team_members_team_idx').on(t.teamId, t.rotationOrder),
  index('case_team_members_user_idx').on(t.userId),
  index('case_team_members_pool_member_idx').on(t.poolMemberId)
])

/** Who handles (承办) a matter stage; a reassignment ends the previous row. */
export const caseAssignmentsTable = sqliteTable('case_assignments', {
  id: idColumn(),
  matterId: integer('matter_id').notNull().references(() => mattersTable.id, { onDelete: 'cascade' }),
  stageId: integer('stage_id').notNull().references(() => matterStagesTable.id, { onDelete: 'cascade' }),
  teamId: integer('team_id').notNull().references(() => caseTeamsTable.id, { onDelete: 'restrict' }),
  teamMemberId: integer('team_member_id').notNull().references(() => caseTeamMembersTable.id, { onDelete: 'restrict' }),
  method: text('method', { enum: ASSIGNMENT_METHODS }).notNull(),
  reason: text('reason'),
  assignedByUserId: integer('assigned_by_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
  assignedByName: text('assigned_by_name').notNull(),
  assignedAt: integer('assigned_at', { mode: 'timestamp_ms' }).notNull(),
  current: integer('current', { mode: 'boolean' }).notNull().default(true)
}, (t) => [
  index('case_assignments_stage_idx').on(t.stageId, t.current),
  index('case_assignments_member_idx').on(t.teamMemberId)
])

export type CaseTeam = typeof caseTeamsTable.$inferSelect
export type CaseTeamMember = typeof caseTeamMembersTable.$inferSelect
export type CaseAssignment = typeof caseAssignmentsTable.$inferSelect
