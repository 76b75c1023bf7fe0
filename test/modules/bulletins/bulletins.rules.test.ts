import { describe, expect, test } from 'vitest'
import { bulletinTitle, percent, periodLabel, rankRates, ranks, summaryText } from '../../../server/modules/bulletins/bulletins.rules.js'
import { bulletinFigures, monthsOf } from '../../../server/modules/bulletins/bulletins.figures.rules.js'
import { bulletinPrefix } from '../../../server/modules/bulletins/bulletins.service.js'
import type { HearingRateReport, HearingRateRow, ReviewScoreReport } from '../../../server/modules/statistics/statistics.types.js'
import { sampleFigures } from './bulletins.fixture.js'

describe('bulletin rules', () => {
  test('the period as a bulletin names it, and the default title', () => {
    expect(periodLabel({ from: '2026-01-01', to: '2026-11-30' })).toBe('2026年1—11月')
    expect(periodLabel({ from: '2026-11-01', to: '2026-11-30' })).toBe('2026年11月')
    expect(periodLabel({ from: '2026-02-01', to: '2026-02-28' })).toBe('2026年2月')
    expect(periodLabel({ from: '2025-12-01', to: '2026-02-28' })).toBe('2025年12月—2026年2月')
    expect(periodLabel({ from: '2026-01-05', to: '2026-11-20' })).toBe('2026年1月5日—11月20日')
    expect(periodLabel({ from: '2026-11-29', to: '2026-11-29' })).toBe('2026年11月29日')
    expect(bulletinTitle({ from: '2026-01-01', to: '2026-11-30' })).toBe('关于2026年1—11月全市信访事项听证工作情况的通报')
    expect(bulletinPrefix('滨海市')).toBe('滨信访')
  })

  test('the summary is generated from the figures: city against the target, best and worst county, counties below, 复查', () => {
    expect(summaryText(sampleFigures())).toBe(
      '2026年1—11月，全市应听证信访事项125件，举行听证54件，听证率为43.2%，低于50%的目标要求6.8个百分点，听证工作得分8分（满分10分）。' +
      '各县（市、区）中，听证率最高的是东城区（60.0%），最低的是青山县（20.0%）。' +
      '3个县（市、区）听证率低于50%的目标要求：南湖区（45.0%）、北港县（40.0%）、青山县（20.0%）。' +
      '临海市本期没有应听证的信访事项。' +
      '复查工作平均得分5.1分（满分7分），东城区得满分，青山县得分最低（2分）。' +
      '请听证率未达到目标要求的县（市、区）分析原因，采取有力措施，切实提高听证率。'
    )
  })

  test('every county at or above the target, and ties at the top', () => {
    const f = sampleFigures()
    f.city = { ...f.city, eligible: 10, heard: 6, rate: 0.6, score: 10 }
    f.counties = f.counties.filter((c) => c.rate !== null && c.rate >= 0.5).map((c) => ({ ...c, rate: 0.6, eligible: 5, heard: 3 }))
    f.review = []
    expect(summaryText(f)).toBe('2026年1—11月，全市应听证信访事项10件，举行听证6件，听证率为60.0%，高于50%的目标要求10个百分点，听证工作得分10分（满分10分）。各县（市、区）听证率均为60.0%。各县（市、区）听证率均达到50%的目标要求。')
  })

  test('ranking: highest rate first, regions with nothing to count last; competition ranks', () => {
    const ranked = rankRates(sampleFigures().counties)
    expect(ranked.map((c) => c.name)).toEqual(['东城区', '西城县', '南湖区', '北港县', '青山县', '临海市'])
    expect(ranks([3, 2, 2, 1], (a, b) => a === b)).toEqual([1, 2, 2, 4])
    expect(percent(54 / 125)).toBe('43.2%')
    expect(percent(1 / 3)).toBe('33.3%')
  })

  test('months of a period, clipped to it', () => {
    expect(monthsOf({ from: '2025-12-15', to: '2026-02-10' })).toEqual([
      { month: '2025-12', period: { from: '2025-12-15', to: '2025-12-31' } },
      { month: '2026-01', period: { from: '2026-01-01', to: '2026-01-31' } },
      { month: '2026-02', period: { from: '2026-02-01', to: '2026-02-10' } }
    ])
  })

  test('figures from the statistics reports: rows, totals, the city points by the rows\' steps, 复查 items', () => {
    const region = (id: number, name: string, level: 'county' | 'township', county = { id, name }) => ({ id, name, level, county })
    const row = (r: HearingRateRow['region'], numerator: number, denominator: number, points: number): HearingRateRow => ({
      region: r, numerator, denominator, denominatorKind: 'answered_review_stages', rate: denominator === 0 ? null : numerator / denominator, ratePercent: null, targetPercent: 50, targetMet: false, points, maxPoints: 10, rank: 1, ruleset: { label: 'x', fingerprint: 'x' }
    })
    const period = { from: '2026-11-01', to: '2026-11-30' }
    const counties: HearingRateReport = { period, level: 'county', rows: [row(region(2, '东城区', 'county'), 3, 10, 6), row(region(3, '西城县', 'county'), 2, 3, 10)], totals: { numerator: 5, denominator: 13, rate: 5 / 13, ratePercent: 38.46 } }
    const townships: HearingRateReport = { period, level: 'township', rows: [row(region(4, '渤海街道', 'township', { id: 2, name: '东城区' }), 3, 10, 6)], totals: { numerator: 3, denominator: 10, rate: 0.3, ratePercent: 30 } }
    const item = (key: 'on_time' | 'case_quality' | 'system_entry', points: number, examined: number) => ({ item: key, name: key, maxPoints: 3, deductedRaw: 0, points, deductionCount: 0, examined })
    const review: ReviewScoreReport = { period, level: 'county', rows: [{ region: region(2, '东城区', 'county'), items: [item('on_time', 2, 4), item('case_quality', 2, 4), item('system_entry', 1.5, 3)], maxPoints: 7, points: 5.5, rank: 1, ruleset: { label: 'x', fingerprint: 'x' } }] }
    const cityRules = { targetPercent: 50, stepPercent: 5, pointsPerStep: 1, maxPoints: 10 }
    const f = bulletinFigures({ period, cityName: '滨海市', cityRules, counties, townships, review, months: [{ month: '2026-11', report: counties }] })
    // 5/13 = 38.46%: 7 steps of 5% → 7 points
    expect(f.city).toEqual({ name: '滨海市', eligible: 13, heard: 5, rate: 5 / 13, score: 7 })
    expect(f.target).toBe(0.5)
    expect(f.counties.map((c) => [c.name, c.eligible, c.heard, c.score, c.county])).toEqual([['东城区', 10, 3, 6, null], ['西城县', 3, 2, 10, null]])
    expect(f.townships[0]).toMatchObject({ name: '渤海街道', county: '东城区', rate: 0.3 })
    expect(f.review).toEqual([{ regionId: 2, name: '东城区', cases: 4, onTime: 2, quality: 2, entry: 1.5, total: 5.5 }])
    expect(f.months).toEqual([{ month: '2026-11', eligible: 13, heard: 5, rate: 5 / 13 }])
    expect(f.rateNote).toBe('听证率＝本期举行听证的事项阶段数÷本期作出复查、复核意见的事项阶段数；目标为50%；听证工作为加分项，听证率每5%计1分，最高10分。复查工作为扣分项，满分7分（按期办结3分、办理质量2分、系统录入2分）。')
  })
})
