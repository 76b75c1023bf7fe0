import { tryDayNumber } from '../../common/dates.js'
import { MEMBER_ATTRIBUTE_FIELDS, type MemberAttributes } from '../rulesets/rulesets.config.js'
import { NO_ATTRIBUTES } from './draw.commitment.js'
import type { EligibilityCandidate } from './draw.types.js'

/**
 * The candidates for a hearing in columns: one typed array per fact, and the per-member lists (employers,
 * relatives…) flattened, member i's entries at [xStart[i], xStart[i + 1]). Bookings are one list over
 * all members in order of start time, so the bookings near a hearing, or in its week or month, are a
 * range found by binary search. Eligibility reads
 * only these arrays, so 100,000 members are checked without touching 100,000 heap objects; messages
 * are written from `members`, the objects the pool was built from, for the excluded members only.
 *
 * Members with equal attributes share one entry of `profiles` (a pool has a few dozen combinations),
 * which lets the draw work out its composition matches once per profile instead of once per member.
 */
export type CandidatePool<C extends EligibilityCandidate = EligibilityCandidate> = {
  size: number
  /** The objects the pool was built from; empty for a pool filled from query rows (`columnPool`). */
  members: readonly C[]
  ids: Float64Array
  /** 1 when the member's status is 'active'. */
  active: Uint8Array
  /** The status as stored, and the term dates as written, for the messages. */
  status: string[]
  termStartText: (string | null)[]
  termEndText: (string | null)[]
  /** Day numbers (days since 1970-01-01); −∞ / +∞ when open. A date that cannot be read excludes the member. */
  termStart: Float64Array
  termEnd: Float64Array
  officer: Uint8Array
  local: Uint8Array
  /** Locality tier for the draw (0 own township, 1 same county, 2 elsewhere). */
  tier: Uint8Array
  consent: Uint8Array
  /** NaN when the home region is not a village (community). */
  homeVillage: Float64Array
  /** Employer and declared employers together. */
  employerStart: Uint32Array
  employers: Float64Array
  /** Declared relatives' ID numbers, trimmed and upper-cased. */
  relativeStart: Uint32Array
  relatives: string[]
  servedStart: Uint32Array
  served: Float64Array
  /** Matters handled outside hearings, with the role had in each. */
  handledStart: Uint32Array
  handledMatter: Float64Array
  handledRole: string[]
  unavailableStart: Uint32Array
  unavailableFrom: Float64Array
  unavailableTo: Float64Array
  /** Every member's bookings by start time (ties in member order); venue and hearing NaN when unknown. */
  bookingMember: Uint32Array
  bookingFrom: Float64Array
  bookingTo: Float64Array
  bookingVenue: Float64Array
  bookingHearing: Float64Array
  /** The booking's matter's case number (names it in the double-booking reason), null when unknown. */
  bookingCase: (string | null)[]
  /** The longest booking, to know how far back a booking can start and still reach a given time. */
  longestBooking: number
  /** Counts given by the loader; −1 when they are to be counted from the bookings. */
  bookedWeek: Int32Array
  bookedMonth: Int32Array
  lastServedStart: Uint32Array
  lastServedPetitioner: Float64Array
  lastServedDay: Float64Array
  lastServedDate: string[]
  profile: Uint32Array
  profiles: MemberAttributes[]
}

export function normaliseIdNumber (value: string) {
  return value.trim().toUpperCase()
}

const NO_NUMBERS: readonly number[] = []

function profileKey (attributes: MemberAttributes) {
  let key = ''
  for (const field of MEMBER_ATTRIBUTE_FIELDS) {
    const values = attributes[field]
    if (values !== undefined) key += `${field}${JSON.stringify(values)}`
  }
  return key
}

/** Offsets for a flattened per-member list: counts → starts (length n + 1). */
function starts (counts: Uint32Array): Uint32Array {
  const out = new Uint32Array(counts.length + 1)
  for (let i = 0; i < counts.length; i++) out[i + 1] = out[i]! + counts[i]!
  return out
}

/** All members' bookings in one list ordered by start time, then member, then their own order. */
function bookingsByTime (members: readonly EligibilityCandidate[]) {
  const member: number[] = []
  const from: number[] = []
  const to: number[] = []
  const venue: number[] = []
  const hearing: number[] = []
  const caseNumber: (string | null)[] = []
  for (let i = 0; i < members.length; i++) {
    for (const b of members[i]!.bookings ?? []) {
      member.push(i)
      from.push(b.start)
      to.push(b.end)
      venue.push(b.venueId ?? NaN)
      hearing.push(b.hearingId ?? NaN)
      caseNumber.push(b.caseNumber ?? null)
    }
  }
  return bookingColumns({ member, from, to, venue, hearing, caseNumber })
}

/** The first position in ascending `values` whose value is at least `x`. */
export function lowerBound (values: Float64Array, x: number): number {
  let lo = 0
  let hi = values.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (values[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Builds the columns from candidate objects (loaded rows, or test fixtures); the objects are kept for messages. */
export function candidatePool<C extends EligibilityCandidate> (members: readonly C[]): CandidatePool<C> {
  const n = members.length
  const counts = { employers: new Uint32Array(n), relatives: new Uint32Array(n), served: new Uint32Array(n), handled: new Uint32Array(n), unavailable: new Uint32Array(n), lastServed: new Uint32Array(n) }
  for (let i = 0; i < n; i++) {
    const c = members[i]!
    counts.employers[i] = c.employerOrgIds.length + (c.declaredEmployerOrgIds?.length ?? 0)
    counts.relatives[i] = c.declaredRelativeIdNumbers?.length ?? 0
    counts.served[i] = c.servedMatterIds?.length ?? 0
    counts.handled[i] = c.handledMatters?.length ?? 0
    counts.unavailable[i] = c.unavailable?.length ?? 0
    counts.lastServed[i] = c.lastServedByPetitioner ? Object.keys(c.lastServedByPetitioner).length : 0
  }
  const employerStart = starts(counts.employers)
  const relativeStart = starts(counts.relatives)
  const servedStart = starts(counts.served)
  const handledStart = starts(counts.handled)
  const unavailableStart = starts(counts.unavailable)
  const lastServedStart = starts(counts.lastServed)
  const pool: CandidatePool<C> = {
    size: n,
    members,
    ids: new Float64Array(n),
    active: new Uint8Array(n),
    status: new Array<string>(n),
    termStartText: new Array<string | null>(n),
    termEndText: new Array<string | null>(n),
    termStart: new Float64Array(n),
    termEnd: new Float64Array(n),
    officer: new Uint8Array(n),
    local: new Uint8Array(n),
    tier: new Uint8Array(n),
    consent: new Uint8Array(n),
    homeVillage: new Float64Array(n),
    employerStart,
    employers: new Float64Array(employerStart[n]!),
    relativeStart,
    relatives: new Array<string>(relativeStart[n]!),
    servedStart,
    served: new Float64Array(servedStart[n]!),
    handledStart,
    handledMatter: new Float64Array(handledStart[n]!),
    handledRole: new Array<string>(handledStart[n]!),
    unavailableStart,
    unavailableFrom: new Float64Array(unavailableStart[n]!),
    unavailableTo: new Float64Array(unavailableStart[n]!),
    ...bookingsByTime(members),
    bookedWeek: new Int32Array(n),
    bookedMonth: new Int32Array(n),
    lastServedStart,
    lastServedPetitioner: new Float64Array(lastServedStart[n]!),
    lastServedDay: new Float64Array(lastServedStart[n]!),
    lastServedDate: new Array<string>(lastServedStart[n]!),
    profile: new Uint32Array(n),
    profiles: []
  }
  const profileByObject = new Map<MemberAttributes, number>()
  const profileByKey = new Map<string, number>()
  const days = new Map<string, number | null>()

  for (let i = 0; i < n; i++) {
    const c = members[i]!
    pool.ids[i] = c.id
    pool.active[i] = c.status === 'active' ? 1 : 0
    pool.status[i] = c.status
    pool.termStartText[i] = c.termStart
    pool.termEndText[i] = c.termEnd
    // An unreadable term date keeps the member out rather than in.
    pool.termStart[i] = c.termStart === null ? -Infinity : dayOf(days, c.termStart) ?? Infinity
    pool.termEnd[i] = c.termEnd === null ? Infinity : dayOf(days, c.termEnd) ?? -Infinity
    pool.officer[i] = c.roles.includes('officer') ? 1 : 0
    pool.local[i] = c.local ? 1 : 0
    pool.tier[i] = c.tier ?? (c.local ? 0 : 1)
    pool.consent[i] = c.crossRegionConsent ? 1 : 0
    pool.homeVillage[i] = c.homeVillageRegionId ?? NaN
    pool.bookedWeek[i] = c.bookedThisWeek ?? -1
    pool.bookedMonth[i] = c.bookedThisMonth ?? -1

    let at = employerStart[i]!
    for (const id of c.employerOrgIds) pool.employers[at++] = id
    for (const id of c.declaredEmployerOrgIds ?? NO_NUMBERS) pool.employers[at++] = id
    at = relativeStart[i]!
    for (const v of c.declaredRelativeIdNumbers ?? []) pool.relatives[at++] = normaliseIdNumber(v)
    at = servedStart[i]!
    for (const id of c.servedMatterIds ?? NO_NUMBERS) pool.served[at++] = id
    if (c.handledMatters) {
      at = handledStart[i]!
      for (const h of c.handledMatters) { pool.handledMatter[at] = h.matterId; pool.handledRole[at++] = h.role }
    }
    at = unavailableStart[i]!
    for (const u of c.unavailable ?? []) { pool.unavailableFrom[at] = u.start; pool.unavailableTo[at++] = u.end }
    if (c.lastServedByPetitioner) {
      at = lastServedStart[i]!
      for (const [petitioner, date] of Object.entries(c.lastServedByPetitioner)) {
        pool.lastServedPetitioner[at] = Number(petitioner)
        // Unreadable: as if served today, so the cooling-off rule errs on the side of excluding.
        pool.lastServedDay[at] = dayOf(days, date) ?? Infinity
        pool.lastServedDate[at++] = date
      }
    }

    const attributes = c.attributes ?? NO_ATTRIBUTES
    let p = profileByObject.get(attributes)
    if (p === undefined) {
      const key = profileKey(attributes)
      p = profileByKey.get(key)
      if (p === undefined) {
        p = pool.profiles.length
        pool.profiles.push(attributes)
        profileByKey.set(key, p)
      }
      profileByObject.set(attributes, p)
    }
    pool.profile[i] = p
  }
  return pool
}

/** Per-member lists given as rows: member index (pool order) and value(s), members in any order, each member's in its order. */
type ListRows = { member: ArrayLike<number> }

/** Where each row goes in its flattened column: counting sort by member, stable. */
function placeRows (n: number, rows: ListRows) {
  const counts = new Uint32Array(n)
  const k = rows.member.length
  for (let r = 0; r < k; r++) counts[rows.member[r]!]!++
  const start = starts(counts)
  const cursor = start.slice(0, n)
  const at = new Uint32Array(k)
  for (let r = 0; r < k; r++) at[r] = cursor[rows.member[r]!]!++
  return { start, at }
}

/**
 * What a loader reads about the members themselves for a column pool, one entry per member in pool order:
 * the facts that do not depend on the hearing (status, term, roles, consent, home village, employers,
 * relatives, composition attributes). `attributeKey`/`attributes` give each member's composition attributes as
 * a key (equal keys, equal attributes) and the attributes of a key, made once per key. Per-member lists are
 * rows (member index, values).
 */
export type MemberRows = {
  ids: ArrayLike<number>
  status: string[]
  termStart: (string | null)[]
  termEnd: (string | null)[]
  officer: ArrayLike<number>
  consent: ArrayLike<number>
  /** NaN when the home region is not a village. */
  homeVillage: ArrayLike<number>
  attributeKey: string[]
  attributes: (key: string, member: number) => MemberAttributes
  employers: ListRows & { org: ArrayLike<number> }
  relatives: ListRows & { idNumber: string[] }
}

/** The hearing-independent columns of a pool: what a loader may keep between draws while the members do not change. */
export type MemberColumns = Pick<CandidatePool, 'size' | 'ids' | 'active' | 'status' | 'termStartText' | 'termEndText' | 'termStart' | 'termEnd' |
  'officer' | 'consent' | 'homeVillage' | 'employerStart' | 'employers' | 'relativeStart' | 'relatives' | 'profile' | 'profiles'>

/** What depends on the hearing, for the members of a `MemberColumns` in the same order. */
export type HearingRows = {
  local: ArrayLike<number>
  tier: ArrayLike<number>
  served: ListRows & { matter: ArrayLike<number> }
  handled: ListRows & { matter: ArrayLike<number>, role: string[] }
  unavailable: ListRows & { from: ArrayLike<number>, to: ArrayLike<number> }
  bookings: ListRows & { from: ArrayLike<number>, to: ArrayLike<number>, venue: ArrayLike<number>, hearing: ArrayLike<number>, caseNumber: (string | null)[] }
  /** Other bookings in the hearing's week and month per member, when the loader counted them (else from `bookings`). */
  bookedWeek?: Int32Array | undefined
  bookedMonth?: Int32Array | undefined
  lastServed: ListRows & { petitioner: ArrayLike<number>, date: string[] }
}

/** The member columns straight from query rows, without an object per member (the draw's 100,000-member pools). */
export function memberColumns (rows: MemberRows): MemberColumns {
  const n = rows.ids.length
  const days = new Map<string, number | null>()
  const employers = placeRows(n, rows.employers)
  const relatives = placeRows(n, rows.relatives)
  const columns: MemberColumns = {
    size: n,
    ids: Float64Array.from(rows.ids),
    active: new Uint8Array(n),
    status: rows.status,
    termStartText: rows.termStart,
    termEndText: rows.termEnd,
    termStart: new Float64Array(n),
    termEnd: new Float64Array(n),
    officer: Uint8Array.from(rows.officer),
    consent: Uint8Array.from(rows.consent),
    homeVillage: Float64Array.from(rows.homeVillage),
    employerStart: employers.start,
    employers: new Float64Array(employers.at.length),
    relativeStart: relatives.start,
    relatives: new Array<string>(relatives.at.length),
    profile: new Uint32Array(n),
    profiles: []
  }
  const profileByKey = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    columns.active[i] = rows.status[i] === 'active' ? 1 : 0
    const termStart = rows.termStart[i]!
    const termEnd = rows.termEnd[i]!
    // An unreadable term date keeps the member out rather than in.
    columns.termStart[i] = termStart === null ? -Infinity : dayOf(days, termStart) ?? Infinity
    columns.termEnd[i] = termEnd === null ? Infinity : dayOf(days, termEnd) ?? -Infinity
    const key = rows.attributeKey[i]!
    let p = profileByKey.get(key)
    if (p === undefined) {
      p = columns.profiles.length
      columns.profiles.push(rows.attributes(key, i))
      profileByKey.set(key, p)
    }
    columns.profile[i] = p
  }
  for (let r = 0; r < employers.at.length; r++) columns.employers[employers.at[r]!] = rows.employers.org[r]!
  for (let r = 0; r < relatives.at.length; r++) columns.relatives[relatives.at[r]!] = normaliseIdNumber(rows.relatives.idNumber[r]!)
  return columns
}

function dayOf (days: Map<string, number | null>, date: string) {
  let d = days.get(date)
  if (d === undefined) { d = tryDayNumber(date); days.set(date, d) }
  return d
}

/**
 * A hearing's column pool: the member columns (shared, not copied: nothing writes to them) with what depends on
 * the hearing (locality, earlier service, unavailability, bookings, cooling-off).
 */
export function columnPool (members: MemberColumns, rows: HearingRows): CandidatePool {
  const n = members.size
  const days = new Map<string, number | null>()
  const served = placeRows(n, rows.served)
  const handled = placeRows(n, rows.handled)
  const unavailable = placeRows(n, rows.unavailable)
  const lastServed = placeRows(n, rows.lastServed)
  const pool: CandidatePool = {
    ...members,
    members: [],
    local: Uint8Array.from(rows.local),
    tier: Uint8Array.from(rows.tier),
    servedStart: served.start,
    served: new Float64Array(served.at.length),
    handledStart: handled.start,
    handledMatter: new Float64Array(handled.at.length),
    handledRole: new Array<string>(handled.at.length),
    unavailableStart: unavailable.start,
    unavailableFrom: new Float64Array(unavailable.at.length),
    unavailableTo: new Float64Array(unavailable.at.length),
    ...bookingColumns(rows.bookings),
    bookedWeek: rows.bookedWeek ?? new Int32Array(n).fill(-1),
    bookedMonth: rows.bookedMonth ?? new Int32Array(n).fill(-1),
    lastServedStart: lastServed.start,
    lastServedPetitioner: new Float64Array(lastServed.at.length),
    lastServedDay: new Float64Array(lastServed.at.length),
    lastServedDate: new Array<string>(lastServed.at.length)
  }
  for (let r = 0; r < served.at.length; r++) pool.served[served.at[r]!] = rows.served.matter[r]!
  for (let r = 0; r < handled.at.length; r++) { pool.handledMatter[handled.at[r]!] = rows.handled.matter[r]!; pool.handledRole[handled.at[r]!] = rows.handled.role[r]! }
  for (let r = 0; r < unavailable.at.length; r++) { pool.unavailableFrom[unavailable.at[r]!] = rows.unavailable.from[r]!; pool.unavailableTo[unavailable.at[r]!] = rows.unavailable.to[r]! }
  for (let r = 0; r < lastServed.at.length; r++) {
    const at = lastServed.at[r]!
    const date = rows.lastServed.date[r]!
    pool.lastServedPetitioner[at] = rows.lastServed.petitioner[r]!
    // Unreadable: as if served today, so the cooling-off rule errs on the side of excluding.
    pool.lastServedDay[at] = dayOf(days, date) ?? Infinity
    pool.lastServedDate[at] = date
  }
  return pool
}

/** Booking rows as the pool's booking columns: by start time, then member, then the member's own order. */
function bookingColumns (rows: HearingRows['bookings']) {
  const count = rows.member.length
  const order = Uint32Array.from({ length: count }, (_, k) => k).sort((a, b) => rows.from[a]! - rows.from[b]! || rows.member[a]! - rows.member[b]! || a - b)
  const columns = {
    bookingMember: new Uint32Array(count),
    bookingFrom: new Float64Array(count),
    bookingTo: new Float64Array(count),
    bookingVenue: new Float64Array(count),
    bookingHearing: new Float64Array(count),
    bookingCase: new Array<string | null>(count),
    longestBooking: 0
  }
  for (let x = 0; x < count; x++) {
    const k = order[x]!
    columns.bookingMember[x] = rows.member[k]!
    columns.bookingFrom[x] = rows.from[k]!
    columns.bookingTo[x] = rows.to[k]!
    columns.bookingVenue[x] = rows.venue[k]!
    columns.bookingHearing[x] = rows.hearing[k]!
    columns.bookingCase[x] = rows.caseNumber[k]!
    columns.longestBooking = Math.max(columns.longestBooking, rows.to[k]! - rows.from[k]!)
  }
  return columns
}
