import { and, eq, gt, lt, or, sql, desc } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client.js'
import { jsonArrayValues, preparedPerHandle } from '../../../db/prepared.js'
import {
  hearingsTable, hearingParticipantsTable, hearingEventsTable, panelDrawsTable, recusalRequestsTable,
  membersTable, memberEmployersTable, memberRelativesTable, memberUnavailabilityTable, memberVocabularyTable,
  poolVocabularyTable, regionsTable, matterPetitionersTable, mattersTable, organisationsTable, venuesTable, type NewHearing, type HearingStatus
} from '../../../db/schema/index.js'
import { inSubtree } from '../../../db/scope.js'
import type { Booking, EligibilityCandidate, Interval } from '../draw/draw.types.js'
import type { MemberAttributeField } from '../rulesets/rulesets.config.js'
import { BOOKING_STATUSES } from './hearings.status.rules.js'
import { unpackStoredDraw, type PanelDrawRow } from './hearings.panel.rules.js'
import { shanghaiDateOf } from '../../common/dates.js'

/** Hearings never last longer than this, which bounds every overlap scan on the time indexes. */
export const MAX_HEARING_MS = 12 * 3600_000
const DAY = 24 * 3600_000

const BOOKING_STATUS_LIST = sql.raw(`(${BOOKING_STATUSES.map((s) => `'${s}'`).join(', ')})`)

export function findHearing (db: DbOrTx, id: number, scopePath: string | null) {
  return db.select({ hearing: hearingsTable, regionPath: regionsTable.path, regionName: regionsTable.name })
    .from(hearingsTable).innerJoin(regionsTable, eq(regionsTable.id, hearingsTable.regionId))
    .where(and(eq(hearingsTable.id, id), inSubtree(regionsTable.path, scopePath))).get()
}

/** Hearings in the caller's scope, with their matter's case number and title and their venue's name (calendar titles). */
export function listHearings (db: DbOrTx, { scopePath, status, matterId, memberId, venueId, from, to, page, pageSize }: {
  scopePath: string | null,
  status?: HearingStatus | undefined,
  matterId?: number | undefined,
  memberId?: number | undefined,
  venueId?: number | undefined,
  from?: Date | undefined,
  to?: Date | undefined,
  page: number,
  pageSize: number
}) {
  const where = and(
    inSubtree(regionsTable.path, scopePath),
    status ? eq(hearingsTable.status, status) : undefined,
    matterId ? eq(hearingsTable.matterId, matterId) : undefined,
    venueId ? eq(hearingsTable.venueId, venueId) : undefined,
    from ? gt(hearingsTable.endsAt, from) : undefined,
    to ? lt(hearingsTable.startsAt, to) : undefined,
    memberId
      ? or(eq(hearingsTable.hostMemberId, memberId), eq(hearingsTable.recorderMemberId, memberId),
        sql`exists (select 1 from hearing_participants p where p.hearing_id = ${hearingsTable.id} and p.member_id = ${memberId} and p.active = 1)`)
      : undefined
  )
  const items = db.select({ hearing: hearingsTable, regionName: regionsTable.name, caseNumber: mattersTable.number, matterTitle: mattersTable.title, venueName: venuesTable.name }).from(hearingsTable)
    .innerJoin(regionsTable, eq(regionsTable.id, hearingsTable.regionId))
    .innerJoin(mattersTable, eq(mattersTable.id, hearingsTable.matterId))
    .innerJoin(venuesTable, eq(venuesTable.id, hearingsTable.venueId))
    .where(where).orderBy(desc(hearingsTable.startsAt), desc(hearingsTable.id)).limit(pageSize).offset((page - 1) * pageSize).all()
  const total = db.select({ n: sql<number>`count(*)` }).from(hearingsTable).innerJoin(regionsTable, eq(regionsTable.id, hearingsTable.regionId)).where(where).get()?.n ?? 0
  return { items, total }
}

/**
 * The hearings of a calendar range (overlapping [from, to)) with only what an entry shows: no ruleset snapshot
 * (kilobytes of JSON per row), no paging. Hearings last at most MAX_HEARING_MS, so one that overlaps the range
 * starts after from − MAX_HEARING_MS: that bound keeps the scan of the time index to the range.
 */
export function calendarHearings (db: DbOrTx, { scopePath, memberId, venueId, from, to, limit }: {
  scopePath: string | null, memberId?: number | undefined, venueId?: number | undefined, from: Date, to: Date, limit: number
}) {
  return db.select({
    id: hearingsTable.id, status: hearingsTable.status, startsAt: hearingsTable.startsAt, endsAt: hearingsTable.endsAt, caseNumber: mattersTable.number, venueName: venuesTable.name
  }).from(hearingsTable)
    .innerJoin(regionsTable, eq(regionsTable.id, hearingsTable.regionId))
    .innerJoin(mattersTable, eq(mattersTable.id, hearingsTable.matterId))
    .innerJoin(venuesTable, eq(venuesTable.id, hearingsTable.venueId))
    .where(and(
      inSubtree(regionsTable.path, scopePath),
      venueId ? eq(hearingsTable.venueId, venueId) : undefined,
      gt(hearingsTable.startsAt, new Date(from.getTime() - MAX_HEARING_MS)),
      lt(hearingsTable.startsAt, to),
      gt(hearingsTable.endsAt, from),
      memberId
        ? or(eq(hearingsTable.hostMemberId, memberId), eq(hearingsTable.recorderMemberId, memberId),
          sql`exists (select 1 from hearing_participants p where p.hearing_id = ${hearingsTable.id} and p.member_id = ${memberId} and p.active = 1)`)
        : undefined
    )).orderBy(hearingsTable.startsAt, hearingsTable.id).limit(limit).all()
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

export type SeatedPerson = { memberId: number, name: string, unit: string | null }

const seatedPeopleQuery = preparedPerHandle((db) => db.select({ memberId: membersTable.id, name: membersTable.name, unit: organisationsTable.name }).from(membersTable)
  .leftJoin(organisationsTable, eq(organisationsTable.id, membersTable.employerOrganisationId))
  .where(sql`${membersTable.id} in ${jsonArrayValues('ids')}`).prepare())

/**
 * Name and unit (employer) of pool members seated on a hearing, by id: what is announced at the opening
 * (S15, S16) and what everyone who may see the hearing sees, whatever their region. Nothing else of the
 * member's record.
 */
export function seatedPeople (db: DbOrTx, memberIds: readonly number[]): Map<number, SeatedPerson> {
  if (memberIds.length === 0) return new Map()
  return new Map(seatedPeopleQuery(db).all({ ids: JSON.stringify([...new Set(memberIds)]) }).map((r) => [r.memberId, r]))
}

export function insertEvent (db: DbOrTx, values: typeof hearingEventsTable.$inferInsert) {
  db.insert(hearingEventsTable).values(values).run()
}

export function eventsOf (db: DbOrTx, hearingId: number) {
  return db.select().from(hearingEventsTable).where(eq(hearingEventsTable.hearingId, hearingId)).orderBy(hearingEventsTable.id).all()
}

/** The hearing's draw rows in round order, each record decoded (what the panel service stored). */
export function drawsOf (db: DbOrTx, hearingId: number): PanelDrawRow[] {
  return db.select().from(panelDrawsTable).where(eq(panelDrawsTable.hearingId, hearingId)).orderBy(panelDrawsTable.round).all()
    .map((r) => ({ ...r, record: unpackStoredDraw(r.record) }))
}

export function recusalRequestsOf (db: DbOrTx, hearingId: number) {
  return db.select().from(recusalRequestsTable).where(eq(recusalRequestsTable.hearingId, hearingId)).orderBy(recusalRequestsTable.id).all()
}

const venueBookingsQuery = preparedPerHandle((db) => db.select({ id: hearingsTable.id, startsAt: hearingsTable.startsAt, endsAt: hearingsTable.endsAt, caseNumber: mattersTable.number }).from(hearingsTable)
  .innerJoin(mattersTable, eq(mattersTable.id, hearingsTable.matterId))
  .where(sql`${hearingsTable.venueId} = ${sql.placeholder('venueId')}
    and ${hearingsTable.startsAt} > ${sql.placeholder('from')} and ${hearingsTable.startsAt} < ${sql.placeholder('end')}
    and ${hearingsTable.endsAt} > ${sql.placeholder('start')} and ${hearingsTable.status} in ${BOOKING_STATUS_LIST}
    and ${hearingsTable.id} <> ${sql.placeholder('other')}`).prepare())

/** Other hearings holding `venueId` around [start, end), in booking statuses, with their matters' case numbers. */
export function venueBookings (db: DbOrTx, { venueId, start, end, excludeHearingId }: { venueId: number, start: number, end: number, excludeHearingId: number | null }) {
  // Hearing ids are positive, so -1 excludes nothing.
  return venueBookingsQuery(db).all({ venueId, from: start - MAX_HEARING_MS, end, start, other: excludeHearingId ?? -1 })
}

const memberBookingsQuery = preparedPerHandle((db) => {
  const h = hearingsTable
  const p = hearingParticipantsTable
  const m = mattersTable
  const window = (column: typeof h.startsAt | typeof p.hearingStartsAt) => sql`${column} >= ${sql.placeholder('from')} and ${column} < ${sql.placeholder('to')}`
  const booking = (memberId: typeof h.hostMemberId | typeof h.recorderMemberId | typeof p.memberId) =>
    ({ memberId: sql<number>`${memberId}`, hearingId: h.id, start: sql<number>`${h.startsAt}`, end: sql<number>`${h.endsAt}`, venueId: h.venueId, caseNumber: m.number })
  return db.select(booking(h.hostMemberId)).from(h).innerJoin(m, eq(m.id, h.matterId))
    .where(sql`${h.hostMemberId} in ${jsonArrayValues('ids')} and ${window(h.startsAt)} and ${h.status} in ${BOOKING_STATUS_LIST}`)
    .unionAll(db.select(booking(h.recorderMemberId)).from(h).innerJoin(m, eq(m.id, h.matterId))
      .where(sql`${h.recorderMemberId} in ${jsonArrayValues('ids')} and ${window(h.startsAt)} and ${h.status} in ${BOOKING_STATUS_LIST}`))
    .unionAll(db.select(booking(p.memberId)).from(p)
      .innerJoin(h, eq(h.id, p.hearingId))
      .innerJoin(m, eq(m.id, h.matterId))
      .where(sql`${p.memberId} in ${jsonArrayValues('ids')} and ${window(p.hearingStartsAt)}
        and ${p.active} = 1 and ${p.kind} in ('officer', 'third_party') and ${h.status} in ${BOOKING_STATUS_LIST}`))
    .prepare()
})

/**
 * Every booking of the given members (as host, recorder or active panel member) that starts within
 * [from, to), in booking statuses, with the venue and the matter's case number: for double-booking (named
 * by case number), travel buffers and caps.
 */
export function memberBookings (db: DbOrTx, memberIds: readonly number[], from: number, to: number): Map<number, Booking[]> {
  const out = new Map<number, Booking[]>()
  if (memberIds.length === 0) return out
  for (const r of memberBookingsQuery(db).all({ ids: JSON.stringify(memberIds), from, to })) {
    let list = out.get(r.memberId)
    if (!list) { list = []; out.set(r.memberId, list) }
    list.push({ start: r.start, end: r.end, venueId: r.venueId, hearingId: r.hearingId, caseNumber: r.caseNumber })
  }
  return out
}

export type CandidateRow = EligibilityCandidate & { name: string, homeRegionId: number, homeRegionPath: string, roleHost: boolean, roleRecorder: boolean, lastTrainingOn: string | null }

/** The member columns the checks read (not the whole row). */
const candidateColumns = {
  id: membersTable.id,
  name: membersTable.name,
  status: membersTable.status,
  appointmentDate: membersTable.appointmentDate,
  termEnd: membersTable.termEnd,
  roleOfficer: membersTable.roleOfficer,
  roleHost: membersTable.roleHost,
  roleRecorder: membersTable.roleRecorder,
  roleThirdParty: membersTable.roleThirdParty,
  lastTrainingOn: membersTable.lastTrainingOn,
  employerOrganisationId: membersTable.employerOrganisationId,
  homeRegionId: membersTable.homeRegionId,
  sourceCategory: membersTable.sourceCategory,
  title: membersTable.title,
  consentCrossRegion: membersTable.consentCrossRegion
}

const candidateSelect = (db: DbOrTx) => db.select({ m: candidateColumns, homeRegionPath: regionsTable.path, homeLevel: regionsTable.level }).from(membersTable)
  .innerJoin(regionsTable, eq(regionsTable.id, membersTable.homeRegionId))

const membersByIdsQuery = preparedPerHandle((db) => candidateSelect(db).where(sql`${membersTable.id} in ${jsonArrayValues('ids')}`).prepare())

const employersQuery = preparedPerHandle((db) => db.select({ memberId: memberEmployersTable.memberId, orgId: memberEmployersTable.organisationId }).from(memberEmployersTable)
  .where(sql`${memberEmployersTable.memberId} in ${jsonArrayValues('ids')}`).prepare())

const relativesQuery = preparedPerHandle((db) => db.select({ memberId: memberRelativesTable.memberId, idNumber: memberRelativesTable.idNumber }).from(memberRelativesTable)
  .where(sql`${memberRelativesTable.memberId} in ${jsonArrayValues('ids')}`).prepare())

const unavailableQuery = preparedPerHandle((db) => db.select({ memberId: memberUnavailabilityTable.memberId, start: memberUnavailabilityTable.startsAt, end: memberUnavailabilityTable.endsAt }).from(memberUnavailabilityTable)
  .where(sql`${memberUnavailabilityTable.memberId} in ${jsonArrayValues('ids')} and ${memberUnavailabilityTable.startsAt} < ${sql.placeholder('end')} and ${memberUnavailabilityTable.endsAt} > ${sql.placeholder('start')}`).prepare())

const attributesQuery = preparedPerHandle((db) => db.select({ memberId: memberVocabularyTable.memberId, kind: poolVocabularyTable.kind, code: poolVocabularyTable.code }).from(memberVocabularyTable)
  .innerJoin(poolVocabularyTable, eq(poolVocabularyTable.id, memberVocabularyTable.termId)).where(sql`${memberVocabularyTable.memberId} in ${jsonArrayValues('ids')}`).prepare())

/**
 * Members who sat on the matter before (host, recorder or officer). The plan starts from the matter's
 * hearings (`+` keeps SQLite off the member indexes): a matter has few hearings, a member may have hundreds.
 */
const servedOnMatterQuery = preparedPerHandle((db) => {
  const h = hearingsTable
  const p = hearingParticipantsTable
  const ofMatter = sql`${h.matterId} = ${sql.placeholder('matterId')} and ${h.status} <> 'cancelled' and ${h.id} <> ${sql.placeholder('other')}`
  return db.select({ memberId: sql<number>`${h.hostMemberId}` }).from(h).where(sql`${ofMatter} and +${h.hostMemberId} in ${jsonArrayValues('ids')}`)
    .union(db.select({ memberId: sql<number>`${h.recorderMemberId}` }).from(h).where(sql`${ofMatter} and +${h.recorderMemberId} in ${jsonArrayValues('ids')}`))
    .union(db.select({ memberId: sql<number>`${p.memberId}` }).from(h).innerJoin(p, eq(p.hearingId, h.id))
      .where(sql`${ofMatter} and +${p.memberId} in ${jsonArrayValues('ids')} and ${p.kind} = 'officer' and (${p.active} = 1 or ${p.response} = 'accepted')`))
    .prepare()
})

const lastServedQuery = preparedPerHandle((db) => {
  const h = hearingsTable
  const p = hearingParticipantsTable
  const mp = matterPetitionersTable
  return db.select({ memberId: sql<number>`${p.memberId}`, idNumber: sql<string>`${mp.idNumber}`, last: sql<number>`max(${h.startsAt})` }).from(p)
    .innerJoin(h, eq(h.id, p.hearingId))
    .innerJoin(mp, eq(mp.matterId, h.matterId))
    .where(sql`${p.memberId} in ${jsonArrayValues('ids')} and ${p.hearingStartsAt} >= ${sql.placeholder('since')}
      and ${p.active} = 1 and ${p.kind} = 'officer' and ${h.id} <> ${sql.placeholder('other')} and ${h.status} in ('scheduled','notified','in_session','suspended','concluded')
      and ${mp.idNumber} in ${jsonArrayValues('idNumbers')}`)
    .groupBy(p.memberId, mp.idNumber)
    .prepare()
})

/**
 * Loads members as eligibility candidates for a hearing: status, term, roles, recusal data, unavailability
 * and bookings around the hearing (its whole Shanghai month, for the caps), and composition attributes.
 */
export function loadCandidates (db: DbOrTx, { memberIds, officerIds, officerPoolOf, localPath, countyPath, hearing, matterId, petitionerIdNumbers, excludeHearingId = null, coolingOffDays = 3650, handlingRoles }: {
  memberIds?: readonly number[]
  /**
   * The loaded members who sit as officers (or third parties); by default all of them. Earlier service on the
   * matter and cooling-off apply to them only (hearings.problems skips them for the host and the recorder, and
   * cooling-off for third parties), so they are looked up for these members only.
   */
  officerIds?: readonly number[]
  /**
   * When set, every member with the officer role whose home region is in `cityPath`: local or not, consenting
   * or not, so that the draw record lists those left out for locality or consent with the reason.
   */
  officerPoolOf?: { cityPath: string }
  /** The hearing's own region: members outside it are cross-region (drawn only with consent). */
  localPath: string
  /** For the draw's tiers: members outside `localPath` but inside this county are tier 1, the rest tier 2 (absent: all tier 1). */
  countyPath?: string | undefined
  hearing: Interval & { monthStart: number, monthEnd: number }
  matterId: number
  petitionerIdNumbers: readonly string[]
  /** The hearing being checked: its own people do not count as having served on the matter before. */
  excludeHearingId?: number | null
  /** How far back a petitioner's earlier hearings matter for the cooling-off rule. */
  coolingOffDays?: number
  /**
   * Pool member id → the roles in which the member handled the matter (承办人, case team; the case-teams module's
   * `handlingRolesOfMatter`): handling it keeps a member out of every seat, the host's and recorder's too.
   */
  handlingRoles: ReadonlyMap<number, readonly string[]>
}): CandidateRow[] {
  const other = excludeHearingId ?? -1
  const members = memberIds
    ? (memberIds.length === 0 ? [] : membersByIdsQuery(db).all({ ids: JSON.stringify(memberIds) }))
    : candidateSelect(db).where(and(
      eq(membersTable.roleOfficer, true),
      inSubtree(regionsTable.path, officerPoolOf?.cityPath ?? localPath)
    )).all()
  if (members.length === 0) return []
  const ids = members.map((r) => r.m.id)
  const idList = JSON.stringify(ids)

  const employers = new Map<number, number[]>()
  for (const e of employersQuery(db).all({ ids: idList })) {
    (employers.get(e.memberId) ?? employers.set(e.memberId, []).get(e.memberId)!).push(e.orgId)
  }
  const relatives = new Map<number, string[]>()
  for (const r of relativesQuery(db).all({ ids: idList })) {
    if (r.idNumber) (relatives.get(r.memberId) ?? relatives.set(r.memberId, []).get(r.memberId)!).push(r.idNumber)
  }
  const unavailable = new Map<number, Interval[]>()
  for (const u of unavailableQuery(db).all({ ids: idList, start: hearing.start, end: hearing.end })) {
    (unavailable.get(u.memberId) ?? unavailable.set(u.memberId, []).get(u.memberId)!).push({ start: u.start.getTime(), end: u.end.getTime() })
  }
  const attributes = new Map<number, Partial<Record<MemberAttributeField, string[]>>>()
  for (const v of attributesQuery(db).all({ ids: idList })) {
    const attrs = attributes.get(v.memberId) ?? attributes.set(v.memberId, {}).get(v.memberId)!
    ;(attrs[v.kind] ??= []).push(v.code)
  }
  const windowStart = Math.min(hearing.monthStart, hearing.start - DAY)
  const windowEnd = Math.max(hearing.monthEnd, hearing.end + DAY)
  const bookings = memberBookings(db, ids, windowStart, windowEnd)

  const officerList = officerIds ? JSON.stringify(officerIds) : idList
  const served = new Set(officerIds?.length === 0 ? [] : servedOnMatterQuery(db).all({ ids: officerList, matterId, other }).map((r) => r.memberId))

  const lastServed = new Map<number, Record<number, string>>()
  if (petitionerIdNumbers.length > 0 && coolingOffDays > 0 && officerIds?.length !== 0) {
    const rows = lastServedQuery(db).all({ ids: officerList, since: hearing.start - (coolingOffDays + 1) * DAY, other, idNumbers: JSON.stringify(petitionerIdNumbers) })
    const petitionerKey = new Map(petitionerIdNumbers.map((n, i) => [n, i]))
    for (const r of rows) {
      const key = petitionerKey.get(r.idNumber)
      if (key === undefined) continue
      const rec = lastServed.get(r.memberId) ?? lastServed.set(r.memberId, {}).get(r.memberId)!
      rec[key] = shanghaiDateOf(r.last)
    }
  }

  return members.map(({ m, homeRegionPath, homeLevel }) => {
    const attrs = attributes.get(m.id) ?? {}
    attrs.source = [m.sourceCategory]
    if (m.title) attrs.title = [m.title]
    const local = homeRegionPath.startsWith(localPath)
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
      handledMatters: handlingRoles.has(m.id) ? handlingRoles.get(m.id)!.map((role) => ({ matterId, role })) : undefined,
      unavailable: unavailable.get(m.id) ?? [],
      bookings: bookings.get(m.id) ?? [],
      lastServedByPetitioner: lastServed.get(m.id) ?? {},
      local,
      tier: local ? 0 : countyPath === undefined || homeRegionPath.startsWith(countyPath) ? 1 : 2,
      crossRegionConsent: m.consentCrossRegion,
      attributes: attrs
    }
  })
}

const petitionersQuery = preparedPerHandle((db) => db.select().from(matterPetitionersTable)
  .where(eq(matterPetitionersTable.matterId, sql.placeholder('matterId'))).orderBy(matterPetitionersTable.position).prepare())

export function petitionersOf (db: DbOrTx, matterId: number) {
  return petitionersQuery(db).all({ matterId })
}
