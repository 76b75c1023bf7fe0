import { describe, expect, test } from 'vitest'
import {
  caseQualityDeduction, competitionRanks, durationStats, entryDeadline, entryDeduction, hearingRateScore, itemPoints, rollUp
} from '../../../server/modules/statistics/statistics.rules.js'
import { DEFAULT_RULESET } from '../../../server/modules/rulesets/rulesets.config.js'
import { createWorkCalendar } from '../../../server/common/workdays.js'

const rules = DEFAULT_RULESET.assessment.hearingRate

describe('hearing-rate score: 5% gives 1 point, each further 5% one more, capped at 10', () => {
  test('the edges are counted on integers: 4.9% → 0, 5% → 1, 49.9% → 9, 50% → 10, above → 10', () => {
    expect(hearingRateScore(49, 1000, rules).points).toBe(0)
    expect(hearingRateScore(50, 1000, rules).points).toBe(1)
    expect(hearingRateScore(1, 20, rules).points).toBe(1)
    expect(hearingRateScore(499, 1000, rules).points).toBe(9)
    expect(hearingRateScore(500, 1000, rules).points).toBe(10)
    expect(hearingRateScore(1, 2, rules).points).toBe(10)
    expect(hearingRateScore(9, 10, rules).points).toBe(10)
    expect(hearingRateScore(3, 2, rules).points).toBe(10)
  })

  test('rates whose float division lands just under a step still reach it: 7/20 = 35% → 7, 3/10 = 30% → 6, 0.15 → 3', () => {
    expect(hearingRateScore(7, 20, rules).points).toBe(7)
    expect(hearingRateScore(3, 10, rules).points).toBe(6)
    expect(hearingRateScore(15, 100, rules).points).toBe(3)
    expect(hearingRateScore(29, 100, rules).points).toBe(5)
  })

  test('a zero denominator has no rate and scores 0; the target is met at exactly 50%', () => {
    expect(hearingRateScore(0, 0, rules)).toEqual({ rate: null, ratePercent: null, steps: 0, points: 0, targetMet: false })
    expect(hearingRateScore(2, 0, rules).points).toBe(0)
    expect(hearingRateScore(1, 2, rules).targetMet).toBe(true)
    expect(hearingRateScore(499, 1000, rules).targetMet).toBe(false)
    expect(hearingRateScore(2, 3, rules).ratePercent).toBe(66.67)
  })

  test('counts only', () => {
    expect(() => hearingRateScore(-1, 3, rules)).toThrow(RangeError)
    expect(() => hearingRateScore(1.5, 3, rules)).toThrow(RangeError)
  })
})

describe('ranks, items and deductions', () => {
  test('equal values share a rank and the next rank skips', () => {
    expect(competitionRanks([10, 10, 0])).toEqual([1, 1, 3])
    expect(competitionRanks([5.25, 5.5, 7, 5.25])).toEqual([3, 2, 1, 3])
    expect(competitionRanks([])).toEqual([])
  })

  test('an item never goes below 0', () => {
    expect(itemPoints(300, 50)).toBe(250)
    expect(itemPoints(300, 350)).toBe(0)
  })

  test('case quality: the missing-notice revocation wins over the conclusion it came with; upheld costs nothing', () => {
    const q = DEFAULT_RULESET.assessment.review.caseQuality
    expect(caseQualityDeduction({ revokedForMissingRightsNotice: true, conclusionType: 'revoked_redo' }, q)).toEqual({ reason: 'revoked_for_missing_rights_notice', centi: 100 })
    expect(caseQualityDeduction({ revokedForMissingRightsNotice: false, conclusionType: 'revoked_redo' }, q)).toEqual({ reason: 'revoked_redo', centi: 50 })
    expect(caseQualityDeduction({ revokedForMissingRightsNotice: false, conclusionType: 'varied' }, q)).toEqual({ reason: 'varied', centi: 50 })
    expect(caseQualityDeduction({ revokedForMissingRightsNotice: false, conclusionType: 'upheld' }, q)).toBeNull()
    expect(caseQualityDeduction({ revokedForMissingRightsNotice: false, conclusionType: null }, q)).toBeNull()
    // a ruleset that rates a redo higher than the missing notice: the higher one counts
    expect(caseQualityDeduction({ revokedForMissingRightsNotice: true, conclusionType: 'revoked_redo' }, { ...q, perRevokedRedo: 1.5 })).toEqual({ reason: 'revoked_redo', centi: 150 })
  })

  test('the entry deadline counts working days after the hearing day (2026: Tuesday 2026-03-10 → Tuesday 03-17; over May Day 04-30 → 05-11)', () => {
    const calendar = createWorkCalendar()
    const isWorkday = (d: string) => calendar.isWorkday(d)
    expect(entryDeadline('2026-03-10', 5, isWorkday)).toBe('2026-03-17')
    expect(entryDeadline('2026-03-10', 0, isWorkday)).toBe('2026-03-10')
    // 2026 May Day: 05-01 to 05-05 off, 05-09 (Saturday) a make-up working day
    expect(entryDeadline('2026-04-30', 5, isWorkday)).toBe('2026-05-11')
  })

  test('entry: in time or not yet due is no deduction, late is entered_late, missing after the deadline is not_entered', () => {
    expect(entryDeduction('2026-03-17', '2026-03-17', '2026-11-28')).toBeNull()
    expect(entryDeduction('2026-03-18', '2026-03-17', '2026-11-28')).toBe('entered_late')
    expect(entryDeduction(null, '2026-03-17', '2026-11-28')).toBe('not_entered')
    expect(entryDeduction(null, '2026-11-30', '2026-11-28')).toBeNull()
    expect(entryDeduction(null, '2026-11-28', '2026-11-28')).toBeNull()
  })
})

describe('durations and roll-up', () => {
  test('median and average from a day histogram', () => {
    expect(durationStats([[40, 1], [28, 1], [37, 1], [39, 1], [29, 1]])).toEqual({ count: 5, medianDays: 37, averageDays: 34.6 })
    expect(durationStats([[10, 2], [20, 2]])).toEqual({ count: 4, medianDays: 15, averageDays: 15 })
    expect(durationStats([[3, 0]])).toEqual({ count: 0, medianDays: null, averageDays: null })
  })

  test('villages report to their township and county; a county-level region has no township', () => {
    const map = rollUp([
      { id: 1, name: '市', level: 'city', path: '/1/' },
      { id: 2, name: '县', level: 'county', path: '/1/2/' },
      { id: 3, name: '镇', level: 'township', path: '/1/2/3/' },
      { id: 4, name: '村', level: 'village', path: '/1/2/3/4/' }
    ])
    expect(map.get(4)).toEqual({ countyId: 2, townshipId: 3 })
    expect(map.get(2)).toEqual({ countyId: 2, townshipId: null })
    expect(map.get(1)).toEqual({ countyId: null, townshipId: null })
  })
})
