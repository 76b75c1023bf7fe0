import { and, asc, eq, inArray, ne, or } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client.js'
import { hearingParticipantsTable, hearingsTable, mattersTable, membersTable, regionsTable, usersTable, venuesTable } from '../../../db/schema/index.js'

// The SQL of an officer's own hearings (GET /me/hearings): only what the officer's card shows, never the petitioners.

/** The pool member a login account is linked to (users.pool_member_id), with the member's name. */
export function linkedMemberOf (db: DbOrTx, userId: number): { id: number, name: string } | null {
  const row = db.select({ id: membersTable.id, name: membersTable.name }).from(usersTable)
    .innerJoin(membersTable, eq(membersTable.id, usersTable.poolMemberId))
    .where(eq(usersTable.id, userId)).get()
  return row ?? null
}

/** A pool member's name (their invitation page greets them). */
export function memberNameOf (db: DbOrTx, memberId: number): string {
  return db.select({ name: membersTable.name }).from(membersTable).where(eq(membersTable.id, memberId)).get()?.name ?? ''
}

const hearingColumns = {
  id: hearingsTable.id,
  status: hearingsTable.status,
  procedure: hearingsTable.procedure,
  startsAt: hearingsTable.startsAt,
  endsAt: hearingsTable.endsAt,
  hostMemberId: hearingsTable.hostMemberId,
  recorderMemberId: hearingsTable.recorderMemberId,
  regionName: regionsTable.name,
  regionPath: regionsTable.path,
  venueName: venuesTable.name,
  venueAddress: venuesTable.address,
  matterNumber: mattersTable.number,
  matterTitle: mattersTable.title
}

export type MyHearingRow = {
  id: number
  status: typeof hearingsTable.$inferSelect.status
  procedure: typeof hearingsTable.$inferSelect.procedure
  startsAt: Date
  endsAt: Date
  hostMemberId: number
  recorderMemberId: number
  regionName: string
  regionPath: string
  venueName: string
  venueAddress: string
  matterNumber: string
  matterTitle: string
}

export type MySeatRow = typeof hearingParticipantsTable.$inferSelect

/**
 * The member's seats on hearings that are not drafts: every participant row naming them (officer, alternate, third
 * party; active or ended, so a decline stays visible) and the hearings they host or record, with the hearings.
 */
export function hearingsOfMember (db: DbOrTx, memberId: number, hearingId?: number) {
  const notDraft = ne(hearingsTable.status, 'draft')
  const onlyOne = hearingId === undefined ? undefined : eq(hearingsTable.id, hearingId)
  const seats = db.select().from(hearingParticipantsTable)
    .innerJoin(hearingsTable, eq(hearingsTable.id, hearingParticipantsTable.hearingId))
    .where(and(eq(hearingParticipantsTable.memberId, memberId), inArray(hearingParticipantsTable.kind, ['officer', 'alternate', 'third_party']), notDraft, onlyOne))
    .orderBy(asc(hearingParticipantsTable.id)).all().map((r) => r.hearing_participants)
  const staffed = db.select({ id: hearingsTable.id }).from(hearingsTable)
    .where(and(or(eq(hearingsTable.hostMemberId, memberId), eq(hearingsTable.recorderMemberId, memberId)), notDraft, onlyOne)).all()
  const ids = [...new Set([...seats.map((s) => s.hearingId), ...staffed.map((h) => h.id)])]
  if (ids.length === 0) return { hearings: [] as MyHearingRow[], seats }
  const hearings: MyHearingRow[] = db.select(hearingColumns).from(hearingsTable)
    .innerJoin(regionsTable, eq(regionsTable.id, hearingsTable.regionId))
    .innerJoin(venuesTable, eq(venuesTable.id, hearingsTable.venueId))
    .innerJoin(mattersTable, eq(mattersTable.id, hearingsTable.matterId))
    .where(inArray(hearingsTable.id, ids)).all()
  return { hearings, seats }
}

/** The people of one hearing as the officer's detail page names them: host, recorder and the active panel. */
export function peopleOfHearing (db: DbOrTx, hearing: { id: number, hostMemberId: number, recorderMemberId: number }) {
  const panel = db.select({ memberId: hearingParticipantsTable.memberId, rank: hearingParticipantsTable.rank, response: hearingParticipantsTable.response, name: membersTable.name })
    .from(hearingParticipantsTable).innerJoin(membersTable, eq(membersTable.id, hearingParticipantsTable.memberId))
    .where(and(eq(hearingParticipantsTable.hearingId, hearing.id), eq(hearingParticipantsTable.kind, 'officer'), eq(hearingParticipantsTable.active, true)))
    .orderBy(asc(hearingParticipantsTable.rank), asc(hearingParticipantsTable.id)).all()
  const names = new Map(db.select({ id: membersTable.id, name: membersTable.name }).from(membersTable)
    .where(inArray(membersTable.id, [hearing.hostMemberId, hearing.recorderMemberId])).all().map((m) => [m.id, m.name]))
  return { hostName: names.get(hearing.hostMemberId) ?? '', recorderName: names.get(hearing.recorderMemberId) ?? '', panel }
}
