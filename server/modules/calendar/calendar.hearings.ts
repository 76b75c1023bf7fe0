import { and, asc, eq, inArray, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client.js'
import {
  calendarRemovalsTable, hearingParticipantsTable, hearingsTable, mattersTable, membersTable, regionsTable, usersTable, venuesTable,
  type HearingStatus, type ParticipantResponse, type RemovedRole
} from '../../../db/schema/index.js'
import { inSubtree } from '../regions/regions.repository.js'
import { hearingUid, type AttendeeResponse, type CalendarAttendee, type CalendarFeedEntry, type CalendarHearing, type CalendarHearingStatus, type CalendarOrganizer } from './calendar.ics.js'
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

/** Several hearings at once (a feed has hundreds): four queries whatever their number. */
export function calendarHearingsFor (db: DbOrTx, hearingIds: readonly number[], { baseUrl }: { baseUrl: string }): Map<number, CalendarHearing> {
  const out = new Map<number, CalendarHearing>()
  if (hearingIds.length === 0) return out
  const ids = [...new Set(hearingIds)]
  const rows = db.select({
    id: hearingsTable.id,
    uid: hearingsTable.uid,
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
    matterSummary: mattersTable.summary
  }).from(hearingsTable)
    .innerJoin(venuesTable, eq(venuesTable.id, hearingsTable.venueId))
    .innerJoin(mattersTable, eq(mattersTable.id, hearingsTable.matterId))
    .where(inArray(hearingsTable.id, ids)).all()
  if (rows.length === 0) return out

  const participants = db.select({
    id: hearingParticipantsTable.id,
    hearingId: hearingParticipantsTable.hearingId,
    kind: hearingParticipantsTable.kind,
    memberId: hearingParticipantsTable.memberId,
    name: hearingParticipantsTable.name,
    email: hearingParticipantsTable.email,
    response: hearingParticipantsTable.response
  }).from(hearingParticipantsTable)
    .where(and(
      inArray(hearingParticipantsTable.hearingId, ids),
      eq(hearingParticipantsTable.active, true),
      inArray(hearingParticipantsTable.kind, ['officer', 'respondent_rep'])
    ))
    .orderBy(asc(hearingParticipantsTable.hearingId), asc(hearingParticipantsTable.rank), asc(hearingParticipantsTable.id)).all()

  const memberIds = new Set<number>()
  for (const r of rows) memberIds.add(r.hostMemberId).add(r.recorderMemberId)
  for (const p of participants) if (p.memberId !== null) memberIds.add(p.memberId)
  const members = new Map(
    db.select({ id: membersTable.id, name: membersTable.name, email: membersTable.email }).from(membersTable)
      .where(inArray(membersTable.id, [...memberIds])).all().map((m) => [m.id, m])
  )
  const member = (id: number, role: CalendarAttendee['role'], response: AttendeeResponse): CalendarAttendee => {
    const m = members.get(id)
    return { ref: { kind: 'member', id }, name: m?.name ?? '', email: m?.email || null, role, response }
  }

  const byHearing = new Map<number, typeof participants>()
  for (const p of participants) (byHearing.get(p.hearingId) ?? byHearing.set(p.hearingId, []).get(p.hearingId)!).push(p)

  for (const r of rows) {
    const people = byHearing.get(r.id) ?? []
    // Host and recorder are appointed by the bureau, not invited to choose: they count as accepted.
    const attendees: CalendarAttendee[] = [member(r.hostMemberId, 'host', 'accepted'), member(r.recorderMemberId, 'recorder', 'accepted')]
    for (const p of people) if (p.kind === 'officer' && p.memberId !== null) attendees.push(member(p.memberId, 'panel', RESPONSE[p.response]))
    for (const p of people) {
      if (p.kind !== 'respondent_rep') continue
      const name = p.name ?? (p.memberId !== null ? members.get(p.memberId)?.name : undefined) ?? '被申请单位承办人'
      attendees.push({ ref: { kind: 'participant', id: p.id }, name, email: p.email || null, role: 'respondent', response: RESPONSE[p.response] })
    }
    out.set(r.id, {
      id: r.id,
      uid: hearingUid({ hearingId: r.id, baseUrl }),
      sequence: r.sequence,
      status: calendarStatusOf(r.status),
      start: r.startsAt,
      end: r.endsAt,
      venue: { name: r.venueName, address: r.venueAddress },
      title: r.matterTitle,
      // A hearing held in private does not describe its matter in anyone's calendar.
      summary: r.isPublic && r.matterSummary ? r.matterSummary : null,
      matterNumber: r.matterNumber,
      procedure: r.procedure,
      url: `${baseUrl}/hearings/${r.id}`,
      attendees,
      updatedAt: r.updatedAt
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

/**
 * Hearings of a member's feed: every hearing (not a draft) they host, record or sit on the panel of, and every
 * one they were taken off (declined, recused, replaced) — those come out as STATUS:CANCELLED.
 */
function memberHearingIds (db: DbOrTx, memberId: number): number[] {
  const direct = db.select({ id: hearingsTable.id }).from(hearingsTable)
    .where(and(or(eq(hearingsTable.hostMemberId, memberId), eq(hearingsTable.recorderMemberId, memberId)), sql`${hearingsTable.status} <> 'draft'`)).all()
  const seats = db.select({ id: hearingParticipantsTable.hearingId }).from(hearingParticipantsTable)
    .where(and(eq(hearingParticipantsTable.memberId, memberId), eq(hearingParticipantsTable.kind, 'officer'))).all()
  const removed = db.select({ id: calendarRemovalsTable.hearingId }).from(calendarRemovalsTable).where(eq(calendarRemovalsTable.memberId, memberId)).all()
  return [...new Set([...direct, ...seats, ...removed].map((r) => r.id))]
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
    return hearings.map((hearing): CalendarFeedEntry => {
      if (owner.kind !== 'member') return { hearing }
      const onIt = hearing.attendees.some((a) => a.ref.kind === 'member' && a.ref.id === owner.id)
      return onIt ? { hearing } : { hearing, removed: true }
    })
  }
}
