import { and, asc, desc, eq, sql } from 'drizzle-orm'
import {
  officerAssessmentsTable, hearingsTable, hearingEventsTable, mattersTable, membersTable, usersTable, type OfficerAssessment
} from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'

const a = officerAssessmentsTable

export function findAssessment (db: DbOrTx, hearingId: number, memberId: number) {
  return db.select().from(a).where(and(eq(a.hearingId, hearingId), eq(a.memberId, memberId))).get()
}

export function assessmentsOfHearing (db: DbOrTx, hearingId: number) {
  return db.select().from(a).where(eq(a.hearingId, hearingId)).orderBy(asc(a.id)).all()
}

export type MemberAssessmentRow = OfficerAssessment & { caseNumber: string, hearingStartsAt: Date }

/** A member's assessments, newest hearing first, with the matter's number and the hearing's date. */
export function assessmentsOfMember (db: DbOrTx, memberId: number): MemberAssessmentRow[] {
  return db.select({ assessment: a, caseNumber: mattersTable.number, hearingStartsAt: hearingsTable.startsAt }).from(a)
    .innerJoin(hearingsTable, eq(hearingsTable.id, a.hearingId))
    .innerJoin(mattersTable, eq(mattersTable.id, hearingsTable.matterId))
    .where(eq(a.memberId, memberId)).orderBy(desc(hearingsTable.startsAt), desc(a.id)).all()
    .map((r) => ({ ...r.assessment, caseNumber: r.caseNumber, hearingStartsAt: r.hearingStartsAt }))
}

export function insertAssessment (db: DbOrTx, values: typeof a.$inferInsert) {
  return db.insert(a).values(values).returning().get()
}

export function updateAssessment (db: DbOrTx, id: number, values: Partial<typeof a.$inferInsert>) {
  return db.update(a).set(values).where(eq(a.id, id)).returning().get()
}

/** When the hearing was concluded (its last conclude event), or undefined. */
export function concludedAt (db: DbOrTx, hearingId: number): Date | undefined {
  return db.select({ at: hearingEventsTable.at }).from(hearingEventsTable)
    .where(and(eq(hearingEventsTable.hearingId, hearingId), eq(hearingEventsTable.action, 'conclude')))
    .orderBy(desc(hearingEventsTable.at), desc(hearingEventsTable.id)).get()?.at
}

/** The pool member a login account belongs to, or null. */
export function poolMemberOfUser (db: DbOrTx, userId: number): number | null {
  return db.select({ id: usersTable.poolMemberId }).from(usersTable).where(eq(usersTable.id, userId)).get()?.id ?? null
}

/** Names of pool members by id. */
export function memberNames (db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, string>()
  return new Map(db.select({ id: membersTable.id, name: membersTable.name }).from(membersTable)
    .where(sql`${membersTable.id} in (select value from json_each(${JSON.stringify(ids)}))`).all().map((r) => [r.id, r.name]))
}
