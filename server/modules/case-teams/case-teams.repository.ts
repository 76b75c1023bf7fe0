import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import {
  caseTeamsTable, caseTeamMembersTable, caseAssignmentsTable, regionsTable, usersTable, matterStagesTable, membersTable,
  type CaseTeam, type CaseTeamMember, type RegionLevel
} from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'
import { inSubtree } from '../../../db/scope.js'
import { STAGE_NAMES } from '../matters/matters.rules.js'
import { CASE_TEAM_ROLE_NAMES } from './case-teams.rules.js'

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

/** `poolMember`: the pool member the person is, named on the entry or linked to its account. */
export type MemberRow = CaseTeamMember & { userDisabled: boolean | null, userRole: string | null, poolMember: { id: number, name: string } | null }

export function membersOf (db: DbOrTx, teamIds: readonly number[], { activeOnly = true } = {}): MemberRow[] {
  if (teamIds.length === 0) return []
  return db.select({ member: caseTeamMembersTable, userDisabled: usersTable.disabled, userRole: usersTable.role, poolMemberId: membersTable.id, poolMemberName: membersTable.name })
    .from(caseTeamMembersTable).leftJoin(usersTable, eq(usersTable.id, caseTeamMembersTable.userId))
    .leftJoin(membersTable, eq(membersTable.id, sql`coalesce(${caseTeamMembersTable.poolMemberId}, ${usersTable.poolMemberId})`))
    .where(and(inArray(caseTeamMembersTable.teamId, [...teamIds]), activeOnly ? eq(caseTeamMembersTable.active, true) : undefined))
    .orderBy(asc(caseTeamMembersTable.teamId), asc(caseTeamMembersTable.rotationOrder), asc(caseTeamMembersTable.id)).all()
    .map((r) => ({
      ...r.member,
      userDisabled: r.userDisabled,
      userRole: r.userRole,
      poolMember: r.poolMemberId === null || r.poolMemberName === null ? null : { id: r.poolMemberId, name: r.poolMemberName }
    }))
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

/**
 * Pool members who took part in handling a matter, with the roles they had (Chinese): every handler (承办人) of any
 * of its stages, current or earlier, and the active members of the teams it was assigned to. A person is a pool
 * member through the team entry's own link or, with an account, the account's link. Few rows per matter, so the
 * draw over a whole pool pays for one small query.
 */
export function handlingRolesOfMatter (db: DbOrTx, matterId: number): Map<number, string[]> {
  const ctm = caseTeamMembersTable
  const poolMember = sql<number | null>`coalesce(${ctm.poolMemberId}, ${usersTable.poolMemberId})`
  const handlers = db.select({ memberId: poolMember, stage: matterStagesTable.stage, teamId: caseAssignmentsTable.teamId })
    .from(caseAssignmentsTable)
    .innerJoin(ctm, eq(ctm.id, caseAssignmentsTable.teamMemberId))
    .innerJoin(matterStagesTable, eq(matterStagesTable.id, caseAssignmentsTable.stageId))
    .leftJoin(usersTable, eq(usersTable.id, ctm.userId))
    .where(eq(caseAssignmentsTable.matterId, matterId))
    .orderBy(asc(caseAssignmentsTable.assignedAt), asc(caseAssignmentsTable.id)).all()
  const teamIds = [...new Set(handlers.map((h) => h.teamId))]
  const teamMembers = teamIds.length === 0
    ? []
    : db.select({ memberId: poolMember, teamId: ctm.teamId, teamName: caseTeamsTable.name, role: ctm.role })
      .from(ctm).innerJoin(caseTeamsTable, eq(caseTeamsTable.id, ctm.teamId)).leftJoin(usersTable, eq(usersTable.id, ctm.userId))
      .where(and(inArray(ctm.teamId, teamIds), eq(ctm.active, true)))
      .orderBy(asc(ctm.teamId), asc(ctm.rotationOrder), asc(ctm.id)).all()
  const roles = new Map<number, string[]>()
  const add = (memberId: number | null, role: string) => {
    if (memberId === null) return
    const list = roles.get(memberId) ?? roles.set(memberId, []).get(memberId)!
    if (!list.includes(role)) list.push(role)
  }
  for (const h of handlers) add(h.memberId, `${STAGE_NAMES[h.stage]}阶段承办人`)
  for (const m of teamMembers) {
    // a handler's own team membership adds nothing, unless they lead the team
    if (m.role === 'member' && handlers.some((h) => h.memberId === m.memberId && h.teamId === m.teamId)) continue
    add(m.memberId, `承办团队“${m.teamName}”${CASE_TEAM_ROLE_NAMES[m.role]}`)
  }
  return roles
}
