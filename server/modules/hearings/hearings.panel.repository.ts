import { and, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client.js'
import {
  hearingParticipantsTable, hearingsTable, matterPetitionersTable, mattersTable, memberEmployersTable, memberRelativesTable, memberUnavailabilityTable,
  memberVocabularyTable, membersTable, panelDrawsTable, poolRevisionTable, poolVocabularyTable, recusalRequestsTable, regionsTable
} from '../../../db/schema/index.js'
import { shanghaiDateOf } from '../../common/dates.js'
import { columnPool, memberColumns, type CandidatePool, type MemberColumns } from '../draw/draw.candidate-pool.js'
import type { Interval } from '../draw/draw.types.js'
import type { MemberAttributeField } from '../rulesets/rulesets.config.js'
import { BOOKING_STATUSES } from './hearings.status.rules.js'
import { packStoredDraw, type StoredDraw } from './hearings.panel.rules.js'
import { MAX_HEARING_MS, petitionersOf } from './hearings.repository.js'

// The panel's own SQL: draw rows, seats (participant rows), recusal requests, and what the draw reads about the matter.

export function insertDraw (db: DbOrTx, values: Omit<typeof panelDrawsTable.$inferInsert, 'record'> & { record: StoredDraw }) {
  return db.insert(panelDrawsTable).values({ ...values, record: packStoredDraw(values.record) }).returning({ id: panelDrawsTable.id }).get()
}

/** Stores the revealed round in place of the pending commitment. */
export function revealDraw (db: DbOrTx, id: number, values: { record: StoredDraw, reason: string | null, witnessName: string | null }) {
  db.update(panelDrawsTable).set({ ...values, record: packStoredDraw(values.record) }).where(eq(panelDrawsTable.id, id)).run()
}

export function deleteDraw (db: DbOrTx, id: number) {
  db.delete(panelDrawsTable).where(eq(panelDrawsTable.id, id)).run()
}

/** Names of pool members by id (what the draw page shows beside the ids of the record), in chunks the SQLite variable limit allows. */
export function memberNames (db: DbOrTx, ids: readonly number[]): { id: number, name: string }[] {
  const out: { id: number, name: string }[] = []
  for (let at = 0; at < ids.length; at += 5000) {
    out.push(...db.select({ id: membersTable.id, name: membersTable.name }).from(membersTable).where(inArray(membersTable.id, ids.slice(at, at + 5000) as number[])).all())
  }
  return out.sort((a, b) => a.id - b.id)
}

export function insertParticipant (db: DbOrTx, values: typeof hearingParticipantsTable.$inferInsert) {
  return db.insert(hearingParticipantsTable).values(values).returning().get()
}

export function updateParticipant (db: DbOrTx, id: number, values: Partial<typeof hearingParticipantsTable.$inferInsert>) {
  db.update(hearingParticipantsTable).set(values).where(eq(hearingParticipantsTable.id, id)).run()
}

export function insertRecusalRequest (db: DbOrTx, values: typeof recusalRequestsTable.$inferInsert) {
  return db.insert(recusalRequestsTable).values(values).returning().get()
}

export function findRecusalRequest (db: DbOrTx, hearingId: number, requestId: number) {
  return db.select().from(recusalRequestsTable).where(and(eq(recusalRequestsTable.id, requestId), eq(recusalRequestsTable.hearingId, hearingId))).get()
}

export function decideRecusalRequest (db: DbOrTx, requestId: number, values: Pick<typeof recusalRequestsTable.$inferInsert, 'decision' | 'decidedBy' | 'decisionReason' | 'decidedAt'>) {
  return db.update(recusalRequestsTable).set(values).where(eq(recusalRequestsTable.id, requestId)).returning().get()
}

/** The petitioners' ID numbers and home villages, which the draw's recusal checks compare members with. */
export function petitionerFacts (db: DbOrTx, matterId: number) {
  const petitioners = petitionersOf(db, matterId)
  return {
    idNumbers: petitioners.map((p) => p.idNumber),
    villageIds: petitioners.map((p) => p.homeVillageRegionId).filter((v): v is number => v !== null)
  }
}

const DAY = 24 * 3600_000
const BOOKING_LIST = sql.raw(`(${BOOKING_STATUSES.map((s) => `'${s}'`).join(', ')})`)

type MemberRow = [id: number, status: string, termStart: string | null, termEnd: string | null, officer: number, employer: number | null,
  homeRegionId: number, source: string, title: string | null, consent: number, regionId: number]

/** The member columns of a city's officers with each member's home region (an index into `regionPaths`), as of `token`. */
type CityMembers = { token: string, cityPath: string, columns: MemberColumns, regionOf: Uint32Array, regionPaths: string[], indexOf: (id: number | null) => number }

/**
 * Keeps the last city's member columns between draws while the pool's revision token (read inside the draw's
 * transaction) is unchanged: reading and laying out 100,000 members is most of a draw. One per service, so
 * one per database connection.
 */
export function memberColumnsCache () {
  let last: CityMembers | null = null
  return {
    get: (token: string, cityPath: string) => last !== null && last.token === token && last.cityPath === cityPath ? last : null,
    set: (entry: CityMembers) => { last = entry }
  }
}
export type MemberColumnsCache = ReturnType<typeof memberColumnsCache>

function poolToken (db: DbOrTx) {
  return db.values<[string]>(sql`select token from ${poolRevisionTable} where id = 1`)[0]?.[0] ?? ''
}

/** `memberIds` bound as a JSON array for `inList`, or null for no restriction. */
const listOf = (memberIds: readonly number[] | undefined) => memberIds === undefined ? null : JSON.stringify(memberIds)
const inList = (column: SQL, listed: string | null) => listed === null ? sql`1` : sql`${column} in (select value from json_each(${listed}))`

/**
 * Every booked seat (host, recorder, seated officer or third party) of the hearings `where` selects over `from`
 * (hearings as h, with any joins): the member id, then `columns`.
 */
function bookedSeats (columns: SQL, from: SQL, where: SQL) {
  return sql`select h.host_member_id as member_id, ${columns} from ${from} where ${where}
    union all select h.recorder_member_id, ${columns} from ${from} where ${where}
    union all select p.member_id, ${columns} from ${from} inner join ${hearingParticipantsTable} p on p.hearing_id = h.id
      where ${where} and p.member_id is not null and p.active = 1 and p.kind in ('officer', 'third_party')`
}

/**
 * Member id → pool index, for ids in ascending order. A function of its own, so that the closure kept with the
 * cached columns holds this table only, not the query rows of the function that read them.
 */
function positionsOf (ids: Float64Array) {
  const maxId = ids.length === 0 ? 0 : ids[ids.length - 1]!
  const position = new Int32Array(maxId + 1).fill(-1)
  for (let i = 0; i < ids.length; i++) position[ids[i]!] = i
  return (id: number | null) => id === null || id > maxId ? -1 : position[id]!
}

/**
 * The members' own facts as columns: every member with the officer role whose home region is in `cityPath`,
 * or exactly `memberIds`. Over the whole pool the per-member tables are read whole and matched by id, which
 * is cheaper than a list of 100,000 ids.
 */
function readMembers (db: DbOrTx, token: string, cityPath: string, memberIds: readonly number[] | undefined): CityMembers {
  const listed = listOf(memberIds)
  const ofMembers = (column: SQL) => inList(column, listed)
  const regions = db.values<[number, string, string]>(sql`select id, path, level from ${regionsTable}`)
  const regionIndex = new Map(regions.map(([id], k) => [id, k]))
  const villages = new Set(regions.filter(([, , level]) => level === 'village').map(([id]) => id))
  const inCity = regions.filter(([, path]) => path.startsWith(cityPath)).map(([id]) => id)
  // a scan of the members table with the city's regions as a list: cheaper than walking an index region by region
  const members = db.values<MemberRow>(sql`select m.id, m.status, m.appointment_date, m.term_end, m.role_officer, m.employer_organisation_id, m.home_region_id,
      m.source_category, m.title, m.consent_cross_region, m.home_region_id
    from ${membersTable} m
    where ${listed === null ? sql`m.role_officer = 1 and +m.home_region_id in (select value from json_each(${JSON.stringify(inCity)}))` : ofMembers(sql.raw('m.id'))}
    order by m.id`)
  const n = members.length
  const ids = Float64Array.from(members, (m) => m[0])
  const indexOf = positionsOf(ids)

  const regionOf = new Uint32Array(n)
  const status = new Array<string>(n)
  const termStart = new Array<string | null>(n)
  const termEnd = new Array<string | null>(n)
  const officer = new Uint8Array(n)
  const consent = new Uint8Array(n)
  const homeVillage = new Float64Array(n)
  const employers = { member: [] as number[], org: [] as number[] }
  for (let i = 0; i < n; i++) {
    const [, s, from, to, isOfficer, employer, homeRegionId, , , consents] = members[i]!
    status[i] = s
    termStart[i] = from
    termEnd[i] = to
    officer[i] = isOfficer
    consent[i] = consents
    homeVillage[i] = villages.has(homeRegionId) ? homeRegionId : NaN
    regionOf[i] = regionIndex.get(homeRegionId) ?? 0
    if (employer !== null) { employers.member.push(i); employers.org.push(employer) }
  }
  for (const [memberId, org] of db.values<[number, number]>(sql`select member_id, organisation_id from ${memberEmployersTable} where ${ofMembers(sql.raw('member_id'))}`)) {
    const i = indexOf(memberId)
    if (i >= 0) { employers.member.push(i); employers.org.push(org) }
  }
  const relatives = { member: [] as number[], idNumber: [] as string[] }
  for (const [memberId, idNumber] of db.values<[number, string | null]>(sql`select member_id, id_number from ${memberRelativesTable} where ${ofMembers(sql.raw('member_id'))}`)) {
    const i = indexOf(memberId)
    if (i >= 0 && idNumber) { relatives.member.push(i); relatives.idNumber.push(idNumber) }
  }

  // composition attributes: the vocabulary terms in row order by kind, then the source category and the title;
  // members with the same terms, source and title share a key
  const terms = new Map(db.values<[number, string, string]>(sql`select id, kind, code from ${poolVocabularyTable}`).map(([id, kind, code]) => [id, [kind, code] as const]))
  const memberTerms: string[] = new Array<string>(n).fill('')
  for (const [memberId, termId] of db.values<[number, number]>(sql`select member_id, term_id from ${memberVocabularyTable} where ${ofMembers(sql.raw('member_id'))}`)) {
    const i = indexOf(memberId)
    if (i >= 0 && terms.has(termId)) memberTerms[i] += `${memberTerms[i] === '' ? '' : ','}${termId}`
  }
  const attributeKey = new Array<string>(n)
  for (let i = 0; i < n; i++) attributeKey[i] = `${memberTerms[i]}|${members[i]![7]}|${members[i]![8] ?? ''}`
  const attributes = (_key: string, i: number) => {
    const attrs: Partial<Record<MemberAttributeField, string[]>> = {}
    if (memberTerms[i] !== '') {
      for (const termId of memberTerms[i]!.split(',')) {
        const [kind, code] = terms.get(Number(termId))! as [MemberAttributeField, string]
        ;(attrs[kind] ??= []).push(code)
      }
    }
    attrs.source = [members[i]![7]]
    const title = members[i]![8]
    if (title) attrs.title = [title]
    return attrs
  }
  const columns = memberColumns({ ids, status, termStart, termEnd, officer, consent, homeVillage, attributeKey, attributes, employers, relatives })
  return { token, cityPath, columns, regionOf, regionPaths: regions.map(([, path]) => path), indexOf }
}

/**
 * The draw's candidates as a column pool: every member with the officer role whose home region is in
 * `cityPath` (local or not, consenting or not, so the record lists those left out with the reason), or exactly
 * `memberIds`. The same facts as `loadCandidates` (hearings.repository.ts) reads for the checks: status, term,
 * roles, recusal data, unavailability, bookings near the hearing and each member's bookings in its Shanghai week and month (for the caps),
 * earlier service and cooling-off, and composition attributes. The members' own facts come from `cache` while
 * the pool's revision is unchanged; what depends on the hearing is read each time.
 */
export function loadDrawPool (db: DbOrTx, { memberIds, cityPath, localPath, countyPath, hearing, matterId, petitionerIdNumbers, excludeHearingId, coolingOffDays, handlingRoles, cache, caps }: {
  memberIds?: readonly number[] | undefined
  cityPath: string
  localPath: string
  countyPath: string
  hearing: Interval & { weekStart: number, weekEnd: number, monthStart: number, monthEnd: number }
  matterId: number
  petitionerIdNumbers: readonly string[]
  excludeHearingId: number
  coolingOffDays: number
  handlingRoles: ReadonlyMap<number, readonly string[]>
  cache: MemberColumnsCache
  caps: { perWeek: number | null, perMonth: number | null }
}): CandidatePool {
  const token = poolToken(db)
  let city = memberIds === undefined ? cache.get(token, cityPath) : null
  if (city === null) {
    city = readMembers(db, token, cityPath, memberIds)
    if (memberIds === undefined) cache.set(city)
  }
  const { columns, regionOf, regionPaths } = city
  const at = city.indexOf
  const n = columns.size
  const tierOfRegion = regionPaths.map((path) => path.startsWith(localPath) ? 0 : path.startsWith(countyPath) ? 1 : 2)
  const tier = new Uint8Array(n)
  const local = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    tier[i] = tierOfRegion[regionOf[i]!]!
    local[i] = tier[i] === 0 ? 1 : 0
  }
  const unavailable = { member: [] as number[], from: [] as number[], to: [] as number[] }
  for (const [memberId, from, to] of db.values<[number, number, number]>(sql`select member_id, starts_at, ends_at from ${memberUnavailabilityTable}
    where ${inList(sql.raw('member_id'), listOf(memberIds))} and starts_at < ${hearing.end} and ends_at > ${hearing.start}`)) {
    const i = at(memberId)
    if (i >= 0) { unavailable.member.push(i); unavailable.from.push(from); unavailable.to.push(to) }
  }

  // bookings near the hearing (host, recorder, officer or third party), in booking statuses: the rows the clash check
  // and its messages need; the week's and month's caps need only each member's counts, which SQL adds up
  const bookings = { member: [] as number[], from: [] as number[], to: [] as number[], venue: [] as number[], hearing: [] as number[], caseNumber: [] as (string | null)[] }
  // a booking reaching into the window started at most a hearing's longest length before it
  const near = { from: hearing.start - DAY, to: hearing.end + DAY, earliest: hearing.start - DAY - MAX_HEARING_MS }
  const booked = db.values<[number, number, number, number, number | null, string]>(bookedSeats(
    sql`h.id, h.starts_at, h.ends_at, h.venue_id, m.number`,
    sql`${hearingsTable} h inner join ${mattersTable} m on m.id = h.matter_id`,
    sql`h.starts_at >= ${near.earliest} and h.starts_at < ${near.to} and h.ends_at > ${near.from} and h.status in ${BOOKING_LIST}`))
  for (const [memberId, hearingId, start, end, venueId, caseNumber] of booked) {
    const i = at(memberId)
    if (i < 0) continue
    bookings.member.push(i); bookings.from.push(start); bookings.to.push(end); bookings.venue.push(venueId ?? NaN); bookings.hearing.push(hearingId); bookings.caseNumber.push(caseNumber)
  }
  // other hearings booked in the hearing's Shanghai week and month, per member (a seat each: host, recorder, panel);
  // only members at a cap are returned, the others' counts cannot exclude them (caps are at least 1)
  const bookedWeek = new Int32Array(n)
  const bookedMonth = new Int32Array(n)
  if (caps.perWeek !== null || caps.perMonth !== null) {
    const span = { from: Math.min(hearing.weekStart, hearing.monthStart), to: Math.max(hearing.weekEnd, hearing.monthEnd) }
    const inSpan = sql`h.starts_at >= ${span.from} and h.starts_at < ${span.to} and h.status in ${BOOKING_LIST} and h.id <> ${excludeHearingId}`
    const seats = bookedSeats(sql`h.starts_at as starts_at`, sql`${hearingsTable} h`, inSpan)
    for (const [memberId, week, month] of db.values<[number, number, number]>(sql`
      select member_id, sum(starts_at >= ${hearing.weekStart} and starts_at < ${hearing.weekEnd}) as week, sum(starts_at >= ${hearing.monthStart} and starts_at < ${hearing.monthEnd}) as month from (${seats})
      group by member_id having week >= ${caps.perWeek ?? Number.MAX_SAFE_INTEGER} or month >= ${caps.perMonth ?? Number.MAX_SAFE_INTEGER}`)) {
      const i = at(memberId)
      if (i >= 0) { bookedWeek[i] = week; bookedMonth[i] = month }
    }
  }

  // earlier service on the matter (host, recorder or officer), other than on this hearing
  const served = { member: [] as number[], matter: [] as number[] }
  for (const [memberId] of db.values<[number]>(sql`
    select host_member_id from ${hearingsTable} where matter_id = ${matterId} and status <> 'cancelled' and id <> ${excludeHearingId}
    union select recorder_member_id from ${hearingsTable} where matter_id = ${matterId} and status <> 'cancelled' and id <> ${excludeHearingId}
    union select p.member_id from ${hearingsTable} h inner join ${hearingParticipantsTable} p on p.hearing_id = h.id
      where h.matter_id = ${matterId} and h.status <> 'cancelled' and h.id <> ${excludeHearingId} and p.kind = 'officer' and (p.active = 1 or p.response = 'accepted')`)) {
    const i = at(memberId)
    if (i >= 0) { served.member.push(i); served.matter.push(matterId) }
  }
  const handled = { member: [] as number[], matter: [] as number[], role: [] as string[] }
  for (const [memberId, roles] of handlingRoles) {
    const i = at(memberId)
    if (i >= 0) for (const role of roles) { handled.member.push(i); handled.matter.push(matterId); handled.role.push(role) }
  }

  // cooling-off: the last hearing of each of the petitioners the member sat on as an officer
  const lastServed = { member: [] as number[], petitioner: [] as number[], date: [] as string[] }
  if (petitionerIdNumbers.length > 0 && coolingOffDays > 0) {
    const petitionerKey = new Map(petitionerIdNumbers.map((v, i) => [v, i]))
    const seen = new Map<number, Set<number>>()
    for (const [memberId, idNumber, last] of db.values<[number, string, number]>(sql`
      select p.member_id, mp.id_number, max(h.starts_at) from ${matterPetitionersTable} mp
        inner join ${hearingsTable} h on h.matter_id = mp.matter_id inner join ${hearingParticipantsTable} p on p.hearing_id = h.id
        where mp.id_number in (select value from json_each(${JSON.stringify(petitionerIdNumbers)})) and p.hearing_starts_at >= ${hearing.start - (coolingOffDays + 1) * DAY}
          and p.active = 1 and p.kind = 'officer' and h.id <> ${excludeHearingId} and h.status in ('scheduled','notified','in_session','suspended','concluded')
        group by p.member_id, mp.id_number`)) {
      const i = at(memberId)
      const key = petitionerKey.get(idNumber)
      if (i < 0 || key === undefined) continue
      // one date per petitioner (as the candidate objects' record by petitioner keeps the last one written)
      const keys = seen.get(i) ?? seen.set(i, new Set()).get(i)!
      if (keys.has(key)) continue
      keys.add(key)
      lastServed.member.push(i); lastServed.petitioner.push(key); lastServed.date.push(shanghaiDateOf(last))
    }
  }
  return columnPool(columns, { local, tier, served, handled, unavailable, bookings, bookedWeek, bookedMonth, lastServed })
}
