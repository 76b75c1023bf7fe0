import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestApp } from '../../helpers/app.js'
import { auditLogTable, matterHearingNotificationsTable, matterStagesTable, mattersTable } from '../../../db/schema/index.js'
import { createMatter, expectProblem, matterAtReReview, matterStep, seedWorld } from './matters.fixtures.js'

async function setup () {
  const t = await createTestApp()
  const w = seedWorld(t)
  const call = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object, headers = t.admin.headers) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) })
  return { t, w, call }
}

const handling = { acceptingBody: '东城区人力资源和社会保障局', acceptedOn: '2026-09-01' }

describe('stage history 办理 → 复查 → 复核', () => {
  test('stages are opened in order, each after the previous decision; the matter records all three', async () => {
    const { t, w } = await setup()
    const m = await matterAtReReview(t, w, '2026-11-10')
    expect(m.stages.map((s: any) => [s.stage, s.acceptedOn, s.decidedOn])).toEqual([
      ['handling', '2026-09-01', '2026-09-30'],
      ['review', '2026-10-10', '2026-11-05'],
      ['reReview', '2026-11-10', null]
    ])
    expect(m.currentStage).toBe('reReview')
    expect(m.stages.map((s: any) => s.dueOn)).toEqual(['2026-10-31', '2026-11-09', '2026-12-10'])
    expect(t.db.select().from(matterStagesTable).all()).toHaveLength(3)
  })

  test('skipping a stage, repeating one, going back or going past 复核 is refused with matters.stage_out_of_order', async () => {
    const { t, w, call } = await setup()
    const fresh = await createMatter(t, w)
    expectProblem(await call('POST', `/matters/${fresh.id}/stages`, { stage: 'review', acceptingBody: '区政府', acceptedOn: '2026-10-01', version: 1 }), 409, 'matters.stage_out_of_order')
    const m = await matterAtReReview(t, w, '2026-11-10')
    for (const stage of ['handling', 'review', 'reReview']) {
      expectProblem(await call('POST', `/matters/${m.id}/stages`, { stage, acceptingBody: '市政府', acceptedOn: '2026-11-20', version: m.version }), 409, 'matters.stage_out_of_order')
    }
    expect(t.db.select().from(matterStagesTable).where(eq(matterStagesTable.matterId, fresh.id)).all()).toHaveLength(0)
  })

  test('复查 cannot start before the 办理 decision, nor be accepted before that decision date', async () => {
    const { t, w, call } = await setup()
    let m = await createMatter(t, w, { handling })
    expectProblem(await call('POST', `/matters/${m.id}/stages`, { stage: 'review', acceptingBody: '区政府', acceptedOn: '2026-10-10', version: m.version }), 409, 'matters.previous_stage_open')
    m = await matterStep(t.app, t.admin.headers, m, 'POST', '/stages/handling/decision', { decidedOn: '2026-10-15' })
    expectProblem(await call('POST', `/matters/${m.id}/stages`, { stage: 'review', acceptingBody: '区政府', acceptedOn: '2026-10-10', version: m.version }), 422, 'matters.invalid_date')
    expect(t.db.select().from(matterStagesTable).all()).toHaveLength(1)
  })

  test('a decision before acceptance or in the future is refused; a decided stage cannot be decided again; an absent stage is 404', async () => {
    const { t, w, call } = await setup()
    let m = await createMatter(t, w, { handling })
    expectProblem(await call('POST', `/matters/${m.id}/stages/handling/decision`, { decidedOn: '2026-08-31', version: m.version }), 422, 'matters.invalid_date')
    expectProblem(await call('POST', `/matters/${m.id}/stages/handling/decision`, { decidedOn: '2026-11-29', version: m.version }), 422, 'matters.invalid_date')
    expectProblem(await call('POST', `/matters/${m.id}/stages/review/decision`, { decidedOn: '2026-10-01', version: m.version }), 404, 'matters.stage_not_found')
    expectProblem(await call('POST', `/matters/${m.id}/stages/closed/decision`, { decidedOn: '2026-10-01', version: m.version }), 400, 'request.invalid')
    expect(t.db.select().from(matterStagesTable).get()!.decidedOn).toBeNull()
    m = await matterStep(t.app, t.admin.headers, m, 'POST', '/stages/handling/decision', { decidedOn: '2026-10-01', summary: '维持原处理意见' })
    expectProblem(await call('POST', `/matters/${m.id}/stages/handling/decision`, { decidedOn: '2026-10-02', version: m.version }), 409, 'matters.stage_decided')
    expectProblem(await call('PATCH', `/matters/${m.id}/stages/handling`, { acceptedOn: '2026-09-02', version: m.version }), 409, 'matters.stage_decided')
    expect(t.db.select().from(matterStagesTable).get()).toMatchObject({ decidedOn: '2026-10-01', decisionSummary: '维持原处理意见' })
  })

  test('correcting the accepted date recomputes the deadline; a stale version is refused', async () => {
    const { t, w, call } = await setup()
    let m = await createMatter(t, w, { handling })
    m = await matterStep(t.app, t.admin.headers, m, 'PATCH', '/stages/handling', { acceptedOn: '2026-09-10', acceptingBody: '东城区人社局' })
    expect(m.stages[0]).toMatchObject({ acceptedOn: '2026-09-10', acceptingBody: '东城区人社局', dueOn: '2026-11-09' })
    expectProblem(await call('PATCH', `/matters/${m.id}/stages/handling`, { acceptedOn: '2026-09-01', version: m.version - 1 }), 409, 'request.version_conflict')
    expect(t.db.select().from(matterStagesTable).get()!.acceptedOn).toBe('2026-09-10')
  })

  test('hosts and auditors cannot change stages; another county\'s coordinator gets 404', async () => {
    const { t, w, call } = await setup()
    const m = await createMatter(t, w, { handling })
    expectProblem(await call('POST', `/matters/${m.id}/stages/handling/decision`, { decidedOn: '2026-10-01', version: 1 }, w.hostA.headers), 403, 'auth.forbidden')
    expectProblem(await call('POST', `/matters/${m.id}/stages/handling/decision`, { decidedOn: '2026-10-01', version: 1 }, w.coordinatorB.headers), 404, 'matters.not_found')
    expect(t.db.select().from(matterStagesTable).get()!.decidedOn).toBeNull()
  })
})

describe('hearing-rights notification (听证权利告知) and answers given without it', () => {
  test('a stage decided without a notification is flagged, listed in the view, and cleared by a notification dated before the decision', async () => {
    const { t, w, call } = await setup()
    let m = await createMatter(t, w, { handling })
    m = await matterStep(t.app, t.admin.headers, m, 'POST', '/stages/handling/decision', { decidedOn: '2026-10-20' })
    expect(m.answeredWithoutHearingNotice).toBe(true)
    expect(m.stages[0].answeredWithoutNotice).toBe(true)
    expect(t.db.select().from(matterStagesTable).get()!.answeredWithoutNotice).toBe(true)

    const view = async (headers = t.admin.headers, query = '') => (await call('GET', `/matters/answered-without-notice${query}`, undefined, headers)).json()
    expect((await view()).items).toEqual([expect.objectContaining({
      matterId: m.id, stage: 'handling', stageName: '办理', decidedOn: '2026-10-20', notificationsAfterDecision: 0, consequence: expect.stringContaining('撤销并退回')
    })])
    expect((await call('GET', '/matters?answeredWithoutNotice=true')).json().total).toBe(1)

    // recorded afterwards, but dated after the decision: still an answer given without notice
    m = await matterStep(t.app, t.admin.headers, m, 'POST', '/hearing-notifications', { stage: 'handling', notifiedOn: '2026-10-25', method: 'sms', notifiedBy: '王科员' })
    expect(m.answeredWithoutHearingNotice).toBe(true)
    expect((await view()).items[0].notificationsAfterDecision).toBe(1)

    // the file shows the notice was in fact served before the answer
    m = await matterStep(t.app, t.admin.headers, m, 'POST', '/hearing-notifications', { stage: 'handling', notifiedOn: '2026-09-05', method: 'in_person', notifiedBy: '王科员', note: '当面送达告知书' })
    expect(m.answeredWithoutHearingNotice).toBe(false)
    expect(m.stages[0].notifications.map((n: any) => [n.notifiedOn, n.method, n.methodName])).toEqual([['2026-09-05', 'in_person', '当面告知'], ['2026-10-25', 'sms', '短信告知']])
    expect((await view()).items).toEqual([])
    expect(t.db.select().from(matterHearingNotificationsTable).all()).toHaveLength(2)
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'matter.hearing_notification')).all()).toHaveLength(2)
  })

  test('a notification before the decision prevents the flag; the view is region-scoped', async () => {
    const { t, w, call } = await setup()
    let notified = await createMatter(t, w, { handling })
    notified = await matterStep(t.app, t.admin.headers, notified, 'POST', '/hearing-notifications', { notifiedOn: '2026-09-03', method: 'post', notifiedBy: '王科员' })
    notified = await matterStep(t.app, t.admin.headers, notified, 'POST', '/stages/handling/decision', { decidedOn: '2026-10-01' })
    expect(notified.answeredWithoutHearingNotice).toBe(false)

    let other = await createMatter(t, w, { regionId: w.regions.countyB.id, respondentOrganisationId: w.housing.id, handling })
    other = await matterStep(t.app, t.admin.headers, other, 'POST', '/stages/handling/decision', { decidedOn: '2026-10-01' })
    expect(other.answeredWithoutHearingNotice).toBe(true)

    expect((await call('GET', '/matters/answered-without-notice', undefined, w.coordinatorA.headers)).json().items).toEqual([])
    expect((await call('GET', '/matters/answered-without-notice', undefined, w.coordinatorB.headers)).json().items.map((i: any) => i.matterId)).toEqual([other.id])
    expect((await call('GET', '/matters/answered-without-notice', undefined, w.auditorA.headers)).statusCode).toBe(200)
    expectProblem(await call('GET', `/matters/answered-without-notice?regionId=${w.regions.countyB.id}`, undefined, w.coordinatorA.headers), 404, 'regions.not_found')
  })

  test('a notification needs a stage, a known method and a date between acceptance and today', async () => {
    const { t, w, call } = await setup()
    const unaccepted = await createMatter(t, w)
    expectProblem(await call('POST', `/matters/${unaccepted.id}/hearing-notifications`, { notifiedOn: '2026-09-03', method: 'post', notifiedBy: '王科员', version: 1 }), 409, 'matters.no_open_stage')
    const m = await createMatter(t, w, { handling })
    expectProblem(await call('POST', `/matters/${m.id}/hearing-notifications`, { notifiedOn: '2026-09-03', method: 'pigeon', notifiedBy: '王科员', version: 1 }), 400, 'request.invalid')
    expectProblem(await call('POST', `/matters/${m.id}/hearing-notifications`, { notifiedOn: '2026-08-31', method: 'post', notifiedBy: '王科员', version: 1 }), 422, 'matters.invalid_date')
    expectProblem(await call('POST', `/matters/${m.id}/hearing-notifications`, { notifiedOn: '2026-12-01', method: 'post', notifiedBy: '王科员', version: 1 }), 422, 'matters.invalid_date')
    expectProblem(await call('POST', `/matters/${m.id}/hearing-notifications`, { stage: 'review', notifiedOn: '2026-09-03', method: 'post', notifiedBy: '王科员', version: 1 }), 404, 'matters.stage_not_found')
    expectProblem(await call('POST', `/matters/${m.id}/hearing-notifications`, { notifiedOn: '2026-09-03', method: 'post', notifiedBy: '王科员', version: 1 }, w.auditorA.headers), 403, 'auth.forbidden')
    expect(t.db.select().from(matterHearingNotificationsTable).all()).toHaveLength(0)
    expect(t.db.select().from(mattersTable).where(eq(mattersTable.id, m.id)).get()!.version).toBe(1)
  })
})

describe('hearability through the API', () => {
  test('a matter under arbitration is not hearable, with the reason; clearing the flag makes it hearable', async () => {
    const { t, w } = await setup()
    let m = await createMatter(t, w, { handling, flags: { inArbitration: true, involvesCommercialSecret: true } })
    expect(m.hearability).toEqual({
      hearable: false,
      reasons: [{ code: 'in_arbitration', message: '该事项已进入仲裁程序，不举行听证' }],
      confidentiality: [{ code: 'commercial_secret', message: '涉及商业秘密，应不公开举行听证' }]
    })
    m = await matterStep(t.app, t.admin.headers, m, 'PATCH', '', { flags: { inArbitration: false } })
    expect(m.hearability.hearable).toBe(true)
    expect(m.flags).toMatchObject({ inArbitration: false, involvesCommercialSecret: true })
  })

  test('a matter not yet accepted, or whose 复核 is decided, is not hearable', async () => {
    const { t, w } = await setup()
    const fresh = await createMatter(t, w)
    expect(fresh.hearability.reasons.map((r: any) => r.code)).toEqual(['not_accepted'])
    let m = await matterAtReReview(t, w, '2026-11-10')
    m = await matterStep(t.app, t.admin.headers, m, 'POST', '/hearing-notifications', { notifiedOn: '2026-11-11', method: 'phone', notifiedBy: '市复核办' })
    m = await matterStep(t.app, t.admin.headers, m, 'POST', '/stages/reReview/decision', { decidedOn: '2026-11-27' })
    expect(m.currentStage).toBeNull()
    expect(m.hearability.reasons.map((r: any) => r.code)).toEqual(['concluded'])
  })
})
