import { and, asc, eq, inArray, or, sql } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { DbOrTx } from '../../../db/client.js'
import { jsonArrayValues, preparedPerHandle } from '../../../db/prepared.js'
import {
  calendarEventUidsTable, calendarRemovalsTable, hearingParticipantsTable, hearingsTable, mattersTable, membersTable, regionsTable, usersTable, venuesTable,
  type HearingProcedure, type HearingStatus, type ParticipantResponse, type RemovedRole
} from '../../../db/schema/index.js'
import { inSubtree } from '../../../db/scope.js'

// The SQL of hearings as calendar entries: only what an invite shows is selected (never the petitioners' table).

/** Ids bound as one JSON array, so one prepared statement serves any number of hearings. */
const inIds = (column: SQLiteColumn) => sql`${column} in ${jsonArrayValues('ids')}`

/**
 * The statements of calendarHearingsFor, prepared once per database handle (a feed reads a thousand hearings per
 * request; drizzle would otherwise rebuild a thousand-parameter query and have SQLite compile it every time).
 * They are read with `.values()`: rows as arrays in selection order, decoded below without drizzle's per-cell mapping.
 */
const activeOfKind = (kind: 'officer' | 'respondent_rep') =>
  and(inIds(hearingParticipantsTable.hearingId), eq(hearingParticipantsTable.kind, kind), eq(hearingParticipantsTable.active, true))
const SEAT_ORDER = [asc(hearingParticipantsTable.hearingId), asc(hearingParticipantsTable.rank), asc(hearingParticipantsTable.id)]

function buildHearingQueries (db: DbOrTx) {
  return {
    hearings: db.select({
      id: hearingsTable.id,
      sequence: hearingsTable.sequence,
      status: hearingsTable.status,
      procedure: hearingsTable.procedure,
      isPublic: hearingsTable.isPublic,
      startsAt: hearingsTable.startsAt,
      endsAt: hearingsTable.endsAt,
      updatedAt: hearingsTable.updatedAt,
      hostMemberId: hearingsTable.hostMemberId,
      recorderMemberId: hearingsTable.recorderMemberId,
      venueName: venuesTable.name,
      venueAddress: venuesTable.address,
      matterNumber: mattersTable.number,
      matterTitle: mattersTable.title,
      matterSummary: mattersTable.summary,
      adoptedUid: calendarEventUidsTable.uid
    }).from(hearingsTable)
      .innerJoin(venuesTable, eq(venuesTable.id, hearingsTable.venueId))
      .innerJoin(mattersTable, eq(mattersTable.id, hearingsTable.matterId))
      .leftJoin(calendarEventUidsTable, eq(calendarEventUidsTable.hearingId, hearingsTable.id))
      .where(inIds(hearingsTable.id)).prepare(),
    // Panel seats and respondent representatives apart: seats are most of the rows and need only two columns.
    panel: db.select({
      hearingId: hearingParticipantsTable.hearingId,
      memberId: hearingParticipantsTable.memberId,
      response: hearingParticipantsTable.response
    }).from(hearingParticipantsTable)
      .where(activeOfKind('officer')).orderBy(...SEAT_ORDER).prepare(),
    respondents: db.select({
      hearingId: hearingParticipantsTable.hearingId,
      id: hearingParticipantsTable.id,
      memberId: hearingParticipantsTable.memberId,
      name: hearingParticipantsTable.name,
      email: hearingParticipantsTable.email,
      response: hearingParticipantsTable.response
    }).from(hearingParticipantsTable)
      .where(activeOfKind('respondent_rep')).orderBy(...SEAT_ORDER).prepare(),
    members: db.select({ id: membersTable.id, name: membersTable.name, email: membersTable.email }).from(membersTable)
      .where(inIds(membersTable.id)).prepare()
  }
}

const hearingQueries = preparedPerHandle(buildHearingQueries)

type HearingRow = [id: number, sequence: number, status: HearingStatus, procedure: HearingProcedure, isPublic: number, startsAt: number, endsAt: number,
  updatedAt: number, hostMemberId: number, recorderMemberId: number, venueName: string, venueAddress: string, matterNumber: string, matterTitle: string,
  matterSummary: string | null, adoptedUid: string | null]
type SeatRow = [hearingId: number, memberId: number | null, response: ParticipantResponse]
type RespondentRow = [hearingId: number, id: number, memberId: number | null, name: string | null, email: string | null, response: ParticipantResponse]
type MemberRow = [id: number, name: string, email: string | null]

/**
 * The rows of several hearings at once (a feed has hundreds): four prepared queries whatever their number. Seats
 * and respondents come ordered by hearing; undefined when none of the hearings exists.
 */
export function calendarRowsFor (db: DbOrTx, hearingIds: readonly number[]) {
  const queries = hearingQueries(db)
  const ids = JSON.stringify([...new Set(hearingIds)])
  const rows = queries.hearings.values({ ids }) as HearingRow[]
  if (rows.length === 0) return undefined
  const seats = queries.panel.values({ ids }) as SeatRow[]
  const respondents = queries.respondents.values({ ids }) as RespondentRow[]

  const memberIds = new Set<number>()
  for (const r of rows) memberIds.add(r[8]).add(r[9])
  for (const p of seats) if (p[1] !== null) memberIds.add(p[1])
  for (const p of respondents) if (p[2] !== null) memberIds.add(p[2])
  const members = new Map<number, MemberRow>()
  for (const m of queries.members.values({ ids: JSON.stringify([...memberIds]) }) as MemberRow[]) members.set(m[0], m)
  return { rows, seats, respondents, members }
}

/** Remembers that a member left a hearing they had been invited to; their feed keeps it as cancelled. */
export function recordRemoval (db: DbOrTx, input: { hearingId: number, memberId: number, role: RemovedRole, sequence: number, at: Date }) {
  db.insert(calendarRemovalsTable).values({ hearingId: input.hearingId, memberId: input.memberId, role: input.role, sequence: input.sequence, removedAt: input.at })
    .onConflictDoUpdate({ target: [calendarRemovalsTable.hearingId, calendarRemovalsTable.memberId], set: { role: input.role, sequence: input.sequence, removedAt: input.at } })
    .run()
}

export function memberHearingIdsQuery (db: DbOrTx) {
  const memberId = sql.placeholder('memberId')
  return db.select({ id: hearingsTable.id }).from(hearingsTable)
    .where(and(or(eq(hearingsTable.hostMemberId, memberId), eq(hearingsTable.recorderMemberId, memberId)), sql`${hearingsTable.status} <> 'draft'`))
    .union(db.select({ id: hearingParticipantsTable.hearingId }).from(hearingParticipantsTable)
      .where(and(eq(hearingParticipantsTable.memberId, memberId), eq(hearingParticipantsTable.kind, 'officer'))))
    .union(db.select({ id: calendarRemovalsTable.hearingId }).from(calendarRemovalsTable).where(eq(calendarRemovalsTable.memberId, memberId)))
    .prepare()
}

const memberHearingIdsQueries = preparedPerHandle(memberHearingIdsQuery)

/**
 * Hearings of a member's feed: every hearing (not a draft) they host, record or sit on the panel of, and every
 * one they were taken off (declined, recused, replaced) — those come out as STATUS:CANCELLED.
 */
export function memberHearingIds (db: DbOrTx, memberId: number): number[] {
  return (memberHearingIdsQueries(db).values({ memberId }) as [number][]).map((r) => r[0])
}

/**
 * Hearings a user scheduled, within the region subtree the user may see now (a user moved to another region stops
 * seeing the old ones): their own workload as a coordinator. An account linked to a pool member also gets that
 * member's hearings in its feed (linkedMemberIdOf).
 */
export function userHearingIds (db: DbOrTx, userId: number): number[] {
  const user = db.select({ role: usersTable.role, path: regionsTable.path }).from(usersTable)
    .leftJoin(regionsTable, eq(regionsTable.id, usersTable.regionId)).where(eq(usersTable.id, userId)).get()
  if (!user) return []
  const scopePath = user.role === 'admin' && user.path === null ? null : user.path
  if (scopePath === null && user.role !== 'admin') return []
  return db.select({ id: hearingsTable.id }).from(hearingsTable)
    .innerJoin(regionsTable, eq(regionsTable.id, hearingsTable.regionId))
    .where(and(eq(hearingsTable.createdByUserId, userId), inSubtree(regionsTable.path, scopePath))).all().map((r) => r.id)
}

/** The pool member a login account is linked to (users.pool_member_id), or null. */
export function linkedMemberIdOf (db: DbOrTx, userId: number): number | null {
  return db.select({ id: usersTable.poolMemberId }).from(usersTable).where(eq(usersTable.id, userId)).get()?.id ?? null
}

/** Name and e-mail of members, by id (whom a cancellation is sent to). */
export function membersByIds (db: DbOrTx, ids: readonly number[]) {
  return db.select({ id: membersTable.id, name: membersTable.name, email: membersTable.email }).from(membersTable).where(inArray(membersTable.id, [...ids])).all()
}
