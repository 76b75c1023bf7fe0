import { dayNumber, shanghaiDateOf, shanghaiMonthRange, shanghaiWeekRange, type IsoDate } from '../../common/dates.js'
import { compositionFor, type Procedure, type RulesetConfig } from '../rulesets/rulesets.config.js'
import { columnsAt } from './draw.commitment.js'
import { candidatePool, lowerBound, normaliseIdNumber, type CandidatePool } from './draw.candidate-pool.js'
import { STATUS_LABELS } from '../pool/pool.rules.js'
import { messagePeriod } from '../../common/time.js'
import type { DrawCandidate, DrawColumns, DrawInput, EligibilityCandidate, EligibilityHearing } from './draw.types.js'

export type EligibilityRules = Pick<RulesetConfig, 'caps' | 'coolingOffDays' | 'travelBufferMinutes' | 'crossRegion'>

export const EXCLUSION_CODES = [
  'not_active', 'out_of_term', 'no_officer_role', 'unavailable', 'double_booked', 'cap_week_exceeded',
  'cap_month_exceeded', 'cooling_off', 'employed_by_respondent', 'same_home_community', 'declared_relative',
  'served_on_matter', 'is_host', 'is_recorder', 'cross_region_no_consent', 'cross_region_not_allowed', 'handled_matter'
] as const
export type ExclusionCode = typeof EXCLUSION_CODES[number]

export type ExclusionReason = { code: ExclusionCode, message: string }
/** `reasons` is shared between members excluded for the same reasons: read it, do not change it. */
export type Exclusion = { memberId: number, reasons: ExclusionReason[] }
/** The members excluded for exactly the same reasons (ids in pool order); how draw records keep exclusions. */
export type ExclusionGroup = { reasons: ExclusionReason[], memberIds: number[] }
export type EligibilityResult<C extends EligibilityCandidate = EligibilityCandidate> = { eligible: C[], excluded: Exclusion[] }

const fixed = (code: ExclusionCode, message: string): ExclusionReason => Object.freeze({ code, message })
const REASONS = {
  noOfficerRole: fixed('no_officer_role', '不具有听证员资格'),
  unavailable: fixed('unavailable', '已登记听证时段内不能参加'),
  employed: fixed('employed_by_respondent', '任职于被反映（责任）单位或其同一单位的其他名称，应当回避'),
  sameCommunity: fixed('same_home_community', '与信访人同属一个村（社区），应当回避'),
  relative: fixed('declared_relative', '已申报与信访人有亲属关系，应当回避'),
  servedMatter: fixed('served_on_matter', '曾参与本信访事项的办理或听证，应当回避'),
  host: fixed('is_host', '是本场听证的主持人'),
  recorder: fixed('is_recorder', '是本场听证的记录员'),
  noConsent: fixed('cross_region_no_consent', '属其他区域，未同意跨区域参加听证'),
  notAllowed: fixed('cross_region_not_allowed', '属其他区域，本区域规则不允许跨区域抽取')
}

/** The checks in the order their reasons are listed; bit k of a member's reason bits is CHECKS[k]. */
const CHECKS = [
  'not_active', 'out_of_term', 'no_officer_role', 'is_host', 'is_recorder', 'cross_region_not_allowed', 'cross_region_no_consent',
  'unavailable', 'double_booked', 'cap_week_exceeded', 'cap_month_exceeded', 'cooling_off', 'employed_by_respondent',
  'same_home_community', 'declared_relative', 'served_on_matter', 'handled_matter'
] as const satisfies readonly ExclusionCode[]
const bit = (code: typeof CHECKS[number]) => 1 << CHECKS.indexOf(code)
const NOT_ACTIVE = bit('not_active')
const OUT_OF_TERM = bit('out_of_term')
const NO_OFFICER_ROLE = bit('no_officer_role')
const IS_HOST = bit('is_host')
const IS_RECORDER = bit('is_recorder')
const NOT_ALLOWED = bit('cross_region_not_allowed')
const NO_CONSENT = bit('cross_region_no_consent')
const UNAVAILABLE = bit('unavailable')
const DOUBLE_BOOKED = bit('double_booked')
const CAP_WEEK = bit('cap_week_exceeded')
const CAP_MONTH = bit('cap_month_exceeded')
const COOLING_OFF = bit('cooling_off')
const EMPLOYED = bit('employed_by_respondent')
const SAME_COMMUNITY = bit('same_home_community')
const RELATIVE = bit('declared_relative')
const SERVED_MATTER = bit('served_on_matter')
const HANDLED_MATTER = bit('handled_matter')
/** A member outside the hearing's region who may not be drawn there (not shared with consent, or no cross-region draw at all). */
const FOREIGN = NO_CONSENT | NOT_ALLOWED
/** The hearing's host or recorder: seated on it, so shown to everyone who may see it, wherever they come from. */
const SEATED = IS_HOST | IS_RECORDER
/** The checks whose message depends on the member. */
const DYNAMIC = NOT_ACTIVE | OUT_OF_TERM | DOUBLE_BOOKED | CAP_WEEK | CAP_MONTH | COOLING_OFF | HANDLED_MATTER
const FIXED_CODES: Partial<Record<ExclusionCode, ExclusionReason>> = {
  no_officer_role: REASONS.noOfficerRole,
  is_host: REASONS.host,
  is_recorder: REASONS.recorder,
  cross_region_not_allowed: REASONS.notAllowed,
  cross_region_no_consent: REASONS.noConsent,
  unavailable: REASONS.unavailable,
  employed_by_respondent: REASONS.employed,
  same_home_community: REASONS.sameCommunity,
  declared_relative: REASONS.relative,
  served_on_matter: REASONS.servedMatter
}
/** The reason of each fixed check by bit number (the member-dependent checks' slots are never read). */
const FIXED_BY_BIT: ExclusionReason[] = CHECKS.map((code) => FIXED_CODES[code] ?? fixed(code, ''))

/** Small id sets (respondent aliases, petitioners' villages) are scanned; a Set costs more than a few compares. */
function contains (values: Float64Array, value: number) {
  for (let i = 0; i < values.length; i++) if (values[i] === value) return true
  return false
}

/** The hearing and the rules as plain values, for the scan over the columns. */
type Scan = {
  hearingDate: IsoDate
  hearingDay: number
  weekStart: number
  weekEnd: number
  monthStart: number
  monthEnd: number
  buffer: number
  travelBufferMinutes: number
  respondents: Float64Array
  villages: Float64Array
  petitioners: Float64Array
  idNumbers: ReadonlySet<string>
  /** Infinity when there is no cap. */
  perWeek: number
  perMonth: number
  cooling: number
  crossAllowed: boolean
  /** NaN when absent, so it equals nothing. */
  ownHearing: number
  hostId: number
  recorderId: number
  matterId: number
  start: number
  end: number
  venue: number
}

/** Per member: the reason bits, the first clashing booking (k + 1, 0 for none) and, under caps, the bookings counted in the week and month. */
type Found = {
  bits: Uint32Array
  clash: Int32Array
  weeks: Uint16Array | null
  months: Uint16Array | null
  eligible: Uint32Array
  excluded: Uint32Array
}

function scanOf (hearing: EligibilityHearing, rules: EligibilityRules): Scan {
  const hearingDate = shanghaiDateOf(hearing.start)
  const [weekStart, weekEnd] = shanghaiWeekRange(hearing.start)
  const [monthStart, monthEnd] = shanghaiMonthRange(hearing.start)
  return {
    hearingDate,
    hearingDay: dayNumber(hearingDate),
    weekStart,
    weekEnd,
    monthStart,
    monthEnd,
    buffer: rules.travelBufferMinutes * 60_000,
    travelBufferMinutes: rules.travelBufferMinutes,
    respondents: Float64Array.from(hearing.respondentOrgIds),
    villages: Float64Array.from(hearing.petitionerVillageIds),
    petitioners: Float64Array.from(hearing.petitionerIds),
    idNumbers: new Set(hearing.petitionerIdNumbers.map(normaliseIdNumber)),
    perWeek: rules.caps.perWeek ?? Infinity,
    perMonth: rules.caps.perMonth ?? Infinity,
    cooling: rules.coolingOffDays,
    crossAllowed: rules.crossRegion.allowed,
    ownHearing: hearing.hearingId ?? NaN,
    hostId: hearing.hostId ?? NaN,
    recorderId: hearing.recorderId ?? NaN,
    matterId: hearing.matterId,
    start: hearing.start,
    end: hearing.end,
    venue: hearing.venueId ?? NaN
  }
}

/** Each member's first booking (in time order) that overlaps the hearing, with the travel buffer unless at the same venue. */
function clashes (pool: CandidatePool, s: Scan): Int32Array {
  const { bookingFrom, bookingTo, bookingVenue, bookingHearing, bookingMember } = pool
  const clash = new Int32Array(pool.size)
  // A booking starting before this cannot reach the hearing even with the buffer.
  const end = lowerBound(bookingFrom, s.end + s.buffer)
  for (let k = lowerBound(bookingFrom, s.start - s.buffer - pool.longestBooking); k < end; k++) {
    if (bookingHearing[k] === s.ownHearing) continue
    const pad = bookingVenue[k] === s.venue ? 0 : s.buffer
    if (bookingFrom[k]! < s.end + pad && s.start < bookingTo[k]! + pad) {
      const m = bookingMember[k]!
      if (clash[m] === 0) clash[m] = k + 1
    }
  }
  return clash
}

/** Bookings per member starting in [from, to), other than the hearing's own. */
function bookingCounts (pool: CandidatePool, from: number, to: number, ownHearing: number): Uint16Array {
  const { bookingFrom, bookingHearing, bookingMember } = pool
  const counts = new Uint16Array(pool.size)
  for (let k = lowerBound(bookingFrom, from), end = lowerBound(bookingFrom, to); k < end; k++) {
    if (bookingHearing[k] !== ownHearing) counts[bookingMember[k]!]!++
  }
  return counts
}

/** The member's latest earlier service for one of this hearing's petitioners (index into the lastServed columns), or −1. */
function latestService (pool: CandidatePool, petitioners: Float64Array, i: number): number {
  let latest = -1
  for (let k = pool.lastServedStart[i]!, end = pool.lastServedStart[i + 1]!; k < end; k++) {
    if (contains(petitioners, pool.lastServedPetitioner[k]!) && (latest < 0 || pool.lastServedDay[k]! > pool.lastServedDay[latest]!)) latest = k
  }
  return latest
}

/** The roles (Chinese, joined by 、) member i had in handling the matter. */
function handledRoles (pool: CandidatePool, matterId: number, i: number): string {
  const roles: string[] = []
  for (let k = pool.handledStart[i]!, end = pool.handledStart[i + 1]!; k < end; k++) {
    if (pool.handledMatter[k] === matterId && !roles.includes(pool.handledRole[k]!)) roles.push(pool.handledRole[k]!)
  }
  return roles.join('、')
}

/**
 * Every check over every member. Kept free of closures: a variable captured by a closure lives in a heap
 * context, and the loop below reads each of them 100,000 times.
 */
function scan (pool: CandidatePool, s: Scan): Found {
  const {
    size: n, ids, active, termStart, termEnd, officer, local, consent, homeVillage, employerStart, employers, relativeStart, relatives,
    servedStart, served, handledStart, handledMatter, unavailableStart, unavailableFrom, unavailableTo, bookedWeek, bookedMonth, lastServedDay
  } = pool
  const { hearingDay, respondents, villages, petitioners, idNumbers, perWeek, perMonth, cooling, crossAllowed, hostId, recorderId, matterId } = s
  const hStart = s.start
  const hEnd = s.end
  const clash = clashes(pool, s)
  const weeks = perWeek < Infinity ? bookingCounts(pool, s.weekStart, s.weekEnd, s.ownHearing) : null
  const months = perMonth < Infinity ? bookingCounts(pool, s.monthStart, s.monthEnd, s.ownHearing) : null
  const bits = new Uint32Array(n)
  // Eligible members from the front, excluded ones from the back.
  const order = new Uint32Array(n)
  let eligibleCount = 0
  let back = n

  for (let i = 0; i < n; i++) {
    let b = 0
    const id = ids[i]!
    if (active[i] === 0) b |= NOT_ACTIVE
    if (hearingDay < termStart[i]! || hearingDay > termEnd[i]!) b |= OUT_OF_TERM
    if (officer[i] === 0) b |= NO_OFFICER_ROLE
    if (id === hostId) b |= IS_HOST
    if (id === recorderId) b |= IS_RECORDER
    if (local[i] === 0) b |= crossAllowed ? (consent[i] === 0 ? NO_CONSENT : 0) : NOT_ALLOWED
    for (let k = unavailableStart[i]!, end = unavailableStart[i + 1]!; k < end; k++) {
      if (unavailableFrom[k]! < hEnd && hStart < unavailableTo[k]!) { b |= UNAVAILABLE; break }
    }
    if (clash[i] !== 0) b |= DOUBLE_BOOKED
    if (weeks !== null && (bookedWeek[i]! >= 0 ? bookedWeek[i]! : weeks[i]!) >= perWeek) b |= CAP_WEEK
    if (months !== null && (bookedMonth[i]! >= 0 ? bookedMonth[i]! : months[i]!) >= perMonth) b |= CAP_MONTH
    if (cooling > 0 && pool.lastServedStart[i + 1]! > pool.lastServedStart[i]!) {
      const latest = latestService(pool, petitioners, i)
      if (latest >= 0 && hearingDay - lastServedDay[latest]! < cooling) b |= COOLING_OFF
    }
    for (let k = employerStart[i]!, end = employerStart[i + 1]!; k < end; k++) {
      if (contains(respondents, employers[k]!)) { b |= EMPLOYED; break }
    }
    if (contains(villages, homeVillage[i]!)) b |= SAME_COMMUNITY
    for (let k = relativeStart[i]!, end = relativeStart[i + 1]!; k < end; k++) {
      if (idNumbers.has(relatives[k]!)) { b |= RELATIVE; break }
    }
    for (let k = servedStart[i]!, end = servedStart[i + 1]!; k < end; k++) {
      if (served[k] === matterId) { b |= SERVED_MATTER; break }
    }
    for (let k = handledStart[i]!, end = handledStart[i + 1]!; k < end; k++) {
      if (handledMatter[k] === matterId) { b |= HANDLED_MATTER; break }
    }

    if (b === 0) order[eligibleCount++] = i
    else { order[--back] = i; bits[i] = b }
  }
  return { bits, clash, weeks, months, eligible: order.subarray(0, eligibleCount), excluded: order.subarray(back).reverse() }
}

function remember<K, V> (cache: Map<K, V>, key: K, value: V): V {
  cache.set(key, value)
  return value
}

type Explained = { groups: ExclusionGroup[], groupOf: Uint32Array }
type GroupNode = { next: Map<number, GroupNode>, group: number }

/**
 * Writes the reasons (Chinese messages) of the excluded members and groups the members by them. A pool
 * has few distinct reasons: each is written once and numbered (index in `list`; a fixed reason has its
 * check's bit number), a member's reasons are a few numbers, and its group is found from them.
 * `foreignLocalityOnly`: a member outside the hearing's region who may not be drawn there keeps that reason
 * alone (how a draw record lists them; see `PoolEligibility.exclusionGroups`).
 */
function explain (pool: CandidatePool, s: Scan, found: Found, foreignLocalityOnly: boolean): Explained {
  const { bits, clash, weeks, months, excluded } = found
  const { bookingFrom, bookingTo, bookingVenue, bookedWeek, bookedMonth, lastServedDate } = pool
  const list: ExclusionReason[] = FIXED_BY_BIT.slice()
  const byStatus = new Map<string, number>()
  const byTerm = new Map<number, Map<number, number>>()
  const byClash = new Map<string, number>()
  const byWeek = new Map<number, number>()
  const byMonth = new Map<number, number>()
  const byCooling = new Map<string, number>()
  const byHandled = new Map<string, number>()
  const groups: ExclusionGroup[] = []
  /** Reason number → group of the members excluded for that reason alone. */
  const single: number[] = []
  /** Members with several reasons: a trie over their reason numbers, in order. */
  const trie: GroupNode = { next: new Map(), group: -1 }
  const groupOf = new Uint32Array(excluded.length)
  const numbers = new Int32Array(CHECKS.length)
  for (let x = 0; x < excluded.length; x++) {
    const i = excluded[x]!
    let count = 0
    const all = bits[i]!
    const foreign = foreignLocalityOnly && (all & FOREIGN) !== 0 && (all & SEATED) === 0
    for (let rest = foreign ? all & FOREIGN : all; rest !== 0; rest &= rest - 1) {
      const flag = rest & -rest
      let n = 31 - Math.clz32(flag)
      if ((flag & DYNAMIC) !== 0) {
        if (flag === NOT_ACTIVE) {
          const status = pool.status[i]!
          n = byStatus.get(status) ?? remember(byStatus, status, list.push(fixed('not_active', `状态为“${STATUS_LABELS[status as keyof typeof STATUS_LABELS] ?? status}”，不在可抽取之列`)) - 1)
        } else if (flag === OUT_OF_TERM) {
          const ofStart = byTerm.get(pool.termStart[i]!) ?? remember(byTerm, pool.termStart[i]!, new Map())
          n = ofStart.get(pool.termEnd[i]!) ?? remember(ofStart, pool.termEnd[i]!, list.push(fixed('out_of_term', `听证日 ${s.hearingDate} 不在聘期（${pool.termStartText[i] ?? '—'} 至 ${pool.termEndText[i] ?? '—'}）内`)) - 1)
        } else if (flag === DOUBLE_BOOKED) {
          const k = clash[i]! - 1
          const from = bookingFrom[k]!
          const to = bookingTo[k]!
          const sameVenue = bookingVenue[k] === s.venue
          const caseNumber = pool.bookingCase[k] ?? null
          const key = `${from}|${to}|${sameVenue ? 1 : 0}|${caseNumber ?? ''}`
          n = byClash.get(key) ?? remember(byClash, key, list.push(fixed('double_booked',
            `${messagePeriod(from, to)} 已安排${caseNumber ? `${caseNumber}的` : '其他'}听证${sameVenue ? '' : `（不同场所需留出 ${s.travelBufferMinutes} 分钟路途时间）`}`)) - 1)
        } else if (flag === CAP_WEEK) {
          const booked = bookedWeek[i]! >= 0 ? bookedWeek[i]! : weeks![i]!
          n = byWeek.get(booked) ?? remember(byWeek, booked, list.push(fixed('cap_week_exceeded', `本周已安排 ${booked} 场，达到每周上限 ${s.perWeek} 场`)) - 1)
        } else if (flag === CAP_MONTH) {
          const booked = bookedMonth[i]! >= 0 ? bookedMonth[i]! : months![i]!
          n = byMonth.get(booked) ?? remember(byMonth, booked, list.push(fixed('cap_month_exceeded', `本月已安排 ${booked} 场，达到每月上限 ${s.perMonth} 场`)) - 1)
        } else if (flag === HANDLED_MATTER) {
          const roles = handledRoles(pool, s.matterId, i)
          n = byHandled.get(roles) ?? remember(byHandled, roles, list.push(fixed('handled_matter', `曾任本信访事项${roles}，参与过调查处理，应当回避`)) - 1)
        } else {
          const date = lastServedDate[latestService(pool, s.petitioners, i)]!
          n = byCooling.get(date) ?? remember(byCooling, date, list.push(fixed('cooling_off', `${date} 曾参加同一信访人的听证，间隔不足 ${s.cooling} 日`)) - 1)
        }
      }
      numbers[count++] = n
    }
    let g: number | undefined
    if (count === 1) {
      g = single[numbers[0]!]
      if (g === undefined) g = single[numbers[0]!] = groups.push({ reasons: [list[numbers[0]!]!], memberIds: [] }) - 1
    } else {
      let node = trie
      for (let r = 0; r < count; r++) node = node.next.get(numbers[r]!) ?? remember(node.next, numbers[r]!, { next: new Map(), group: -1 })
      if (node.group < 0) node.group = groups.push({ reasons: Array.from(numbers.subarray(0, count), (n) => list[n]!), memberIds: [] }) - 1
      g = node.group
    }
    groups[g]!.memberIds.push(pool.ids[i]!)
    groupOf[x] = g
  }
  return { groups, groupOf }
}

/** The outcome over a pool: member indexes (pool order) of the eligible and the excluded, and why. */
export class PoolEligibility<C extends EligibilityCandidate = EligibilityCandidate> {
  readonly eligible: Uint32Array
  readonly excluded: Uint32Array

  constructor (readonly pool: CandidatePool<C>, private readonly scan: Scan, private readonly found: Found) {
    this.eligible = found.eligible
    this.excluded = found.excluded
  }

  /** The eligible members as the draw's input (ids, locality tiers, attribute profiles). */
  drawCandidates (): DrawColumns {
    return columnsAt(this.pool, this.eligible)
  }

  eligibleMembers (): C[] {
    return Array.from(this.eligible, (i) => this.pool.members[i]!)
  }

  private explained: Explained | null = null
  private recorded: Explained | null = null

  /**
   * The excluded members grouped by their reasons (in Chinese), groups in order of their first member: what a draw
   * record keeps and everyone who may see the hearing reads. A member outside the hearing's region who may not be
   * drawn there (no consent to serve elsewhere, or no cross-region draw under the ruleset) and is not the hearing's
   * host or recorder is listed with that reason only: their status, term, bookings or recusals are another region's
   * pool data, and that reason alone already keeps them off the list. Every other member is listed with every reason.
   */
  exclusionGroups (): ExclusionGroup[] {
    return (this.recorded ??= explain(this.pool, this.scan, this.found, true)).groups
  }

  /** Every excluded member with every reason, in pool order (for the checks of people chosen by hand). */
  exclusions (): Exclusion[] {
    const { groups, groupOf } = (this.explained ??= explain(this.pool, this.scan, this.found, false))
    return Array.from(this.excluded, (i, x) => ({ memberId: this.pool.ids[i]!, reasons: groups[groupOf[x]!]!.reasons }))
  }
}

/**
 * Who may sit on this hearing, with every reason for everyone who may not (all reasons are collected,
 * not just the first). Intervals are half-open; a booking at a different or unknown venue must leave the
 * ruleset's travel buffer on both sides. Caps count this hearing, so a member at the cap is excluded.
 */
export function evaluatePool<C extends EligibilityCandidate> ({ pool, hearing, rules }: {
  pool: CandidatePool<C>
  hearing: EligibilityHearing
  rules: EligibilityRules
}): PoolEligibility<C> {
  const s = scanOf(hearing, rules)
  return new PoolEligibility(pool, s, scan(pool, s))
}

/**
 * Whether a record's exclusion group lists members outside the hearing's region who may not be drawn there and
 * are not its host or recorder. They are shown by number only, never by name: for whoever reads the record they
 * are as if not in the pool.
 */
export function isForeignExclusion (group: ExclusionGroup): boolean {
  const codes = group.reasons.map((r) => r.code)
  return codes.some(isLocalityCode) && !codes.includes('is_host') && !codes.includes('is_recorder')
}
/** The reasons that keep a member of another region out: no consent to serve elsewhere, or no cross-region draw. */
function isLocalityCode (code: string) {
  return code === 'cross_region_no_consent' || code === 'cross_region_not_allowed'
}

/**
 * A stored draw row's exclusions, grouped, as readers see them; rows written before grouping list every member and
 * are grouped here. Rows written before a foreign member's exclusion kept the locality reason alone
 * (`PoolEligibility.exclusionGroups`) are read the same way: such a group keeps only that reason, merged with the
 * group of that reason (ids in order). Rows written since read back unchanged.
 */
export function storedExclusions (record: unknown): ExclusionGroup[] {
  const excluded = (record as { excluded?: (ExclusionGroup | Exclusion)[] }).excluded ?? []
  const groups = excluded.some((e) => 'memberId' in e) ? groupExclusions(excluded as Exclusion[]) : excluded as ExclusionGroup[]
  if (!groups.some((g) => isForeignExclusion(g) && g.reasons.length > 1)) return groups
  const merged = groupExclusions(groups.flatMap((g) => {
    const reasons = isForeignExclusion(g) ? g.reasons.filter((r) => isLocalityCode(r.code)) : g.reasons
    return g.memberIds.map((memberId) => ({ memberId, reasons }))
  }))
  for (const g of merged) g.memberIds.sort((a, b) => a - b)
  return merged
}

/** Groups per-member exclusions by their reasons. */
export function groupExclusions (list: readonly Exclusion[]): ExclusionGroup[] {
  const groups = new Map<string, ExclusionGroup>()
  for (const e of list) {
    const key = JSON.stringify(e.reasons.map((r) => [r.code, r.message]))
    const group = groups.get(key) ?? remember(groups, key, { reasons: e.reasons, memberIds: [] })
    group.memberIds.push(e.memberId)
  }
  return [...groups.values()]
}

/** `evaluatePool` over a list of candidate objects, answered as objects. */
export function evaluateEligibility<C extends EligibilityCandidate> ({ candidates, hearing, rules }: {
  candidates: readonly C[]
  hearing: EligibilityHearing
  rules: EligibilityRules
}): EligibilityResult<C> {
  const result = evaluatePool({ pool: candidatePool(candidates), hearing, rules })
  return { eligible: result.eligibleMembers(), excluded: result.exclusions() }
}

/** The draw input for a procedure under a ruleset: its composition rules, seat count, alternates and local-first setting. */
export function drawInputFor ({ eligible, ruleset, procedure, seats, alternates }: {
  /** Eligible members as objects, or as columns (`PoolEligibility.drawCandidates()`). */
  eligible: readonly DrawCandidate[] | DrawColumns
  ruleset: RulesetConfig
  procedure: Procedure
  seats?: number | undefined
  alternates?: number | undefined
}): DrawInput {
  const panel = ruleset.panel[procedure]
  return {
    candidates: eligible,
    rules: compositionFor(ruleset, procedure),
    seats: seats ?? panel.default,
    alternates: alternates ?? panel.alternates,
    localFirst: ruleset.crossRegion.localFirst
  }
}
