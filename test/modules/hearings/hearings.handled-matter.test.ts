import { describe, expect, test } from 'vitest'
import { aMember } from '../../helpers/factories.js'
import { hearingFixture } from './hearings.fixture.js'

type Problem = { type: string, code?: string, severity: string, message: string, subject: { kind: string, id: number | null, name?: string } }
type Group = { reasons: { code: string, message: string }[], memberIds: number[] }

/**
 * The fixture's matter handled by a county team: 孙承办 (pool member, linked to a host account) is the handler
 * of its 办理 stage, 钱干部 (pool member, named on the team without an account) a team member.
 */
async function handledFixture () {
  const f = await hearingFixture()
  const { t, regions } = f
  const call = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object, headers = t.admin.headers) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) })
  const handler = aMember(t.db, { homeRegionId: regions.townA.id, name: '孙承办' })
  const cadre = aMember(t.db, { homeRegionId: regions.townA.id, name: '钱干部', roleThirdParty: true })
  const coordinator = t.userWithToken({ role: 'coordinator', regionId: regions.countyA.id })
  const account = await call('POST', '/users', {
    username: 'sun.chengban', displayName: '孙承办', password: 'Hearing#Room2026', role: 'host', regionId: regions.countyA.id, poolMemberId: handler.id
  }, coordinator.headers)
  expect(account.statusCode, account.body).toBe(201)
  const team = await call('POST', '/case-teams', {
    name: '东城区复查复核第一团队',
    regionId: regions.countyA.id,
    members: [
      { userId: coordinator.user.id, role: 'leader' },
      { userId: account.json().id, role: 'member' },
      { name: '钱干部', poolMemberId: cadre.id, role: 'member' }
    ]
  })
  expect(team.statusCode, team.body).toBe(201)
  const handlerEntry = team.json().members.find((m: { userId: number | null }) => m.userId === account.json().id)
  const assigned = await call('POST', `/case-teams/${team.json().id}/assignments`, { matterId: f.matter.id, method: 'leader', teamMemberId: handlerEntry.id, version: f.matter.version })
  expect(assigned.statusCode, assigned.body).toBe(201)
  return { ...f, call, handler, cadre, coordinator, account: account.json(), team: team.json() }
}

const handledProblem = (problems: Problem[], kind: string, id: number) => problems.find((p) => p.code === 'handled_matter' && p.subject.kind === kind && p.subject.id === id)

describe('linking accounts and case-team entries to pool members', () => {
  test('the link is set through the users API and shown on the user and on the pool member; a member links to one account only', async () => {
    const f = await handledFixture()
    expect(f.account.poolMember).toEqual({ id: f.handler.id, name: '孙承办' })
    const member = await f.call('GET', `/pool/members/${f.handler.id}`)
    expect(member.json().linkedUser).toEqual({ id: f.account.id, username: 'sun.chengban', displayName: '孙承办' })

    const other = f.t.userWithToken({ role: 'host', regionId: f.regions.countyA.id })
    const taken = await f.call('PATCH', `/users/${other.user.id}`, { poolMemberId: f.handler.id })
    expect(taken.statusCode).toBe(409)
    expect(taken.json()).toMatchObject({ code: 'users.pool_member_linked' })
    expect(taken.json().detail).toContain('sun.chengban')

    // a coordinator of another county cannot reach a member of this one
    const coordinatorB = f.t.userWithToken({ role: 'coordinator', regionId: f.regions.countyB.id })
    const hostB = f.t.userWithToken({ role: 'host', regionId: f.regions.countyB.id })
    const outside = await f.call('PATCH', `/users/${hostB.user.id}`, { poolMemberId: f.cadre.id }, coordinatorB.headers)
    expect(outside.statusCode).toBe(422)
    expect(outside.json()).toMatchObject({ code: 'users.pool_member_invalid', errors: [expect.objectContaining({ field: 'poolMemberId' })] })

    const unlinked = await f.call('PATCH', `/users/${f.account.id}`, { poolMemberId: null }, f.coordinator.headers)
    expect(unlinked.statusCode).toBe(200)
    expect(unlinked.json().poolMember).toBeNull()
    expect((await f.call('GET', `/pool/members/${f.handler.id}`)).json().linkedUser).toBeNull()
  })

  test('a case-team entry shows its pool member, whether named on the entry or linked to the account; an account entry cannot name one', async () => {
    const f = await handledFixture()
    const byName = Object.fromEntries(f.team.members.map((m: { name: string, poolMember: unknown }) => [m.name, m.poolMember]))
    expect(byName).toMatchObject({ 孙承办: { id: f.handler.id, name: '孙承办' }, 钱干部: { id: f.cadre.id, name: '钱干部' } })
    const both = await f.call('PATCH', `/case-teams/${f.team.id}`, {
      version: f.team.version,
      members: [
        { userId: f.coordinator.user.id, role: 'leader' },
        { userId: f.account.id, poolMemberId: f.cadre.id, role: 'member' },
        { name: '钱干部', poolMemberId: f.cadre.id, role: 'member' }
      ]
    })
    expect(both.statusCode).toBe(422)
    expect(both.json().errors).toEqual([expect.objectContaining({ field: 'members.1.poolMemberId' })])
  })
})

describe('a person who handled the matter sits in no seat of its hearings', () => {
  test('the preview names the role they had: host 办理阶段承办人, recorder 承办团队成员', async () => {
    const f = await handledFixture()
    const res = await f.call('POST', '/hearings/preview', f.body({ hostMemberId: f.handler.id, recorderMemberId: f.cadre.id }))
    expect(res.statusCode).toBe(200)
    const problems = res.json().problems as Problem[]
    expect(handledProblem(problems, 'host', f.handler.id)).toMatchObject({
      type: 'recusal', severity: 'error', message: '主持人孙承办：曾任本信访事项办理阶段承办人，参与过调查处理，应当回避'
    })
    expect(handledProblem(problems, 'recorder', f.cadre.id)).toMatchObject({
      type: 'recusal', severity: 'error', message: '记录员钱干部：曾任本信访事项承办团队“东城区复查复核第一团队”成员，参与过调查处理，应当回避'
    })
  })

  test('create and update refuse them with the problem; others are accepted', async () => {
    const f = await handledFixture()
    const refused = await f.create({ hostMemberId: f.handler.id })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().code).toBe('hearings.has_problems')
    expect(handledProblem(refused.json().problems, 'host', f.handler.id)).toBeDefined()

    const created = await f.create()
    expect(created.statusCode, created.body).toBe(201)
    const { hearing } = created.json()
    const update = await f.call('PATCH', `/hearings/${hearing.id}`, { recorderMemberId: f.handler.id, version: hearing.version })
    expect(update.statusCode).toBe(409)
    expect(handledProblem(update.json().problems, 'recorder', f.handler.id)).toBeDefined()
  })

  test('a team member is refused as a third party', async () => {
    const f = await handledFixture()
    const { hearing } = (await f.create()).json()
    const res = await f.call('POST', `/hearings/${hearing.id}/participants`, { kind: 'third_party', memberId: f.cadre.id })
    expect(res.statusCode).toBe(409)
    expect(handledProblem(res.json().problems, 'third_party', f.cadre.id)).toMatchObject({ type: 'recusal' })
  })

  test('the draw leaves them out, grouped under handled_matter with the role in the reason', async () => {
    const f = await handledFixture()
    for (let i = 0; i < 6; i++) aMember(f.t.db, { homeRegionId: f.regions.townA.id, roleHost: false, roleRecorder: false })
    const { hearing } = (await f.create({ procedure: 'simple', panelSize: 3 })).json()
    const committed = await f.call('POST', `/hearings/${hearing.id}/draw-commitments`, { witnessName: '王见证' })
    expect(committed.statusCode, committed.body).toBe(201)
    const groups = committed.json().excluded as Group[]
    const groupOf = (id: number) => groups.find((g) => g.memberIds.includes(id))
    expect(groupOf(f.handler.id)?.reasons).toEqual([{ code: 'handled_matter', message: '曾任本信访事项办理阶段承办人，参与过调查处理，应当回避' }])
    expect(groupOf(f.cadre.id)?.reasons).toEqual([{ code: 'handled_matter', message: '曾任本信访事项承办团队“东城区复查复核第一团队”成员，参与过调查处理，应当回避' }])
    expect(committed.json().eligibleCount).toBe(6)
  })
})
