import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client.js'
import {
  hearingParticipantsTable, hearingsTable, matterPetitionersTable, mattersTable, memberEmployersTable, memberRelativesTable, memberUnavailabilityTable,
  memberVocabularyTable, membersTable, panelDrawsTable, poolVocabularyTable, recusalRequestsTable, regionsTable
} from '../../../db/schema/index.js'
import { subtreeUpperBound } from '../../../db/scope.js'
import { shanghaiDateOf } from '../../common/dates.js'
import { columnPool, type CandidatePool } from '../draw/draw.candidate-pool.js'
import type { Interval } from '../draw/draw.types.js'
import type { MemberAttributeField } from '../rulesets/rulesets.config.js'
import { BOOKING_STATUSES } from './hearings.lifecycle.js'
import type { StoredDraw } from './hearings.panel.rules.js'
import { petitionersOf } from './hearings.repository.js'

// The panel's own SQL: draw rows, seats (participant rows), recusal requests, and what the draw reads about the matter.

export function insertDraw (db: DbOrTx, values: Omit<typeof panelDrawsTable.$inferInsert, 'record'> & { record: StoredDraw }) {
  return db.insert(panelDrawsTable).values({ ...values, record: values.record as Record<string, unknown> }).returning({ id: panelDrawsTable.id }).get()
}

/** Stores the revealed round in place of the pending commitment. */
export function revealDraw (db: DbOrTx, id: number, values: { record: StoredDraw, reason: string | null, witnessName: string | null }) {
  db.update(panelDrawsTable).set({ ...values, record: values.record as Record<string, unknown> }).where(eq(panelDrawsTable.id, id)).run()
}

export function deleteDraw (db: DbOrTx, id: number) {
  db.delete(panelDrawsTable).where(eq(panelDrawsTable.id, id)).run()
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
  homeRegionId: number, source: string, title: string | null, consent: number, path: string, level: string]

/**
 * The draw's candidates as a column pool, filled straight from the rows (no object per member): every member with
 * the officer role whose home region is in `cityPath` (local or not, consenting or not, so the record lists those
 * left out with the reason), or exactly `memberIds`. The same facts as `loadCandidates` (hearings.repository.ts)
 * reads for the checks: status, term, roles, recusal data, unavailability and bookings around the hearing (its
 * whole Shanghai month, for the caps), earlier service and cooling-off, and composition attributes. Over the whole
 * pool the per-member tables are read whole and matched by id, which is cheaper than a list of 100,000 ids.
 */
export function loadDrawPool (db: DbOrTx, { memberIds, cityPath, localPath, countyPath, hearing, matterId, petitionerIdNumbers, excludeHearingId, coolingOffDays, handlingRoles }: {
  memberIds?: readonly number[] | undefined
  cityPath: string
  localPath: string
  countyPath: string
  hearing: Interval & { monthStart: number, monthEnd: number }
  matterId: number
  petitionerIdNumbers: readonly string[]
  excludeHearingId: number
  coolingOffDays: number
  handlingRoles: ReadonlyMap<number, readonly string[]>
}): CandidatePool {
  const ids = memberIds === undefined ? null : JSON.stringify(memberIds)
  const ofMembers = (column: SQL) => ids === null ? sql`1` : sql`${column} in (select value from json_each(${ids}))`
  const members = db.values<MemberRow>(sql`select m.id, m.status, m.appointment_date, m.term_end, m.role_officer, m.employer_organisation_id, m.home_region_id,
      m.source_category, m.title, m.consent_cross_region, r.path, r.level
    from ${membersTable} m inner join ${regionsTable} r on r.id = m.home_region_id
    where ${ids === null ? sql`m.role_officer = 1 and ${sql.raw('r.path')} >= ${cityPath} and ${sql.raw('r.path')} < ${subtreeUpperBound(cityPath)}` : ofMembers(sql.raw('m.id'))}`)
  const n = members.length
  let maxId = 0
  for (const m of members) if (m[0] > maxId) maxId = m[0]
  const indexOf = new Int32Array(maxId + 1).fill(-1)
  for (let i = 0; i < n; i++) indexOf[members[i]![0]] = i
  const at = (id: number | null) => id === null || id > maxId ? -1 : indexOf[id]!

  const rows = {
    ids: new Float64Array(n),
    status: new Array<string>(n),
    termStart: new Array<string | null>(n),
    termEnd: new Array<string | null>(n),
    officer: new Uint8Array(n),
    local: new Uint8Array(n),
    tier: new Uint8Array(n),
    consent: new Uint8Array(n),
    homeVillage: new Float64Array(n),
    attributeKey: new Array<string>(n)
  }
  const employers = { member: [] as number[], org: [] as number[] }
  for (let i = 0; i < n; i++) {
    const [id, status, termStart, termEnd, officer, employer, homeRegionId, , , consent, path, level] = members[i]!
    rows.ids[i] = id
    rows.status[i] = status
    rows.termStart[i] = termStart
    rows.termEnd[i] = termEnd
    rows.officer[i] = officer
    rows.consent[i] = consent
    rows.homeVillage[i] = level === 'village' ? homeRegionId : NaN
    const local = path.startsWith(localPath)
    rows.local[i] = local ? 1 : 0
    rows.tier[i] = local ? 0 : path.startsWith(countyPath) ? 1 : 2
    if (employer !== null) { employers.member.push(i); employers.org.push(employer) }
  }
  for (const [memberId, org] of db.values<[number, number]>(sql`select member_id, organisation_id from ${memberEmployersTable} where ${ofMembers(sql.raw('member_id'))}`)) {
    const i = at(memberId)
    if (i >= 0) { employers.member.push(i); employers.org.push(org) }
  }
  const relatives = { member: [] as number[], idNumber: [] as string[] }
  for (const [memberId, idNumber] of db.values<[number, string | null]>(sql`select member_id, id_number from ${memberRelativesTable} where ${ofMembers(sql.raw('member_id'))}`)) {
    const i = at(memberId)
    if (i >= 0 && idNumber) { relatives.member.push(i); relatives.idNumber.push(idNumber) }
  }
  const unavailable = { member: [] as number[], from: [] as number[], to: [] as number[] }
  for (const [memberId, from, to] of db.values<[number, number, number]>(sql`select member_id, starts_at, ends_at from ${memberUnavailabilityTable}
    where ${ofMembers(sql.raw('member_id'))} and starts_at < ${hearing.end} and ends_at > ${hearing.start}`)) {
    const i = at(memberId)
    if (i >= 0) { unavailable.member.push(i); unavailable.from.push(from); unavailable.to.push(to) }
  }

  // composition attributes: the vocabulary terms in row order by kind, then the source category and the title
  const terms = new Map(db.values<[number, string, string]>(sql`select id, kind, code from ${poolVocabularyTable}`).map(([id, kind, code]) => [id, [kind, code] as const]))
  const memberTerms: string[] = new Array<string>(n).fill('')
  for (const [memberId, termId] of db.values<[number, number]>(sql`select member_id, term_id from ${memberVocabularyTable} where ${ofMembers(sql.raw('member_id'))}`)) {
    const i = at(memberId)
    const term = terms.get(termId)
    if (i >= 0 && term) memberTerms[i] += `${memberTerms[i] === '' ? '' : '\u0001'}${term[0]}\u0002${term[1]}`
  }
  for (let i = 0; i < n; i++) rows.attributeKey[i] = `${memberTerms[i]}\u0003${members[i]![7]}\u0003${members[i]![8] ?? ''}`
  const attributes = (_key: string, i: number) => {
    const attrs: Partial<Record<MemberAttributeField, string[]>> = {}
    if (memberTerms[i] !== '') {
      for (const pair of memberTerms[i]!.split('\u0001')) {
        const [kind, code] = pair.split('\u0002') as [MemberAttributeField, string]
        ;(attrs[kind] ??= []).push(code)
      }
    }
    attrs.source = [members[i]![7]]
    const title = members[i]![8]
    if (title) attrs.title = [title]
    return attrs
  }

  // bookings around the hearing (host, recorder, officer or third party), in booking statuses
  const bookings = { member: [] as number[], from: [] as number[], to: [] as number[], venue: [] as number[], hearing: [] as number[], caseNumber: [] as (string | null)[] }
  const from = Math.min(hearing.monthStart, hearing.start - DAY)
  const to = Math.max(hearing.monthEnd, hearing.end + DAY)
  const booked = db.values<[number, number, number, number, number | null, string]>(sql`
    select h.host_member_id, h.id, h.starts_at, h.ends_at, h.venue_id, m.number from ${hearingsTable} h inner join ${mattersTable} m on m.id = h.matter_id
      where h.starts_at >= ${from} and h.starts_at < ${to} and h.status in ${BOOKING_LIST}
    union all
    select h.recorder_member_id, h.id, h.starts_at, h.ends_at, h.venue_id, m.number from ${hearingsTable} h inner join ${mattersTable} m on m.id = h.matter_id
      where h.starts_at >= ${from} and h.starts_at < ${to} and h.status in ${BOOKING_LIST}
    union all
    select p.member_id, h.id, h.starts_at, h.ends_at, h.venue_id, m.number from ${hearingsTable} h
      inner join ${hearingParticipantsTable} p on p.hearing_id = h.id inner join ${mattersTable} m on m.id = h.matter_id
      where h.starts_at >= ${from} and h.starts_at < ${to} and h.status in ${BOOKING_LIST}
        and p.member_id is not null and p.active = 1 and p.kind in ('officer', 'third_party')`)
  for (const [memberId, hearingId, start, end, venueId, caseNumber] of booked) {
    const i = at(memberId)
    if (i < 0) continue
    bookings.member.push(i); bookings.from.push(start); bookings.to.push(end); bookings.venue.push(venueId ?? NaN); bookings.hearing.push(hearingId); bookings.caseNumber.push(caseNumber)
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
  return columnPool({ ...rows, attributes, employers, relatives, served, handled, unavailable, bookings, lastServed })
}
