import { describe, expect, it } from 'vitest'
import { createWorkCalendar } from '../../../server/common/workdays.js'
import {
  cronOf, dailyRunDue, hearingUpcoming, maskUrl, isHttpUrl, minutesOverdue, nearestCoordinators, noticeDue, scheduledInstant, stageDeadlineDue,
  stageDeadlineHorizon, termEnding, wecomPayload, WECOM_MAX_BYTES, type ReminderItem
} from '../../../server/modules/reminders/reminders.rules.js'

// Weekdays checked by hand: 2026-11-28 is a Saturday (2026-11-01 a Sunday), so 2026-12-04 is a Friday,
// 12-05/12-06 the weekend, 12-07 a Monday. No statutory holiday falls in these weeks of 2026.
const plain = createWorkCalendar()
const withHoliday = (date: string) => createWorkCalendar({ overrides: [{ date, kind: 'holiday' }] })
const at = (iso: string) => new Date(iso)

describe('daily time', () => {
  it('is due from the configured minute in Shanghai on', () => {
    expect(scheduledInstant('2026-11-28', '08:00')).toBe(Date.parse('2026-11-28T00:00:00Z'))
    expect(dailyRunDue(at('2026-11-27T23:59:59Z'), '08:00')).toEqual({ date: '2026-11-28', due: false })
    expect(dailyRunDue(at('2026-11-28T00:00:00Z'), '08:00')).toEqual({ date: '2026-11-28', due: true })
    // 23:30 UTC is already the next day in Shanghai (07:30), before 08:00
    expect(dailyRunDue(at('2026-11-28T23:30:00Z'), '08:00')).toEqual({ date: '2026-11-29', due: false })
    expect(cronOf('08:05')).toBe('5 8 * * *')
    expect(() => scheduledInstant('2026-11-28', '24:00')).toThrow(RangeError)
  })
})

describe('hearings in the next N days', () => {
  const today = '2026-11-28'
  it('covers today through today + N, by the Shanghai date of the start', () => {
    expect(hearingUpcoming({ startsAt: at('2026-12-01T01:30:00Z'), status: 'notified' }, { today, days: 3 })).toEqual({ dueOn: '2026-12-01' })
    expect(hearingUpcoming({ startsAt: at('2026-12-01T16:30:00Z'), status: 'scheduled' }, { today, days: 3 })).toBeNull() // 12-02 00:30 Shanghai
    expect(hearingUpcoming({ startsAt: at('2026-11-27T16:30:00Z'), status: 'scheduled' }, { today, days: 3 })).toEqual({ dueOn: '2026-11-28' })
    expect(hearingUpcoming({ startsAt: at('2026-12-01T01:30:00Z'), status: 'cancelled' }, { today, days: 3 })).toBeNull()
    expect(hearingUpcoming({ startsAt: at('2026-11-27T01:30:00Z'), status: 'notified' }, { today, days: 3 })).toBeNull()
  })
})

describe('minutes not finalised N days after the hearing', () => {
  const h = { startsAt: at('2026-11-20T01:30:00Z'), recording: true, minutesFinal: false }
  it('is due on hearing date + N and caught up for seven more days', () => {
    expect(minutesOverdue(h, { today: '2026-11-22', days: 3 })).toBeNull()
    expect(minutesOverdue(h, { today: '2026-11-23', days: 3 })).toEqual({ dueOn: '2026-11-23' })
    expect(minutesOverdue(h, { today: '2026-11-30', days: 3 })).toEqual({ dueOn: '2026-11-23' })
    expect(minutesOverdue(h, { today: '2026-12-01', days: 3 })).toBeNull()
    expect(minutesOverdue({ ...h, minutesFinal: true }, { today: '2026-11-23', days: 3 })).toBeNull()
    expect(minutesOverdue({ ...h, recording: false }, { today: '2026-11-23', days: 3 })).toBeNull()
  })
})

describe('terms ending within N days', () => {
  const today = '2026-11-28'
  it('covers appointed members whose last day is today to today + N', () => {
    expect(termEnding({ status: 'active', termEnd: '2026-12-28' }, { today, days: 30 })).toEqual({ dueOn: '2026-12-28' })
    expect(termEnding({ status: 'active', termEnd: '2026-12-29' }, { today, days: 30 })).toBeNull()
    expect(termEnding({ status: 'suspended', termEnd: '2026-11-28' }, { today, days: 30 })).toEqual({ dueOn: '2026-11-28' })
    expect(termEnding({ status: 'removed', termEnd: '2026-12-01' }, { today, days: 30 })).toBeNull()
    expect(termEnding({ status: 'active', termEnd: '2026-11-27' }, { today, days: 30 })).toBeNull()
  })
})

describe('stage deadlines within N working days', () => {
  it('counts working days from the day after today, over the weekend and a holiday', () => {
    expect(stageDeadlineHorizon('2026-12-04', 1, plain)).toBe('2026-12-07') // Fri → Mon
    expect(stageDeadlineHorizon('2026-12-04', 3, plain)).toBe('2026-12-09') // Mon, Tue, Wed
    expect(stageDeadlineHorizon('2026-12-04', 1, withHoliday('2026-12-07'))).toBe('2026-12-08')
    expect(stageDeadlineHorizon('2026-12-04', 3, withHoliday('2026-12-08'))).toBe('2026-12-10') // Mon, Wed, Thu
  })
  it('reminds of open stages due from today to the horizon, a weekend due date included', () => {
    const horizon = '2026-12-07'
    expect(stageDeadlineDue({ dueOn: '2026-12-05', decidedOn: null }, { today: '2026-12-04', horizon })).toEqual({ dueOn: '2026-12-05' })
    expect(stageDeadlineDue({ dueOn: '2026-12-07', decidedOn: null }, { today: '2026-12-04', horizon })).toEqual({ dueOn: '2026-12-07' })
    expect(stageDeadlineDue({ dueOn: '2026-12-08', decidedOn: null }, { today: '2026-12-04', horizon })).toBeNull()
    expect(stageDeadlineDue({ dueOn: '2026-12-03', decidedOn: null }, { today: '2026-12-04', horizon })).toBeNull()
    expect(stageDeadlineDue({ dueOn: '2026-12-05', decidedOn: '2026-12-01' }, { today: '2026-12-04', horizon })).toBeNull()
  })
})

describe('notices that must be served by tomorrow', () => {
  const general = { days: 7, unit: 'calendar' as const }
  const simple = { days: 3, unit: 'working' as const }
  const scheduled = (iso: string) => ({ startsAt: at(iso), status: 'scheduled' as const, noticeServedOn: null })
  it('general, 7 calendar days: a hearing on 12-10 must be served by 12-02 (12-03…12-09 between)', () => {
    const h = scheduled('2026-12-10T01:30:00Z')
    expect(noticeDue(h, general, { today: '2026-11-30', calendar: plain })).toBeNull()
    expect(noticeDue(h, general, { today: '2026-12-01', calendar: plain })).toEqual({ dueOn: '2026-12-02' })
    expect(noticeDue(h, general, { today: '2026-12-02', calendar: plain })).toEqual({ dueOn: '2026-12-02' })
    expect(noticeDue(h, general, { today: '2026-12-03', calendar: plain })).toBeNull()
    expect(noticeDue({ ...h, noticeServedOn: '2026-12-01' }, general, { today: '2026-12-01', calendar: plain })).toBeNull()
    expect(noticeDue({ ...h, status: 'notified' }, general, { today: '2026-12-01', calendar: plain })).toBeNull()
  })
  it('simple, 3 working days across the weekend: a Tuesday 12-08 hearing by Wed 12-02; a Friday holiday moves it to 12-01', () => {
    const h = scheduled('2026-12-08T01:30:00Z')
    expect(noticeDue(h, simple, { today: '2026-12-01', calendar: plain })).toEqual({ dueOn: '2026-12-02' }) // 12-03, 12-04, 12-07 between
    expect(noticeDue(h, simple, { today: '2026-12-01', calendar: withHoliday('2026-12-04') })).toEqual({ dueOn: '2026-12-01' }) // 12-02, 12-03, 12-07
  })
})

describe('recipients and payloads', () => {
  it('takes the coordinators of the nearest region that has some', () => {
    const map = new Map([['/1/2/', ['county']], ['/1/', ['city']], ['/1/2/3/', []]])
    expect(nearestCoordinators('/1/2/3/4/', map)).toEqual(['county'])
    expect(nearestCoordinators('/1/5/', map)).toEqual(['city'])
    expect(nearestCoordinators('/9/', map)).toEqual([])
  })
  it('keeps a WeCom digest within 4096 bytes and says how many lines were left out', () => {
    const items: ReminderItem[] = Array.from({ length: 200 }, (_, i) => ({
      kind: 'hearing_upcoming', subjectId: i + 1, dueOn: '2026-12-01', regionPath: '/1/', path: `/api/v1/hearings/${i + 1}`, summary: `滨信复〔2026〕${i + 1}号 听证定于 2026-12-01 09:30`, detail: '', recipients: []
    }))
    const payload = wecomPayload({ runId: 1, scheduledFor: '2026-11-28', generatedAt: '2026-11-28T09:00:00.000+08:00', items, test: false }, 'https://tz.example.gov.cn')
    expect(payload.msgtype).toBe('markdown')
    expect(Buffer.byteLength(payload.markdown.content, 'utf8')).toBeLessThanOrEqual(WECOM_MAX_BYTES)
    expect(payload.markdown.content).toMatch(/……另有 \d+ 行未列出/)
    expect(payload.markdown.content).toContain('[查看](https://tz.example.gov.cn/api/v1/hearings/1)')
  })
  it('shows URLs without their key and accepts only http(s)', () => {
    expect(maskUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=73febdcb-1b38')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***')
    expect(isHttpUrl('https://hooks.example.com/x')).toBe(true)
    expect(isHttpUrl('ftp://hooks.example.com/x')).toBe(false)
    expect(isHttpUrl('https://user:pw@hooks.example.com/x')).toBe(false)
    expect(isHttpUrl('javascript:alert(1)')).toBe(false)
  })
})
