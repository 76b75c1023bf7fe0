import { addCalendarDays } from '../../common/dates.js'
import type { Period } from '../../common/period.js'
import type { BulletinFigures, RateFigure, ReviewFigure } from './bulletins.types.js'

/** 46.2% — one decimal, as bulletins print rates; a rate of nothing is 无应听证事项 in tables and '—' in charts. */
export function percent (rate: number) {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`
}

/** Points with at most one decimal: 7, 6.5. */
export function points (value: number) {
  return String(Math.round(value * 10) / 10)
}

/**
 * The period as a bulletin names it: 2026年11月; 2026年1—11月 (whole months of one year, joined by the dash —);
 * 2025年12月—2026年2月; otherwise by days: 2026年1月5日—11月20日.
 */
export function periodLabel ({ from, to }: Period): string {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number]
  const wholeMonths = fd === 1 && addCalendarDays(to, 1).slice(8) === '01'
  if (wholeMonths) {
    if (fy === ty) return fm === tm ? `${fy}年${fm}月` : `${fy}年${fm}—${tm}月`
    return `${fy}年${fm}月—${ty}年${tm}月`
  }
  if (from === to) return `${fy}年${fm}月${fd}日`
  return fy === ty ? `${fy}年${fm}月${fd}日—${tm}月${td}日` : `${fy}年${fm}月${fd}日—${ty}年${tm}月${td}日`
}

/** 关于2026年1—11月全市信访事项听证工作情况的通报 */
export function bulletinTitle (period: Period) {
  return `关于${periodLabel(period)}全市信访事项听证工作情况的通报`
}

/** Highest rate first; regions with nothing to count last; ties by score, then name (pinyin order is not needed: code points). */
export function rankRates<T extends RateFigure> (figures: readonly T[]): T[] {
  return [...figures].sort((a, b) => {
    if (a.rate === null || b.rate === null) return a.rate === b.rate ? a.name.localeCompare(b.name, 'zh-Hans-CN') : a.rate === null ? 1 : -1
    return b.rate - a.rate || b.score - a.score || a.name.localeCompare(b.name, 'zh-Hans-CN')
  })
}

/** Highest 复查 total first, ties by name. */
export function rankReview (figures: readonly ReviewFigure[]): ReviewFigure[] {
  return [...figures].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-Hans-CN'))
}

/** Competition ranks (1, 2, 2, 4) of an already ranked list under `same`. */
export function ranks<T> (ranked: readonly T[], same: (a: T, b: T) => boolean): number[] {
  const out: number[] = []
  ranked.forEach((item, i) => { out.push(i > 0 && same(ranked[i - 1]!, item) ? out[i - 1]! : i + 1) })
  return out
}

const listNames = (names: readonly string[]) => names.join('、')

/**
 * The summary paragraph, generated from the figures only (docs/bulletins.md): the city's rate against the target, the
 * best and the worst county, the counties below the target, and the 复查 scores.
 */
export function summaryText (figures: BulletinFigures): string {
  const label = periodLabel(figures.period)
  const target = `${points(figures.target * 100)}%`
  const { city } = figures
  const parts: string[] = []
  if (city.rate === null) {
    parts.push(`${label}，全市没有应听证的信访事项，听证率不作计算。`)
  } else {
    const diff = Math.round((city.rate - figures.target) * 1000) / 10
    const against = diff > 0
      ? `高于${target}的目标要求${points(diff)}个百分点`
      : diff === 0 ? `达到${target}的目标要求` : `低于${target}的目标要求${points(-diff)}个百分点`
    parts.push(`${label}，全市应听证信访事项${city.eligible}件，举行听证${city.heard}件，听证率为${percent(city.rate)}，${against}，听证工作得分${points(city.score)}分（满分10分）。`)
  }
  const counted = rankRates(figures.counties).filter((c) => c.rate !== null)
  if (counted.length >= 2) {
    const best = counted.filter((c) => c.rate === counted[0]!.rate)
    const worst = counted.filter((c) => c.rate === counted[counted.length - 1]!.rate)
    if (best[0]!.rate === worst[0]!.rate) parts.push(`各县（市、区）听证率均为${percent(best[0]!.rate!)}。`)
    else parts.push(`各县（市、区）中，听证率最高的是${listNames(best.map((c) => c.name))}（${percent(best[0]!.rate!)}），最低的是${listNames(worst.map((c) => c.name))}（${percent(worst[0]!.rate!)}）。`)
  } else if (counted.length === 1) {
    parts.push(`${counted[0]!.name}听证率为${percent(counted[0]!.rate!)}。`)
  }
  const below = counted.filter((c) => c.rate! < figures.target)
  if (counted.length > 0) {
    parts.push(below.length === 0
      ? `各县（市、区）听证率均达到${target}的目标要求。`
      : `${below.length}个县（市、区）听证率低于${target}的目标要求：${listNames(below.map((c) => `${c.name}（${percent(c.rate!)}）`))}。`)
  }
  const none = figures.counties.filter((c) => c.rate === null)
  if (none.length > 0) parts.push(`${listNames(none.map((c) => c.name))}本期没有应听证的信访事项。`)
  const reviewed = figures.review.filter((r) => r.cases > 0)
  if (reviewed.length > 0) {
    const ranked = rankReview(reviewed)
    const full = ranked.filter((r) => r.total >= 7)
    const average = reviewed.reduce((sum, r) => sum + r.total, 0) / reviewed.length
    parts.push(`复查工作平均得分${points(average)}分（满分7分）${full.length > 0 ? `，${listNames(full.map((r) => r.name))}得满分` : ''}${ranked[ranked.length - 1]!.total < 7 ? `，${ranked[ranked.length - 1]!.name}得分最低（${points(ranked[ranked.length - 1]!.total)}分）` : ''}。`)
  }
  if (below.length > 0) parts.push('请听证率未达到目标要求的县（市、区）分析原因，采取有力措施，切实提高听证率。')
  return parts.join('')
}
