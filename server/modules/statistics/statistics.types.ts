import type { ConclusionType, MatterStage } from '../../../db/schema/enums.js'

// The plain data the statistics service returns: hearing rate and its score, the 复查 score, and outcomes, per
// county (县市区) or township (乡镇街道). Other modules (bulletins) import these types; dates are YYYY-MM-DD.

/** Reporting period: whole Shanghai calendar days, both ends included. */
export type StatisticsPeriod = { from: string, to: string }

/** The level a report groups by. */
export type StatisticsLevel = 'county' | 'township'

/** What the hearing rate divides by (ruleset `assessment.hearingRate.denominator`). */
export type HearingRateDenominator = 'answered_review_stages' | 'answered_all_stages'

/** The region a row reports, with its county (the row itself for a county row). */
export type StatisticsRegion = {
  id: number
  name: string
  level: StatisticsLevel
  county: { id: number, name: string }
}

/** The effective ruleset a row was scored under. */
export type RulesetRef = { label: string, fingerprint: string }

export type HearingRateRow = {
  region: StatisticsRegion
  /** Matter stages (of the denominator's stage kinds) with a hearing held (concluded) in the period. */
  numerator: number
  /** Stages answered (decided) in the period, of the kinds the denominator counts. */
  denominator: number
  denominatorKind: HearingRateDenominator
  /** numerator / denominator; null when the denominator is 0. */
  rate: number | null
  /** The rate in percent rounded to two decimals, for display; null when the denominator is 0. */
  ratePercent: number | null
  targetPercent: number
  targetMet: boolean
  /** The bonus item: 0 below the first step, one point per step, capped. */
  points: number
  maxPoints: number
  /** 1 = best; rows with equal points share a rank (1, 1, 3 …). */
  rank: number
  ruleset: RulesetRef
}

export type HearingRateReport = {
  period: StatisticsPeriod
  level: StatisticsLevel
  rows: HearingRateRow[]
  totals: { numerator: number, denominator: number, rate: number | null, ratePercent: number | null }
}

/** Which number of a hearing-rate row a case list explains. */
export type HearingRatePart = 'numerator' | 'denominator'

/** One matter stage behind a figure. */
export type StatisticsCase = {
  matterId: number
  matterNumber: string
  matterTitle: string
  region: { id: number, name: string }
  stageId: number
  stage: MatterStage
  acceptedOn: string
  requestedOn: string | null
  dueOn: string
  decidedOn: string | null
  conclusionType: ConclusionType | null
  /** The hearing held in the stage within the period (numerator lists), else null. */
  hearingId: number | null
  /** The hearing's start, UTC milliseconds; null without a hearing. */
  hearingStartsAtMs: number | null
}

export type StatisticsCasePage = { items: StatisticsCase[], total: number, page: number, pageSize: number }

/** The three items of the 复查 score. */
export type ReviewScoreItemKey = 'on_time' | 'case_quality' | 'system_entry'

/** Why a case cost points. */
export type DeductionReason =
  | 'decided_late'
  | 'overdue_open'
  | 'revoked_redo'
  | 'varied'
  | 'revoked_for_missing_rights_notice'
  | 'entered_late'
  | 'not_entered'

export type ReviewDeduction = {
  item: ReviewScoreItemKey
  reason: DeductionReason
  /** Chinese explanation, e.g. 逾期作出复查意见（期限 2026-03-01，作出 2026-03-05） */
  reasonText: string
  /** Points deducted for this case by the ruleset (before the item's floor at 0). */
  points: number
  matterId: number
  matterNumber: string
  matterTitle: string
  region: { id: number, name: string }
  stageId: number | null
  hearingId: number | null
  /** The date the deduction is about: decision, due date, or hearing day. */
  on: string
}

export type ReviewScoreItem = {
  item: ReviewScoreItemKey
  name: string
  maxPoints: number
  /** Sum of the per-case deductions (may exceed maxPoints). */
  deductedRaw: number
  /** max(0, maxPoints − deductedRaw). */
  points: number
  /** Cases that cost points under this item. */
  deductionCount: number
  /** Cases the item looked at (复查 stages, 复核 outcomes, held hearings). */
  examined: number
}

export type ReviewScoreRow = {
  region: StatisticsRegion
  items: ReviewScoreItem[]
  maxPoints: number
  points: number
  rank: number
  ruleset: RulesetRef
}

export type ReviewScoreReport = {
  period: StatisticsPeriod
  level: StatisticsLevel
  rows: ReviewScoreRow[]
}

export type DurationStats = { count: number, medianDays: number | null, averageDays: number | null }

export type ConclusionCount = { type: ConclusionType | 'unrecorded', name: string, count: number }

export type StageOutcome = {
  stage: MatterStage
  decided: number
  conclusions: ConclusionCount[]
  /** Follow-up (回访) of the stages decided in the period. */
  ceased: { ceased: number, notCeased: number, notFollowedUp: number }
}

export type OutcomeRow = {
  region: StatisticsRegion
  stages: StageOutcome[]
  durations: {
    /** 申请（requestedOn, else acceptedOn）→ first held hearing of the stage, over decided stages with a hearing. */
    applicationToHearing: DurationStats
    /** First held hearing → decision (decidedOn). */
    hearingToConclusion: DurationStats
    /** Application → decision, over every stage decided in the period. */
    applicationToConclusion: DurationStats
  }
}

export type OutcomeReport = {
  period: StatisticsPeriod
  level: StatisticsLevel
  rows: OutcomeRow[]
}
