import { describe, expect, test } from 'vitest'
import { createTestApp, seedRegionTree } from '../../helpers/app.js'
import { auditLogTable, holidayOverridesTable } from '../../../db/schema/index.js'
import { loadWorkCalendar } from '../../../server/modules/calendar-days/calendar-days.service.js'
import { countDays } from '../../../server/modules/scheduling/deadlines.js'

type Res = { statusCode: number, headers: Record<string, unknown>, json: () => any }

function expectProblem (res: Res, status: number, code: string) {
  expect(res.statusCode).toBe(status)
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/)
  expect(res.json()).toMatchObject({ status, code })
}

describe('holiday overrides', () => {
  test('an admin enters 2027 New Year; the year becomes known and working-day counts skip it', async () => {
    const t = await createTestApp()
    const before = await t.app.inject({ method: 'GET', url: '/api/v1/holiday-overrides?year=2027', headers: t.admin.headers })
    expect(before.json()).toEqual({ items: [], coverage: { year: 2027, packageKnowsYear: false, overrideCount: 0, known: false, message: expect.stringContaining('2027年') } })

    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/2027-01-01', headers: t.admin.headers, payload: { kind: 'holiday', note: '元旦' } })
    expect(put.statusCode).toBe(201)
    expect(put.json()).toMatchObject({ date: '2027-01-01', kind: 'holiday', note: '元旦', updatedByName: 'admin-1' })

    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/holiday-overrides?year=2027', headers: t.admin.headers })).json()
    expect(after.coverage).toMatchObject({ known: true, overrideCount: 1, message: null })

    const calendar = loadWorkCalendar(t.db)
    expect(calendar.isWorkday('2027-01-01')).toBe(false)
    expect(countDays({ from: '2026-12-31', days: 1, unit: 'working', calendar })).toEqual({ due: '2027-01-04', pausedDays: 0, warnings: [] })
    expect(t.db.select().from(auditLogTable).all().map((a) => [a.action, a.entityId])).toEqual([['holiday_override.create', '2027-01-01']])
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
