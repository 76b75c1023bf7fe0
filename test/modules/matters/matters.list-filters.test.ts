import { describe, expect, test } from 'vitest'
import { createTestApp } from '../../helpers/app.js'
import { createMatter, expectProblem, matterAtReReview, matterStep, seedWorld } from './matters.fixtures.js'

// The clock of test/helpers/app.ts stands at 2026-11-28 (a Saturday) in China.

async function setup () {
  const t = await createTestApp()
  const w = seedWorld(t)
  const list = async (query: string, headers = t.admin.headers) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/matters${query}`, headers })
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }
  const body = (acceptedOn: string) => ({ handling: { acceptingBody: '东城区人力资源和社会保障局', acceptedOn } })
  // notAccepted: no stage; open: 办理 due 2027-01-01; overdue: 办理 due 2026-10-31; soon: 办理 from 2026-10-04, 60 days → 2026-12-03 (Thu)
  const notAccepted = await createMatter(t, w, { title: '未受理事项' })
  const open = await createMatter(t, w, { title: '在办事项', ...body('2026-11-02') })
  const overdue = await createMatter(t, w, { title: '超期事项', ...body('2026-09-01') })
  const soon = await createMatter(t, w, { title: '将到期事项', ...body('2026-10-04') })
  let decided = await createMatter(t, w, { title: '已办结事项', ...body('2026-09-01') })
  decided = await matterStep(t.app, t.admin.headers, decided, 'POST', '/stages/handling/decision', { decidedOn: '2026-09-20' })
  // 复核 accepted 2026-11-10, due 2026-12-10
  const reReview = await matterAtReReview(t, w, '2026-11-10', { title: '复核事项' })
  return { t, w, list, notAccepted, open, overdue, soon, decided, reReview }
}

const titles = (page: { items: { title: string }[] }) => page.items.map((i) => i.title)

describe('GET /api/v1/matters filters', () => {
  test('each matter carries its status, latest stage and the deadline of the stage under way', async () => {
    const { list, soon, notAccepted, reReview } = await setup()
    const page = await list('')
    expect(page.today).toBe('2026-11-28')
    expect(page.dueBy).toBeNull()
    const byId = new Map(page.items.map((i: any) => [i.id, i]))
    expect(byId.get(soon.id)).toMatchObject({
      status: 'open',
      statusName: '办理中',
      currentStage: 'handling',
      currentStageName: '办理',
      latestStage: 'handling',
      currentDueOn: '2026-12-03',
      currentDeadline: { state: 'due_soon', daysRemaining: 5, dayUnit: 'calendar', warnings: [] }
    })
    expect(byId.get(notAccepted.id)).toMatchObject({ status: 'not_accepted', statusName: '未受理', currentStage: null, latestStage: null, currentDeadline: null })
    expect(byId.get(reReview.id)).toMatchObject({ status: 'open', currentStage: 'reReview', latestStage: 'reReview', latestStageName: '复核', currentDueOn: '2026-12-10' })
  })

  test('status: not accepted, open, overdue past the due date, decided', async () => {
    const { t, list } = await setup()
    expect(titles(await list('?status=not_accepted'))).toEqual(['未受理事项'])
    expect(titles(await list('?status=overdue'))).toEqual(['超期事项'])
    expect(titles(await list('?status=decided'))).toEqual(['已办结事项'])
    expect(new Set(titles(await list('?status=open')))).toEqual(new Set(['在办事项', '将到期事项', '复核事项']))
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/matters?status=closed', headers: t.admin.headers }), 400, 'request.invalid')
  })

  test('stage is the latest stage accepted: a matter at 复核 is not listed under 办理', async () => {
    const { list } = await setup()
    expect(titles(await list('?stage=reReview'))).toEqual(['复核事项'])
    expect(titles(await list('?stage=review'))).toEqual([])
    expect(new Set(titles(await list('?stage=handling')))).toEqual(new Set(['在办事项', '超期事项', '将到期事项', '已办结事项']))
    expect(titles(await list('?stage=handling&status=decided'))).toEqual(['已办结事项'])
  })

  test('due within N working days counts working days from today; overdue and decided stages are not listed', async () => {
    const { list } = await setup()
    // 2026-11-28 is a Saturday: the 5th working day after it is Friday 2026-12-04
    const five = await list('?dueWithinWorkingDays=5')
    expect(five.dueBy).toEqual({ workingDays: 5, date: '2026-12-04', warnings: [] })
    expect(titles(five)).toEqual(['将到期事项'])
    // the 8th is Wednesday 2026-12-09, the 9th Thursday 2026-12-10 (the 复核 due date)
    expect((await list('?dueWithinWorkingDays=8')).dueBy.date).toBe('2026-12-09')
    expect(new Set(titles(await list('?dueWithinWorkingDays=9')))).toEqual(new Set(['将到期事项', '复核事项']))
    // 0: due today only (none is)
    expect((await list('?dueWithinWorkingDays=0')).total).toBe(0)
    // counting into 2027, whose holidays the calendar does not know yet: the service warns
    const far = await list('?dueWithinWorkingDays=30')
    expect(far.dueBy.warnings).toEqual([expect.objectContaining({ code: 'calendar.unknown_year', year: 2027 })])
    expect(new Set(titles(far))).toEqual(new Set(['将到期事项', '复核事项', '在办事项']))
  })

  test('sort=due puts the most urgent stage under way first and matters without one last; filters combine with paging', async () => {
    const { list } = await setup()
    const page = await list('?sort=due')
    expect(titles(page).slice(0, 4)).toEqual(['超期事项', '将到期事项', '复核事项', '在办事项'])
    expect(new Set(titles(page).slice(4))).toEqual(new Set(['未受理事项', '已办结事项']))
    const paged = await list('?sort=due&status=open&pageSize=2&page=2')
    expect(paged).toMatchObject({ total: 3, page: 2, pageSize: 2 })
    expect(titles(paged)).toEqual(['在办事项'])
  })

  test('the vocabulary lists every value with its Chinese name, the five third-party situations among them', async () => {
    const { t, w } = await setup()
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/matters/vocabulary', headers: w.auditorA.headers })
    expect(res.statusCode).toBe(200)
    const v = res.json()
    expect(v.stages).toEqual([{ code: 'handling', label: '办理' }, { code: 'review', label: '复查' }, { code: 'reReview', label: '复核' }])
    expect(v.statuses.map((s: any) => s.label)).toEqual(['未受理', '办理中', '已超期', '已作出意见'])
    expect(v.thirdPartySituations).toHaveLength(5)
    expect(v.thirdPartySituations[1]).toEqual({ code: 'fact_dispute', label: '信访人与办理机关对事实认定存在重大分歧的' })
    expect(v.flags).toContainEqual({ code: 'involvesStateSecret', label: '涉及国家秘密' })
    expect(v.notificationMethods).toContainEqual({ code: 'in_person', label: '当面告知' })
    const officer = await t.app.inject({ method: 'GET', url: '/api/v1/matters/vocabulary', headers: w.officerA.headers })
    expect(officer.statusCode).toBe(403)
  })
})
