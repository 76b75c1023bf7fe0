import { describe, expect, test } from 'vitest'
import { count } from 'drizzle-orm'
import { auditLogTable, hearingsTable, hearingEventsTable, organisationAliasesTable } from '../../../db/schema/index.js'
import { aMatter, aMember, anOrganisation } from '../../helpers/factories.js'
import { hearingFixture } from './hearings.fixture.js'

const types = (res: { json: () => any }) => res.json().problems.map((p: { type: string }) => p.type)

describe('scheduling a hearing: preview, then commit', () => {
  test('a clean proposal previews without problems and commits as scheduled, with event and audit rows', async () => {
    const f = await hearingFixture()
    const preview = await f.t.app.inject({ method: 'POST', url: '/api/v1/hearings/preview', headers: f.t.admin.headers, payload: f.body() })
    expect(preview.statusCode).toBe(200)
    expect(preview.json()).toMatchObject({ problems: [], panelSize: 5, ruleset: { label: '全国默认' } })
    expect(f.t.db.select({ n: count() }).from(hearingsTable).get()!.n).toBe(0)

    const res = await f.create()
    expect(res.statusCode).toBe(201)
    const { hearing } = res.json()
    expect(hearing).toMatchObject({ status: 'scheduled', statusName: '已排期', sequence: 0, version: 1, uid: `hearing-${hearing.id}`, startsAt: '2026-12-10T09:00:00.000+08:00', panelSize: 5 })
    expect(f.t.db.select().from(hearingEventsTable).all()).toEqual([expect.objectContaining({ hearingId: hearing.id, action: 'create', toStatus: 'scheduled' })])
    expect(f.t.db.select().from(auditLogTable).all().filter((a) => a.action === 'hearing.create')).toHaveLength(1)
  })

  test('a double-booked host is a problem in the preview and the commit is refused with 409 and the problems; nothing is written', async () => {
    const f = await hearingFixture()
    expect((await f.create()).statusCode).toBe(201)
    const other = aMatter(f.t.db, { regionId: f.regions.townA.id, respondentOrganisationId: f.respondent.id })
    const recorder2 = aMember(f.t.db, { homeRegionId: f.regions.townA2.id })
    const clash = { matterId: other.id, venueId: f.venue2.id, recorderMemberId: recorder2.id, startsAt: '2026-12-10T10:30:00+08:00', endsAt: '2026-12-10T12:00:00+08:00' }
    const preview = await f.t.app.inject({ method: 'POST', url: '/api/v1/hearings/preview', headers: f.t.admin.headers, payload: f.body(clash) })
    expect(types(preview)).toEqual(['person_double_booked'])
    expect(preview.json().problems[0]).toMatchObject({ severity: 'error', subject: { kind: 'host', id: f.host.id, name: '李主持' } })
    const before = f.t.db.select().from(auditLogTable).all().length
    const res = await f.create(clash)
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('hearings.has_problems')
    expect(types(res)).toEqual(['person_double_booked'])
    expect(f.t.db.select({ n: count() }).from(hearingsTable).get()!.n).toBe(1)
    expect(f.t.db.select().from(auditLogTable).all()).toHaveLength(before)
  })

  test('the travel buffer applies between different venues but not in the same venue', async () => {
    const f = await hearingFixture()
    expect((await f.create()).statusCode).toBe(201)
    const other = aMatter(f.t.db, { regionId: f.regions.townA.id, respondentOrganisationId: f.respondent.id })
    const preview = (overrides: Record<string, unknown>) => f.t.app.inject({ method: 'POST', url: '/api/v1/hearings/preview', headers: f.t.admin.headers, payload: f.body({ matterId: other.id, ...overrides }) })
    const tooSoonElsewhere = await preview({ venueId: f.venue2.id, startsAt: '2026-12-10T11:20:00+08:00', endsAt: '2026-12-10T12:00:00+08:00' })
    expect(types(tooSoonElsewhere)).toEqual(['person_double_booked', 'person_double_booked'])
    expect((await preview({ venueId: f.venue2.id, startsAt: '2026-12-10T11:30:00+08:00', endsAt: '2026-12-10T12:00:00+08:00' })).json().problems).toEqual([])
    expect((await preview({ startsAt: '2026-12-10T11:00:00+08:00', endsAt: '2026-12-10T12:00:00+08:00' })).json().problems).toEqual([])
  })

  test('a venue cannot hold two hearings at once', async () => {
    const f = await hearingFixture()
    expect((await f.create()).statusCode).toBe(201)
    const other = aMatter(f.t.db, { regionId: f.regions.townA.id, respondentOrganisationId: f.respondent.id })
    const host2 = aMember(f.t.db, { homeRegionId: f.regions.townA2.id })
    const rec2 = aMember(f.t.db, { homeRegionId: f.regions.townA2.id })
    const res = await f.create({ matterId: other.id, hostMemberId: host2.id, recorderMemberId: rec2.id, startsAt: '2026-12-10T10:00:00+08:00', endsAt: '2026-12-10T12:00:00+08:00' })
    expect(res.statusCode).toBe(409)
    expect(types(res)).toEqual(['venue_double_booked'])
  })

  test('short notice is checked against each procedure\'s own lead time: a warning before service (enforced when the notice is served), an error once a late service date is recorded', async () => {
    const f = await hearingFixture()
    // Saturday 28 November to Wednesday 2 December: 3 clear days, of which 2 working days
    const soon = { startsAt: '2026-12-02T09:00:00+08:00', endsAt: '2026-12-02T10:00:00+08:00' }
    const general = await f.create(soon)
    expect(general.statusCode).toBe(201)
    expect(general.json().problems).toEqual([expect.objectContaining({ type: 'notice_too_short', severity: 'warning', message: expect.stringContaining('应提前 7日通知') })])
    const simple = await f.create({ ...soon, procedure: 'simple', panelSize: 1, venueId: f.venue2.id, hostMemberId: aMember(f.t.db, { homeRegionId: f.regions.townA2.id }).id, recorderMemberId: aMember(f.t.db, { homeRegionId: f.regions.townA2.id }).id })
    expect(simple.statusCode).toBe(201)
    expect(simple.json().problems).toEqual([expect.objectContaining({ type: 'notice_too_short', severity: 'warning', message: expect.stringContaining('应提前 3个工作日通知') })])
    // the simple procedure's 3 working days fit a hearing on Thursday 3 December, the general 7 days do not
    const thursday = { startsAt: '2026-12-03T09:00:00+08:00', endsAt: '2026-12-03T10:00:00+08:00' }
    const preview = (procedure: string, extra = {}) => f.t.app.inject({ method: 'POST', url: '/api/v1/hearings/preview', headers: f.t.admin.headers, payload: f.body({ ...thursday, procedure, ...extra }) })
    expect((await preview('simple', { panelSize: 1 })).json().problems).toEqual([])
    expect((await preview('general')).json().problems.map((p: { type: string }) => p.type)).toEqual(['notice_too_short'])
    const served = await preview('general', { noticeServedOn: '2026-11-28' })
    expect(served.json().problems).toEqual([expect.objectContaining({ type: 'notice_too_short', severity: 'error' })])
  })

  test('a matter in litigation cannot be heard; a private matter only in a non-public hearing', async () => {
    const f = await hearingFixture()
    const suing = aMatter(f.t.db, { regionId: f.regions.townA.id, respondentOrganisationId: f.respondent.id, flags: { inLitigation: true } })
    const res = await f.create({ matterId: suing.id })
    expect(res.statusCode).toBe(409)
    expect(res.json().problems).toEqual([expect.objectContaining({ type: 'matter_not_hearable', code: 'in_litigation' })])
    const privateMatter = aMatter(f.t.db, { regionId: f.regions.townA.id, respondentOrganisationId: f.respondent.id, flags: { involvesPrivacy: true } })
    expect(types(await f.create({ matterId: privateMatter.id }))).toEqual(['privacy'])
    expect((await f.create({ matterId: privateMatter.id, isPublic: false, nonPublicReason: '涉及个人隐私' })).statusCode).toBe(201)
  })

  test('a host employed by the respondent agency, untrained, or unavailable is flagged', async () => {
    const f = await hearingFixture()
    const insider = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, employerOrganisationId: f.respondent.id })
    expect(types(await f.create({ hostMemberId: insider.id }))).toEqual(['recusal'])
    const untrained = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, lastTrainingOn: null })
    expect(types(await f.create({ hostMemberId: untrained.id }))).toEqual(['host_not_trained'])
    const neighbour = aMember(f.t.db, { homeRegionId: f.regions.villageA.id })
    expect(types(await f.create({ recorderMemberId: neighbour.id }))).toEqual(['recusal'])
    const suspended = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, status: 'suspended' })
    expect(types(await f.create({ recorderMemberId: suspended.id }))).toEqual(['member_not_active'])
    expect(types(await f.create({ recorderMemberId: f.host.id }))).toEqual(['same_person_twice'])
  })

  test('bad dates and unknown or out-of-region ids get problem+json and write nothing', async () => {
    const f = await hearingFixture()
    const endBefore = await f.create({ endsAt: '2026-12-10T08:00:00+08:00' })
    expect(endBefore.statusCode).toBe(422)
    expect(endBefore.json().code).toBe('hearings.invalid_time')
    const noOffset = await f.create({ startsAt: '2026-12-10T09:00:00' })
    expect(noOffset.statusCode).toBe(400)
    const notIso = await f.create({ startsAt: 'next tuesday' })
    expect(notIso.statusCode).toBe(400)
    const past = await f.create({ startsAt: '2026-11-01T09:00:00+08:00', endsAt: '2026-11-01T10:00:00+08:00' })
    expect(types(past)).toContain('in_past')
    expect((await f.create({ matterId: 9999 })).json().code).toBe('matters.not_found')
    expect((await f.create({ venueId: 9999 })).json().code).toBe('venues.not_found')
    expect((await f.create({ hostMemberId: 9999 })).json().code).toBe('hearings.member_not_found')
    const coordB = f.t.userWithToken({ role: 'coordinator', regionId: f.regions.townB.id })
    const cross = await f.create({}, coordB.headers)
    expect(cross.statusCode).toBe(404)
    expect(f.t.db.select({ n: count() }).from(hearingsTable).get()!.n).toBe(0)
  })

  test('an officer cannot schedule; a coordinator of the matter\'s township can', async () => {
    const f = await hearingFixture()
    const officer = f.t.userWithToken({ role: 'officer', regionId: f.regions.townA.id })
    expect((await f.create({}, officer.headers)).statusCode).toBe(403)
    const coord = f.t.userWithToken({ role: 'coordinator', regionId: f.regions.countyA.id })
    expect((await f.create({}, coord.headers)).statusCode).toBe(201)
  })

  test('an edit with a stale version gets 409 and every change bumps the calendar sequence', async () => {
    const f = await hearingFixture()
    const { hearing } = (await f.create()).json()
    const moved = await f.t.app.inject({ method: 'PATCH', url: `/api/v1/hearings/${hearing.id}`, headers: f.t.admin.headers, payload: { startsAt: '2026-12-11T09:00:00+08:00', endsAt: '2026-12-11T11:00:00+08:00', version: 1 } })
    expect(moved.statusCode).toBe(200)
    expect(moved.json().hearing).toMatchObject({ sequence: 1, version: 2, startsAt: '2026-12-11T09:00:00.000+08:00' })
    const stale = await f.t.app.inject({ method: 'PATCH', url: `/api/v1/hearings/${hearing.id}`, headers: f.t.admin.headers, payload: { venueId: f.venue2.id, version: 1 } })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().code).toBe('request.version_conflict')
  })

  test('an employer recorded under one of the respondent agency\'s other names counts for recusal', async () => {
    const f = await hearingFixture()
    f.t.db.insert(organisationAliasesTable).values({ organisationId: f.respondent.id, alias: '东城住建局', aliasKey: '东城住建局', kind: 'short' }).run()
    const sameAgency = anOrganisation(f.t.db, '东城住建局')
    const unrelated = anOrganisation(f.t.db, '其他单位')
    const insider = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, employerOrganisationId: sameAgency.id })
    const outsider = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, employerOrganisationId: unrelated.id })
    expect(types(await f.create({ hostMemberId: insider.id }))).toEqual(['recusal'])
    expect((await f.create({ hostMemberId: outsider.id })).statusCode).toBe(201)
  })
})
