import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestApp } from '../../helpers/app.js'
import { auditLogTable, matterStagesTable } from '../../../db/schema/index.js'
import { createMatter, expectProblem, matterStep, seedWorld } from './matters.fixtures.js'

async function setup () {
  const t = await createTestApp()
  const w = seedWorld(t)
  const call = (method: 'POST' | 'PATCH' | 'PUT' | 'GET', url: string, payload?: object, headers = t.admin.headers) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) })
  return { t, w, call }
}

const handling = { acceptingBody: '东城区人力资源和社会保障局', acceptedOn: '2026-09-01' }

describe('复查 and 复核 must be asked for within 30 days of receiving the previous answer', () => {
  test('a 复查 asked for 32 days after the petitioner received the answer is flagged with the limit and the days over, in the matter and the deadline list', async () => {
    const { t, w } = await setup()
    const h = t.admin.headers
    let m = await createMatter(t, w, { handling })
    // the answer was decided on 09-30 and received on 10-08: the window runs 10-09 … 11-07
    m = await matterStep(t.app, h, m, 'POST', '/stages/handling/decision', { decidedOn: '2026-09-30', answerReceivedOn: '2026-10-08' })
    expect(m.stages[0]).toMatchObject({ answerReceivedOn: '2026-10-08', requestWindow: null })
    m = await matterStep(t.app, h, m, 'POST', '/stages', { stage: 'review', acceptingBody: '东城区人民政府', acceptedOn: '2026-11-12', requestedOn: '2026-11-09' })
    expect(m.stages[1]).toMatchObject({
      requestedOn: '2026-11-09',
      requestWindow: {
        days: 30,
        unit: 'calendar',
        previousStage: 'handling',
        previousStageName: '办理',
        answerReceivedOn: '2026-10-08',
        requestedOn: '2026-11-09',
        requestedOnSource: 'requested',
        endsOn: '2026-11-07',
        state: 'late',
        daysOver: 2
      }
    })
    expect(m.stages[1].requestWindow.message).toContain('30日')
    expect(m.stages[1].requestWindow.message).toContain('已超过 2 日')
    expect(t.db.select().from(matterStagesTable).where(eq(matterStagesTable.stage, 'review')).get()).toMatchObject({ requestWindowDays: 30, requestWindowUnit: 'calendar', requestedOn: '2026-11-09' })

    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/matters/deadlines?within=30', headers: h })).json()
    expect(list.items).toEqual([expect.objectContaining({ matterId: m.id, stage: 'review', requestWindow: expect.objectContaining({ state: 'late', daysOver: 2, endsOn: '2026-11-07' }) })])
  })

  test('without a request date the acceptance date is checked; within the window is not flagged; 办理 has no window', async () => {
    const { t, w } = await setup()
    const h = t.admin.headers
    let m = await createMatter(t, w, { handling })
    m = await matterStep(t.app, h, m, 'POST', '/stages/handling/decision', { decidedOn: '2026-09-30', answerReceivedOn: '2026-10-08' })
    m = await matterStep(t.app, h, m, 'POST', '/stages', { stage: 'review', acceptingBody: '东城区人民政府', acceptedOn: '2026-11-07' })
    expect(m.stages[0].requestWindow).toBeNull()
    expect(m.stages[1].requestWindow).toMatchObject({ requestedOn: '2026-11-07', requestedOnSource: 'accepted', endsOn: '2026-11-07', state: 'within', daysOver: 0 })
    // correcting the acceptance date to the day after moves it outside
    m = await matterStep(t.app, h, m, 'PATCH', '/stages/review', { acceptedOn: '2026-11-08' })
    expect(m.stages[1].requestWindow).toMatchObject({ state: 'late', daysOver: 1 })
    // a request date recorded afterwards is what counts
    m = await matterStep(t.app, h, m, 'PATCH', '/stages/review', { requestedOn: '2026-11-06' })
    expect(m.stages[1].requestWindow).toMatchObject({ requestedOnSource: 'requested', state: 'within' })
  })

  test('复核: the receipt of the 复查 answer is recorded after the decision; until then the window is unknown', async () => {
    const { t, w, call } = await setup()
    const h = t.admin.headers
    let m = await createMatter(t, w, { handling })
    m = await matterStep(t.app, h, m, 'POST', '/stages/handling/decision', { decidedOn: '2026-09-30' })
    expectProblem(await call('PUT', `/matters/${m.id}/stages/review/answer-receipt`, { receivedOn: '2026-10-01', version: m.version }), 404, 'matters.stage_not_found')
    m = await matterStep(t.app, h, m, 'POST', '/stages', { stage: 'review', acceptingBody: '东城区人民政府', acceptedOn: '2026-10-10' })
    expect(m.stages[1].requestWindow).toMatchObject({ state: 'unknown', answerReceivedOn: null, endsOn: null, daysOver: 0 })
    expect(m.stages[1].requestWindow.message).toContain('未登记信访人收到办理书面答复的日期')
    expectProblem(await call('PUT', `/matters/${m.id}/stages/review/answer-receipt`, { receivedOn: '2026-10-20', version: m.version }), 409, 'matters.stage_not_decided')
    m = await matterStep(t.app, h, m, 'POST', '/stages/review/decision', { decidedOn: '2026-10-20' })
    m = await matterStep(t.app, h, m, 'POST', '/stages', { stage: 'reReview', acceptingBody: '滨海市人民政府', acceptedOn: '2026-11-25', requestedOn: '2026-11-24' })
    expect(m.stages[2].requestWindow).toMatchObject({ previousStage: 'review', state: 'unknown' })

    expectProblem(await call('PUT', `/matters/${m.id}/stages/review/answer-receipt`, { receivedOn: '2026-10-19', version: m.version }), 422, 'matters.invalid_date')
    expectProblem(await call('PUT', `/matters/${m.id}/stages/review/answer-receipt`, { receivedOn: '2026-11-29', version: m.version }), 422, 'matters.invalid_date')
    const res = await call('PUT', `/matters/${m.id}/stages/review/answer-receipt`, { receivedOn: '2026-10-23', version: m.version })
    expect(res.statusCode, res.body).toBe(200)
    m = res.json()
    expect(m.stages[1].answerReceivedOn).toBe('2026-10-23')
    // 10-23 + 30 days = 11-22; asked for on 11-24
    expect(m.stages[2].requestWindow).toMatchObject({ answerReceivedOn: '2026-10-23', endsOn: '2026-11-22', state: 'late', daysOver: 2 })
    expect(m.stages[2].requestWindow.message).toMatch(/^复核应自收到复查书面答复之日起 30日内请求/)
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'matter.answer_receipt')).all()).toHaveLength(1)
    expectProblem(await call('PUT', `/matters/${m.id}/stages/review/answer-receipt`, { receivedOn: '2026-10-23', version: m.version - 1 }), 409, 'request.version_conflict')
  })

  test('a request date after the acceptance, before the previous decision, or on 办理 is refused', async () => {
    const { t, w, call } = await setup()
    let m = await createMatter(t, w, { handling })
    expectProblem(await call('PATCH', `/matters/${m.id}/stages/handling`, { requestedOn: '2026-09-01', version: m.version }), 422, 'matters.invalid_date')
    m = await matterStep(t.app, t.admin.headers, m, 'POST', '/stages/handling/decision', { decidedOn: '2026-09-30' })
    expectProblem(await call('POST', `/matters/${m.id}/stages`, { stage: 'review', acceptingBody: '区政府', acceptedOn: '2026-10-10', requestedOn: '2026-10-11', version: m.version }), 422, 'matters.invalid_date')
    expectProblem(await call('POST', `/matters/${m.id}/stages`, { stage: 'review', acceptingBody: '区政府', acceptedOn: '2026-10-10', requestedOn: '2026-09-29', version: m.version }), 422, 'matters.invalid_date')
    expectProblem(await call('POST', `/matters/${m.id}/stages/handling/decision`, { decidedOn: '2026-09-30', answerReceivedOn: '2026-09-29', version: m.version }), 409, 'matters.stage_decided')
    expect(t.db.select().from(matterStagesTable).all()).toHaveLength(1)
  })

  test('the window is a ruleset value with its source: a region\'s 15-day window is kept on the stage it opened', async () => {
    const { t, w } = await setup()
    const h = t.admin.headers
    const effective = (await t.app.inject({ method: 'GET', url: `/api/v1/regions/${w.regions.countyA.id}/effective-ruleset`, headers: h })).json()
    expect(effective.config.deadlines).toMatchObject({ reviewRequest: { days: 30, unit: 'calendar' }, reReviewRequest: { days: 30, unit: 'calendar' } })
    expect(effective.config.sources['deadlines.reviewRequest.days']).toEqual({ tag: 'NAT', ref: expect.stringContaining('第三十五条') })
    expect(effective.config.sources['deadlines.reReviewRequest.days']).toEqual({ tag: 'NAT', ref: expect.stringContaining('第三十六条') })

    const created = await t.app.inject({ method: 'POST', url: '/api/v1/rulesets', headers: h, payload: { name: '十五日请求期限', config: { deadlines: { reviewRequest: { days: 15 } } } } })
    expect(created.statusCode, created.body).toBe(201)
    expect((await t.app.inject({ method: 'PUT', url: `/api/v1/regions/${w.regions.countyA.id}/ruleset`, headers: h, payload: { rulesetId: created.json().id } })).statusCode).toBe(200)
    let m = await createMatter(t, w, { handling })
    m = await matterStep(t.app, h, m, 'POST', '/stages/handling/decision', { decidedOn: '2026-09-30', answerReceivedOn: '2026-10-08' })
    m = await matterStep(t.app, h, m, 'POST', '/stages', { stage: 'review', acceptingBody: '东城区人民政府', acceptedOn: '2026-10-25' })
    expect(m.stages[1].requestWindow).toMatchObject({ days: 15, endsOn: '2026-10-23', state: 'late', daysOver: 2 })
    // the county goes back to the national rule: the stage keeps the window it was opened under
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/regions/${w.regions.countyA.id}/ruleset`, headers: h })).statusCode).toBe(204)
    const again = (await t.app.inject({ method: 'GET', url: `/api/v1/matters/${m.id}`, headers: h })).json()
    expect(again.stages[1].requestWindow).toMatchObject({ days: 15, state: 'late' })

    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/rulesets', headers: h, payload: { name: '错误', config: { deadlines: { reviewRequest: { days: 0 } } } } }), 400, 'request.invalid')
  })
})
