import { describe, expect, test } from 'vitest'
import { count } from 'drizzle-orm'
import { hearingParticipantsTable, hearingsTable, membersTable } from '../../../db/schema/index.js'
import { createTestApp, seedRegionTree } from '../../helpers/app.js'
import { aMatter, aMember, anOrganisation, aVenue } from '../../helpers/factories.js'
import { inspectPdf, squash } from '../documents/pdf-inspect.js'

type Injected = { statusCode: number, headers: Record<string, unknown>, body: string, json: () => any }

/** Status, content type and body of an answer, without the request id and the id the client sent. */
function answerShape (res: Injected) {
  const { requestId: _r, memberId: _m, ...body } = res.json()
  return { status: res.statusCode, contentType: res.headers['content-type'], body }
}

/**
 * Two townships in different counties with a coordinator each. Township A has a matter, a venue, a host and a
 * recorder of its own; township B, the sibling township A2 and the city have members of their own.
 */
async function scopingFixture () {
  const t = await createTestApp()
  const regions = seedRegionTree(t)
  const coordA = t.userWithToken({ role: 'coordinator', regionId: regions.townA.id })
  const coordB = t.userWithToken({ role: 'coordinator', regionId: regions.townB.id })
  const respondent = anOrganisation(t.db, '渤海街道办事处')
  const matter = aMatter(t.db, { regionId: regions.townA.id, respondentOrganisationId: respondent.id, villageId: regions.villageA.id })
  const venue = aVenue(t.db, regions.townA.id, '渤海街道听证室')
  // nobody but the drawn pool below has the officer role, so the draw's outcome is known
  const staff = { roleOfficer: false }
  const hostA = aMember(t.db, { homeRegionId: regions.townA.id, name: '渤海主持', ...staff })
  const recorderA = aMember(t.db, { homeRegionId: regions.townA.id, name: '渤海记录', ...staff })
  const thirdPartyRoles = { roleOfficer: false, roleHost: false, roleRecorder: false, roleThirdParty: true }
  const b = {
    host: aMember(t.db, { homeRegionId: regions.townB.id, name: '杨柳主持', ...staff }),
    sharedHost: aMember(t.db, { homeRegionId: regions.townB.id, name: '杨柳共享主持', consentCrossRegion: true, ...staff }),
    thirdParty: aMember(t.db, { homeRegionId: regions.townB.id, name: '杨柳第三方', ...thirdPartyRoles }),
    sharedThirdParty: aMember(t.db, { homeRegionId: regions.townB.id, name: '杨柳共享第三方', consentCrossRegion: true, ...thirdPartyRoles })
  }
  const body = (overrides: Record<string, unknown> = {}) => ({
    matterId: matter.id,
    procedure: 'simple',
    panelSize: 3,
    startsAt: '2026-12-10T09:00:00+08:00',
    endsAt: '2026-12-10T11:00:00+08:00',
    venueId: venue.id,
    hostMemberId: hostA.id,
    recorderMemberId: recorderA.id,
    ...overrides
  })
  const create = (overrides: Record<string, unknown> = {}, headers = coordA.headers) => t.app.inject({ method: 'POST', url: '/api/v1/hearings', headers, payload: body(overrides) })
  const preview = (overrides: Record<string, unknown> = {}, headers = coordA.headers) => t.app.inject({ method: 'POST', url: '/api/v1/hearings/preview', headers, payload: body(overrides) })
  const addThirdParty = (hearingId: number, memberId: number, headers = coordA.headers) =>
    t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearingId}/participants`, headers, payload: { kind: 'third_party', memberId } })
  const hearingCount = () => t.db.select({ n: count() }).from(hearingsTable).get()!.n
  return { t, regions, coordA, coordB, respondent, matter, venue, hostA, recorderA, b, body, create, preview, addThirdParty, hearingCount }
}

const NO_SUCH_MEMBER = 99999

describe('members outside the caller\'s subtree answer as if they did not exist', () => {
  test('township A\'s coordinator cannot seat township B\'s host or recorder: 404 exactly like a nonexistent id', async () => {
    const f = await scopingFixture()
    const missing = answerShape(await f.create({ hostMemberId: NO_SUCH_MEMBER }))
    expect(missing).toMatchObject({ status: 404, body: { code: 'hearings.member_not_found' } })
    const foreignHost = await f.create({ hostMemberId: f.b.host.id })
    expect(answerShape(foreignHost)).toEqual(missing)
    expect(foreignHost.json().memberId).toBe(f.b.host.id)
    expect(foreignHost.body).not.toContain(f.b.host.name)
    expect(answerShape(await f.create({ recorderMemberId: f.b.host.id }))).toEqual(answerShape(await f.create({ recorderMemberId: NO_SUCH_MEMBER })))
    expect(f.hearingCount()).toBe(0)
  })

  test('a member of township B who consented to cross-region service may be seated', async () => {
    const f = await scopingFixture()
    const res = await f.create({ hostMemberId: f.b.sharedHost.id })
    expect(res.statusCode).toBe(201)
  })

  test('changing the host to township B\'s member answers like a nonexistent id; the hearing is unchanged', async () => {
    const f = await scopingFixture()
    const { hearing } = (await f.create()).json()
    const patch = (hostMemberId: number) => f.t.app.inject({ method: 'PATCH', url: `/api/v1/hearings/${hearing.id}`, headers: f.coordA.headers, payload: { hostMemberId, version: hearing.version } })
    const missing = answerShape(await patch(NO_SUCH_MEMBER))
    expect(missing).toMatchObject({ status: 404, body: { code: 'hearings.member_not_found' } })
    expect(answerShape(await patch(f.b.host.id))).toEqual(missing)
    expect(f.t.db.select().from(hearingsTable).get()).toMatchObject({ hostMemberId: f.hostA.id, version: 1 })
    expect((await patch(f.b.sharedHost.id)).statusCode).toBe(200)
  })

  test('the preview tells no name or status of any member outside the subtree', async () => {
    const f = await scopingFixture()
    // members of township B in every state, and of the sibling township A2 and of the city, none shared
    const hidden = [
      aMember(f.t.db, { homeRegionId: f.regions.townB.id, name: '停用的人', status: 'suspended' }),
      aMember(f.t.db, { homeRegionId: f.regions.townB.id, name: '除名的人', status: 'removed', consentCrossRegion: true }),
      aMember(f.t.db, { homeRegionId: f.regions.townB.id, name: '届满的人', termEnd: '2026-01-31' }),
      aMember(f.t.db, { homeRegionId: f.regions.townA2.id, name: '邻镇的人' }),
      aMember(f.t.db, { homeRegionId: f.regions.city.id, name: '市里的人' })
    ]
    const missing = answerShape(await f.preview({ hostMemberId: NO_SUCH_MEMBER }))
    expect(missing.status).toBe(404)
    const usable = new Set([f.hostA.id, f.recorderA.id, f.b.sharedHost.id, f.b.sharedThirdParty.id])
    const all = f.t.db.select({ id: membersTable.id, name: membersTable.name }).from(membersTable).all()
    expect(all.length).toBeGreaterThan(10)
    for (const m of all) {
      const res = await f.preview({ hostMemberId: m.id, recorderMemberId: m.id === f.recorderA.id ? f.hostA.id : f.recorderA.id })
      if (usable.has(m.id)) {
        expect(res.statusCode).toBe(200)
        continue
      }
      expect(answerShape(res)).toEqual(missing)
      expect(res.body).not.toContain(m.name)
    }
    for (const m of hidden) {
      const asRecorder = await f.preview({ recorderMemberId: m.id })
      expect(answerShape(asRecorder)).toEqual(answerShape(await f.preview({ recorderMemberId: NO_SUCH_MEMBER })))
      expect(asRecorder.body).not.toContain(m.name)
      expect(asRecorder.body).not.toMatch(/暂停|已除名|聘期/)
    }
  })

  test('township B\'s member cannot be added as a third party by township A (404 like a nonexistent id); a shared one can', async () => {
    const f = await scopingFixture()
    const { hearing } = (await f.create()).json()
    const missing = answerShape(await f.addThirdParty(hearing.id, NO_SUCH_MEMBER))
    expect(missing).toMatchObject({ status: 404, body: { code: 'hearings.member_not_found' } })
    const foreign = await f.addThirdParty(hearing.id, f.b.thirdParty.id)
    expect(answerShape(foreign)).toEqual(missing)
    expect(foreign.body).not.toContain(f.b.thirdParty.name)
    expect(f.t.db.select().from(hearingParticipantsTable).all()).toHaveLength(0)
    expect((await f.addThirdParty(hearing.id, f.b.sharedThirdParty.id)).statusCode).toBe(201)
  })

  test('the third-party preview answers township B\'s member exactly like a nonexistent id, with no name or status; a shared one is previewed', async () => {
    const f = await scopingFixture()
    const { hearing } = (await f.create()).json()
    const preview = (memberId: number) => f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearing.id}/participants/preview`, headers: f.coordA.headers, payload: { kind: 'third_party', memberId } })
    const missing = answerShape(await preview(NO_SUCH_MEMBER))
    expect(missing).toMatchObject({ status: 404, body: { code: 'hearings.member_not_found' } })
    const suspended = aMember(f.t.db, { homeRegionId: f.regions.townB.id, name: '杨柳暂停第三方', status: 'suspended', roleOfficer: false, roleThirdParty: true })
    for (const m of [f.b.thirdParty, suspended]) {
      const res = await preview(m.id)
      expect(answerShape(res)).toEqual(missing)
      expect(res.body).not.toContain(m.name)
      expect(res.body).not.toContain('暂停')
    }
    const shared = await preview(f.b.sharedThirdParty.id)
    expect(shared.statusCode).toBe(200)
    expect(shared.json()).toEqual({ problems: [] })
  })

  test('a draw tells township A nothing of township B\'s members: listed by number with the locality reason only, never named, in the record and the 抽取记录表', async () => {
    const f = await scopingFixture()
    const officers = Array.from({ length: 4 }, (_, i) => aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: `渤海听证员${i + 1}`, roleHost: false, roleRecorder: false }))
    // township B's officers, none shared, each with a reason of their own besides being elsewhere
    const foreign = [
      aMember(f.t.db, { homeRegionId: f.regions.townB.id, name: '杨柳暂停者', status: 'suspended', roleHost: false, roleRecorder: false }),
      aMember(f.t.db, { homeRegionId: f.regions.townB.id, name: '杨柳届满者', termEnd: '2026-01-31', roleHost: false, roleRecorder: false }),
      aMember(f.t.db, { homeRegionId: f.regions.townB.id, name: '杨柳在职者', roleHost: false, roleRecorder: false })
    ]
    // the draw's pool is the city's officers: township B's (the fixture's staff have no officer role) are excluded for locality alone
    const foreignIds = foreign.map((m) => m.id)
    // a suspended member of township A keeps their own reason, with their name
    const suspendedA = aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: '渤海暂停者', status: 'suspended', roleHost: false, roleRecorder: false })
    const { hearing } = (await f.create()).json()
    const url = `/api/v1/hearings/${hearing.id}`

    const committed = await f.t.app.inject({ method: 'POST', url: `${url}/draw-commitments`, headers: f.coordA.headers, payload: {} })
    expect(committed.statusCode).toBe(201)
    type Group = { reasons: { code: string, message: string }[], memberIds: number[] }
    const groups: Group[] = committed.json().excluded
    const foreignGroup = groups.filter((g) => g.memberIds.some((id) => foreignIds.includes(id)))
    expect(foreignGroup).toEqual([{ reasons: [{ code: 'cross_region_no_consent', message: '属其他区域，未同意跨区域参加听证' }], memberIds: foreignIds }])
    expect(groups).toContainEqual({ reasons: [{ code: 'not_active', message: '状态为“暂停”，不在可抽取之列' }], memberIds: [suspendedA.id] })
    const drawn = await f.t.app.inject({ method: 'POST', url: `${url}/draws`, headers: f.coordA.headers, payload: { witnessName: '钱见证', witnessValue: '7' } })
    expect(drawn.statusCode).toBe(201)
    expect(drawn.json().official.every((id: number) => officers.some((o) => o.id === id))).toBe(true)

    for (const query of ['', '?candidates=full', '?candidates=none']) {
      const record = await f.t.app.inject({ method: 'GET', url: `${url}/draws${query}`, headers: f.coordA.headers })
      expect(record.statusCode).toBe(200)
      const named: number[] = record.json().members.map((m: { id: number }) => m.id)
      expect(named).toContain(suspendedA.id)
      for (const id of foreignIds) expect(named).not.toContain(id)
      for (const m of foreign) expect(record.body).not.toContain(m.name)
      expect(record.body).not.toMatch(/杨柳|聘期|状态为“暂停”，不在可抽取之列"\},\{"code":"cross/)
    }
    expect((await f.t.app.inject({ method: 'GET', url: `${url}/draws/verification`, headers: f.coordA.headers })).json().valid).toBe(true)

    const issued = await f.t.app.inject({ method: 'POST', url: `${url}/documents`, headers: f.coordA.headers, payload: { kind: 'draw_record' } })
    expect(issued.statusCode).toBe(201)
    const pdf = await f.t.app.inject({ method: 'GET', url: `${url}/documents/${issued.json().id}.pdf`, headers: f.coordA.headers })
    const text = squash((await inspectPdf(pdf.rawPayload)).text)
    expect(text).toContain('渤海暂停者')
    // other regions' members are counted by reason in the printed record, not listed by name or number
    expect(text).toContain(`其他区域人员${foreign.length}名（不列姓名）`)
    expect(text).not.toContain(`编号${foreign[0]!.id}`)
    expect(text).not.toMatch(/杨柳|聘期（2026-01-01/)
  })

  test('the other township\'s coordinator does not see the hearing at all', async () => {
    const f = await scopingFixture()
    const { hearing } = (await f.create()).json()
    const get = await f.t.app.inject({ method: 'GET', url: `/api/v1/hearings/${hearing.id}`, headers: f.coordB.headers })
    expect(get.statusCode).toBe(404)
    expect(get.json().code).toBe('hearings.not_found')
    expect(answerShape(await f.addThirdParty(hearing.id, f.b.thirdParty.id, f.coordB.headers)).status).toBe(404)
  })
})

describe('everyone who may see a hearing sees who sits on it', () => {
  test('host, recorder, drawn officers and third parties from outside the subtree show with name and unit; their pool records stay closed', async () => {
    const f = await scopingFixture()
    const unitA2 = anOrganisation(f.t.db, '黄河街道司法所')
    const cityUnit = anOrganisation(f.t.db, '滨海市信访局')
    const host = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, name: '黄河主持', employerOrganisationId: unitA2.id, roleOfficer: false })
    const recorder = aMember(f.t.db, { homeRegionId: f.regions.city.id, name: '市局记录', employerOrganisationId: cityUnit.id, roleOfficer: false })
    const officers = Array.from({ length: 4 }, (_, i) => aMember(f.t.db, { homeRegionId: f.regions.townA2.id, name: `黄河听证员${i + 1}`, employerOrganisationId: unitA2.id, roleHost: false, roleRecorder: false, consentCrossRegion: true }))
    // the city bureau (admin) seats people from elsewhere on township A's hearing
    const created = await f.create({ hostMemberId: host.id, recorderMemberId: recorder.id }, f.t.admin.headers)
    expect(created.statusCode).toBe(201)
    const hearingId = created.json().hearing.id
    expect((await f.addThirdParty(hearingId, f.b.thirdParty.id, f.t.admin.headers)).statusCode).toBe(201)
    // township A's coordinator draws the panel: township A2's members, outside their own township, who consented to serve elsewhere
    const drawn = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearingId}/draws`, headers: f.coordA.headers, payload: { witnessName: '钱见证', witnessValue: '7' } })
    expect(drawn.statusCode).toBe(201)
    const officialIds: number[] = drawn.json().official
    expect(officialIds).toHaveLength(3)
    for (const id of officialIds) expect(officers.map((o) => o.id)).toContain(id)

    const auditorA = f.t.userWithToken({ role: 'auditor', regionId: f.regions.townA.id })
    for (const viewer of [f.coordA, auditorA]) {
      const res = await f.t.app.inject({ method: 'GET', url: `/api/v1/hearings/${hearingId}`, headers: viewer.headers })
      expect(res.statusCode).toBe(200)
      const d = res.json()
      expect(d.host).toEqual({ memberId: host.id, name: '黄河主持', unit: '黄河街道司法所' })
      expect(d.recorder).toEqual({ memberId: recorder.id, name: '市局记录', unit: '滨海市信访局' })
      const seated = d.participants.filter((p: { active: boolean, kind: string }) => p.active && p.kind !== 'alternate')
      expect(seated.map((p: { memberId: number, name: string, organisation: string | null }) => [p.memberId, p.name, p.organisation]).sort()).toEqual([
        ...officialIds.map((id) => [id, officers.find((o) => o.id === id)!.name, '黄河街道司法所']),
        [f.b.thirdParty.id, '杨柳第三方', null]
      ].sort())
      // only what the hearing needs: no ID numbers or phones of seated people
      expect(res.body).not.toContain(host.idNumber)
      expect(res.body).not.toContain(host.mobile)
    }
    // the rest of those members' records stays closed to township A (the officers consented to be shared, so they are listed, masked)
    for (const id of [host.id, recorder.id, f.b.thirdParty.id]) {
      expect((await f.t.app.inject({ method: 'GET', url: `/api/v1/pool/members/${id}`, headers: f.coordA.headers })).statusCode).toBe(404)
    }
  })

  test('the hearing\'s problems still check seated people from outside the subtree (no 404 for them)', async () => {
    const f = await scopingFixture()
    const host = aMember(f.t.db, { homeRegionId: f.regions.townB.id, name: '杨柳另一主持' })
    const created = await f.create({ hostMemberId: host.id }, f.t.admin.headers)
    expect(created.statusCode).toBe(201)
    const { hearing } = created.json()
    const get = await f.t.app.inject({ method: 'GET', url: `/api/v1/hearings/${hearing.id}`, headers: f.coordA.headers })
    expect(get.statusCode).toBe(200)
    expect(get.json().problems).toEqual([])
    // editing another field keeps the seated host without asking whether township A may pick them
    const moved = await f.t.app.inject({ method: 'PATCH', url: `/api/v1/hearings/${hearing.id}`, headers: f.coordA.headers, payload: { startsAt: '2026-12-11T09:00:00+08:00', endsAt: '2026-12-11T11:00:00+08:00', version: hearing.version } })
    expect(moved.statusCode).toBe(200)
    expect(moved.json().hearing.hostMemberId).toBe(host.id)
  })
})
