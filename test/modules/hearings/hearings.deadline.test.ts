import { describe, expect, test } from 'vitest'
import { count, eq } from 'drizzle-orm'
import { hearingsTable, matterStagesTable } from '../../../db/schema/index.js'
import { hearingFixture } from './hearings.fixture.js'

type Res = { statusCode: number, json: () => any }
const deadlineProblems = (res: Res) => res.json().problems.filter((p: { type: string }) => p.type === 'after_deadline' || p.type === 'decision_time_short')
const on = (day: string) => ({ startsAt: `${day}T09:00:00+08:00`, endsAt: `${day}T11:00:00+08:00` })

async function fixture () {
  const f = await hearingFixture()
  const preview = (overrides: Record<string, unknown>) => f.t.app.inject({ method: 'POST', url: '/api/v1/hearings/preview', headers: f.t.admin.headers, payload: f.body(overrides) })
  return { ...f, preview }
}

describe('a hearing must leave time for the stage\'s decision', () => {
  // the fixture's matter: 办理 accepted 2026-11-02, 60 calendar days, due 2027-01-01
  test('a hearing after the stage\'s due date is an error naming the deadline; the commit is refused', async () => {
    const f = await fixture()
    const res = await f.preview(on('2027-01-05'))
    expect(res.statusCode).toBe(200)
    expect(deadlineProblems(res)).toEqual([{
      type: 'after_deadline',
      severity: 'error',
      subject: { kind: 'hearing', id: null },
      message: expect.stringContaining('晚于办理阶段期限（2027-01-01 届满）')
    }])
    expect(deadlineProblems(res)[0].message).toContain('听证日期（2027-01-05）')
    const create = await f.create(on('2027-01-05'))
    expect(create.statusCode).toBe(409)
    expect(deadlineProblems(create).map((p: any) => p.type)).toEqual(['after_deadline'])
    expect(f.t.db.select({ n: count() }).from(hearingsTable).get()!.n).toBe(0)
  })

  test('a hearing with fewer than 7 working days left before the due date is a warning; with enough it is clean', async () => {
    const f = await fixture()
    // after 2026-12-28: 12-29, 12-30, 12-31 and 2027-01-01 (a Friday; 2027 counted Monday to Friday) = 4 working days
    const late = await f.preview(on('2026-12-28'))
    expect(deadlineProblems(late)).toEqual([expect.objectContaining({ type: 'decision_time_short', severity: 'warning' })])
    expect(deadlineProblems(late)[0].message).toContain('仅余 4 个工作日，少于规则要求的 7 个工作日')
    const created = await f.create(on('2026-12-28'))
    expect(created.statusCode, JSON.stringify(created.json())).toBe(201)
    expect(deadlineProblems(await f.preview(on('2026-12-10')))).toEqual([])
  })

  test('moving a stored hearing past the due date is refused', async () => {
    const f = await fixture()
    const created = await f.create(on('2026-12-10'))
    expect(created.statusCode).toBe(201)
    const { hearing } = created.json()
    const moved = await f.t.app.inject({ method: 'PATCH', url: `/api/v1/hearings/${hearing.id}`, headers: f.t.admin.headers, payload: { ...on('2027-01-04'), version: hearing.version } })
    expect(moved.statusCode).toBe(409)
    expect(deadlineProblems(moved).map((p: any) => p.type)).toEqual(['after_deadline'])
  })

  test('复核 does not count hearing time: from today to the hearing day the limit stands still, so a hearing after the stored due date still fits', async () => {
    const f = await fixture()
    f.t.db.update(matterStagesTable).set({ stage: 'reReview', acceptedOn: '2026-11-20', limitDays: 30, excludeHearingTime: true, baseDueOn: '2026-12-20', dueOn: '2026-12-20' })
      .where(eq(matterStagesTable.matterId, f.matter.id)).run()
    // 2026-11-28 … 2026-12-24 (27 days) not counted: due 2026-12-20 + 27 = 2027-01-16
    expect(deadlineProblems(await f.preview(on('2026-12-24')))).toEqual([])
    // the same stage counting hearing time: the hearing is too late
    f.t.db.update(matterStagesTable).set({ excludeHearingTime: false }).where(eq(matterStagesTable.matterId, f.matter.id)).run()
    const counted = deadlineProblems(await f.preview(on('2026-12-24')))
    expect(counted).toEqual([expect.objectContaining({ type: 'after_deadline', message: expect.stringContaining('复核阶段期限（2026-12-20 届满）') })])
  })

  test('the severities and the minimum are ruleset values with their sources; a region may relax them', async () => {
    const f = await fixture()
    const h = f.t.admin.headers
    const effective = (await f.t.app.inject({ method: 'GET', url: `/api/v1/regions/${f.regions.townA.id}/effective-ruleset`, headers: h })).json()
    expect(effective.config.hearingTiming).toEqual({ afterDueSeverity: 'error', minDecisionWorkingDays: 7, shortDecisionSeverity: 'warning' })
    for (const key of ['afterDueSeverity', 'minDecisionWorkingDays', 'shortDecisionSeverity']) {
      expect(effective.config.sources[`hearingTiming.${key}`]).toEqual({ tag: 'INFER', ref: expect.stringMatching(/S15|S-A5|S1b/) })
      expect(effective.config.sources[`hearingTiming.${key}`].ref).not.toMatch(/DOMAIN/)
    }
    const created = await f.t.app.inject({ method: 'POST', url: '/api/v1/rulesets', headers: h, payload: { name: '宽松期限检查', config: { hearingTiming: { afterDueSeverity: 'warning', minDecisionWorkingDays: 0 } } } })
    expect(created.statusCode, created.body).toBe(201)
    expect((await f.t.app.inject({ method: 'PUT', url: `/api/v1/regions/${f.regions.countyA.id}/ruleset`, headers: h, payload: { rulesetId: created.json().id } })).statusCode).toBe(200)
    expect(deadlineProblems(await f.preview(on('2027-01-05')))).toEqual([expect.objectContaining({ type: 'after_deadline', severity: 'warning' })])
    expect(deadlineProblems(await f.preview(on('2026-12-28')))).toEqual([])
  })
})
