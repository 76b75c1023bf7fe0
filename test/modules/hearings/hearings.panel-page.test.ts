import { describe, expect, test } from 'vitest'
import { hearingParticipantsTable } from '../../../db/schema/index.js'
import { aMember } from '../../helpers/factories.js'
import { toApiTime } from '../../../server/common/time.js'
import { hearingFixture } from './hearings.fixture.js'

/** What the 参加人员 page reads besides the hearing: a third party's problems before adding them, the recusal requests' times, who answered. */
describe('third-party preview (nothing written)', () => {
  async function fixture () {
    const f = await hearingFixture()
    const { hearing } = (await f.create()).json()
    const thirdParty = (overrides: Record<string, unknown> = {}) => aMember(f.t.db, { homeRegionId: f.regions.townA2.id, roleOfficer: false, roleHost: false, roleRecorder: false, roleThirdParty: true, ...overrides })
    const preview = (memberId: number, headers = f.t.admin.headers) => f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearing.id}/participants/preview`, headers, payload: { kind: 'third_party', memberId } })
    return { ...f, hearing, thirdParty, preview }
  }

  test('an eligible third party has no problems; a double-booked one has the same error the addition refuses with', async () => {
    const f = await fixture()
    const free = f.thirdParty({ name: '周律师' })
    const free1 = await f.preview(free.id)
    expect(free1.statusCode).toBe(200)
    expect(free1.json()).toEqual({ problems: [] })

    const busy = f.thirdParty({ name: '钱律师' })
    const matterHost = aMember(f.t.db, { homeRegionId: f.regions.townA2.id })
    const matterRecorder = aMember(f.t.db, { homeRegionId: f.regions.townA2.id })
    const other = (await f.create({ venueId: f.venue2.id, hostMemberId: matterHost.id, recorderMemberId: matterRecorder.id, startsAt: '2026-12-10T10:00:00+08:00', endsAt: '2026-12-10T12:00:00+08:00' })).json().hearing
    expect((await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${other.id}/participants`, headers: f.t.admin.headers, payload: { kind: 'third_party', memberId: busy.id } })).statusCode).toBe(201)
    const before = f.t.db.select().from(hearingParticipantsTable).all().length

    const res = await f.preview(busy.id)
    expect(res.statusCode).toBe(200)
    const problems = res.json().problems as { type: string, severity: string, subject: { kind: string, id: number } }[]
    expect(problems).toContainEqual(expect.objectContaining({ type: 'person_double_booked', severity: 'error', subject: expect.objectContaining({ kind: 'third_party', id: busy.id }) }))
    expect(problems.every((p) => p.subject.kind === 'third_party' && p.subject.id === busy.id)).toBe(true)
    expect(f.t.db.select().from(hearingParticipantsTable).all()).toHaveLength(before)

    const refused = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${f.hearing.id}/participants`, headers: f.t.admin.headers, payload: { kind: 'third_party', memberId: busy.id } })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().problems.map((p: { type: string }) => p.type)).toEqual(problems.filter((p) => p.severity === 'error').map((p) => p.type))
  })

  test('a member without the third-party role is reported; another kind is refused, an unknown hearing is 404', async () => {
    const f = await fixture()
    const officerOnly = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, roleThirdParty: false })
    const res = await f.preview(officerOnly.id)
    expect(res.json().problems).toContainEqual(expect.objectContaining({ type: 'member_lacks_role', severity: 'error' }))
    const bad = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${f.hearing.id}/participants/preview`, headers: f.t.admin.headers, payload: { kind: 'respondent_rep', memberId: officerOnly.id } })
    expect(bad.statusCode).toBe(400)
    const missing = await f.t.app.inject({ method: 'POST', url: '/api/v1/hearings/99999/participants/preview', headers: f.t.admin.headers, payload: { kind: 'third_party', memberId: officerOnly.id } })
    expect(missing.statusCode).toBe(404)
  })
})

describe('recusal requests in the hearing detail', () => {
  test('each carries when it was filed and, once decided, when', async () => {
    const f = await hearingFixture()
    const { hearing } = (await f.create()).json()
    const url = `/api/v1/hearings/${hearing.id}`
    const filedAt = toApiTime(f.t.clock.now())
    const req = (await f.t.app.inject({ method: 'POST', url: `${url}/recusal-requests`, headers: f.t.admin.headers, payload: { targetKind: 'recorder', targetMemberId: f.recorder.id, requestedBy: '信访人王某', reason: '记录员系被反映单位职工' } })).json()
    let detail = (await f.t.app.inject({ method: 'GET', url, headers: f.t.admin.headers })).json()
    expect(detail.recusalRequests).toEqual([{ id: req.id, targetKind: 'recorder', targetMemberId: f.recorder.id, requestedBy: '信访人王某', reason: '记录员系被反映单位职工', decision: null, decidedBy: null, decisionReason: null, createdAt: filedAt, decidedAt: null }])

    f.t.clock.set('2026-12-01T10:00:00+08:00')
    const decided = await f.t.app.inject({ method: 'POST', url: `${url}/recusal-requests/${req.id}/decision`, headers: f.t.admin.headers, payload: { decision: 'denied', decidedBy: '李主持', deciderRole: 'host', reason: '理由不成立' } })
    expect(decided.statusCode).toBe(200)
    detail = (await f.t.app.inject({ method: 'GET', url, headers: f.t.admin.headers })).json()
    expect(detail.recusalRequests[0]).toMatchObject({ decision: 'denied', decidedBy: '李主持', decisionReason: '理由不成立', createdAt: filedAt, decidedAt: '2026-12-01T10:00:00.000+08:00' })
  })
})

describe('an answer recorded on an officer\'s behalf', () => {
  test('keeps who gave it and who recorded it; a decline still moves the alternate up', async () => {
    const f = await hearingFixture()
    for (let i = 0; i < 4; i++) aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: `听证员${i + 1}`, roleHost: false, roleRecorder: false })
    const { hearing } = (await f.create({ procedure: 'simple', panelSize: 3 })).json()
    const url = `/api/v1/hearings/${hearing.id}`
    const drawn = (await f.t.app.inject({ method: 'POST', url: `${url}/draws`, headers: f.t.admin.headers, payload: { witnessName: '钱见证', witnessValue: '7' } })).json()
    expect(drawn.alternates).toHaveLength(1)
    const seat = (memberId: number) => (f.t.app.inject({ method: 'GET', url, headers: f.t.admin.headers })).then((r) => r.json().participants.find((p: { memberId: number }) => p.memberId === memberId))
    const first = await seat(drawn.official[0])
    const declined = await f.t.app.inject({ method: 'POST', url: `${url}/participants/${first.id}/response`, headers: f.t.admin.headers, payload: { response: 'declined', reason: '当日另有公务', answeredBy: '本人电话答复' } })
    expect(declined.statusCode).toBe(200)
    expect(await seat(drawn.official[0])).toMatchObject({ response: 'declined', responseReason: '当日另有公务', responseAnsweredBy: '本人电话答复', responseRecordedBy: f.t.admin.user.displayName, active: false })
    expect(await seat(drawn.alternates[0])).toMatchObject({ kind: 'officer', rank: 1, active: true, response: 'pending', responseAnsweredBy: null, responseRecordedBy: null })

    const second = await seat(drawn.official[1])
    expect((await f.t.app.inject({ method: 'POST', url: `${url}/participants/${second.id}/response`, headers: f.t.admin.headers, payload: { response: 'accepted' } })).statusCode).toBe(200)
    expect(await seat(drawn.official[1])).toMatchObject({ response: 'accepted', responseAnsweredBy: null, responseRecordedBy: f.t.admin.user.displayName })
    const blank = await f.t.app.inject({ method: 'POST', url: `${url}/participants/${(await seat(drawn.official[2])).id}/response`, headers: f.t.admin.headers, payload: { response: 'accepted', answeredBy: '  ' } })
    expect(blank.statusCode).toBe(400)
    expect(blank.json().errors[0].field).toBe('answeredBy')
  })
})
