import { describe, expect, test } from 'vitest'
import { createTestApp, seedRegionTree } from '../../helpers/app.js'
import { auditLogTable, holidayOverridesTable } from '../../../db/schema/index.js'
import { loadWorkCalendar } from '../../../server/modules/calendar-days/calendar-days.service.js'
import { countDays } from '../../../server/modules/matters/matters.time-limits.rules.js'

type Res = { statusCode: number, headers: Record<string, unknown>, json: () => any }

function expectProblem (res: Res, status: number, code: string) {
  expect(res.statusCode).toBe(status)
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/)
  expect(res.json()).toMatchObject({ status, code })
}

describe('holiday overrides', () => {
  test('an admin enters 2027 New Year: counts skip it, but the year is known only once the admin confirms it is entered in full', async () => {
    const t = await createTestApp()
    const before = await t.app.inject({ method: 'GET', url: '/api/v1/holiday-overrides?year=2027', headers: t.admin.headers })
    expect(before.json()).toEqual({ items: [], coverage: { year: 2027, packageKnowsYear: false, overrideCount: 0, confirmed: null, known: false, message: expect.stringContaining('2027年') } })

    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/2027-01-01', headers: t.admin.headers, payload: { kind: 'holiday', note: '元旦' } })
    expect(put.statusCode).toBe(201)
    expect(put.json()).toMatchObject({ date: '2027-01-01', kind: 'holiday', note: '元旦', updatedByName: 'admin-1' })

    // one entered day says nothing about the rest of 2027 (Spring Festival, make-up days…): still unknown
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/holiday-overrides?year=2027', headers: t.admin.headers })).json()
    expect(after.coverage).toMatchObject({ known: false, overrideCount: 1, confirmed: null, message: expect.stringContaining('尚未确认') })
    let calendar = loadWorkCalendar(t.db)
    expect(calendar.isWorkday('2027-01-01')).toBe(false)
    expect(countDays({ from: '2026-12-31', days: 1, unit: 'working', calendar })).toMatchObject({ due: '2027-01-04', warnings: [{ code: 'calendar.unknown_year', year: 2027 }] })

    const confirm = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar-years/2027', headers: t.admin.headers, payload: { note: '2027年放假安排已全部录入' } })
    expect(confirm.statusCode, confirm.body).toBe(201)
    expect(confirm.json()).toMatchObject({ year: 2027, known: true, overrideCount: 1, confirmed: { note: '2027年放假安排已全部录入', confirmedByName: 'admin-1', confirmedAt: '2026-11-28T09:00:00.000+08:00' }, message: null })
    calendar = loadWorkCalendar(t.db)
    expect(countDays({ from: '2026-12-31', days: 1, unit: 'working', calendar })).toEqual({ due: '2027-01-04', pausedDays: 0, warnings: [] })
    expect(t.db.select().from(auditLogTable).all().map((a) => [a.action, a.entityId])).toEqual([['holiday_override.create', '2027-01-01'], ['calendar_year.confirm', '2027']])
  })

  test('confirmed years are listed per year with the package\'s years; a withdrawal makes the year unknown again; only admins confirm', async () => {
    const t = await createTestApp()
    const { townA } = seedRegionTree(t)
    const coordinator = t.userWithToken({ role: 'coordinator', regionId: townA.id })
    expectProblem(await t.app.inject({ method: 'PUT', url: '/api/v1/calendar-years/2027', headers: coordinator.headers, payload: { note: 'x' } }), 403, 'auth.forbidden')
    expectProblem(await t.app.inject({ method: 'PUT', url: '/api/v1/calendar-years/1999', headers: t.admin.headers, payload: { note: 'x' } }), 400, 'request.invalid')
    expectProblem(await t.app.inject({ method: 'PUT', url: '/api/v1/calendar-years/2027', headers: t.admin.headers, payload: { note: ' ' } }), 400, 'request.invalid')
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/v1/calendar-years/2027', headers: t.admin.headers }), 404, 'calendar_days.year_not_confirmed')
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/calendar-years/2027', headers: t.admin.headers, payload: { note: '已全部录入' } })).statusCode).toBe(201)
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/calendar-years/2027', headers: t.admin.headers, payload: { note: '已全部录入（复核）' } })).statusCode).toBe(200)

    const years = await t.app.inject({ method: 'GET', url: '/api/v1/calendar-years?from=2026&to=2028', headers: coordinator.headers })
    expect(years.statusCode).toBe(200)
    expect(years.json().items.map((y: any) => [y.year, y.packageKnowsYear, y.confirmed?.note ?? null, y.known])).toEqual([
      [2026, true, null, true], [2027, false, '已全部录入（复核）', true], [2028, false, null, false]
    ])
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/calendar-years?from=2028&to=2026', headers: t.admin.headers }), 400, 'scheduling.invalid_date')

    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/calendar-years/2027', headers: t.admin.headers })).statusCode).toBe(204)
    expect(loadWorkCalendar(t.db).isKnownYear(2027)).toBe(false)
    const days = (await t.app.inject({ method: 'GET', url: '/api/v1/calendar-days?from=2026-12-30&to=2027-01-02', headers: t.admin.headers })).json()
    expect(days.unknownYears).toEqual([2027])
  })

  test('putting the same date again updates it (200) and an override beats the package', async () => {
    const t = await createTestApp()
    await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/2026-10-10', headers: t.admin.headers, payload: { kind: 'holiday', note: '本市调整' } })
    const again = await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/2026-10-10', headers: t.admin.headers, payload: { kind: 'workday', note: '恢复调休上班' } })
    expect(again.statusCode).toBe(200)
    expect(t.db.select().from(holidayOverridesTable).all()).toHaveLength(1)
    const days = (await t.app.inject({ method: 'GET', url: '/api/v1/calendar-days?from=2026-10-09&to=2026-10-11', headers: t.admin.headers })).json()
    expect(days).toEqual({
      days: [
        { date: '2026-10-09', workday: true, source: 'package', note: null },
        { date: '2026-10-10', workday: true, source: 'override', note: '恢复调休上班' },
        { date: '2026-10-11', workday: false, source: 'package', note: null }
      ],
      unknownYears: []
    })
  })

  test('delete restores the package data; deleting a date without an override is 404', async () => {
    const t = await createTestApp()
    await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/2026-10-10', headers: t.admin.headers, payload: { kind: 'holiday', note: 'x' } })
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/holiday-overrides/2026-10-10', headers: t.admin.headers })).statusCode).toBe(204)
    expect(loadWorkCalendar(t.db).describe('2026-10-10').source).toBe('package')
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/v1/holiday-overrides/2026-10-10', headers: t.admin.headers }), 404, 'calendar_days.not_found')
  })

  test('bad dates, kinds and ranges are 400 with nothing written; only admins may write', async () => {
    const t = await createTestApp()
    const { townA } = seedRegionTree(t)
    expectProblem(await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/2027-02-30', headers: t.admin.headers, payload: { kind: 'holiday', note: 'x' } }), 400, 'request.invalid')
    expectProblem(await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/20270101', headers: t.admin.headers, payload: { kind: 'holiday', note: 'x' } }), 400, 'request.invalid')
    expectProblem(await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/2027-01-01', headers: t.admin.headers, payload: { kind: 'rest', note: 'x' } }), 400, 'request.invalid')
    expectProblem(await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/2027-01-01', headers: t.admin.headers, payload: { kind: 'holiday', note: '  ' } }), 400, 'request.invalid')
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/calendar-days?from=2026-01-01&to=2027-06-01', headers: t.admin.headers }), 400, 'calendar_days.range_too_long')
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/calendar-days?from=2026-03-01&to=2026-02-01', headers: t.admin.headers }), 400, 'scheduling.invalid_date')
    const coordinator = t.userWithToken({ role: 'coordinator', regionId: townA.id })
    expectProblem(await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/2027-01-01', headers: coordinator.headers, payload: { kind: 'holiday', note: '元旦' } }), 403, 'auth.forbidden')
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/holiday-overrides', headers: coordinator.headers })).statusCode).toBe(200)
    expect(t.db.select().from(holidayOverridesTable).all()).toHaveLength(0)
  })

  test('a range into an unknown year reports it', async () => {
    const t = await createTestApp()
    const res = (await t.app.inject({ method: 'GET', url: '/api/v1/calendar-days?from=2026-12-30&to=2027-01-02', headers: t.admin.headers })).json()
    expect(res.unknownYears).toEqual([2027])
    expect(res.days.at(-1)).toEqual({ date: '2027-01-02', workday: false, source: 'weekday_rule', note: null })
  })
})
