import { tryDayNumber } from '../../shared/dates.js'
import { MEMBER_ATTRIBUTE_FIELDS, type MemberAttributes } from '../rulesets/rulesets.config.js'
import { NO_ATTRIBUTES } from './draw.algorithm.js'
import type { Booking, EligibilityCandidate } from './draw.types.js'

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
  members: readonly C[]
  ids: Float64Array
  /** 1 when the member's status is 'active'. */
  active: Uint8Array
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
  const bookings: Booking[] = []
  for (let i = 0; i < members.length; i++) {
    for (const b of members[i]!.bookings ?? []) { member.push(i); bookings.push(b) }
  }
  const order = Uint32Array.from(member, (_, k) => k).sort((a, b) => bookings[a]!.start - bookings[b]!.start || a - b)
  const count = order.length
  const columns = {
    bookingMember: new Uint32Array(count),
    bookingFrom: new Float64Array(count),
    bookingTo: new Float64Array(count),
    bookingVenue: new Float64Array(count),
    bookingHearing: new Float64Array(count),
    longestBooking: 0
  }
  for (let at = 0; at < count; at++) {
    const k = order[at]!
    const b = bookings[k]!
    columns.bookingMember[at] = member[k]!
    columns.bookingFrom[at] = b.start
    columns.bookingTo[at] = b.end
    columns.bookingVenue[at] = b.venueId ?? NaN
    columns.bookingHearing[at] = b.hearingId ?? NaN
    columns.longestBooking = Math.max(columns.longestBooking, b.end - b.start)
  }
  return columns
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
  const dayOf = (date: string) => {
    let d = days.get(date)
    if (d === undefined) { d = tryDayNumber(date); days.set(date, d) }
    return d
  }

  for (let i = 0; i < n; i++) {
    const c = members[i]!
    pool.ids[i] = c.id
    pool.active[i] = c.status === 'active' ? 1 : 0
    // An unreadable term date keeps the member out rather than in.
    pool.termStart[i] = c.termStart === null ? -Infinity : dayOf(c.termStart) ?? Infinity
    pool.termEnd[i] = c.termEnd === null ? Infinity : dayOf(c.termEnd) ?? -Infinity
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
        pool.lastServedDay[at] = dayOf(date) ?? Infinity
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
