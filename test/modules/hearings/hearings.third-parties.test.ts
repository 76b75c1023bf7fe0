import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import {
  hearingParticipantsTable, matterPetitionersTable, mattersTable, memberEmployersTable, memberRelativesTable, membersTable,
  type NewMember
} from '../../../db/schema/index.js'
import { aMatter, aMember, anOrganisation, aVenue } from '../../helpers/factories.js'
import { hearingFixture } from './hearings.fixture.js'

type Problem = { type: string, code?: string, severity: string, subject: { kind: string, id: number | null, name?: string } }

/** A scheduled hearing (townA matter, host and recorder of townA2) and helpers to add third parties to it. */
async function thirdPartyFixture () {
  const f = await hearingFixture()
  const { hearing } = (await f.create()).json()
  const thirdParty = (overrides: Partial<NewMember> = {}) => aMember(f.t.db, {
    homeRegionId: f.regions.townA2.id, roleOfficer: false, roleHost: false, roleRecorder: false, roleThirdParty: true, ...overrides
  })
  const add = (memberId: number, hearingId: number = hearing.id, headers = f.t.admin.headers) =>
    f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearingId}/participants`, headers, payload: { kind: 'third_party', memberId } })
  const detail = async (hearingId: number = hearing.id) => (await f.t.app.inject({ method: 'GET', url: `/api/v1/hearings/${hearingId}`, headers: f.t.admin.headers })).json()
  const seats = () => f.t.db.select().from(hearingParticipantsTable).all()
  /** Another scheduled hearing overlapping the first (10:00–12:00 the same day), with its own matter, venue and staff. */
  const overlapping = async (overrides: Record<string, unknown> = {}) => {
    const matter = aMatter(f.t.db, { regionId: f.regions.townA.id, respondentOrganisationId: f.respondent.id })
    const host = aMember(f.t.db, { homeRegionId: f.regions.townA2.id })
    const recorder = aMember(f.t.db, { homeRegionId: f.regions.townA2.id })
    const res = await f.create({ matterId: matter.id, venueId: f.venue2.id, hostMemberId: host.id, recorderMemberId: recorder.id, startsAt: '2026-12-10T10:00:00+08:00', endsAt: '2026-12-10T12:00:00+08:00', ...overrides })
    expect(res.statusCode).toBe(201)
    return res.json().hearing as { id: number, startsAt: string }
  }
  return { ...f, hearing, thirdParty, add, detail, seats, overlapping }
}

const refusedWith = (res: { statusCode: number, json: () => any }, type: string, code?: string) => {
  expect(res.statusCode).toBe(409)
  const body = res.json()
  expect(body.code).toBe('hearings.has_problems')
  expect(body.problems).toContainEqual(expect.objectContaining({ type, severity: 'error', subject: expect.objectContaining({ kind: 'third_party' }), ...(code ? { code } : {}) }))
  return body.problems as Problem[]
}

describe('adding a third party from the pool: checked like an officer', () => {
  test('an eligible third party is seated (201) with name and unit, and bumps the sequence', async () => {
    const f = await thirdPartyFixture()
    const unit = anOrganisation(f.t.db, '滨海市律师协会')
    const lawyer = f.thirdParty({ name: '周律师', employerOrganisationId: unit.id })
    const res = await f.add(lawyer.id)
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ participant: { kind: 'third_party', memberId: lawyer.id, name: '周律师', organisation: '滨海市律师协会' }, hearing: { sequence: 1 } })
    expect((await f.detail()).problems).toEqual([])
  })

  test('a member without the third-party role is refused with member_lacks_role; nothing is written', async () => {
    const f = await thirdPartyFixture()
    const officerOnly = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, roleThirdParty: false })
    const problems = refusedWith(await f.add(officerOnly.id), 'member_lacks_role')
    expect(problems.filter((p) => p.subject.kind === 'third_party')).toEqual([expect.objectContaining({ subject: { kind: 'third_party', id: officerOnly.id, name: officerOnly.name } })])
    expect(f.seats()).toHaveLength(0)
    expect((await f.detail()).sequence).toBe(0)
  })

  test.each([
    ['suspended', { status: 'suspended' as const }, 'member_not_active'],
    ['a candidate not yet appointed', { status: 'candidate' as const }, 'member_not_active'],
    ['removed', { status: 'removed' as const }, 'member_not_active'],
    ['past the end of the term at the hearing date', { termEnd: '2026-12-09' }, 'member_out_of_term'],
    ['not yet appointed at the hearing date', { appointmentDate: '2026-12-11' }, 'member_out_of_term']
  ])('a third party %s is refused', async (_, overrides, type) => {
    const f = await thirdPartyFixture()
    refusedWith(await f.add(f.thirdParty(overrides).id), type)
    expect(f.seats()).toHaveLength(0)
  })

  test.each([
    ['involvesStateSecret', 'state_secret'],
    ['involvesCommercialSecret', 'commercial_secret'],
    ['involvesPrivacy', 'privacy']
  ] as const)('no third party on a matter with %s (even in a non-public hearing)', async (flag, code) => {
    const f = await thirdPartyFixture()
    const matter = aMatter(f.t.db, { regionId: f.regions.townA.id, respondentOrganisationId: f.respondent.id })
    f.t.db.update(mattersTable).set({ [flag]: true }).where(eq(mattersTable.id, matter.id)).run()
    const res = await f.create({ matterId: matter.id, venueId: f.venue2.id, isPublic: false, nonPublicReason: '依法不公开', startsAt: '2026-12-11T09:00:00+08:00', endsAt: '2026-12-11T11:00:00+08:00' })
    expect(res.statusCode).toBe(201)
    refusedWith(await f.add(f.thirdParty().id, res.json().hearing.id), 'privacy', code)
    expect(f.seats()).toHaveLength(0)
  })

  test('recusal: employed by the respondent, a declared former employer, a declared relative, the petitioner\'s own community', async () => {
    const f = await thirdPartyFixture()
    const employed = f.thirdParty({ employerOrganisationId: f.respondent.id })
    refusedWith(await f.add(employed.id), 'recusal', 'employed_by_respondent')

    const formerEmployee = f.thirdParty()
    f.t.db.insert(memberEmployersTable).values({ memberId: formerEmployee.id, organisationId: f.respondent.id, position: '科员', fromDate: '2010-01-01', toDate: '2015-12-31' }).run()
    refusedWith(await f.add(formerEmployee.id), 'recusal', 'employed_by_respondent')

    const relative = f.thirdParty()
    const petitioner = f.t.db.select().from(matterPetitionersTable).where(eq(matterPetitionersTable.matterId, f.matter.id)).get()!
    f.t.db.insert(memberRelativesTable).values({ memberId: relative.id, name: petitioner.name, relation: '表兄', idNumber: petitioner.idNumber }).run()
    refusedWith(await f.add(relative.id), 'recusal', 'declared_relative')

    const neighbour = f.thirdParty({ homeRegionId: f.regions.villageA.id })
    refusedWith(await f.add(neighbour.id), 'recusal', 'same_home_community')
    expect(f.seats()).toHaveLength(0)
  })

  test('a member who sat as an officer on the same matter before must recuse as a third party too', async () => {
    const f = await thirdPartyFixture()
    const member = f.thirdParty({ roleOfficer: true })
    const earlier = await f.create({ venueId: f.venue2.id, startsAt: '2026-12-08T09:00:00+08:00', endsAt: '2026-12-08T11:00:00+08:00', hostMemberId: aMember(f.t.db, { homeRegionId: f.regions.townA2.id }).id, recorderMemberId: aMember(f.t.db, { homeRegionId: f.regions.townA2.id }).id })
    expect(earlier.statusCode).toBe(201)
    f.t.db.insert(hearingParticipantsTable).values({ hearingId: earlier.json().hearing.id, kind: 'officer', memberId: member.id, rank: 1, response: 'accepted', hearingStartsAt: new Date('2026-12-08T01:00:00Z'), createdAt: new Date() }).run()
    refusedWith(await f.add(member.id), 'recusal', 'served_on_matter')
  })

  test.each(['host', 'recorder', 'officer', 'third_party'] as const)('a person who is %s on an overlapping hearing is double-booked', async (seat) => {
    const f = await thirdPartyFixture()
    const person = f.thirdParty({ roleHost: true, roleRecorder: true, roleOfficer: true })
    const other = seat === 'host' ? await f.overlapping({ hostMemberId: person.id }) : seat === 'recorder' ? await f.overlapping({ recorderMemberId: person.id }) : await f.overlapping()
    if (seat === 'officer') {
      f.t.db.insert(hearingParticipantsTable).values({ hearingId: other.id, kind: 'officer', memberId: person.id, rank: 1, response: 'accepted', hearingStartsAt: new Date('2026-12-10T02:00:00Z'), createdAt: new Date() }).run()
    }
    if (seat === 'third_party') expect((await f.add(person.id, other.id)).statusCode).toBe(201)
    const before = f.seats().length
    refusedWith(await f.add(person.id), 'person_double_booked')
    expect(f.seats()).toHaveLength(before)
  })

  test('a hearing at another time does not clash', async () => {
    const f = await thirdPartyFixture()
    const person = f.thirdParty()
    const later = await f.overlapping({ startsAt: '2026-12-11T09:00:00+08:00', endsAt: '2026-12-11T11:00:00+08:00' })
    expect((await f.add(person.id, later.id)).statusCode).toBe(201)
    expect((await f.add(person.id)).statusCode).toBe(201)
  })

  test('the same person twice on one hearing: as host and third party, or added twice', async () => {
    const f = await thirdPartyFixture()
    f.t.db.update(membersTable).set({ roleThirdParty: true }).where(eq(membersTable.id, f.host.id)).run()
    refusedWith(await f.add(f.host.id), 'same_person_twice')
    const person = f.thirdParty()
    expect((await f.add(person.id)).statusCode).toBe(201)
    refusedWith(await f.add(person.id), 'same_person_twice')
    expect(f.seats()).toHaveLength(1)
  })

  test('a third party must come from the pool (memberId); a respondent representative is named, not a pool member', async () => {
    const f = await thirdPartyFixture()
    const byName = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${f.hearing.id}/participants`, headers: f.t.admin.headers, payload: { kind: 'third_party', name: '某志愿者' } })
    expect(byName.statusCode).toBe(400)
    expect(byName.json()).toMatchObject({ code: 'request.invalid', errors: [expect.objectContaining({ field: 'memberId' })] })
    const repAsMember = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${f.hearing.id}/participants`, headers: f.t.admin.headers, payload: { kind: 'respondent_rep', memberId: f.thirdParty().id, name: '孙承办' } })
    expect(repAsMember.statusCode).toBe(400)
    expect(repAsMember.json()).toMatchObject({ code: 'request.invalid', errors: [expect.objectContaining({ field: 'memberId' })] })
    const rep = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${f.hearing.id}/participants`, headers: f.t.admin.headers, payload: { kind: 'respondent_rep', name: '孙承办', organisation: '东城区住房和城乡建设局' } })
    expect(rep.statusCode).toBe(201)
    expect(f.seats()).toHaveLength(1)
  })

  test('an unknown member id is 404 member_not_found and nothing is added', async () => {
    const f = await thirdPartyFixture()
    const res = await f.add(99999)
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('hearings.member_not_found')
    expect(f.seats()).toHaveLength(0)
  })
})

describe('third parties among the hearing\'s problems', () => {
  test('a seated third party who is suspended later shows as a problem in GET and blocks the notice', async () => {
    const f = await thirdPartyFixture()
    const person = f.thirdParty()
    expect((await f.add(person.id)).statusCode).toBe(201)
    f.t.db.update(membersTable).set({ status: 'suspended' }).where(eq(membersTable.id, person.id)).run()
    const d = await f.detail()
    expect(d.problems).toEqual([expect.objectContaining({ type: 'member_not_active', subject: { kind: 'third_party', id: person.id, name: person.name } })])
    const notify = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${f.hearing.id}/transitions`, headers: f.t.admin.headers, payload: { action: 'notify', version: d.version, noticeServedOn: '2026-11-28' } })
    expect(notify.statusCode).toBe(409)
    expect(notify.json().problems).toContainEqual(expect.objectContaining({ type: 'member_not_active', subject: expect.objectContaining({ kind: 'third_party' }) }))
  })

  test('a matter found to involve a state secret after the third party was added shows a privacy problem for them', async () => {
    const f = await thirdPartyFixture()
    const person = f.thirdParty()
    expect((await f.add(person.id)).statusCode).toBe(201)
    f.t.db.update(mattersTable).set({ involvesStateSecret: true }).where(eq(mattersTable.id, f.matter.id)).run()
    expect((await f.detail()).problems).toContainEqual(expect.objectContaining({ type: 'privacy', code: 'state_secret', subject: expect.objectContaining({ kind: 'third_party', id: person.id }) }))
  })

  test('moving the hearing onto another booking of its third party is refused with the third party double-booked', async () => {
    const f = await thirdPartyFixture()
    const person = f.thirdParty()
    const other = await f.overlapping({ startsAt: '2026-12-11T09:00:00+08:00', endsAt: '2026-12-11T11:00:00+08:00' })
    expect((await f.add(person.id, other.id)).statusCode).toBe(201)
    expect((await f.add(person.id)).statusCode).toBe(201)
    const move = await f.t.app.inject({ method: 'PATCH', url: `/api/v1/hearings/${f.hearing.id}`, headers: f.t.admin.headers, payload: { startsAt: '2026-12-11T09:30:00+08:00', endsAt: '2026-12-11T10:30:00+08:00', venueId: f.venue.id, version: 2 } })
    refusedWith(move, 'person_double_booked')
  })

  test('a draft takes a double-booked third party and lists the problem; scheduling it is refused until resolved', async () => {
    const f = await thirdPartyFixture()
    const person = f.thirdParty()
    expect((await f.add(person.id)).statusCode).toBe(201)
    const venue = aVenue(f.t.db, f.regions.townA.id, '草稿听证室')
    const draft = await f.create({ draft: true, matterId: aMatter(f.t.db, { regionId: f.regions.townA.id, respondentOrganisationId: f.respondent.id }).id, venueId: venue.id, hostMemberId: aMember(f.t.db, { homeRegionId: f.regions.townA2.id }).id, recorderMemberId: aMember(f.t.db, { homeRegionId: f.regions.townA2.id }).id })
    expect(draft.statusCode).toBe(201)
    const added = await f.add(person.id, draft.json().hearing.id)
    expect(added.statusCode).toBe(201)
    const d = await f.detail(draft.json().hearing.id)
    expect(d.problems).toEqual([expect.objectContaining({ type: 'person_double_booked', subject: expect.objectContaining({ kind: 'third_party', id: person.id }) })])
    const schedule = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${d.id}/transitions`, headers: f.t.admin.headers, payload: { action: 'schedule', version: d.version } })
    expect(schedule.statusCode).toBe(409)
  })
})

describe('taking a third party or representative off a hearing', () => {
  test('a third party who became ineligible is withdrawn with a reason; the row stays as history and the notice can go out', async () => {
    const f = await thirdPartyFixture()
    const person = f.thirdParty()
    const seat = (await f.add(person.id)).json().participant
    f.t.db.update(membersTable).set({ status: 'suspended' }).where(eq(membersTable.id, person.id)).run()
    const url = `/api/v1/hearings/${f.hearing.id}/participants/${seat.id}/withdrawal`
    const noReason = await f.t.app.inject({ method: 'POST', url, headers: f.t.admin.headers, payload: {} })
    expect(noReason.statusCode).toBe(400)
    const res = await f.t.app.inject({ method: 'POST', url, headers: f.t.admin.headers, payload: { reason: '已暂停听证员库资格' } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ hearing: { sequence: 2 }, problems: [] })
    expect(f.seats()).toEqual([expect.objectContaining({ id: seat.id, active: false, endedReason: '已暂停听证员库资格' })])
    const d = await f.detail()
    expect(d.events.map((e: { action: string }) => e.action)).toEqual(['create', 'participant_added', 'participant_withdrawn'])
    const notify = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${f.hearing.id}/transitions`, headers: f.t.admin.headers, payload: { action: 'notify', version: d.version, noticeServedOn: '2026-11-28' } })
    expect(notify.statusCode).toBe(200)
    const again = await f.t.app.inject({ method: 'POST', url, headers: f.t.admin.headers, payload: { reason: '重复' } })
    expect(again.statusCode).toBe(404)
    expect(again.json().code).toBe('hearings.participant_not_found')
  })

  test('officers are not withdrawn this way; another township does not see the hearing', async () => {
    const f = await thirdPartyFixture()
    const officer = aMember(f.t.db, { homeRegionId: f.regions.townA2.id })
    const seat = f.t.db.insert(hearingParticipantsTable).values({ hearingId: f.hearing.id, kind: 'officer', memberId: officer.id, rank: 1, response: 'accepted', hearingStartsAt: new Date('2026-12-10T01:00:00Z'), createdAt: new Date() }).returning().get()
    const url = `/api/v1/hearings/${f.hearing.id}/participants/${seat.id}/withdrawal`
    const res = await f.t.app.inject({ method: 'POST', url, headers: f.t.admin.headers, payload: { reason: '不想要了' } })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('hearings.participant_not_withdrawable')
    expect(f.seats()).toEqual([expect.objectContaining({ id: seat.id, active: true })])
    const rep = (await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${f.hearing.id}/participants`, headers: f.t.admin.headers, payload: { kind: 'respondent_rep', name: '孙承办' } })).json().participant
    const coordB = f.t.userWithToken({ role: 'coordinator', regionId: f.regions.townB.id })
    const foreign = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${f.hearing.id}/participants/${rep.id}/withdrawal`, headers: coordB.headers, payload: { reason: '越权' } })
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json().code).toBe('hearings.not_found')
    const own = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${f.hearing.id}/participants/${rep.id}/withdrawal`, headers: f.t.admin.headers, payload: { reason: '承办人调整' } })
    expect(own.statusCode).toBe(200)
  })
})
