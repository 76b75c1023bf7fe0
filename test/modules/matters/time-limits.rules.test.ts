import { describe, expect, test } from 'vitest'
import { countDays, deadlineStatus, noticeLeadTimeOk, stageDeadline, type DeadlineLimits } from '../../../server/modules/matters/matters.time-limits.rules.js'
import { createWorkCalendar } from '../../../server/common/workdays.js'
import { DEFAULT_RULESET } from '../../../server/modules/rulesets/rulesets.config.js'
import { DomainError } from '../../../server/errors.js'

const limits: DeadlineLimits = DEFAULT_RULESET.deadlines
const calendar = createWorkCalendar()

function codeOf (fn: () => unknown) {
  try { fn() } catch (error) { return error instanceof DomainError ? error.code : String(error) }
  return null
}

describe('stage deadlines (counted from the day after acceptance)', () => {
  test('handling: 60 calendar days; accepted 2026-03-01 is due 2026-04-30', () => {
    const d = stageDeadline({ stage: 'handling', acceptedOn: '2026-03-01', limits })
    expect(d).toMatchObject({ baseDue: '2026-04-30', due: '2026-04-30', days: 60, unit: 'calendar', extension: null, warnings: [] })
  })

  test('handling extended by 30 days with approver and reason is due 2026-05-30', () => {
    const d = stageDeadline({ stage: 'handling', acceptedOn: '2026-03-01', limits, extension: { days: 30, approvedBy: '王局长', reason: '需补充调查' } })
    expect(d.due).toBe('2026-05-30')
    expect(d.extension).toEqual({ days: 30, approvedBy: '王局长', reason: '需补充调查', unit: 'calendar' })
  })

  test('an extension beyond 30 days, without approver or reason, or outside handling is refused', () => {
    expect(codeOf(() => stageDeadline({ stage: 'handling', acceptedOn: '2026-03-01', limits, extension: { days: 31, approvedBy: '王', reason: '理由' } }))).toBe('scheduling.extension_too_long')
    expect(codeOf(() => stageDeadline({ stage: 'handling', acceptedOn: '2026-03-01', limits, extension: { days: 10, approvedBy: ' ', reason: '理由' } }))).toBe('scheduling.extension_incomplete')
    expect(codeOf(() => stageDeadline({ stage: 'review', acceptedOn: '2026-03-01', limits, extension: { days: 10, approvedBy: '王', reason: '理由' } }))).toBe('scheduling.extension_not_allowed')
  })

  test('复查 30 days; hearing time is counted (no national exclusion), so pauses are ignored', () => {
    const d = stageDeadline({ stage: 'review', acceptedOn: '2026-03-01', limits, hearingPauses: [{ from: '2026-03-10', to: '2026-03-14' }] })
    expect(d).toMatchObject({ due: '2026-03-31', hearingTimeExcluded: false, pausedDays: 0 })
  })

  test('复核 30 days with hearing time excluded: a 5-day hearing window moves the due date by 5 days', () => {
    const d = stageDeadline({ stage: 'reReview', acceptedOn: '2026-03-01', limits, hearingPauses: [{ from: '2026-03-10', to: '2026-03-14' }] })
    expect(d).toMatchObject({ baseDue: '2026-04-05', due: '2026-04-05', hearingTimeExcluded: true, pausedDays: 5 })
  })

  test('overlapping pause windows are not counted twice', () => {
    const r = countDays({ from: '2026-03-01', days: 30, unit: 'calendar', pauses: [{ from: '2026-03-10', to: '2026-03-14' }, { from: '2026-03-12', to: '2026-03-16' }] })
    expect(r).toMatchObject({ due: '2026-04-07', pausedDays: 7 })
  })

  test('working days skip weekends, the National Day week and count the make-up Saturday', () => {
    const working = { ...limits, review: { days: 10, unit: 'working' as const, excludeHearingTime: false } }
    const d = stageDeadline({ stage: 'review', acceptedOn: '2026-09-25', limits: working, calendar })
    expect(d.due).toBe('2026-10-15')
    expect(d.warnings).toEqual([])
  })

  test('working days into a year nobody knows give a warning flag rather than a silent guess', () => {
    const d = countDays({ from: '2026-12-20', days: 15, unit: 'working', calendar })
    expect(d.warnings).toEqual([expect.objectContaining({ code: 'calendar.unknown_year', year: 2027 })])
    expect(d.warnings[0]!.message).toMatch(/2027年/)
    // one holiday entered for 2027 moves the count but does not make the year known: the warning stays
    const oneDay = createWorkCalendar({ overrides: [{ date: '2027-01-01', kind: 'holiday', note: '元旦' }] })
    const partly = countDays({ from: '2026-12-20', days: 15, unit: 'working', calendar: oneDay })
    expect(partly.due > d.due).toBe(true)
    expect(partly.warnings.map((w) => w.year)).toEqual([2027])
    // once the year is confirmed as entered in full, it is known
    const covered = createWorkCalendar({ overrides: [{ date: '2027-01-01', kind: 'holiday', note: '元旦' }], confirmedYears: [2027] })
    const again = countDays({ from: '2026-12-20', days: 15, unit: 'working', calendar: covered })
    expect(again.warnings).toEqual([])
    expect(again.due).toBe(partly.due)
  })

  test('zero days end on the start day; bad dates and reversed pauses are typed errors', () => {
    expect(countDays({ from: '2026-03-01', days: 0, unit: 'calendar' }).due).toBe('2026-03-01')
    expect(codeOf(() => countDays({ from: '2026-02-30', days: 1, unit: 'calendar' }))).toBe('scheduling.invalid_date')
    expect(codeOf(() => countDays({ from: '2026-03-01', days: 1, unit: 'calendar', pauses: [{ from: '2026-03-05', to: '2026-03-04' }] }))).toBe('scheduling.invalid_pause')
  })
})

describe('deadline status', () => {
  test('open, due soon, due today, overdue and closed (late or on time)', () => {
    expect(deadlineStatus({ due: '2026-04-30', today: '2026-04-01' })).toEqual({ state: 'open', daysLeft: 29, late: false })
    expect(deadlineStatus({ due: '2026-04-30', today: '2026-04-25' })).toMatchObject({ state: 'due_soon', daysLeft: 5 })
    expect(deadlineStatus({ due: '2026-04-30', today: '2026-04-30' })).toMatchObject({ state: 'due_today', daysLeft: 0 })
    expect(deadlineStatus({ due: '2026-04-30', today: '2026-05-02' })).toEqual({ state: 'overdue', daysLeft: -2, late: true })
    expect(deadlineStatus({ due: '2026-04-30', today: '2026-05-02', decidedOn: '2026-05-01' })).toEqual({ state: 'closed', daysLeft: -1, late: true })
  })
})

describe('notice lead time (service day and hearing day excluded)', () => {
  test('7 calendar days: served 03-01 allows a hearing on 03-09 but not on 03-08', () => {
    const ok = noticeLeadTimeOk('2026-03-01', '2026-03-09', { days: 7, unit: 'calendar' })
    expect(ok).toMatchObject({ ok: true, clearDays: 7, earliestHearingDate: '2026-03-09', latestServiceDate: '2026-03-01' })
    const short = noticeLeadTimeOk('2026-03-01', '2026-03-08', { days: 7, unit: 'calendar' })
    expect(short).toMatchObject({ ok: false, clearDays: 6, earliestHearingDate: '2026-03-09', latestServiceDate: '2026-02-28' })
    expect(short.message).toMatch(/仅相隔 6日/)
  })

  test('10 working days across Mid-Autumn (09-25) and National Day 2026 (Shandong preset)', () => {
    const rule = { days: 10, unit: 'working' as const }
    expect(noticeLeadTimeOk('2026-09-25', '2026-10-16', rule, calendar)).toMatchObject({ ok: true, clearDays: 10, earliestHearingDate: '2026-10-16' })
    const short = noticeLeadTimeOk('2026-09-25', '2026-10-15', rule, calendar)
    expect(short).toMatchObject({ ok: false, clearDays: 9, latestServiceDate: '2026-09-23' })
    expect(short.message).toMatch(/个工作日/)
  })

  test('a hearing on or before the service day never has enough notice', () => {
    expect(noticeLeadTimeOk('2026-03-10', '2026-03-10', { days: 3, unit: 'calendar' })).toMatchObject({ ok: false, clearDays: 0 })
    expect(noticeLeadTimeOk('2026-03-10', '2026-03-01', { days: 0, unit: 'calendar' })).toMatchObject({ ok: true, clearDays: 0 })
  })

  test('working-day notice reaching into an unknown year is flagged', () => {
    const r = noticeLeadTimeOk('2026-12-28', '2027-01-12', { days: 5, unit: 'working' }, calendar)
    expect(r.warnings.map((w) => w.year)).toEqual([2027])
  })
})
