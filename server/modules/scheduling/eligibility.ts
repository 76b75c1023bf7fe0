import { dayNumber, shanghaiDate, shanghaiMonthRange, shanghaiWeekRange, type IsoDate } from './dates.js'
import { compositionFor, type MemberAttributeField, type Procedure, type RulesetConfig } from './rulesets.js'
import type { DrawCandidate, DrawInput } from './draw.js'

/** Half-open interval of instants in ms: [start, end). */
export type Interval = { start: number, end: number }

export type Booking = Interval & { venueId: number | null, hearingId?: number | null }

/** What the pool knows about one member, as far as eligibility for a hearing is concerned. */
export type EligibilityCandidate = {
  id: number
  /** Only 'active' members can sit. */
  status: string
  termStart: IsoDate | null
  termEnd: IsoDate | null
  roles: readonly string[]
  employerOrgIds: readonly number[]
  declaredEmployerOrgIds?: readonly number[] | undefined
  homeVillageRegionId: number | null
  declaredRelativeIdNumbers?: readonly string[] | undefined
  servedMatterIds?: readonly number[] | undefined
  unavailable?: readonly Interval[] | undefined
  /** Other hearings the member sits on (host, recorder or officer), at least those near this one. */
  bookings?: readonly Booking[] | undefined
  /** Hearings already booked in this hearing's ISO week / calendar month (Shanghai); counted from `bookings` when absent. */
  bookedThisWeek?: number | undefined
  bookedThisMonth?: number | undefined
  /** Petitioner id → last date the member sat on a hearing of that petitioner. */
  lastServedByPetitioner?: Readonly<Record<number, IsoDate>> | undefined
  /** Member of the hearing's own region; otherwise cross-region. */
  local: boolean
  crossRegionConsent: boolean
  attributes?: Partial<Record<MemberAttributeField, readonly string[]>> | undefined
}

export type EligibilityHearing = {
  /** This hearing's own bookings are ignored, so the check can be re-run inside the write. */
  hearingId?: number | null | undefined
  start: number
  end: number
  venueId: number | null
  matterId: number
  /** Pool member ids of the host and recorder, when they are pool members. */
  hostId: number | null
  recorderId: number | null
  petitionerIds: readonly number[]
  petitionerIdNumbers: readonly string[]
  petitionerVillageIds: readonly number[]
  /** The respondent organisation and every id that names the same organisation (aliases). */
  respondentOrgIds: readonly number[]
}

export type EligibilityRules = Pick<RulesetConfig, 'caps' | 'coolingOffDays' | 'travelBufferMinutes' | 'crossRegion'>

export const EXCLUSION_CODES = [
  'not_active', 'out_of_term', 'no_officer_role', 'unavailable', 'double_booked', 'cap_week_exceeded',
  'cap_month_exceeded', 'cooling_off', 'employed_by_respondent', 'same_home_community', 'declared_relative',
  'served_on_matter', 'is_host', 'is_recorder', 'cross_region_no_consent', 'cross_region_not_allowed'
] as const
export type ExclusionCode = typeof EXCLUSION_CODES[number]

export type ExclusionReason = { code: ExclusionCode, message: string }
export type Exclusion = { memberId: number, reasons: ExclusionReason[] }
export type EligibilityResult<C extends EligibilityCandidate = EligibilityCandidate> = { eligible: C[], excluded: Exclusion[] }

const STATUS_NAMES: Record<string, string> = { suspended: '暂停', removed: '已除名', pending: '待审核', expired: '聘期届满' }

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

function hhmm (ms: number) {
  const minutes = Math.floor((ms + 8 * 3_600_000) / 60_000) % 1440
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

function normaliseIdNumber (value: string) {
  return value.trim().toUpperCase()
}

function add (reasons: ExclusionReason[] | null, reason: ExclusionReason): ExclusionReason[] {
  if (reasons === null) return [reason]
  reasons.push(reason)
  return reasons
}

function anyIn (values: readonly number[] | undefined, set: ReadonlySet<number>) {
  if (!values) return false
  for (let i = 0; i < values.length; i++) if (set.has(values[i]!)) return true
  return false
}

function anyIdNumberIn (values: readonly string[], set: ReadonlySet<string>) {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    // Stored numbers are usually already 18 characters with an upper-case check character.
    if (set.has(v.length === 18 && v.charCodeAt(17) !== 0x78 ? v : normaliseIdNumber(v))) return true
  }
  return false
}

/**
 * Who may sit on this hearing, with every reason for everyone who may not (all reasons are collected,
 * not just the first). Intervals are half-open; a booking at a different or unknown venue must leave the
 * ruleset's travel buffer on both sides. Caps count this hearing, so a member at the cap is excluded.
 */
export function evaluateEligibility<C extends EligibilityCandidate> ({ candidates, hearing, rules }: {
  candidates: readonly C[]
  hearing: EligibilityHearing
  rules: EligibilityRules
}): EligibilityResult<C> {
  const hearingDate = shanghaiDate(hearing.start)
  const [weekStart, weekEnd] = shanghaiWeekRange(hearing.start)
  const [monthStart, monthEnd] = shanghaiMonthRange(hearing.start)
  const buffer = rules.travelBufferMinutes * 60_000
  const respondents = new Set(hearing.respondentOrgIds)
  const villages = new Set(hearing.petitionerVillageIds)
  const idNumbers = new Set(hearing.petitionerIdNumbers.map(normaliseIdNumber))
  const { perWeek, perMonth } = rules.caps
  const cooling = rules.coolingOffDays
  const petitionerIds = hearing.petitionerIds
  const ownHearing = hearing.hearingId ?? null
  const hStart = hearing.start
  const hEnd = hearing.end
  const hVenue = hearing.venueId
  const countCaps = perWeek !== null || perMonth !== null
  const hearingDay = dayNumber(hearingDate)
  const dayCache = new Map<string, number>()
  const dayOf = (date: IsoDate) => {
    let n = dayCache.get(date)
    if (n === undefined) { n = dayNumber(date); dayCache.set(date, n) }
    return n
  }

  const eligible: C[] = []
  const excluded: Exclusion[] = []

  // No closures inside this loop: under tsx every function created gets a name assigned at run time,
  // which costs more than the checks themselves over 100,000 members.
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!
    let reasons: ExclusionReason[] | null = null

    if (c.status !== 'active') reasons = add(reasons, { code: 'not_active', message: `状态为“${STATUS_NAMES[c.status] ?? c.status}”，不在可抽取之列` })
    if ((c.termStart !== null && hearingDate < c.termStart) || (c.termEnd !== null && hearingDate > c.termEnd)) {
      reasons = add(reasons, { code: 'out_of_term', message: `听证日 ${hearingDate} 不在聘期（${c.termStart ?? '—'} 至 ${c.termEnd ?? '—'}）内` })
    }
    if (!c.roles.includes('officer')) reasons = add(reasons, REASONS.noOfficerRole)
    if (c.id === hearing.hostId) reasons = add(reasons, REASONS.host)
    if (c.id === hearing.recorderId) reasons = add(reasons, REASONS.recorder)
    if (!c.local) {
      if (!rules.crossRegion.allowed) reasons = add(reasons, REASONS.notAllowed)
      else if (!c.crossRegionConsent) reasons = add(reasons, REASONS.noConsent)
    }

    const unavailable = c.unavailable
    if (unavailable) {
      for (let u = 0; u < unavailable.length; u++) {
        if (unavailable[u]!.start < hEnd && hStart < unavailable[u]!.end) { reasons = add(reasons, REASONS.unavailable); break }
      }
    }

    let week = c.bookedThisWeek ?? 0
    let month = c.bookedThisMonth ?? 0
    const bookings = c.bookings
    if (bookings) {
      let clash: Booking | null = null
      for (let k = 0; k < bookings.length; k++) {
        const b = bookings[k]!
        if (ownHearing !== null && b.hearingId === ownHearing) continue
        const pad = b.venueId !== null && b.venueId === hVenue ? 0 : buffer
        if (clash === null && b.start < hEnd + pad && hStart < b.end + pad) clash = b
        if (countCaps) {
          if (c.bookedThisWeek === undefined && b.start >= weekStart && b.start < weekEnd) week++
          if (c.bookedThisMonth === undefined && b.start >= monthStart && b.start < monthEnd) month++
        }
      }
      if (clash) {
        const sameVenue = clash.venueId !== null && clash.venueId === hVenue
        reasons = add(reasons, {
          code: 'double_booked',
          message: `${shanghaiDate(clash.start)} ${hhmm(clash.start)}–${hhmm(clash.end)} 已有其他听证安排${sameVenue ? '' : `（不同场所需留出 ${rules.travelBufferMinutes} 分钟路途时间）`}`
        })
      }
    }
    if (perWeek !== null && week >= perWeek) reasons = add(reasons, { code: 'cap_week_exceeded', message: `本周已安排 ${week} 场，达到每周上限 ${perWeek} 场` })
    if (perMonth !== null && month >= perMonth) reasons = add(reasons, { code: 'cap_month_exceeded', message: `本月已安排 ${month} 场，达到每月上限 ${perMonth} 场` })

    const lastServed = c.lastServedByPetitioner
    if (cooling > 0 && lastServed) {
      let latest: IsoDate | null = null
      for (let k = 0; k < petitionerIds.length; k++) {
        const last = lastServed[petitionerIds[k]!]
        if (last !== undefined && (latest === null || last > latest)) latest = last
      }
      if (latest !== null && hearingDay - dayOf(latest) < cooling) {
        reasons = add(reasons, { code: 'cooling_off', message: `${latest} 曾参加同一信访人的听证，间隔不足 ${cooling} 日` })
      }
    }

    if (respondents.size > 0 && (anyIn(c.employerOrgIds, respondents) || anyIn(c.declaredEmployerOrgIds, respondents))) reasons = add(reasons, REASONS.employed)
    if (c.homeVillageRegionId !== null && villages.has(c.homeVillageRegionId)) reasons = add(reasons, REASONS.sameCommunity)
    if (idNumbers.size > 0 && c.declaredRelativeIdNumbers && anyIdNumberIn(c.declaredRelativeIdNumbers, idNumbers)) reasons = add(reasons, REASONS.relative)
    if (c.servedMatterIds && c.servedMatterIds.includes(hearing.matterId)) reasons = add(reasons, REASONS.servedMatter)

    if (reasons === null) eligible.push(c)
    else excluded.push({ memberId: c.id, reasons })
  }
  return { eligible, excluded }
}

/** Only what the draw needs (the draw copies these fields itself, so `drawInputFor` passes members directly). */
export function toDrawCandidates (eligible: readonly EligibilityCandidate[]): DrawCandidate[] {
  return eligible.map((c) => ({ id: c.id, local: c.local, attributes: c.attributes }))
}

/** The draw input for a procedure under a ruleset: its composition rules, seat count, alternates and local-first setting. */
export function drawInputFor ({ eligible, ruleset, procedure, seats, alternates }: {
  eligible: readonly EligibilityCandidate[]
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
