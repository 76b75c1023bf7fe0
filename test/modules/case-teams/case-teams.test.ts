import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestApp } from '../../helpers/app.js'
import { auditLogTable, caseAssignmentsTable, caseTeamMembersTable, caseTeamsTable, usersTable } from '../../../db/schema/index.js'
import { nextInRotation, teamCompliance } from '../../../server/modules/case-teams/case-teams.rules.js'
import { createMatter, expectProblem, matterStep, seedWorld } from '../matters/matters.fixtures.js'

async function setup () {
  const t = await createTestApp()
  const w = seedWorld(t)
  const hostA2 = t.userWithToken({ role: 'host', regionId: w.regions.townA.id })
  const coordinatorA2 = t.userWithToken({ role: 'coordinator', regionId: w.regions.countyA.id })
  const hostB = t.userWithToken({ role: 'host', regionId: w.regions.countyB.id })
  const call = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object, headers = t.admin.headers) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) })
  /** A valid county-A team: the coordinator leads, two hosts and a cadre without an account take turns after them. */
  const teamA = (overrides: Record<string, unknown> = {}) => ({
    name: '东城区复查复核第一团队',
    regionId: w.regions.countyA.id,
    members: [
      { userId: w.coordinatorA.user.id, role: 'leader', position: '科长' },
      { userId: w.hostA.user.id, role: 'member' },
      { userId: hostA2.user.id, role: 'member' },
      { name: '刘干部', role: 'member', position: '副主任科员' }
    ],
    ...overrides
  })
  const createTeam = async (body: object, headers = t.admin.headers) => {
    const res = await call('POST', '/case-teams', body, headers)
    expect(res.statusCode, res.body).toBe(201)
    return res.json()
  }
  return { t, w, hostA2, coordinatorA2, hostB, call, teamA, createTeam }
}

const handling = (acceptedOn = '2026-11-01') => ({ handling: { acceptingBody: '东城区人力资源和社会保障局', acceptedOn } })

describe('rotation and compliance rules', () => {
  test('rotation takes the member after the last one, wraps around and skips the excluded', () => {
    const members = [{ id: 10, rotationOrder: 1 }, { id: 11, rotationOrder: 2 }, { id: 12, rotationOrder: 3 }]
    expect(nextInRotation(members, null)?.id).toBe(10)
    expect(nextInRotation(members, 1)?.id).toBe(11)
    expect(nextInRotation(members, 3)?.id).toBe(10)
    expect(nextInRotation(members, 1, new Set([11]))?.id).toBe(12)
    expect(nextInRotation(members, 1, new Set([10, 11, 12]))).toBeNull()
  })

  test('a team needs three people who count and a leader', () => {
    expect(teamCompliance([{ role: 'leader', counts: true }, { role: 'member', counts: true }, { role: 'member', counts: true }])).toMatchObject({ people: 3, hasLeader: true, compliant: true })
    const weak = teamCompliance([{ role: 'leader', counts: false }, { role: 'member', counts: true }, { role: 'member', counts: true }])
    expect(weak).toMatchObject({ people: 2, hasLeader: false, compliant: false })
    expect(weak.problems).toHaveLength(2)
  })
})

describe('POST /api/v1/case-teams', () => {
  test('a coordinator forms a county team of staff users and a named cadre; names come from the accounts; audited', async () => {
    const { t, w, teamA, createTeam } = await setup()
    const team = await createTeam(teamA(), w.coordinatorA.headers)
    expect(team).toMatchObject({
      name: '东城区复查复核第一团队',
      region: { id: w.regions.countyA.id, level: 'county' },
      people: 4,
      compliant: true,
      problems: [],
      leader: { name: w.coordinatorA.user.displayName },
      nextInRotation: { name: w.coordinatorA.user.displayName },
      version: 1
    })
    expect(team.members.map((m: any) => [m.name, m.role, m.rotationOrder])).toEqual([
      [w.coordinatorA.user.displayName, 'leader', 1], [w.hostA.user.displayName, 'member', 2], [expect.any(String), 'member', 3], ['刘干部', 'member', 4]
    ])
    expect(t.db.select().from(caseTeamMembersTable).all()).toHaveLength(4)
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'case_team.create')).get()!.regionPath).toBe(w.regions.countyA.path)
  })

  test('too few people, no or two leaders, foreign or unsuitable accounts, a township or another county are refused and nothing is written', async () => {
    const { t, w, hostB, call, teamA } = await setup()
    const [leader, m1, m2] = teamA().members as any[]
    expectProblem(await call('POST', '/case-teams', teamA({ members: [leader, m1] })), 422, 'case_teams.too_small')
    expectProblem(await call('POST', '/case-teams', teamA({ members: [{ ...leader, role: 'member' }, m1, m2] })), 422, 'case_teams.leader_required')
    expectProblem(await call('POST', '/case-teams', teamA({ members: [leader, { ...m1, role: 'leader' }, m2] })), 422, 'case_teams.leader_required')
    expectProblem(await call('POST', '/case-teams', teamA({ members: [leader, m1, { userId: hostB.user.id, role: 'member' }] })), 422, 'case_teams.invalid_member')
    expectProblem(await call('POST', '/case-teams', teamA({ members: [leader, m1, { userId: w.auditorA.user.id, role: 'member' }] })), 422, 'case_teams.invalid_member')
    expectProblem(await call('POST', '/case-teams', teamA({ members: [leader, m1, { userId: 9999, role: 'member' }] })), 422, 'case_teams.invalid_member')
    expectProblem(await call('POST', '/case-teams', teamA({ members: [leader, m1, { role: 'member' }] })), 422, 'case_teams.invalid_member')
    expectProblem(await call('POST', '/case-teams', teamA({ members: [leader, m1, m1] })), 422, 'case_teams.invalid_member')
    expectProblem(await call('POST', '/case-teams', teamA({ regionId: w.regions.townA.id })), 422, 'case_teams.invalid_level')
    expectProblem(await call('POST', '/case-teams', teamA({ regionId: w.regions.countyB.id }), w.coordinatorA.headers), 404, 'regions.not_found')
    expectProblem(await call('POST', '/case-teams', teamA(), w.hostA.headers), 403, 'auth.forbidden')
    expect(t.db.select().from(caseTeamsTable).all()).toHaveLength(0)
    expect(t.db.select().from(caseTeamMembersTable).all()).toHaveLength(0)
  })
})

describe('PATCH and GET /api/v1/case-teams/:id', () => {
  test('members can be reordered and removed; removed members are kept inactive; a stale version is 409; other counties get 404', async () => {
    const { t, w, coordinatorA2, call, teamA, createTeam } = await setup()
    const team = await createTeam(teamA())
    const [leader, a, b, c] = team.members
    const res = await call('PATCH', `/case-teams/${team.id}`, {
      version: 1,
      members: [{ id: c.id, role: 'member', name: '刘干部' }, { id: a.id, userId: a.userId, role: 'member' }, { userId: coordinatorA2.user.id, role: 'leader' }]
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().members.map((m: any) => [m.id === c.id || m.id === a.id ? m.id : 'new', m.role, m.rotationOrder])).toEqual([[c.id, 'member', 1], [a.id, 'member', 2], ['new', 'leader', 3]])
    expect(res.json().version).toBe(2)
    expect(t.db.select().from(caseTeamMembersTable).where(eq(caseTeamMembersTable.active, false)).all().map((m) => m.id).sort()).toEqual([leader.id, b.id].sort())
    expectProblem(await call('PATCH', `/case-teams/${team.id}`, { version: 1, name: '改名' }), 409, 'request.version_conflict')
    expectProblem(await call('PATCH', `/case-teams/${team.id}`, { version: 2, name: '改名' }, w.coordinatorB.headers), 404, 'case_teams.not_found')
    expectProblem(await call('GET', `/case-teams/${team.id}`, undefined, w.coordinatorB.headers), 404, 'case_teams.not_found')
    expect((await call('GET', `/case-teams/${team.id}`, undefined, w.auditorA.headers)).json().name).toBe('东城区复查复核第一团队')
  })
})

describe('POST /api/v1/case-teams/:id/assignments (承办人)', () => {
  test('rotation goes through the members in order and wraps; the handler shows on the matter; a leader\'s choice does not move the rotation', async () => {
    const { t, w, call, teamA, createTeam } = await setup()
    const team = await createTeam(teamA({ members: teamA().members.slice(0, 3) }))
    const matters = []
    for (let i = 0; i < 5; i++) matters.push(await createMatter(t, w, handling()))
    const assigned: string[] = []
    for (const m of matters.slice(0, 4)) {
      const res = await call('POST', `/case-teams/${team.id}/assignments`, { matterId: m.id, method: 'rotation', version: m.version }, w.coordinatorA.headers)
      expect(res.statusCode, res.body).toBe(201)
      expect(res.json()).toMatchObject({ matterId: m.id, stage: 'handling', method: 'rotation', matterVersion: m.version + 1, current: true })
      assigned.push(res.json().teamMember.name)
    }
    const names = team.members.map((m: any) => m.name)
    expect(assigned).toEqual([names[0], names[1], names[2], names[0]])

    const chosen = team.members[2]
    const byLeader = await call('POST', `/case-teams/${team.id}/assignments`, { matterId: matters[4]!.id, method: 'leader', teamMemberId: chosen.id, reason: '熟悉劳动保障政策', version: matters[4]!.version })
    expect(byLeader.json()).toMatchObject({ teamMember: { id: chosen.id }, method: 'leader', methodName: '团队负责人指定', reason: '熟悉劳动保障政策' })
    expect((await call('GET', `/case-teams/${team.id}`)).json().nextInRotation.name).toBe(names[1])

    const view = (await call('GET', `/matters/${matters[0]!.id}`)).json()
    expect(view.stages[0].handler).toMatchObject({ teamId: team.id, name: names[0], method: 'rotation' })
    expect(view.version).toBe(matters[0]!.version + 1)
    expect(t.db.select().from(caseAssignmentsTable).all()).toHaveLength(5)
    expect((await call('GET', `/case-teams/${team.id}/assignments`)).json().items).toHaveLength(5)
  })

  test('reassigning a stage ends the previous assignment; a stale matter version is 409 and changes nothing', async () => {
    const { t, w, call, teamA, createTeam } = await setup()
    const team = await createTeam(teamA())
    const m = await createMatter(t, w, handling())
    const first = (await call('POST', `/case-teams/${team.id}/assignments`, { matterId: m.id, method: 'rotation', version: m.version })).json()
    expectProblem(await call('POST', `/case-teams/${team.id}/assignments`, { matterId: m.id, method: 'rotation', version: m.version }), 409, 'request.version_conflict')
    expect(t.db.select().from(caseAssignmentsTable).all()).toHaveLength(1)
    const second = (await call('POST', `/case-teams/${team.id}/assignments`, { matterId: m.id, method: 'leader', teamMemberId: team.members[3].id, version: first.matterVersion })).json()
    expect(second.teamMember.name).toBe('刘干部')
    expect(t.db.select().from(caseAssignmentsTable).all().map((a) => [a.teamMemberId, a.current])).toEqual([[first.teamMember.id, false], [team.members[3].id, true]])
  })

  test('whoever handled 办理 is skipped by the rotation for 复查 and may not be chosen for it', async () => {
    const { t, w, call, teamA, createTeam } = await setup()
    const team = await createTeam(teamA())
    let m = await createMatter(t, w, handling('2026-10-01'))
    const first = (await call('POST', `/case-teams/${team.id}/assignments`, { matterId: m.id, method: 'rotation', version: m.version })).json()
    expect(first.teamMember.id).toBe(team.members[0].id)
    m = (await call('GET', `/matters/${m.id}`)).json()
    m = await matterStep(t.app, t.admin.headers, m, 'POST', '/stages/handling/decision', { decidedOn: '2026-11-01' })
    m = await matterStep(t.app, t.admin.headers, m, 'POST', '/stages', { stage: 'review', acceptingBody: '东城区人民政府', acceptedOn: '2026-11-05' })
    expectProblem(await call('POST', `/case-teams/${team.id}/assignments`, { matterId: m.id, method: 'leader', teamMemberId: team.members[0].id, version: m.version }), 409, 'case_teams.handled_earlier_stage')
    // the team's rotation cursor is at member 1, so member 2 would be next anyway; move it back to show the skip
    t.db.update(caseTeamsTable).set({ lastRotationOrder: 4 }).where(eq(caseTeamsTable.id, team.id)).run()
    const review = (await call('POST', `/case-teams/${team.id}/assignments`, { matterId: m.id, method: 'rotation', version: m.version })).json()
    expect(review).toMatchObject({ stage: 'review', teamMember: { id: team.members[1].id } })
  })

  test('a matter outside the team\'s region, without an open stage, a foreign member or an inactive team is refused', async () => {
    const { t, w, call, teamA, createTeam } = await setup()
    const team = await createTeam(teamA())
    const matterB = await createMatter(t, w, { regionId: w.regions.countyB.id, respondentOrganisationId: w.housing.id, ...handling() })
    expectProblem(await call('POST', `/case-teams/${team.id}/assignments`, { matterId: matterB.id, method: 'rotation', version: 1 }), 422, 'case_teams.matter_outside_team_region')
    expectProblem(await call('POST', `/case-teams/${team.id}/assignments`, { matterId: matterB.id, method: 'rotation', version: 1 }, w.coordinatorA.headers), 404, 'matters.not_found')
    const unaccepted = await createMatter(t, w)
    expectProblem(await call('POST', `/case-teams/${team.id}/assignments`, { matterId: unaccepted.id, method: 'rotation', version: 1 }), 409, 'matters.no_open_stage')
    const m = await createMatter(t, w, handling())
    expectProblem(await call('POST', `/case-teams/${team.id}/assignments`, { matterId: m.id, method: 'leader', teamMemberId: 9999, version: 1 }), 422, 'case_teams.member_not_in_team')
    expectProblem(await call('POST', `/case-teams/${team.id}/assignments`, { matterId: m.id, method: 'leader', version: 1 }), 422, 'case_teams.member_not_in_team')
    expectProblem(await call('POST', `/case-teams/${team.id}/assignments`, { matterId: m.id, method: 'rotation', version: 1 }, w.hostA.headers), 403, 'auth.forbidden')
    await call('PATCH', `/case-teams/${team.id}`, { version: 1, active: false })
    expectProblem(await call('POST', `/case-teams/${team.id}/assignments`, { matterId: m.id, method: 'rotation', version: 1 }), 409, 'case_teams.inactive')
    expect(t.db.select().from(caseAssignmentsTable).all()).toHaveLength(0)
  })

  test('a city team may handle a county matter', async () => {
    const { t, w, call, createTeam } = await setup()
    const cityUsers = [0, 1, 2].map(() => t.userWithToken({ role: 'coordinator', regionId: w.regions.city.id }))
    const team = await createTeam({ name: '市复查复核团队', regionId: w.regions.city.id, members: cityUsers.map((u, i) => ({ userId: u.user.id, role: i === 0 ? 'leader' : 'member' })) })
    const m = await createMatter(t, w, handling())
    expect((await call('POST', `/case-teams/${team.id}/assignments`, { matterId: m.id, method: 'rotation', version: m.version }, w.cityCoordinator.headers)).statusCode).toBe(201)
  })
})

describe('GET /api/v1/case-teams/compliance', () => {
  test('the city needs three compliant teams and each county two; teams with fewer than three active people or no leader do not count', async () => {
    const { t, w, hostB, coordinatorA2, call, teamA, createTeam } = await setup()
    const cityUsers = [0, 1, 2].map(() => t.userWithToken({ role: 'coordinator', regionId: w.regions.city.id }))
    const cityTeam = (name: string) => ({ name, regionId: w.regions.city.id, members: [{ userId: cityUsers[0]!.user.id, role: 'leader' }, { userId: cityUsers[1]!.user.id, role: 'member' }, { userId: cityUsers[2]!.user.id, role: 'member' }] })
    for (const n of ['一', '二', '三']) await createTeam(cityTeam(`市第${n}团队`))
    await createTeam(teamA({ members: [{ userId: coordinatorA2.user.id, role: 'leader' }, ...teamA().members.slice(1)] }))
    const weak = await createTeam(teamA({ name: '东城区第二团队', members: teamA().members.slice(0, 3) }))
    const inactive = await createTeam(teamA({ name: '东城区已撤销团队' }))
    await call('PATCH', `/case-teams/${inactive.id}`, { version: 1, active: false })
    await createTeam({ name: '西城县团队', regionId: w.regions.countyB.id, members: [{ userId: w.coordinatorB.user.id, role: 'leader' }, { userId: hostB.user.id, role: 'member' }, { name: '周干部', role: 'member' }] })
    // the leader's account of the second county-A team is disabled: two people left, no leader
    t.db.update(usersTable).set({ disabled: true }).where(eq(usersTable.id, w.coordinatorA.user.id)).run()

    const res = await call('GET', '/case-teams/compliance')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.compliant).toBe(false)
    expect(body.rule).toContain('市级不少于 3 个团队')
    expect(body.regions.map((r: any) => [r.region.name, r.required, r.teamCount, r.compliantTeams, r.compliant])).toEqual([
      ['滨海市', 3, 3, 3, true],
      ['东城区', 2, 2, 1, false],
      ['西城县', 2, 1, 1, false]
    ])
    const countyA = body.regions[1]
    expect(countyA.teams.find((x: any) => x.id === weak.id)).toMatchObject({ people: 2, hasLeader: false, compliant: false })
    expect(countyA.teams.find((x: any) => x.name === '东城区复查复核第一团队')).toMatchObject({ people: 4, hasLeader: true, compliant: true })
    expect(countyA.teams.map((x: any) => x.id)).not.toContain(inactive.id)
  })

  test('a county coordinator sees only their county; an officer may not look', async () => {
    const { w, call, teamA, createTeam } = await setup()
    await createTeam(teamA())
    const body = (await call('GET', '/case-teams/compliance', undefined, w.hostA.headers)).json()
    expect(body.regions.map((r: any) => [r.region.name, r.teamCount, r.compliant])).toEqual([['东城区', 1, false]])
    expectProblem(await call('GET', '/case-teams/compliance', undefined, w.officerA.headers), 403, 'auth.forbidden')
  })
})
