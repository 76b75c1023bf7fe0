import type { ConclusionType, MatterStage } from '../../../db/schema/enums.js'
import { addCalendarDays, type IsoDate } from '../../common/dates.js'
import type { DeductionReason, DurationStats, HearingRateDenominator, ReviewScoreItemKey } from './statistics.types.js'

// Pure rules of the assessment figures: the hearing-rate score, ranks, per-case deductions of the 复查 item,
// medians from day histograms, and the region roll-up. Points are handled in hundredths (integers) so that sums
// of 0.25 and 0.5 never drift.

/** Which stages a hearing-rate denominator counts (and so which stages' hearings the numerator counts). */
export const DENOMINATOR_STAGES: Record<HearingRateDenominator, readonly MatterStage[]> = {
  answered_review_stages: ['review', 'reReview'],
  answered_all_stages: ['handling', 'review', 'reReview']
}

export const DENOMINATOR_NAMES: Record<HearingRateDenominator, string> = {
  answered_review_stages: '期内作出意见的复查、复核阶段',
  answered_all_stages: '期内作出意见的全部阶段（办理、复查、复核）'
}

export const REVIEW_ITEM_NAMES: Record<ReviewScoreItemKey, string> = {
  on_time: '按期办结',
  case_quality: '办案质量',
  system_entry: '系统录入'
}

export const DEDUCTION_REASON_NAMES: Record<DeductionReason, string> = {
  decided_late: '逾期作出复查意见',
  overdue_open: '超过期限尚未作出复查意见',
  revoked_redo: '复查意见被复核撤销并责令重作',
  varied: '复查意见被复核直接变更',
  revoked_for_missing_rights_notice: '复查阶段未告知听证权利，复查意见被复核撤销',
  entered_late: '听证要素超过期限才录入省信访信息系统',
  not_entered: '听证要素逾期未录入省信访信息系统'
}

/** Points (a ruleset number such as 0.25) in hundredths. */
export function toCenti (points: number): number {
  return Math.round(points * 100)
}

export function fromCenti (centi: number): number {
  return centi / 100
}

export type RateScoreRules = { stepPercent: number, pointsPerStep: number, maxPoints: number, targetPercent: number }

/**
 * The hearing-work bonus: 0 below one step (5%), one step's points for each whole step reached, capped
 * (`rate < 5% ? 0 : min(10, floor(rate / 5%))`). Whole steps are counted on integers — numerator × 100 against
 * denominator × step × k — so 5% exactly is one step and 49.9% is nine. A zero denominator scores 0.
 */
export function hearingRateScore (numerator: number, denominator: number, rules: RateScoreRules) {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 0 || denominator < 0) {
    throw new RangeError('numerator and denominator are counts')
  }
  if (denominator === 0) return { rate: null, ratePercent: null, steps: 0, points: 0, targetMet: false }
  const scaled = numerator * 100
  const unit = denominator * rules.stepPercent
  let steps = Math.floor(scaled / unit)
  while (steps * unit > scaled) steps--
  while ((steps + 1) * unit <= scaled) steps++
  const points = fromCenti(Math.min(toCenti(rules.maxPoints), steps * toCenti(rules.pointsPerStep)))
  return {
    rate: numerator / denominator,
    ratePercent: Math.round((numerator * 10000) / denominator) / 100,
    steps,
    points,
    targetMet: scaled >= denominator * rules.targetPercent
  }
}

/** Competition ranks (1, 1, 3 …) of `values`, higher is better; equal values share a rank. */
export function competitionRanks (values: readonly number[]): number[] {
  return values.map((v) => 1 + values.filter((other) => other > v).length)
}

/** An item's points: its maximum less the deductions, not below 0 (all in hundredths). */
export function itemPoints (maxCenti: number, deductedCenti: number): number {
  return Math.max(0, maxCenti - deductedCenti)
}

export type CaseQualityRules = { perRevokedRedo: number, perVaried: number, perRevokedForMissingRightsNotice: number }

/**
 * The deduction one 复核 outcome costs the county's 复查 work, or null: revoked for a missing hearing-rights notice,
 * revoked and ordered redone, or varied. A case counts once, with the highest of the reasons that apply.
 */
export function caseQualityDeduction (outcome: { revokedForMissingRightsNotice: boolean, conclusionType: ConclusionType | null }, rules: CaseQualityRules): { reason: DeductionReason, centi: number } | null {
  const options: { reason: DeductionReason, centi: number }[] = []
  if (outcome.revokedForMissingRightsNotice) options.push({ reason: 'revoked_for_missing_rights_notice', centi: toCenti(rules.perRevokedForMissingRightsNotice) })
  if (outcome.conclusionType === 'revoked_redo') options.push({ reason: 'revoked_redo', centi: toCenti(rules.perRevokedRedo) })
  if (outcome.conclusionType === 'varied') options.push({ reason: 'varied', centi: toCenti(rules.perVaried) })
  if (options.length === 0) return null
  return options.reduce((best, o) => (o.centi > best.centi ? o : best))
}

/**
 * The last day to enter a hearing held on `day` in the provincial system: `n` working days after it (the day itself
 * not counted); n = 0 is the day itself.
 */
export function entryDeadline (day: IsoDate, n: number, isWorkday: (date: IsoDate) => boolean): IsoDate {
  let date = day
  let left = n
  while (left > 0) {
    date = addCalendarDays(date, 1)
    if (isWorkday(date)) left--
  }
  return date
}

/**
 * A held hearing's provincial entry against its deadline, as of `today`: entered in time (or not yet due) is
 * null; entered after the deadline is `entered_late`; not entered once the deadline has passed is `not_entered`.
 */
export function entryDeduction (enteredOn: IsoDate | null, deadline: IsoDate, today: IsoDate): 'entered_late' | 'not_entered' | null {
  if (enteredOn === null) return deadline < today ? 'not_entered' : null
  return enteredOn > deadline ? 'entered_late' : null
}

/** Count, median and average of a histogram of day counts ([days, how many]); nulls when empty. */
export function durationStats (histogram: readonly (readonly [number, number])[]): DurationStats {
  const bins = [...histogram].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0])
  const count = bins.reduce((s, [, n]) => s + n, 0)
  if (count === 0) return { count: 0, medianDays: null, averageDays: null }
  const at = (index: number) => {
    let seen = 0
    for (const [days, n] of bins) {
      seen += n
      if (index < seen) return days
    }
    return bins[bins.length - 1]![0]
  }
  const median = count % 2 === 1 ? at((count - 1) / 2) : (at(count / 2 - 1) + at(count / 2)) / 2
  const sum = bins.reduce((s, [days, n]) => s + days * n, 0)
  return { count, medianDays: median, averageDays: Math.round((sum / count) * 10) / 10 }
}

export type RegionNode = { id: number, name: string, level: string, path: string }

/**
 * For every region, the county and township it lies in (itself when it is one): path ids are the ancestors, so a
 * village reports to its township and county, a township to its county, a county-level matter to its county only.
 */
export function rollUp (regions: readonly RegionNode[]): Map<number, { countyId: number | null, townshipId: number | null }> {
  const byId = new Map(regions.map((r) => [r.id, r]))
  const out = new Map<number, { countyId: number | null, townshipId: number | null }>()
  for (const r of regions) {
    let countyId: number | null = null
    let townshipId: number | null = null
    for (const part of r.path.split('/')) {
      if (part === '') continue
      const node = byId.get(Number(part))
      if (node?.level === 'county') countyId = node.id
      if (node?.level === 'township') townshipId = node.id
    }
    out.set(r.id, { countyId, townshipId })
  }
  return out
}

/** What is wrong with a period (dates already checked as YYYY-MM-DD), or null. */
export function validPeriod (from: string, to: string): string | null {
  if (from > to) return `结束日期不能早于开始日期（${from}）`
  return null
}

/**
 * The buckets of the decided-stage counts that make up the days [from, to] (YYYY-MM-DD): a whole year as `YYYY`, a
 * whole month as `YYYY-MM`, any other day on its own, so a year is read as one bucket and any period as at most
 * about sixty days, eleven months and its whole years.
 */
export function periodBuckets (from: string, to: string): string[] {
  const out: string[] = []
  let day = from
  while (day <= to) {
    const year = Number(day.slice(0, 4))
    const month = Number(day.slice(5, 7))
    const yearEnd = `${day.slice(0, 4)}-12-31`
    const monthEnd = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10)
    if (day.slice(5) === '01-01' && yearEnd <= to) {
      out.push(day.slice(0, 4))
      day = addCalendarDays(yearEnd, 1)
    } else if (day.slice(8) === '01' && monthEnd <= to) {
      out.push(day.slice(0, 7))
      day = addCalendarDays(monthEnd, 1)
    } else {
      out.push(day)
      day = addCalendarDays(day, 1)
    }
  }
  return out
}
