import { and, asc, desc, eq, inArray, or, type SQL } from 'drizzle-orm'
import {
  caseTeamsTable, caseTeamMembersTable, caseAssignmentsTable, regionsTable, usersTable, matterStagesTable,
  type CaseTeam, type CaseTeamMember, type RegionLevel
} from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'
import { inSubtree } from '../regions/regions.repository.js'

export type TeamRow = CaseTeam & { regionName: string, regionPath: string, regionLevel: RegionLevel }

const rowColumns = { team: caseTeamsTable, regionName: regionsTable.name, regionPath: regionsTable.path, regionLevel: regionsTable.level }

function flatten (r: { team: CaseTeam, regionName: string, regionPath: string, regionLevel: RegionLevel }): TeamRow {
  return { ...r.team, regionName: r.regionName, regionPath: r.regionPath, regionLevel: r.regionLevel }
}

function selectRows (db: DbOrTx, where: SQL | undefined) {
  return db.select(rowColumns).from(caseTeamsTable).innerJoin(regionsTable, eq(regionsTable.id, caseTeamsTable.regionId)).where(where)
}

export function findById (db: DbOrTx, id: number, scopePath: string | null): TeamRow | undefined {
  const row = selectRows(db, and(eq(caseTeamsTable.id, id), inSubtree(regionsTable.path, scopePath))).get()
  return row ? flatten(row) : undefined
}

export function list (db: DbOrTx, { scopePath, regionPath }: { scopePath: string | null, regionPath?: string | undefined }) {
  return selectRows(db, and(inSubtree(regionsTable.path, scopePath), regionPath !== undefined ? inSubtree(regionsTable.path, regionPath) : undefined))
    .orderBy(asc(regionsTable.path), asc(caseTeamsTable.name), asc(caseTeamsTable.id)).all().map(flatten)
}

export function insert (db: DbOrTx, values: typeof caseTeamsTable.$inferInsert) {
  return db.insert(caseTeamsTable).values(values).returning().get()
}

export function update (db: DbOrTx, id: number, values: Partial<typeof caseTeamsTable.$inferInsert>) {
  return db.update(caseTeamsTable).set(values).where(eq(caseTeamsTable.id, id)).returning().get()
}

export type MemberRow = CaseTeamMember & { userDisabled: boolean | null, userRole: string | null }

export function membersOf (db: DbOrTx, teamIds: readonly number[], { activeOnly = true } = {}): MemberRow[] {
  if (teamIds.length === 0) return []
  return db.select({ member: caseTeamMembersTable, userDisabled: usersTable.disabled, userRole: usersTable.role })
    .from(caseTeamMembersTable).leftJoin(usersTable, eq(usersTable.id, caseTeamMembersTable.userId))
    .where(and(inArray(caseTeamMembersTable.teamId, [...teamIds]), activeOnly ? eq(caseTeamMembersTable.active, true) : undefined))
    .orderBy(asc(caseTeamMembersTable.teamId), asc(caseTeamMembersTable.rotationOrder), asc(caseTeamMembersTable.id)).all()
    .map((r) => ({ ...r.member, userDisabled: r.userDisabled, userRole: r.userRole }))
}

export function insertMember (db: DbOrTx, values: typeof caseTeamMembersTable.$inferInsert) {
  return db.insert(caseTeamMembersTable).values(values).returning().get()
}

export function updateMember (db: DbOrTx, id: number, values: Partial<typeof caseTeamMembersTable.$inferInsert>) {
  return db.update(caseTeamMembersTable).set(values).where(eq(caseTeamMembersTable.id, id)).run()
}

export function usersByIds (db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return []
  return db.select({ user: usersTable, regionPath: regionsTable.path }).from(usersTable)
    .leftJoin(regionsTable, eq(regionsTable.id, usersTable.regionId))
    .where(inArray(usersTable.id, [...ids])).all()
}

/** Current handlers of every stage of a matter. */
export function currentAssignmentsOfMatter (db: DbOrTx, matterId: number) {
  return db.select({ assignment: caseAssignmentsTable, stage: matterStagesTable.stage, userId: caseTeamMembersTable.userId })
    .from(caseAssignmentsTable)
    .innerJoin(matterStagesTable, eq(matterStagesTable.id, caseAssignmentsTable.stageId))
    .innerJoin(caseTeamMembersTable, eq(caseTeamMembersTable.id, caseAssignmentsTable.teamMemberId))
    .where(and(eq(caseAssignmentsTable.matterId, matterId), eq(caseAssignmentsTable.current, true))).all()
}

export function endCurrentAssignment (db: DbOrTx, stageId: number) {
  return db.update(caseAssignmentsTable).set({ current: false })
    .where(and(eq(caseAssignmentsTable.stageId, stageId), eq(caseAssignmentsTable.current, true))).returning().all()
}

export function insertAssignment (db: DbOrTx, values: typeof caseAssignmentsTable.$inferInsert) {
  return db.insert(caseAssignmentsTable).values(values).returning().get()
}

export function assignmentsOfTeam (db: DbOrTx, teamId: number) {
  return db.select({ assignment: caseAssignmentsTable, memberName: caseTeamMembersTable.name, stage: matterStagesTable.stage })
    .from(caseAssignmentsTable)
    .innerJoin(caseTeamMembersTable, eq(caseTeamMembersTable.id, caseAssignmentsTable.teamMemberId))
    .innerJoin(matterStagesTable, eq(matterStagesTable.id, caseAssignmentsTable.stageId))
    .where(eq(caseAssignmentsTable.teamId, teamId))
    .orderBy(desc(caseAssignmentsTable.assignedAt), desc(caseAssignmentsTable.id)).all()
}

/** City and county regions of the subtree, in tree order: the units the seed's team minimums apply to. */
export function teamLevelRegions (db: DbOrTx, scopePath: string | null) {
  return db.select().from(regionsTable)
    .where(and(inSubtree(regionsTable.path, scopePath), or(eq(regionsTable.level, 'city'), eq(regionsTable.level, 'county'))))
    .orderBy(asc(regionsTable.path)).all()
}
