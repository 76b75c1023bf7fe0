import { and, asc, eq, or, sql } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { DbOrTx } from '../../../db/client.js'
import { jsonArrayValues, preparedPerHandle } from '../../../db/prepared.js'
import {
  calendarEventUidsTable, calendarRemovalsTable, hearingParticipantsTable, hearingsTable, mattersTable, membersTable, regionsTable, usersTable, venuesTable,
  type HearingProcedure, type HearingStatus, type ParticipantResponse, type RemovedRole
} from '../../../db/schema/index.js'
import { inSubtree } from '../../../db/scope.js'
import { defaultHearingUid, installationIdOf, memberInvitationUids } from './calendar.identity.js'
import { type AttendeeResponse, type CalendarAttendee, type CalendarFeedEntry, type CalendarHearing, type CalendarHearingStatus, type CalendarOrganizer } from './calendar.ics.js'
import type { FeedEntriesProvider } from './calendar.service.js'

/**
 * Hearings as calendar entries. Only what an invite shows is selected: the petitioners' table is never read,
 * so no ID number or phone can reach an invite or a feed.
 */

const RESPONSE: Record<ParticipantResponse, AttendeeResponse> = { pending: 'needs-action', accepted: 'accepted', declined: 'declined' }

export function calendarStatusOf (status: HearingStatus): CalendarHearingStatus {
  if (status === 'cancelled' || status === 'terminated') return 'cancelled'
  return status === 'draft' ? 'tentative' : 'confirmed'
}

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

/** Rows ordered by hearing, as runs: where each hearing's rows start and end. */
function runsByHearing (rows: readonly (readonly [number, ...unknown[]])[]) {
  const runs = new Map<number, { from: number, to: number }>()
  for (let i = 0; i < rows.length; i++) {
    const hearingId = rows[i]![0]
    const run = runs.get(hearingId)
    if (run) run.to = i + 1
    else runs.set(hearingId, { from: i, to: i + 1 })
  }
  return runs
}

const NO_ROWS = { from: 0, to: 0 }

/**
 * Several hearings at once (a feed has hundreds): four prepared queries whatever their number. Each comes with
 * the UID of its event as published to anyone not stored otherwise (see calendar.identity.ts).
 */
export function calendarHearingsFor (db: DbOrTx, hearingIds: readonly number[], { baseUrl }: { baseUrl: string }): Map<number, CalendarHearing> {
  const out = new Map<number, CalendarHearing>()
  if (hearingIds.length === 0) return out
  const queries = hearingQueries(db)
  const ids = JSON.stringify([...new Set(hearingIds)])
  const rows = queries.hearings.values({ ids }) as HearingRow[]
  if (rows.length === 0) return out
  const installationId = installationIdOf(db)
  const seats = queries.panel.values({ ids }) as SeatRow[]
  const respondents = queries.respondents.values({ ids }) as RespondentRow[]

  const memberIds = new Set<number>()
  for (const r of rows) memberIds.add(r[8]).add(r[9])
  for (const p of seats) if (p[1] !== null) memberIds.add(p[1])
  for (const p of respondents) if (p[2] !== null) memberIds.add(p[2])
  const members = new Map<number, MemberRow>()
  for (const m of queries.members.values({ ids: JSON.stringify([...memberIds]) }) as MemberRow[]) members.set(m[0], m)
  const member = (id: number, role: CalendarAttendee['role'], response: AttendeeResponse): CalendarAttendee => {
    const m = members.get(id)
    return { ref: { kind: 'member', id }, name: m?.[1] ?? '', email: m?.[2] || null, role, response }
  }

  const seatRuns = runsByHearing(seats)
  const respondentRuns = runsByHearing(respondents)
  for (const r of rows) {
    const [id, sequence, status, procedure, isPublic, startsAt, endsAt, updatedAt, hostMemberId, recorderMemberId, venueName, venueAddress, matterNumber, matterTitle, matterSummary, adoptedUid] = r
    // Host and recorder are appointed by the bureau, not invited to choose: they count as accepted.
    const attendees: CalendarAttendee[] = [member(hostMemberId, 'host', 'accepted'), member(recorderMemberId, 'recorder', 'accepted')]
    const seatRun = seatRuns.get(id) ?? NO_ROWS
    for (let i = seatRun.from; i < seatRun.to; i++) {
      const [, memberId, response] = seats[i]!
      if (memberId !== null) attendees.push(member(memberId, 'panel', RESPONSE[response]))
    }
    const respondentRun = respondentRuns.get(id) ?? NO_ROWS
    for (let i = respondentRun.from; i < respondentRun.to; i++) {
      const [, participantId, memberId, name, email, response] = respondents[i]!
      const shown = name ?? (memberId !== null ? members.get(memberId)?.[1] : undefined) ?? '被申请单位承办人'
      attendees.push({ ref: { kind: 'participant', id: participantId }, name: shown, email: email || null, role: 'respondent', response: RESPONSE[response] })
    }
    out.set(id, {
      id,
      uid: defaultHearingUid({ hearingId: id, installationId, adopted: adoptedUid }),
      sequence,
      status: calendarStatusOf(status),
      start: new Date(startsAt),
      end: new Date(endsAt),
      venue: { name: venueName, address: venueAddress },
      title: matterTitle,
      // A hearing held in private does not describe its matter in anyone's calendar.
      summary: isPublic && matterSummary ? matterSummary : null,
      matterNumber,
      procedure,
      // no page about a hearing exists yet: the web interface serving /hearings/{id} comes later
      url: null,
      attendees,
      updatedAt: new Date(updatedAt)
    })
  }
  return out
}

/**
 * One hearing as a calendar entry: venue, matter, host, recorder, the active panel and the respondent's
 * representatives, PARTSTAT from their recorded answer; cancelled and terminated hearings are `cancelled`.
 * Null when there is no such hearing. Reads in the caller's transaction when given one.
 */
export function calendarHearingFor (db: DbOrTx, hearingId: number, { baseUrl }: { baseUrl: string }): CalendarHearing | null {
  return calendarHearingsFor(db, [hearingId], { baseUrl }).get(hearingId) ?? null
}

/** ORGANIZER: the mailbox mail is sent from (MAIL_FROM), or a no-reply address on the service's host. */
export function calendarOrganizer ({ mailFrom, publicBaseUrl }: { mailFrom: string | undefined, publicBaseUrl: string }): CalendarOrganizer {
  const fallbackName = '信访事项听证办公室'
  if (!mailFrom) return { name: fallbackName, email: `no-reply@${new URL(publicBaseUrl).hostname}` }
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(mailFrom)
  if (match) return { name: match[1]?.trim() || fallbackName, email: match[2]!.trim() }
  return { name: fallbackName, email: mailFrom.trim() }
}

/** Remembers that a member left a hearing they had been invited to; their feed keeps it as cancelled. */
export function recordRemoval (db: DbOrTx, input: { hearingId: number, memberId: number, role: RemovedRole, sequence: number, at: Date }) {
  db.insert(calendarRemovalsTable).values({ hearingId: input.hearingId, memberId: input.memberId, role: input.role, sequence: input.sequence, removedAt: input.at })
    .onConflictDoUpdate({ target: [calendarRemovalsTable.hearingId, calendarRemovalsTable.memberId], set: { role: input.role, sequence: input.sequence, removedAt: input.at } })
    .run()
}

function memberHearingIdsQuery (db: DbOrTx) {
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
function memberHearingIds (db: DbOrTx, memberId: number): number[] {
  return (memberHearingIdsQueries(db).values({ memberId }) as [number][]).map((r) => r[0])
}

/**
 * Hearings of a user's feed: those the user scheduled, within the region subtree the user may see now (a user
 * moved to another region stops seeing the old ones). Login users are not linked to pool members, so a user's
 * feed is their own workload as a coordinator; members subscribe to their member feed (issued by a coordinator).
 */
function userHearingIds (db: DbOrTx, userId: number): number[] {
  const user = db.select({ role: usersTable.role, path: regionsTable.path }).from(usersTable)
    .leftJoin(regionsTable, eq(regionsTable.id, usersTable.regionId)).where(eq(usersTable.id, userId)).get()
  if (!user) return []
  const scopePath = user.role === 'admin' && user.path === null ? null : user.path
  if (scopePath === null && user.role !== 'admin') return []
  return db.select({ id: hearingsTable.id }).from(hearingsTable)
    .innerJoin(regionsTable, eq(regionsTable.id, hearingsTable.regionId))
    .where(and(eq(hearingsTable.createdByUserId, userId), inSubtree(regionsTable.path, scopePath))).all().map((r) => r.id)
}

/** The feed provider for createCalendarService: member and user feeds from the hearings tables. */
export function hearingFeedEntries ({ db, baseUrl }: { db: DbOrTx, baseUrl: string }): FeedEntriesProvider {
  return (owner) => {
    const ids = owner.kind === 'member' ? memberHearingIds(db, owner.id) : userHearingIds(db, owner.id)
    const hearings = [...calendarHearingsFor(db, ids, { baseUrl }).values()]
      .sort((a, b) => a.start.getTime() - b.start.getTime() || a.id - b.id)
    if (owner.kind !== 'member') return hearings.map((hearing) => ({ hearing }))
    // A member's feed shows each event under the UID their invitations carried.
    const uids = memberInvitationUids(db, owner.id, ids)
    return hearings.map((shown): CalendarFeedEntry => {
      const uid = uids.get(shown.id)
      const hearing = uid === undefined ? shown : { ...shown, uid }
      const onIt = hearing.attendees.some((a) => a.ref.kind === 'member' && a.ref.id === owner.id)
      return onIt ? { hearing } : { hearing, removed: true }
    })
  }
}
