import { and, eq, gt, inArray, lt, or, sql, desc } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client.js'
import {
  hearingsTable, hearingParticipantsTable, hearingEventsTable, panelDrawsTable, recusalRequestsTable,
  membersTable, memberEmployersTable, memberRelativesTable, memberUnavailabilityTable, memberVocabularyTable,
  poolVocabularyTable, regionsTable, matterPetitionersTable, venuesTable, type NewHearing, type HearingStatus
} from '../../../db/schema/index.js'
import { inSubtree } from '../regions/regions.repository.js'
import type { Booking, EligibilityCandidate, Interval } from '../scheduling/eligibility.js'
import type { MemberAttributeField } from '../scheduling/rulesets.js'
import { BOOKING_STATUSES } from './hearings.lifecycle.js'
import { shanghaiDate } from '../scheduling/dates.js'

/** Hearings never last longer than this, which bounds every overlap scan on the time indexes. */
export const MAX_HEARING_MS = 12 * 3600_000
const DAY = 24 * 3600_000

export function findHearing (db: DbOrTx, id: number, scopePath: string | null) {
  return db.select({ hearing: hearingsTable, regionPath: regionsTable.path, regionName: regionsTable.name })
    .from(hearingsTable).innerJoin(regionsTable, eq(regionsTable.id, hearingsTable.regionId))
    .where(and(eq(hearingsTable.id, id), inSubtree(regionsTable.path, scopePath))).get()
}

export function listHearings (db: DbOrTx, { scopePath, status, matterId, memberId, from, to, page, pageSize }: {
  scopePath: string | null,
  status?: HearingStatus | undefined,
  matterId?: number | undefined,
  memberId?: number | undefined,
  from?: Date | undefined,
  to?: Date | undefined,
  page: number,
  pageSize: number
}) {
  const where = and(
    inSubtree(regionsTable.path, scopePath),
    status ? eq(hearingsTable.status, status) : undefined,
    matterId ? eq(hearingsTable.matterId, matterId) : undefined,
    from ? gt(hearingsTable.endsAt, from) : undefined,
    to ? lt(hearingsTable.startsAt, to) : undefined,
    memberId
      ? or(eq(hearingsTable.hostMemberId, memberId), eq(hearingsTable.recorderMemberId, memberId),
        sql`exists (select 1 from hearing_participants p where p.hearing_id = ${hearingsTable.id} and p.member_id = ${memberId} and p.active = 1)`)
      : undefined
  )
  const items = db.select({ hearing: hearingsTable, regionName: regionsTable.name }).from(hearingsTable)
    .innerJoin(regionsTable, eq(regionsTable.id, hearingsTable.regionId))
    .where(where).orderBy(desc(hearingsTable.startsAt), desc(hearingsTable.id)).limit(pageSize).offset((page - 1) * pageSize).all()
  const total = db.select({ n: sql<number>`count(*)` }).from(hearingsTable).innerJoin(regionsTable, eq(regionsTable.id, hearingsTable.regionId)).where(where).get()?.n ?? 0
  return { items, total }
}

export function insertHearing (db: DbOrTx, values: NewHearing) {
  return db.insert(hearingsTable).values(values).returning().get()
}

export function updateHearing (db: DbOrTx, id: number, values: Partial<NewHearing>) {
  return db.update(hearingsTable).set(values).where(eq(hearingsTable.id, id)).returning().get()
}

/** Keeps the participants' copy of the hearing's start in step after a change of time. */
export function syncParticipantStart (db: DbOrTx, hearingId: number, startsAt: Date) {
  db.update(hearingParticipantsTable).set({ hearingStartsAt: startsAt }).where(eq(hearingParticipantsTable.hearingId, hearingId)).run()
}

export function participantsOf (db: DbOrTx, hearingId: number) {
  return db.select().from(hearingParticipantsTable).where(eq(hearingParticipantsTable.hearingId, hearingId))
    .orderBy(hearingParticipantsTable.kind, hearingParticipantsTable.rank, hearingParticipantsTable.id).all()
}

export function eventsOf (db: DbOrTx, hearingId: number) {
  return db.select().from(hearingEventsTable).where(eq(hearingEventsTable.hearingId, hearingId)).orderBy(hearingEventsTable.id).all()
}

export function drawsOf (db: DbOrTx, hearingId: number) {
  return db.select().from(panelDrawsTable).where(eq(panelDrawsTable.hearingId, hearingId)).orderBy(panelDrawsTable.round).all()
}

export function recusalRequestsOf (db: DbOrTx, hearingId: number) {
  return db.select().from(recusalRequestsTable).where(eq(recusalRequestsTable.hearingId, hearingId)).orderBy(recusalRequestsTable.id).all()
}

/** Other hearings holding `venueId` around [start, end), in booking statuses. */
export function venueBookings (db: DbOrTx, { venueId, start, end, excludeHearingId }: { venueId: number, start: number, end: number, excludeHearingId: number | null }) {
  return db.select({ id: hearingsTable.id, startsAt: hearingsTable.startsAt, endsAt: hearingsTable.endsAt }).from(hearingsTable)
    .where(and(
      eq(hearingsTable.venueId, venueId),
      sql`${hearingsTable.startsAt} > ${start - MAX_HEARING_MS} and ${hearingsTable.startsAt} < ${end}`,
      gt(hearingsTable.endsAt, new Date(start)),
      inArray(hearingsTable.status, [...BOOKING_STATUSES]),
      excludeHearingId === null ? undefined : sql`${hearingsTable.id} <> ${excludeHearingId}`
    )).all()
}

/**
 * Every booking of the given members (as host, recorder or active panel member) that starts within
 * [from, to), in booking statuses, with the venue: for double-booking, travel buffers and caps.
 */
export function memberBookings (db: DbOrTx, memberIds: readonly number[], from: number, to: number): Map<number, Booking[]> {
  const out = new Map<number, Booking[]>()
  if (memberIds.length === 0) return out
  const statuses = sql.join(BOOKING_STATUSES.map((s) => sql`${s}`), sql`, `)
  const ids = sql.join(memberIds.map((id) => sql`${id}`), sql`, `)
  const rows = db.all<{ memberId: number, hearingId: number, start: number, end: number, venueId: number }>(sql`
    select h.host_member_id as memberId, h.id as hearingId, h.starts_at as start, h.ends_at as "end", h.venue_id as venueId
      from hearings h where h.host_member_id in (${ids}) and h.starts_at >= ${from} and h.starts_at < ${to} and h.status in (${statuses})
    union all
    select h.recorder_member_id, h.id, h.starts_at, h.ends_at, h.venue_id
      from hearings h where h.recorder_member_id in (${ids}) and h.starts_at >= ${from} and h.starts_at < ${to} and h.status in (${statuses})
    union all
    select p.member_id, h.id, h.starts_at, h.ends_at, h.venue_id
      from hearing_participants p join hearings h on h.id = p.hearing_id
     where p.member_id in (${ids}) and p.hearing_starts_at >= ${from} and p.hearing_starts_at < ${to}
       and p.active = 1 and p.kind in ('officer', 'third_party') and h.status in (${statuses})`)
  for (const r of rows) {
    let list = out.get(r.memberId)
    if (!list) { list = []; out.set(r.memberId, list) }
    list.push({ start: r.start, end: r.end, venueId: r.venueId, hearingId: r.hearingId })
  }
  return out
}

export type CandidateRow = EligibilityCandidate & { name: string, homeRegionId: number, homeRegionPath: string, roleHost: boolean, roleRecorder: boolean, lastTrainingOn: string | null }

/**
 * Loads members as eligibility candidates for a hearing: status, term, roles, recusal data, unavailability
 * and bookings around the hearing (its whole Shanghai month, for the caps), and composition attributes.
 */
export function loadCandidates (db: DbOrTx, { memberIds, officerPoolOf, localPath, hearing, matterId, petitionerIdNumbers, excludeHearingId = null, coolingOffDays = 3650 }: {
  memberIds?: readonly number[]
  /** When set, every member with the officer role whose home region is local or who consents to serve elsewhere. */
  officerPoolOf?: { crossRegionAllowed: boolean }
  localPath: string
  hearing: Interval & { monthStart: number, monthEnd: number }
  matterId: number
  petitionerIdNumbers: readonly string[]
  /** The hearing being checked: its own people do not count as having served on the matter before. */
  excludeHearingId?: number | null
  /** How far back a petitioner's earlier hearings matter for the cooling-off rule. */
  coolingOffDays?: number
}): CandidateRow[] {
  const other = excludeHearingId ?? -1
  const base = db.select({ m: membersTable, homeRegionPath: regionsTable.path, homeLevel: regionsTable.level }).from(membersTable)
    .innerJoin(regionsTable, eq(regionsTable.id, membersTable.homeRegionId))
  const members = memberIds
    ? (memberIds.length === 0 ? [] : base.where(inArray(membersTable.id, [...memberIds])).all())
    : base.where(and(
      eq(membersTable.roleOfficer, true),
      officerPoolOf?.crossRegionAllowed ? or(inSubtree(regionsTable.path, localPath), eq(membersTable.consentCrossRegion, true)) : inSubtree(regionsTable.path, localPath)
    )).all()
  if (members.length === 0) return []
  const ids = members.map((r) => r.m.id)

  const employers = new Map<number, number[]>()
  for (const e of db.select({ memberId: memberEmployersTable.memberId, orgId: memberEmployersTable.organisationId }).from(memberEmployersTable).where(inArray(memberEmployersTable.memberId, ids)).all()) {
    (employers.get(e.memberId) ?? employers.set(e.memberId, []).get(e.memberId)!).push(e.orgId)
  }
  const relatives = new Map<number, string[]>()
  for (const r of db.select({ memberId: memberRelativesTable.memberId, idNumber: memberRelativesTable.idNumber }).from(memberRelativesTable).where(inArray(memberRelativesTable.memberId, ids)).all()) {
    if (r.idNumber) (relatives.get(r.memberId) ?? relatives.set(r.memberId, []).get(r.memberId)!).push(r.idNumber)
  }
  const unavailable = new Map<number, Interval[]>()
  for (const u of db.select({ memberId: memberUnavailabilityTable.memberId, start: memberUnavailabilityTable.startsAt, end: memberUnavailabilityTable.endsAt }).from(memberUnavailabilityTable)
    .where(and(inArray(memberUnavailabilityTable.memberId, ids), lt(memberUnavailabilityTable.startsAt, new Date(hearing.end)), gt(memberUnavailabilityTable.endsAt, new Date(hearing.start)))).all()) {
    (unavailable.get(u.memberId) ?? unavailable.set(u.memberId, []).get(u.memberId)!).push({ start: u.start.getTime(), end: u.end.getTime() })
  }
  const attributes = new Map<number, Partial<Record<MemberAttributeField, string[]>>>()
  for (const v of db.select({ memberId: memberVocabularyTable.memberId, kind: poolVocabularyTable.kind, code: poolVocabularyTable.code }).from(memberVocabularyTable)
    .innerJoin(poolVocabularyTable, eq(poolVocabularyTable.id, memberVocabularyTable.termId)).where(inArray(memberVocabularyTable.memberId, ids)).all()) {
    const attrs = attributes.get(v.memberId) ?? attributes.set(v.memberId, {}).get(v.memberId)!
    ;(attrs[v.kind] ??= []).push(v.code)
  }
  const windowStart = Math.min(hearing.monthStart, hearing.start - DAY)
  const windowEnd = Math.max(hearing.monthEnd, hearing.end + DAY)
  const bookings = memberBookings(db, ids, windowStart, windowEnd)

  const idList = sql.join(ids.map((id) => sql`${id}`), sql`, `)
  const served = new Set(db.all<{ memberId: number }>(sql`
    select h.host_member_id as memberId from hearings h
     where h.matter_id = ${matterId} and h.host_member_id in (${idList}) and h.status <> 'cancelled' and h.id <> ${other}
    union select h.recorder_member_id from hearings h
     where h.matter_id = ${matterId} and h.recorder_member_id in (${idList}) and h.status <> 'cancelled' and h.id <> ${other}
    union select p.member_id from hearing_participants p join hearings h on h.id = p.hearing_id
     where p.member_id in (${idList}) and p.kind = 'officer' and (p.active = 1 or p.response = 'accepted')
       and h.matter_id = ${matterId} and h.status <> 'cancelled' and h.id <> ${other}`).map((r) => r.memberId))

  const lastServed = new Map<number, Record<number, string>>()
  if (petitionerIdNumbers.length > 0 && coolingOffDays > 0) {
    const rows = db.all<{ memberId: number, idNumber: string, last: number }>(sql`
      select p.member_id as memberId, mp.id_number as idNumber, max(h.starts_at) as last
        from hearing_participants p
        join hearings h on h.id = p.hearing_id
        join matter_petitioners mp on mp.matter_id = h.matter_id
       where p.member_id in (${idList})
         and p.hearing_starts_at >= ${hearing.start - (coolingOffDays + 1) * DAY}
         and p.active = 1 and p.kind = 'officer' and h.id <> ${other} and h.status in ('scheduled','notified','in_session','suspended','concluded')
         and mp.id_number in (${sql.join(petitionerIdNumbers.map((n) => sql`${n}`), sql`, `)})
       group by p.member_id, mp.id_number`)
    const petitionerKey = new Map(petitionerIdNumbers.map((n, i) => [n, i]))
    for (const r of rows) {
      const key = petitionerKey.get(r.idNumber)
      if (key === undefined) continue
      const rec = lastServed.get(r.memberId) ?? lastServed.set(r.memberId, {}).get(r.memberId)!
      rec[key] = shanghaiDate(r.last)
    }
  }

  return members.map(({ m, homeRegionPath, homeLevel }) => {
    const attrs = attributes.get(m.id) ?? {}
    attrs.source = [m.sourceCategory]
    if (m.title) attrs.title = [m.title]
    return {
      id: m.id,
      name: m.name,
      status: m.status,
      termStart: m.appointmentDate,
      termEnd: m.termEnd,
      roles: [m.roleOfficer ? 'officer' : null, m.roleHost ? 'host' : null, m.roleRecorder ? 'recorder' : null, m.roleThirdParty ? 'third_party' : null].filter((r): r is string => r !== null),
      roleHost: m.roleHost,
      roleRecorder: m.roleRecorder,
      lastTrainingOn: m.lastTrainingOn,
      employerOrgIds: m.employerOrganisationId === null ? [] : [m.employerOrganisationId],
      declaredEmployerOrgIds: employers.get(m.id) ?? [],
      homeVillageRegionId: homeLevel === 'village' ? m.homeRegionId : null,
      homeRegionId: m.homeRegionId,
      homeRegionPath,
      declaredRelativeIdNumbers: relatives.get(m.id) ?? [],
      servedMatterIds: served.has(m.id) ? [matterId] : [],
      unavailable: unavailable.get(m.id) ?? [],
      bookings: bookings.get(m.id) ?? [],
      lastServedByPetitioner: lastServed.get(m.id) ?? {},
      local: homeRegionPath.startsWith(localPath),
      crossRegionConsent: m.consentCrossRegion,
      attributes: attrs
    }
  })
}

export function petitionersOf (db: DbOrTx, matterId: number) {
  return db.select().from(matterPetitionersTable).where(eq(matterPetitionersTable.matterId, matterId)).orderBy(matterPetitionersTable.position).all()
}

export function findVenueRow (db: DbOrTx, id: number) {
  return db.select({ venue: venuesTable, regionPath: regionsTable.path }).from(venuesTable)
    .innerJoin(regionsTable, eq(regionsTable.id, venuesTable.regionId)).where(eq(venuesTable.id, id)).get()
}
