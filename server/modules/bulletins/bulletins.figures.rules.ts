import type { HearingRateDenominator, HearingRateReport, ReviewScoreReport } from '../statistics/statistics.types.js'
import { hearingRateScore, type RateScoreRules } from '../statistics/statistics.rules.js'
import type { Period } from '../../common/period.js'
import type { BulletinFigures, RateFigure } from './bulletins.types.js'

/** The statistics a bulletin is built from, as the statistics service reports them. */
export type BulletinSources = {
  period: Period
  cityName: string
  /** The hearing-rate scoring rules of the city's ruleset: the city's total is scored with them. */
  cityRules: RateScoreRules
  counties: HearingRateReport
  townships: HearingRateReport
  review: ReviewScoreReport
  /** One county-level report per calendar month of the period (its totals are the city's month). */
  months: { month: string, report: HearingRateReport }[]
}

const DENOMINATORS: Record<HearingRateDenominator, string> = {
  answered_review_stages: '本期作出复查、复核意见的事项阶段数',
  answered_all_stages: '本期作出答复（办理、复查、复核）的事项阶段数'
}

function rateFigure (row: HearingRateReport['rows'][number]): RateFigure {
  return {
    regionId: row.region.id,
    name: row.region.name,
    county: row.region.level === 'township' ? row.region.county.name : null,
    eligible: row.denominator,
    heard: row.numerator,
    rate: row.rate,
    score: row.points
  }
}

/** Statistics reports → the figures a bulletin prints and stores. Pure. */
export function bulletinFigures (sources: BulletinSources): BulletinFigures {
  const { counties, townships, review } = sources
  const target = sources.cityRules.targetPercent / 100
  const kind = counties.rows[0]?.denominatorKind ?? 'answered_review_stages'
  const item = (row: ReviewScoreReport['rows'][number], key: 'on_time' | 'case_quality' | 'system_entry') => row.items.find((i) => i.item === key)
  return {
    period: sources.period,
    target,
    city: { name: sources.cityName, eligible: counties.totals.denominator, heard: counties.totals.numerator, rate: counties.totals.rate, score: hearingRateScore(counties.totals.numerator, counties.totals.denominator, sources.cityRules).points },
    counties: counties.rows.map(rateFigure),
    townships: townships.rows.map(rateFigure),
    review: review.rows.map((row) => ({
      regionId: row.region.id,
      name: row.region.name,
      cases: item(row, 'on_time')?.examined ?? 0,
      onTime: item(row, 'on_time')?.points ?? 0,
      quality: item(row, 'case_quality')?.points ?? 0,
      entry: item(row, 'system_entry')?.points ?? 0,
      total: row.points
    })),
    months: sources.months.map(({ month, report }) => ({ month, eligible: report.totals.denominator, heard: report.totals.numerator, rate: report.totals.rate })),
    rateNote: `听证率＝本期举行听证的事项阶段数÷${DENOMINATORS[kind]}；目标为${sources.cityRules.targetPercent}%；听证工作为加分项，听证率每${sources.cityRules.stepPercent}%计${sources.cityRules.pointsPerStep}分，最高${sources.cityRules.maxPoints}分。复查工作为扣分项，满分7分（按期办结3分、办理质量2分、系统录入2分）。`
  }
}

/** The calendar months a period touches, each clipped to the period: [{ month: '2026-01', from, to }]. */
export function monthsOf ({ from, to }: Period): { month: string, period: Period }[] {
  const out: { month: string, period: Period }[] = []
  let y = Number(from.slice(0, 4))
  let m = Number(from.slice(5, 7))
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`
    if (month > to.slice(0, 7)) break
    const first = `${month}-01`
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
    out.push({ month, period: { from: first < from ? from : first, to: last > to ? to : last } })
    m++
    if (m > 12) { m = 1; y++ }
  }
  return out
}
