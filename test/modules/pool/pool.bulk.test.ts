import { describe, expect, test } from 'vitest'
import { createTestApp, seedRegionTree } from '../../helpers/app.js'
import { memberStatusHistoryTable, memberTrainingsTable } from '../../../db/schema/index.js'
import { ALL_CONDITIONS, aMemberBody, createMember, expectProblem } from './pool.fixtures.js'

async function setup () {
  const t = await createTestApp()
  const r = seedRegionTree(t)
  const coordinator = t.userWithToken({ role: 'coordinator', regionId: r.countyA.id })
  const candidates = []
  for (let i = 0; i < 3; i++) candidates.push(await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageA.id, conditions: ALL_CONDITIONS })))
  const bare = await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageA.id, name: '未认定' }))
  const elsewhere = await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageB.id, conditions: ALL_CONDITIONS, name: '外县人员' }))
  const post = (url: string, payload: object, headers = coordinator.headers) => t.app.inject({ method: 'POST', url: `/api/v1/pool/members/${url}`, headers, payload })
  const get = async (id: number) => (await t.app.inject({ method: 'GET', url: `/api/v1/pool/members/${id}`, headers: t.admin.headers })).json()
  return { t, r, coordinator, candidates, bare, elsewhere, post, get }
}

const appointment = { appointmentDate: '2026-11-01', appointingBody: '东城区信访局', letterNumber: '东信发〔2026〕8号' }

describe('POST /pool/members/bulk-appointments', () => {
  test('appoints every listed member in one request with the same appointment; each gets its history row', async () => {
    const f = await setup()
    const ids = f.candidates.map((c: { id: number }) => c.id)
    const res = await f.post('bulk-appointments', { memberIds: ids, ...appointment })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ action: 'appoint', count: 3 })
    for (const id of ids) {
      const m = await f.get(id)
      expect(m).toMatchObject({ status: 'active', appointment: { appointmentDate: '2026-11-01', appointingBody: '东城区信访局', letterNumber: '东信发〔2026〕8号', termEnd: '2028-10-31' } })
    }
    expect(f.t.db.select().from(memberStatusHistoryTable).all().filter((h) => h.action === 'appoint')).toHaveLength(3)
  })

  test('all or nothing: a member out of scope or without attested conditions is reported by id and nobody is appointed', async () => {
    const f = await setup()
    const ids = [f.candidates[0].id, f.bare.id, f.elsewhere.id, 99999]
    const body = expectProblem(await f.post('bulk-appointments', { memberIds: ids, ...appointment }), 422, 'pool.bulk_rejected')
    expect(body.failures).toEqual([
      { memberId: f.elsewhere.id, code: 'pool.member_not_found', message: expect.stringContaining('不在您的权限范围内') },
      { memberId: 99999, code: 'pool.member_not_found', message: expect.any(String) },
      { memberId: f.bare.id, code: 'pool.conditions_not_attested', message: expect.stringContaining('未认定：') }
    ])
    expect((await f.get(f.candidates[0].id)).status).toBe('candidate')
    expect(f.t.db.select().from(memberStatusHistoryTable).all().filter((h) => h.action === 'appoint')).toHaveLength(0)
  })

  test('an active member cannot be appointed again (renew is the action for that); duplicate ids are refused', async () => {
    const f = await setup()
    const id = f.candidates[0].id
    expect((await f.post('bulk-appointments', { memberIds: [id], ...appointment })).statusCode).toBe(200)
    const again = expectProblem(await f.post('bulk-appointments', { memberIds: [id], ...appointment }), 422, 'pool.bulk_rejected')
    expect(again.failures).toEqual([{ memberId: id, code: 'pool.invalid_transition', message: expect.stringContaining('当前状态为“在聘”，不能聘任') }])
    const renewed = await f.post('bulk-appointments', { memberIds: [id], action: 'renew', appointmentDate: '2026-11-20', appointingBody: '东城区信访局' })
    expect(renewed.statusCode, renewed.body).toBe(200)
    expect(renewed.json().members[0]).toMatchObject({ id, status: 'active', appointmentDate: '2026-11-20' })
    expectProblem(await f.post('bulk-appointments', { memberIds: [id, id], ...appointment }), 422, 'pool.invalid_member')
  })
})

describe('POST /pool/members/bulk-trainings', () => {
  test('records one training for every listed member; a repeat is reported per member and writes nothing', async () => {
    const f = await setup()
    const ids = [f.candidates[0].id, f.bare.id]
    const training = { course: '信访听证主持人培训', trainedOn: '2026-11-10', hours: 6, provider: '东城区信访局' }
    const res = await f.post('bulk-trainings', { memberIds: ids, ...training })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ count: 2, members: [{ id: ids[0], lastTrainingOn: '2026-11-10', training: { course: '信访听证主持人培训', hours: 6 } }, { id: ids[1] }] })
    expect((await f.get(ids[0])).trainings).toEqual([expect.objectContaining({ course: '信访听证主持人培训', trainedOn: '2026-11-10' })])

    const before = f.t.db.select().from(memberTrainingsTable).all().length
    const repeat = expectProblem(await f.post('bulk-trainings', { memberIds: [f.candidates[1].id, ids[0]], ...training }), 422, 'pool.bulk_rejected')
    expect(repeat.failures).toEqual([{ memberId: ids[0], code: 'pool.training_duplicate', message: expect.stringContaining('已有 2026-11-10') }])
    expect(f.t.db.select().from(memberTrainingsTable).all().length).toBe(before)
    expectProblem(await f.post('bulk-trainings', { memberIds: [f.elsewhere.id], ...training }), 422, 'pool.bulk_rejected')
  })
})
