import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestApp } from '../../helpers/app.js'
import { auditLogTable, matterHearingPausesTable, matterStagesTable, mattersTable } from '../../../db/schema/index.js'
import { appWithDeadlineRules, createMatter, expectProblem, matterAtReReview, matterBody, matterStep, seedWorld, workingDayRules } from './matters.fixtures.js'

async function setup () {
  const t = await createTestApp()
  const w = seedWorld(t)
  return { t, w }
}

const accepted = (acceptedOn: string) => ({ handling: { acceptingBody: '东城区人力资源和社会保障局', acceptedOn } })

describe('stage deadlines through the API', () => {
  test('calendar days (national rule): 办理 accepted 2026-09-24 is due 60 days from the next day, 2026-11-23, holidays included', async () => {
    const { t, w } = await setup()
    const m = await createMatter(t, w, accepted('2026-09-24'))
    expect(m.stages[0]).toMatchObject({ limitDays: 60, dayUnit: 'calendar', baseDueOn: '2026-11-23', dueOn: '2026-11-23', warnings: [] })
    expect(m.stages[0].deadline).toEqual({ state: 'overdue', daysRemaining: -5, late: true })
  })

  test('working days: 15 working days from 2026-09-24 skip 中秋 and 国庆 (10-01…10-07) and count the make-up Saturday 10-10: due 2026-10-22', async () => {
    const { t, w } = await setup()
    const { app } = await appWithDeadlineRules(t, workingDayRules)
    const res = await app.inject({ method: 'POST', url: '/api/v1/matters', headers: t.admin.headers, payload: matterBody(w, accepted('2026-09-24')) })
    expect(res.statusCode, res.body).toBe(201)
    const m = res.json()
    expect(m.stages[0]).toMatchObject({ limitDays: 15, dayUnit: 'working', rulesetLabel: '测试：工作日', dueOn: '2026-10-22' })
    expect(t.db.select().from(matterStagesTable).get()).toMatchObject({ dayUnit: 'working', limitDays: 15, dueOn: '2026-10-22' })

    // accepted the day before National Day: the first working day counted is 10-08
    const m2 = (await app.inject({ method: 'POST', url: '/api/v1/matters', headers: t.admin.headers, payload: matterBody(w, accepted('2026-09-30')) })).json()
    expect(m2.stages[0].dueOn).toBe('2026-10-27')

    // an extension of 5 working days runs on from the original due date
    const extended = await matterStep(app, t.admin.headers, m, 'POST', '/stages/handling/extension', { days: 5, approvedBy: '局长 李明', reason: '需要补充调查', approvedOn: '2026-10-20' })
    expect(extended.stages[0]).toMatchObject({ baseDueOn: '2026-10-22', dueOn: '2026-10-29', extension: { days: 5, unit: 'working', approvedBy: '局长 李明', approvedOn: '2026-10-20' } })
  })

  test('end to end: the county\'s ruleset (working days) and the holiday override table decide the due date; other counties keep the national rule', async () => {
    const { t, w } = await setup()
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/rulesets',
      headers: t.admin.headers,
      payload: { name: '东城区工作日期限', config: { deadlines: { handling: { days: 15, unit: 'working' } } } }
    })
    expect(created.statusCode, created.body).toBe(201)
    const assigned = await t.app.inject({ method: 'PUT', url: `/api/v1/regions/${w.regions.countyA.id}/ruleset`, headers: t.admin.headers, payload: { rulesetId: created.json().id } })
    expect(assigned.statusCode, assigned.body).toBe(200)

    const a = await createMatter(t, w, accepted('2026-09-24'))
    expect(a.stages[0]).toMatchObject({ dayUnit: 'working', limitDays: 15, dueOn: '2026-10-22', rulesetLabel: expect.stringContaining('东城区工作日期限') })
    const b = await createMatter(t, w, { regionId: w.regions.countyB.id, respondentOrganisationId: w.housing.id, ...accepted('2026-09-24') })
    expect(b.stages[0]).toMatchObject({ dayUnit: 'calendar', dueOn: '2026-11-23', rulesetLabel: '全国默认' })

    // an administrator declares 2026-10-12 a day off: the stage's due date moves without editing the stage
    const override = await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/2026-10-12', headers: t.admin.headers, payload: { kind: 'holiday', note: '测试：临时停工' } })
    expect(override.statusCode, override.body).toBeLessThan(300)
    const recomputed = (await t.app.inject({ method: 'GET', url: `/api/v1/matters/${a.id}`, headers: t.admin.headers })).json()
    expect(recomputed.stages[0].dueOn).toBe('2026-10-23')
    expect(recomputed.version).toBe(a.version + 1)
    const unchanged = (await t.app.inject({ method: 'GET', url: `/api/v1/matters/${b.id}`, headers: t.admin.headers })).json()
    expect(unchanged).toMatchObject({ version: b.version, stages: [{ dueOn: '2026-11-23' }] })
    // an edit recomputes from the same calendar
    const edited = await matterStep(t.app, t.admin.headers, recomputed, 'PATCH', '/stages/handling', { acceptingBody: '东城区人社局' })
    expect(edited.stages[0].dueOn).toBe('2026-10-23')
  })

  test('a stage keeps the rule it was accepted under: the national app recomputes it in working days too', async () => {
    const { t, w } = await setup()
    const { app } = await appWithDeadlineRules(t, workingDayRules)
    const m = (await app.inject({ method: 'POST', url: '/api/v1/matters', headers: t.admin.headers, payload: matterBody(w, accepted('2026-09-24')) })).json()
    const corrected = await matterStep(t.app, t.admin.headers, m, 'PATCH', '/stages/handling', { acceptedOn: '2026-09-30' })
    expect(corrected.stages[0]).toMatchObject({ dayUnit: 'working', dueOn: '2026-10-27' })
  })

  test('an extension of up to 30 days with approver and reason moves the 办理 deadline; more, twice, late or on 复核 is refused', async () => {
    const { t, w } = await setup()
    const m = await createMatter(t, w, accepted('2026-09-24'))
    const extend = (body: Record<string, unknown>, version = m.version, stage = 'handling', id = m.id) =>
      t.app.inject({ method: 'POST', url: `/api/v1/matters/${id}/stages/${stage}/extension`, headers: t.admin.headers, payload: { approvedBy: '局长 李明', reason: '案情复杂', approvedOn: '2026-11-20', ...body, version } })
    expectProblem(await extend({ days: 31 }), 422, 'scheduling.extension_too_long')
    expectProblem(await extend({ days: 10, approvedOn: '2026-11-24' }), 422, 'matters.extension_too_late')
    expectProblem(await extend({ days: 10, approvedOn: '2026-09-23' }), 422, 'matters.invalid_date')
    expectProblem(await extend({ days: 10, approvedBy: '' }), 400, 'request.invalid')
    expect(t.db.select().from(matterStagesTable).get()).toMatchObject({ extensionDays: null, dueOn: '2026-11-23' })

    const ok = await extend({ days: 30 })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json().stages[0]).toMatchObject({ baseDueOn: '2026-11-23', dueOn: '2026-12-23', extension: { days: 30, unit: 'calendar', reason: '案情复杂' }, deadline: { state: 'open', daysRemaining: 25 } })
    expect(t.db.select().from(matterStagesTable).get()).toMatchObject({ extensionDays: 30, extensionApprovedBy: '局长 李明', extensionOn: '2026-11-20', dueOn: '2026-12-23' })
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'matter.stage_extend')).all()).toHaveLength(1)
    expectProblem(await extend({ days: 5 }, ok.json().version), 409, 'matters.already_extended')

    const r = await matterAtReReview(t, w, '2026-11-10')
    expectProblem(await extend({ days: 5, approvedOn: '2026-11-12' }, r.version, 'reReview', r.id), 422, 'scheduling.extension_not_allowed')
  })
})

describe('recordHearingPause (called by the hearing scheduler)', () => {
  test('复核 excludes hearing time: a three-day hearing window moves the due date by three days; re-recording replaces it; removal restores it', async () => {
    const { t, w } = await setup()
    const m = await matterAtReReview(t, w, '2026-11-10')
    expect(m.stages[2]).toMatchObject({ dueOn: '2026-12-10', excludeHearingTime: true })

    const first = t.db.transaction((tx) => t.services.matters.recordHearingPause(tx, { matterId: m.id, from: '2026-11-20', to: '2026-11-22', hearingId: 7 }))
    expect(first).toMatchObject({ stage: 'reReview', dueOn: '2026-12-13', pausedDays: 3, hearingTimeExcluded: true })
    let stored = t.db.select().from(matterStagesTable).where(eq(matterStagesTable.stage, 'reReview')).get()!
    expect(stored).toMatchObject({ dueOn: '2026-12-13', pausedDays: 3 })

    // the hearing was rescheduled to one day, given as instants (taken in Asia/Shanghai)
    const again = t.db.transaction((tx) => t.services.matters.recordHearingPause(tx, { matterId: m.id, from: new Date('2026-11-24T17:00:00Z'), to: new Date('2026-11-25T08:00:00Z'), hearingId: 7 }))
    expect(again).toMatchObject({ dueOn: '2026-12-11', pausedDays: 1 })
    expect(t.db.select().from(matterHearingPausesTable).all().map((p) => [p.hearingId, p.fromOn, p.toOn])).toEqual([[7, '2026-11-25', '2026-11-25']])

    const view = (await t.app.inject({ method: 'GET', url: `/api/v1/matters/${m.id}`, headers: t.admin.headers })).json()
    expect(view.stages[2]).toMatchObject({ dueOn: '2026-12-11', pausedDays: 1, hearingPauses: [{ hearingId: 7, from: '2026-11-25', to: '2026-11-25' }] })
    expect(view.version).toBe(m.version + 2)

    t.db.transaction((tx) => t.services.matters.removeHearingPause(tx, { matterId: m.id, hearingId: 7 }))
    stored = t.db.select().from(matterStagesTable).where(eq(matterStagesTable.stage, 'reReview')).get()!
    expect(stored).toMatchObject({ dueOn: '2026-12-10', pausedDays: 0 })
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'matter.hearing_pause')).all()).toHaveLength(2)
  })

  test('办理 counts hearing time under the national rule: the pause is kept but the due date does not move', async () => {
    const { t, w } = await setup()
    const m = await createMatter(t, w, accepted('2026-11-01'))
    const result = t.db.transaction((tx) => t.services.matters.recordHearingPause(tx, { matterId: m.id, from: '2026-11-10', to: '2026-11-12' }))
    expect(result).toMatchObject({ stage: 'handling', dueOn: '2026-12-31', pausedDays: 0, hearingTimeExcluded: false })
    expect(t.db.select().from(matterHearingPausesTable).all()).toHaveLength(1)
  })

  test('an end before the start, a bad date, an unknown matter or a matter without an open stage is refused and nothing is written', async () => {
    const { t, w } = await setup()
    const m = await createMatter(t, w, accepted('2026-11-01'))
    const unaccepted = await createMatter(t, w)
    const attempt = (input: Parameters<typeof t.services.matters.recordHearingPause>[1]) => {
      try {
        t.db.transaction((tx) => t.services.matters.recordHearingPause(tx, input))
        return null
      } catch (error) {
        return (error as { code?: string }).code
      }
    }
    expect(attempt({ matterId: m.id, from: '2026-11-12', to: '2026-11-10' })).toBe('scheduling.invalid_pause')
    expect(attempt({ matterId: m.id, from: '2026-11-31', to: '2026-12-01' })).toBe('scheduling.invalid_pause')
    expect(attempt({ matterId: 999, from: '2026-11-10', to: '2026-11-12' })).toBe('matters.not_found')
    expect(attempt({ matterId: unaccepted.id, from: '2026-11-10', to: '2026-11-12' })).toBe('matters.no_open_stage')
    expect(t.db.select().from(matterHearingPausesTable).all()).toHaveLength(0)
    expect(t.db.select().from(mattersTable).where(eq(mattersTable.id, m.id)).get()!.version).toBe(1)
  })
})

describe('GET /api/v1/matters/deadlines', () => {
  async function world () {
    const { t, w } = await setup()
    const overdue = await createMatter(t, w, { number: 'A-overdue', ...accepted('2026-09-24') }) // due 2026-11-23
    const soon = await matterAtReReview(t, w, '2026-11-10', { number: 'A-soon' }) // 复核 due 2026-12-10
    await createMatter(t, w, { number: 'A-later', ...accepted('2026-11-20') }) // due 2027-01-19
    const decided = await createMatter(t, w, { number: 'A-decided', ...accepted('2026-09-20') })
    await matterStep(t.app, t.admin.headers, decided, 'POST', '/stages/handling/decision', { decidedOn: '2026-11-01' })
    await createMatter(t, w, { number: 'B-overdue', regionId: w.regions.countyB.id, respondentOrganisationId: w.housing.id, ...accepted('2026-09-01') }) // due 2026-10-31
    await createMatter(t, w, { number: 'A-unaccepted' })
    return { t, w, overdue, soon }
  }

  test('lists the region subtree\'s open stages due within N days or overdue, most urgent first, with days remaining', async () => {
    const { t, w, overdue, soon } = await world()
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/matters/deadlines?regionId=${w.regions.countyA.id}&within=14`, headers: w.hostA.headers })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      today: '2026-11-28',
      within: 14,
      dueBy: '2026-12-12',
      items: [
        expect.objectContaining({ matterId: overdue.id, number: 'A-overdue', stage: 'handling', stageName: '办理', dueOn: '2026-11-23', daysRemaining: -5, state: 'overdue', region: { id: w.regions.countyA.id, name: '东城区' } }),
        expect.objectContaining({ matterId: soon.id, number: 'A-soon', stage: 'reReview', stageName: '复核', dueOn: '2026-12-10', daysRemaining: 12, state: 'due_soon', extended: false })
      ]
    })
    const within7 = await t.app.inject({ method: 'GET', url: `/api/v1/matters/deadlines?regionId=${w.regions.countyA.id}&within=7`, headers: w.hostA.headers })
    expect(within7.json().items.map((i: any) => i.number)).toEqual(['A-overdue'])
  })

  test('withinWorkingDays counts working days on the calendar: from Saturday 2026-11-28, 5 working days reach Friday 12-04, 9 reach Thursday 12-10', async () => {
    const { t, w, overdue, soon } = await world()
    const five = (await t.app.inject({ method: 'GET', url: `/api/v1/matters/deadlines?regionId=${w.regions.countyA.id}&withinWorkingDays=5`, headers: w.hostA.headers })).json()
    expect(five).toMatchObject({ today: '2026-11-28', within: 6, dueBy: '2026-12-04' })
    expect(five.items.map((i: any) => i.matterId)).toEqual([overdue.id])
    const nine = (await t.app.inject({ method: 'GET', url: `/api/v1/matters/deadlines?regionId=${w.regions.countyA.id}&withinWorkingDays=9`, headers: w.hostA.headers })).json()
    expect(nine).toMatchObject({ within: 12, dueBy: '2026-12-10' })
    expect(nine.items.map((i: any) => [i.matterId, i.state])).toEqual([[overdue.id, 'overdue'], [soon.id, 'due_soon']])
    // a holiday entered on Wednesday 12-02 pushes the fifth working day to Monday 12-07
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/2026-12-02', headers: t.admin.headers, payload: { kind: 'holiday', note: '测试' } })).statusCode).toBe(201)
    const moved = (await t.app.inject({ method: 'GET', url: `/api/v1/matters/deadlines?regionId=${w.regions.countyA.id}&withinWorkingDays=5`, headers: w.hostA.headers })).json()
    expect(moved).toMatchObject({ within: 9, dueBy: '2026-12-07' })
  })

  test('defaults to 14 days over the reader\'s whole scope; the city sees every county, sorted across them', async () => {
    const { t, w } = await world()
    const city = await t.app.inject({ method: 'GET', url: '/api/v1/matters/deadlines', headers: w.cityCoordinator.headers })
    expect(city.json().items.map((i: any) => [i.number, i.daysRemaining])).toEqual([['B-overdue', -28], ['A-overdue', -5], ['A-soon', 12]])
    const countyB = await t.app.inject({ method: 'GET', url: '/api/v1/matters/deadlines', headers: w.coordinatorB.headers })
    expect(countyB.json().items.map((i: any) => i.number)).toEqual(['B-overdue'])
  })

  test('another county\'s region is 404; a negative or non-numeric window is 400; officers may not read it', async () => {
    const { t, w } = await world()
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/matters/deadlines?regionId=${w.regions.countyB.id}`, headers: w.coordinatorA.headers }), 404, 'regions.not_found')
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/matters/deadlines?within=-1', headers: t.admin.headers }), 400, 'request.invalid')
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/matters/deadlines?within=soon', headers: t.admin.headers }), 400, 'request.invalid')
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/matters/deadlines', headers: w.officerA.headers }), 403, 'auth.forbidden')
  })
})

describe('due dates follow the working-day calendar', () => {
  /** 办理 limited to 30 working days: accepted 2026-11-27, the period runs into 2027, which chinese-days does not know. */
  const thirtyWorkingDays = () => ({
    label: '测试：30 个工作日',
    limits: { ...workingDayRules(null as never, null as never).limits, handling: { days: 30, unit: 'working' as const, excludeHearingTime: false } }
  })

  test('an override inside the period moves the due date without editing the stage; the unknown-year warning names 2027 only and stays until 2027 is confirmed in full', async () => {
    const { t, w } = await setup()
    const { app } = await appWithDeadlineRules(t, thirtyWorkingDays)
    const res = await app.inject({ method: 'POST', url: '/api/v1/matters', headers: t.admin.headers, payload: matterBody(w, accepted('2026-11-27')) })
    expect(res.statusCode, res.body).toBe(201)
    const m = res.json()
    expect(m.stages[0]).toMatchObject({ dayUnit: 'working', dueOn: '2027-01-08', warnings: [{ code: 'calendar.unknown_year', year: 2027 }] })

    const get = async () => (await t.app.inject({ method: 'GET', url: `/api/v1/matters/${m.id}`, headers: t.admin.headers })).json()
    // New Year's Day 2027 entered as a holiday: one working day less in the period, due a working day later
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/2027-01-01', headers: t.admin.headers, payload: { kind: 'holiday', note: '元旦' } })).statusCode).toBe(201)
    let view = await get()
    expect(view.stages[0]).toMatchObject({ dueOn: '2027-01-11', baseDueOn: '2027-01-11', warnings: [{ year: 2027 }] })
    expect(view.version).toBe(m.version + 1)

    // the deadline list shows the same due date and the warning
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/matters/deadlines?within=60', headers: t.admin.headers })).json()
    expect(list.items).toEqual([expect.objectContaining({ matterId: m.id, dueOn: '2027-01-11', warnings: [expect.objectContaining({ year: 2027 })] })])

    // the administrator confirms 2027 is entered in full: the warning goes, nobody touched the stage
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/calendar-years/2027', headers: t.admin.headers, payload: { note: '2027年放假安排已全部录入' } })).statusCode).toBe(201)
    view = await get()
    expect(view.stages[0]).toMatchObject({ dueOn: '2027-01-11', warnings: [] })

    // removing the override gives the day back
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/holiday-overrides/2027-01-01', headers: t.admin.headers })).statusCode).toBe(204)
    expect((await get()).stages[0]).toMatchObject({ dueOn: '2027-01-08', warnings: [] })
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'matter.deadline_recalculated')).all().map((a) => (a.diff.after as any).stages[0].dueOn)).toEqual(['2027-01-11', '2027-01-11', '2027-01-08'])
  })

  test('an override outside the period, or on a stage counted in calendar days, changes nothing', async () => {
    const { t, w } = await setup()
    const { app } = await appWithDeadlineRules(t, workingDayRules)
    const working = (await app.inject({ method: 'POST', url: '/api/v1/matters', headers: t.admin.headers, payload: matterBody(w, accepted('2026-11-02')) })).json() // due 2026-11-23
    const calendarDays = await createMatter(t, w, accepted('2026-11-02'))
    expect(working.stages[0].dueOn).toBe('2026-11-23')
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/2026-11-24', headers: t.admin.headers, payload: { kind: 'holiday', note: '测试' } })).statusCode).toBe(201)
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/2026-11-10', headers: t.admin.headers, payload: { kind: 'holiday', note: '测试' } })).statusCode).toBe(201)
    const w1 = (await t.app.inject({ method: 'GET', url: `/api/v1/matters/${working.id}`, headers: t.admin.headers })).json()
    const c1 = (await t.app.inject({ method: 'GET', url: `/api/v1/matters/${calendarDays.id}`, headers: t.admin.headers })).json()
    // 11-24 lay after the due date and changed nothing; 11-10 lay inside: one more working day, and 11-24 is now off too
    expect(w1.stages[0].dueOn).toBe('2026-11-25')
    expect(w1.version).toBe(working.version + 1)
    expect(c1).toMatchObject({ version: calendarDays.version, stages: [{ dueOn: calendarDays.stages[0].dueOn }] })
  })
})
