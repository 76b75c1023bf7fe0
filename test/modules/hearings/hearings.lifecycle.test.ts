import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { hearingEventsTable, hearingsTable, matterHearingPausesTable } from '../../../db/schema/index.js'
import { DEFAULT_RULESET } from '../../../server/modules/rulesets/rulesets.config.js'
import { aMember } from '../../helpers/factories.js'
import { hearingFixture, sessionFor, travel as travelApp } from './hearings.fixture.js'

type Fixture = Awaited<ReturnType<typeof hearingFixture>>

const travel = (f: Fixture, iso: string) => travelApp(f.t, iso)

/** Posts a transition with the hearing's current version, as the admin (or whoever `headers` gives). */
function stepper (f: Fixture, hearingId: number, headers = () => f.t.admin.headers) {
  return (body: Record<string, unknown>) => {
    const current = f.t.services.hearings.requireHearing(f.t.db, f.t.admin.actor, hearingId).hearing
    return f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearingId}/transitions`, headers: headers(), payload: { version: current.version, ...body } })
  }
}

/**
 * A hearing on Thursday 10 December 2026, 09:00–11:00 Shanghai; today is Saturday 28 November. `drawn`: its panel
 * seated by a witnessed draw, which opening it needs.
 */
async function scheduled (overrides: Record<string, unknown> = {}, { drawn = false } = {}) {
  const f = await hearingFixture()
  const res = await f.create(overrides)
  expect(res.statusCode, res.body).toBe(201)
  const hearing = res.json().hearing as { id: number }
  if (drawn) await f.drawPanel(hearing.id)
  return { f, id: hearing.id, step: stepper(f, hearing.id) }
}

function expectProblem (res: { statusCode: number, headers: Record<string, unknown>, json: () => any }, status: number, code: string) {
  expect(res.statusCode).toBe(status)
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/)
  const body = res.json()
  expect(body.code).toBe(code)
  expect(body.title).toMatch(/\p{Script=Han}/u)
  return body
}

describe('hearing lifecycle', () => {
  test('scheduled → notified → in session → suspended → resumed (new time, new notice) → in session → concluded, each step bumping sequence and version', async () => {
    const { f, id, step } = await scheduled({}, { drawn: true })
    // the draw was the first change (sequence 1)
    expect((await step({ action: 'notify', noticeServedOn: '2026-11-28', announcedOn: '2026-11-28' })).json().hearing).toMatchObject({ status: 'notified', sequence: 2, noticeServedOn: '2026-11-28', announcedOn: '2026-11-28' })
    travel(f, '2026-12-10T00:45:00.000Z')
    expect((await step({ action: 'open' })).json().hearing.status).toBe('in_session')
    const suspended = await step({ action: 'suspend', reason: '需要重新勘验现场' })
    expect(suspended.json().hearing).toMatchObject({ status: 'suspended', statusReason: '需要重新勘验现场' })
    const noTime = await step({ action: 'resume' })
    expect(noTime.statusCode).toBe(422)
    expect(noTime.json().code).toBe('hearings.new_time_required')
    const resumed = await step({ action: 'resume', startsAt: '2026-12-20T09:00:00+08:00', endsAt: '2026-12-20T11:00:00+08:00' })
    expect(resumed.statusCode).toBe(200)
    // what was served and announced was for the old time
    expect(resumed.json().hearing).toMatchObject({ status: 'scheduled', startsAt: '2026-12-20T09:00:00.000+08:00', noticeServedOn: null, announcedOn: null })
    travel(f, '2026-12-20T00:30:00.000Z')
    expectProblem(await step({ action: 'open' }), 409, 'hearings.invalid_transition')
    travel(f, '2026-12-10T04:00:00.000Z')
    expect((await step({ action: 'notify', noticeServedOn: '2026-12-10', announcedOn: '2026-12-10' })).statusCode).toBe(200)
    travel(f, '2026-12-20T00:30:00.000Z')
    expect((await step({ action: 'open' })).json().hearing.status).toBe('in_session')
    const concluded = await step({ action: 'conclude' })
    expect(concluded.json().hearing).toMatchObject({ status: 'concluded', sequence: 8, version: 9 })
    expect(f.t.db.select().from(matterHearingPausesTable).all()).toEqual([expect.objectContaining({ matterId: f.matter.id, hearingId: id, fromOn: '2026-11-28', toOn: '2026-12-20' })])
    const events = f.t.db.select().from(hearingEventsTable).all().map((e) => `${e.action}:${e.toStatus ?? ''}`)
    expect(events).toEqual(['create:scheduled', 'panel_drawn:', 'notify:notified', 'open:in_session', 'suspend:suspended', 'resume:scheduled', 'notify:notified', 'open:in_session', 'conclude:concluded'])
  })

  test('invalid transitions are refused with hearings.invalid_transition and change nothing', async () => {
    const { f, id } = await scheduled()
    const res = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${id}/transitions`, headers: f.t.admin.headers, payload: { action: 'conclude', version: 1 } })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ code: 'hearings.invalid_transition', hearingStatus: 'scheduled' })
    const cancel = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${id}/transitions`, headers: f.t.admin.headers, payload: { action: 'cancel', version: 1 } })
    expect(cancel.json().code).toBe('hearings.reason_required')
    expect(f.t.services.hearings.requireHearing(f.t.db, f.t.admin.actor, id).hearing).toMatchObject({ status: 'scheduled', version: 1, sequence: 0 })
  })

  test('fields that do not belong to the action are refused, not ignored', async () => {
    const { step } = await scheduled()
    const body = expectProblem(await step({ action: 'cancel', reason: '信访人撤回申请', ground: 'withdrawal', noticeServedOn: '2026-11-28', startsAt: '2026-12-15T09:00:00+08:00' }), 400, 'request.invalid')
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(['ground', 'noticeServedOn', 'startsAt'])
  })

  test('postponement needs a reason and a new time, re-checks conflicts, and returns to scheduled', async () => {
    const { step } = await scheduled()
    const res = await step({ action: 'postpone', reason: '信访人因不可抗力不能到场', startsAt: '2026-12-15T09:00:00+08:00', endsAt: '2026-12-15T10:00:00+08:00' })
    expect(res.statusCode).toBe(200)
    expect(res.json().hearing).toMatchObject({ status: 'scheduled', sequence: 1, statusReason: '信访人因不可抗力不能到场' })
  })

  test('a cancelled hearing cannot be edited', async () => {
    const { f, id, step } = await scheduled()
    await step({ action: 'cancel', reason: '信访人撤回申请' })
    const edit = await f.t.app.inject({ method: 'PATCH', url: `/api/v1/hearings/${id}`, headers: f.t.admin.headers, payload: { venueId: f.venue2.id, version: 2 } })
    expect(edit.statusCode).toBe(409)
    expect(edit.json().code).toBe('hearings.not_editable')
  })
})

describe('serving the notice (notify)', () => {
  test('a service date that breaks the general procedure\'s 7 days is refused, naming the lead, the earliest hearing date and the latest service date', async () => {
    // Wednesday 2 December: only 3 clear days after today
    const { f, id, step } = await scheduled({ startsAt: '2026-12-02T09:00:00+08:00', endsAt: '2026-12-02T11:00:00+08:00' })
    const body = expectProblem(await step({ action: 'notify', noticeServedOn: '2026-11-28' }), 422, 'hearings.notice_too_short')
    expect(body).toMatchObject({ procedure: 'general', requiredDays: 7, unit: 'calendar', clearDays: 3, hearingDate: '2026-12-02', earliestHearingDate: '2026-12-06', latestServiceDate: '2026-11-24' })
    expect(body.title).toBe('通知送达距听证日不足规定的提前期')
    expect(body.detail).toContain('应提前 7日通知')
    expect(body.detail).toContain('最早可定于 2026-12-06')
    expect(body.detail).toContain('最迟于 2026-11-24 送达')
    expect(f.t.services.hearings.requireHearing(f.t.db, f.t.admin.actor, id).hearing).toMatchObject({ status: 'scheduled', noticeServedOn: null, version: 1 })
  })

  test('with the petitioner\'s recorded consent a late service is accepted; the consent is stored, shown and kept in the timeline', async () => {
    const { f, id, step } = await scheduled({ startsAt: '2026-12-02T09:00:00+08:00', endsAt: '2026-12-02T11:00:00+08:00' })
    const waiver = { date: '2026-11-27', method: 'phone_record', recordedBy: '孙联络' }
    const res = await step({ action: 'notify', noticeServedOn: '2026-11-28', noticeWaiver: waiver })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().hearing).toMatchObject({ status: 'notified', noticeServedOn: '2026-11-28', noticeWaiver: { ...waiver, methodName: '电话（记录在案）' } })
    const detail = (await f.t.app.inject({ method: 'GET', url: `/api/v1/hearings/${id}`, headers: f.t.admin.headers })).json()
    expect(detail.noticeWaiver).toEqual({ ...waiver, methodName: '电话（记录在案）' })
    expect(detail.problems.map((p: { type: string }) => p.type)).not.toContain('notice_too_short')
    const notify = detail.events.find((e: { action: string }) => e.action === 'notify')
    expect(notify.details).toEqual({ noticeServedOn: '2026-11-28', noticeWaiver: waiver, leadTime: { requiredDays: 7, unit: 'calendar', clearDays: 3, met: false } })
    // without the person who recorded it, the consent is still a consent
    const other = await scheduled({ startsAt: '2026-12-02T09:00:00+08:00', endsAt: '2026-12-02T11:00:00+08:00' })
    const written = await other.step({ action: 'notify', noticeServedOn: '2026-11-28', noticeWaiver: { date: '2026-11-28', method: 'written' } })
    expect(written.json().hearing.noticeWaiver).toEqual({ date: '2026-11-28', method: 'written', methodName: '书面', recordedBy: null })
    expectProblem(await other.step({ action: 'notify', noticeServedOn: '2026-11-28', noticeWaiver: { date: '2026-11-28', method: 'by_pigeon' } }), 400, 'request.invalid')
  })

  test('the simple procedure has its own, shorter lead time of 3 working days', async () => {
    const f = await hearingFixture()
    const simple = (startsAt: string, endsAt: string) => f.create({ procedure: 'simple', panelSize: 1, startsAt, endsAt, hostMemberId: aMember(f.t.db, { homeRegionId: f.regions.townA2.id }).id, recorderMemberId: aMember(f.t.db, { homeRegionId: f.regions.townA2.id }).id, venueId: f.venue2.id })
    // Thursday 3 December: Monday to Wednesday lie between
    const thursday = (await simple('2026-12-03T09:00:00+08:00', '2026-12-03T10:00:00+08:00')).json().hearing
    expect((await stepper(f, thursday.id)({ action: 'notify', noticeServedOn: '2026-11-28' })).statusCode).toBe(200)
    const wednesday = (await simple('2026-12-02T14:00:00+08:00', '2026-12-02T15:00:00+08:00')).json().hearing
    const body = expectProblem(await stepper(f, wednesday.id)({ action: 'notify', noticeServedOn: '2026-11-28' }), 422, 'hearings.notice_too_short')
    expect(body).toMatchObject({ procedure: 'simple', requiredDays: 3, unit: 'working', clearDays: 2, earliestHearingDate: '2026-12-03', latestServiceDate: '2026-11-26' })
    expect(body.detail).toContain('简易程序')
  })

  test('a service date (or consent date) after today, or no service date at all, is refused', async () => {
    const { step } = await scheduled()
    const future = expectProblem(await step({ action: 'notify', noticeServedOn: '2026-11-29' }), 422, 'hearings.date_in_future')
    expect(future.errors).toEqual([expect.objectContaining({ in: 'body', field: 'noticeServedOn', message: '送达日期（2026-11-29）不能晚于今天（2026-11-28）' })])
    const waiver = expectProblem(await step({ action: 'notify', noticeServedOn: '2026-11-28', noticeWaiver: { date: '2026-12-01', method: 'written' } }), 422, 'hearings.date_in_future')
    expect(waiver.errors[0].field).toBe('noticeWaiver.date')
    expectProblem(await step({ action: 'notify' }), 422, 'hearings.notice_date_required')
    expectProblem(await step({ action: 'notify', noticeServedOn: '2026-11-28', announcedOn: '2026-11-30' }), 422, 'hearings.date_in_future')
  })

  test('"today" is the Shanghai date of the injected clock: at 23:30 UTC it is already tomorrow in Shanghai', async () => {
    const { f, step } = await scheduled()
    travel(f, '2026-11-28T16:30:00.000Z')
    expect((await step({ action: 'notify', noticeServedOn: '2026-11-29' })).statusCode).toBe(200)
  })

  test('a hearing scheduled under a ruleset stored in the old flat shape keeps that lead time for the general procedure', async () => {
    const { f, id, step } = await scheduled()
    const { noticeLeadTime: _n, sources, ...rest } = DEFAULT_RULESET
    const legacy = { ...rest, noticeLeadTime: { days: 10, unit: 'working' }, sources: { ...sources, 'noticeLeadTime.days': { tag: 'LOCAL', ref: 'S3b' } } }
    f.t.db.update(hearingsTable).set({ ruleset: legacy }).where(eq(hearingsTable.id, id)).run()
    // 28 November to 10 December: 8 working days between
    const body = expectProblem(await step({ action: 'notify', noticeServedOn: '2026-11-28' }), 422, 'hearings.notice_too_short')
    expect(body).toMatchObject({ requiredDays: 10, unit: 'working', clearDays: 8 })
    const detail = await f.t.app.inject({ method: 'GET', url: `/api/v1/hearings/${id}`, headers: f.t.admin.headers })
    expect(detail.statusCode).toBe(200)
    expect(detail.json().problems).toEqual([expect.objectContaining({ type: 'notice_too_short', severity: 'warning' })])
  })
})

describe('opening the hearing (open)', () => {
  test('only with its panel seated: an undrawn general hearing is refused, naming the seats', async () => {
    const { f, id, step } = await scheduled()
    await step({ action: 'notify', noticeServedOn: '2026-11-28', announcedOn: '2026-11-28' })
    travel(f, '2026-12-10T00:30:00.000Z')
    const refused = expectProblem(await step({ action: 'open' }), 409, 'hearings.panel_incomplete')
    expect(refused).toMatchObject({ panelSize: 5, seated: 0, detail: '本场听证应有听证员 5 人，尚未抽取；请先经见证随机抽取' })
    expect(f.t.services.hearings.requireHearing(f.t.db, f.t.admin.actor, id).hearing.status).toBe('notified')
    await f.drawPanel(id)
    expect((await step({ action: 'open' })).json().hearing.status).toBe('in_session')
  })

  test('only on the scheduled day, from 60 minutes before the start to the end of that day (Shanghai)', async () => {
    const { f, step } = await scheduled({}, { drawn: true })
    await step({ action: 'notify', noticeServedOn: '2026-11-28', announcedOn: '2026-11-28' })
    const early = expectProblem(await step({ action: 'open' }), 409, 'hearings.not_opening_time')
    expect(early).toMatchObject({ earliestOpenAt: '2026-12-10T08:00:00.000+08:00', latestOpenAt: '2026-12-11T00:00:00.000+08:00' })
    expect(early.detail).toBe('本场听证排定于 2026-12-10 09:00 开始，可在 2026-12-10 08:00 至 2026-12-10 23:59 之间宣布开始')
    travel(f, '2026-12-09T23:59:00.000Z') // 07:59 Shanghai
    expectProblem(await step({ action: 'open' }), 409, 'hearings.not_opening_time')
    travel(f, '2026-12-10T16:00:00.000Z') // midnight: the day is over
    const late = expectProblem(await step({ action: 'open' }), 409, 'hearings.not_opening_time')
    expect(late.detail).toContain('请先延期并重新通知')
    travel(f, '2026-12-10T00:00:00.000Z') // 08:00 Shanghai
    expect((await step({ action: 'open' })).json().hearing.status).toBe('in_session')
  })

  test('the window comes from the ruleset: a region may allow less time before and a limit after the start', async () => {
    const f = await hearingFixture()
    const rules = await f.t.app.inject({ method: 'POST', url: '/api/v1/rulesets', headers: f.t.admin.headers, payload: { name: '东城区规则', config: { openingWindow: { minutesBeforeStart: 15, minutesAfterStart: 30 } } } })
    expect(rules.statusCode, rules.body).toBe(201)
    expect((await f.t.app.inject({ method: 'PUT', url: `/api/v1/regions/${f.regions.countyA.id}/ruleset`, headers: f.t.admin.headers, payload: { rulesetId: rules.json().id } })).statusCode).toBe(200)
    const { hearing } = (await f.create()).json()
    await f.drawPanel(hearing.id)
    const step = stepper(f, hearing.id)
    await step({ action: 'notify', noticeServedOn: '2026-11-28', announcedOn: '2026-11-28' })
    travel(f, '2026-12-10T00:40:00.000Z') // 08:40
    expect(expectProblem(await step({ action: 'open' }), 409, 'hearings.not_opening_time')).toMatchObject({ earliestOpenAt: '2026-12-10T08:45:00.000+08:00', latestOpenAt: '2026-12-10T09:31:00.000+08:00' })
    travel(f, '2026-12-10T01:31:00.000Z') // 09:31
    expectProblem(await step({ action: 'open' }), 409, 'hearings.not_opening_time')
    travel(f, '2026-12-10T01:30:00.000Z') // 09:30
    expect((await step({ action: 'open' })).statusCode).toBe(200)
  })

  test('a public general hearing opens only after its announcement was published in time; a non-public or simple one needs none', async () => {
    const { f, id, step } = await scheduled({}, { drawn: true })
    await step({ action: 'notify', noticeServedOn: '2026-11-28' })
    travel(f, '2026-12-10T00:30:00.000Z')
    const missing = expectProblem(await step({ action: 'open' }), 409, 'hearings.announcement_required')
    expect(missing).toMatchObject({ requiredDays: 7, unit: 'calendar', hearingDate: '2026-12-10' })
    expect(missing.detail).toContain('公开举行的一般程序听证须于听证日前 7日发布听证公告')
    const late = expectProblem(await step({ action: 'open', announcedOn: '2026-12-05' }), 409, 'hearings.announcement_required')
    expect(late).toMatchObject({ clearDays: 4, latestAnnouncementDate: '2026-12-02' })
    // a refused open records nothing, not even the announcement date it carried
    expect(f.t.services.hearings.requireHearing(f.t.db, f.t.admin.actor, id).hearing).toMatchObject({ status: 'notified', announcedOn: null })
    const opened = await step({ action: 'open', announcedOn: '2026-12-02' })
    expect(opened.json().hearing).toMatchObject({ status: 'in_session', announcedOn: '2026-12-02' })

    const privateOne = await hearingFixture()
    const { hearing } = (await privateOne.create({ isPublic: false, nonPublicReason: '涉及个人隐私' })).json()
    await privateOne.drawPanel(hearing.id)
    await stepper(privateOne, hearing.id)({ action: 'notify', noticeServedOn: '2026-11-28' })
    travel(privateOne, '2026-12-10T00:30:00.000Z')
    expect((await stepper(privateOne, hearing.id)({ action: 'open' })).statusCode).toBe(200)
  })
})

describe('terminating the hearing (terminate)', () => {
  test('a ground is required; the problem lists every ground with its Chinese name', async () => {
    const { step } = await scheduled()
    const body = expectProblem(await step({ action: 'terminate', reason: '信访人已不再主张' }), 422, 'hearings.ground_required')
    expect(body.title).toBe('终结听证须选择终结理由')
    expect(body.grounds).toEqual({ withdrawal: '信访人撤回听证申请', unexcused_absence: '信访人无正当理由不到场（视为放弃听证）', left_without_permission: '信访人未经许可中途退场', other: '其他' })
    expect(body.detail).toContain('withdrawal（信访人撤回听证申请）')
  })

  test('the ground must fit: absence needs a served notice and the hearing\'s day, leaving needs a hearing in session, "other" needs a reason', async () => {
    const { f, step } = await scheduled()
    expectProblem(await step({ action: 'terminate', ground: 'unexcused_absence' }), 409, 'hearings.ground_not_applicable')
    expectProblem(await step({ action: 'terminate', ground: 'left_without_permission' }), 409, 'hearings.ground_not_applicable')
    expectProblem(await step({ action: 'terminate', ground: 'other' }), 422, 'hearings.reason_required')
    await step({ action: 'notify', noticeServedOn: '2026-11-28' })
    const early = expectProblem(await step({ action: 'terminate', ground: 'unexcused_absence' }), 409, 'hearings.ground_not_applicable')
    expect(early.detail).toContain('2026-12-10 09:00')
    travel(f, '2026-12-10T01:20:00.000Z')
    const res = await step({ action: 'terminate', ground: 'unexcused_absence', reason: '经电话联系未到场，亦未说明理由' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().hearing).toMatchObject({ status: 'terminated', statusReason: '信访人无正当理由不到场（视为放弃听证）：经电话联系未到场，亦未说明理由', terminationGround: 'unexcused_absence', terminationGroundName: '信访人无正当理由不到场（视为放弃听证）' })
    const event = f.t.db.select().from(hearingEventsTable).all().at(-1)!
    expect(event).toMatchObject({ ground: 'unexcused_absence', details: { ground: 'unexcused_absence', waivesHearing: true } })
    // a terminated hearing frees its people and venue
    const preview = await f.t.app.inject({ method: 'POST', url: '/api/v1/hearings/preview', headers: f.t.admin.headers, payload: f.body({ startsAt: '2026-12-10T09:30:00+08:00', endsAt: '2026-12-10T11:00:00+08:00' }) })
    expect(preview.json().problems.map((p: { type: string }) => p.type)).not.toContain('venue_double_booked')
  })

  test('a withdrawal ends a scheduled hearing; the list shows the ground by name', async () => {
    const { f, id, step } = await scheduled()
    expect((await step({ action: 'terminate', ground: 'withdrawal' })).statusCode).toBe(200)
    const list = (await f.t.app.inject({ method: 'GET', url: '/api/v1/hearings?status=terminated', headers: f.t.admin.headers })).json()
    expect(list.items).toEqual([expect.objectContaining({ id, terminationGround: 'withdrawal', terminationGroundName: '信访人撤回听证申请', statusReason: '信访人撤回听证申请' })])
  })

  test('the API document names every ground in Chinese', async () => {
    const { f } = await scheduled()
    const doc = (await f.t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json()
    const text = JSON.stringify(doc.paths['/api/v1/hearings/{id}/transitions'])
    for (const name of ['信访人撤回听证申请', '信访人无正当理由不到场（视为放弃听证）', '信访人未经许可中途退场']) expect(text).toContain(name)
  })
})

describe('hearing timeline', () => {
  test('every state change keeps who (user id and name), when, why (reason, ground) and the request id, readable at GET /hearings/{id}/events', async () => {
    const { f, id } = await scheduled()
    const coordinator = f.t.userWithToken({ role: 'coordinator', regionId: f.regions.countyA.id })
    let coordinatorHeaders = coordinator.headers
    const step = stepper(f, id, () => coordinatorHeaders)
    const notified = await step({ action: 'notify', noticeServedOn: '2026-11-28' })
    travel(f, '2026-12-10T00:50:00.000Z')
    coordinatorHeaders = sessionFor(f.t, coordinator.user.id)
    const postponed = await step({ action: 'postpone', reason: '信访人临时申请主持人回避', startsAt: '2026-12-21T09:00:00+08:00', endsAt: '2026-12-21T11:00:00+08:00', venueId: f.venue2.id })
    travel(f, '2026-12-10T02:00:00.000Z')
    const terminated = await step({ action: 'terminate', ground: 'withdrawal', reason: '信访人书面撤回' })
    for (const r of [notified, postponed, terminated]) expect(r.statusCode, r.body).toBe(200)

    const res = await f.t.app.inject({ method: 'GET', url: `/api/v1/hearings/${id}/events`, headers: coordinatorHeaders })
    expect(res.statusCode).toBe(200)
    const items = res.json().items
    expect(items.map((e: { action: string }) => e.action)).toEqual(['create', 'notify', 'postpone', 'terminate'])
    const by = { actorUserId: coordinator.user.id, actorName: coordinator.user.displayName }
    expect(items[0]).toMatchObject({ actionName: '安排听证', toStatus: 'scheduled', toStatusName: '已排期', actorName: 'admin-1', at: '2026-11-28T09:00:00.000+08:00' })
    expect(items[1]).toMatchObject({ ...by, actionName: '已送达通知', fromStatusName: '已排期', toStatusName: '已通知', reason: null, ground: null, requestId: notified.headers['x-request-id'], at: '2026-11-28T09:00:00.000+08:00', details: { noticeServedOn: '2026-11-28' } })
    expect(items[2]).toMatchObject({ ...by, action: 'postpone', actionName: '延期', fromStatus: 'notified', toStatus: 'scheduled', reason: '信访人临时申请主持人回避', requestId: postponed.headers['x-request-id'], at: '2026-12-10T08:50:00.000+08:00' })
    expect(items[2].details).toEqual({ startsAt: '2026-12-21T09:00:00.000+08:00', endsAt: '2026-12-21T11:00:00.000+08:00', venueId: f.venue2.id })
    expect(items[3]).toMatchObject({ ...by, actionName: '终结', toStatusName: '已终结', reason: '信访人撤回听证申请：信访人书面撤回', ground: 'withdrawal', groundName: '信访人撤回听证申请', requestId: terminated.headers['x-request-id'], at: '2026-12-10T10:00:00.000+08:00' })
    for (const e of items) expect(typeof e.requestId).toBe('string')

    // the hearing detail carries the same timeline
    const detail = (await f.t.app.inject({ method: 'GET', url: `/api/v1/hearings/${id}`, headers: coordinatorHeaders })).json()
    expect(detail.events).toEqual(items)

    // outside the caller's region the hearing does not exist
    const stranger = f.t.userWithToken({ role: 'coordinator', regionId: f.regions.countyB.id })
    expectProblem(await f.t.app.inject({ method: 'GET', url: `/api/v1/hearings/${id}/events`, headers: stranger.headers }), 404, 'hearings.not_found')
  })
})

describe('publicity per procedure', () => {
  test('a hearing is public unless decided otherwise, as the ruleset says for its procedure', async () => {
    const f = await hearingFixture()
    const rules = await f.t.app.inject({ method: 'POST', url: '/api/v1/rulesets', headers: f.t.admin.headers, payload: { name: '东城区规则', config: { publicity: { general: { defaultPublic: false } } } } })
    await f.t.app.inject({ method: 'PUT', url: `/api/v1/regions/${f.regions.countyA.id}/ruleset`, headers: f.t.admin.headers, payload: { rulesetId: rules.json().id } })
    const general = (await f.create({ nonPublicReason: '涉及未成年人个人信息' })).json().hearing
    expect(general).toMatchObject({ isPublic: false, nonPublicReason: '涉及未成年人个人信息' })
    const simple = (await f.create({ procedure: 'simple', panelSize: 1, venueId: f.venue2.id, hostMemberId: aMember(f.t.db, { homeRegionId: f.regions.townA2.id }).id, recorderMemberId: aMember(f.t.db, { homeRegionId: f.regions.townA2.id }).id })).json().hearing
    expect(simple.isPublic).toBe(true)
  })
})
