import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestApp, seedRegionTree, type TestApp } from '../../helpers/app.js'
import { membersTable } from '../../../db/schema/index.js'
import type { MemberBody } from '../../../server/modules/pool/pool.types.js'
import { ALL_CONDITIONS, aMemberBody, expectProblem } from './pool.fixtures.js'

function host (t: TestApp, homeRegionId: number, { trainedOn, appoint = true, termEnd, name }: { trainedOn?: string, appoint?: boolean, termEnd?: string, name?: string } = {}) {
  const created = t.services.pool.create(t.admin.actor, aMemberBody({ homeRegionId, roles: ['host'], conditions: ALL_CONDITIONS, ...(name ? { name } : {}) }) as unknown as MemberBody)
  const id = created.row.member.id
  if (trainedOn) t.services.pool.addTraining(t.admin.actor, id, { course: '听证主持人培训', trainedOn, hours: 8 })
  if (appoint) {
    t.services.pool.transition(t.admin.actor, id, { action: 'appoint', appointmentDate: '2026-01-10', appointingBody: '区信访局', version: 1, ...(termEnd ? { termEnd } : {}) })
  }
  return id
}

describe('GET /pool/coverage', () => {
  test('every village or community of the subtree with its active trained hosts, those without, and terms ending within 60 days', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    host(t, r.villageA.id, { trainedOn: '2025-09-01', name: '渤海主持甲' })
    host(t, r.villageA.id, { trainedOn: '2026-03-01', termEnd: '2027-01-15', name: '渤海主持乙' })
    host(t, r.villageA2.id, { trainedOn: '2022-01-01', name: '新立主持（培训过期）' })
    host(t, r.villageA2.id, { trainedOn: '2026-01-01', appoint: false, name: '新立候选' })
    const suspended = host(t, r.villageB.id, { trainedOn: '2026-01-01', name: '杨柳主持（暂停）' })
    t.services.pool.transition(t.admin.actor, suspended, { action: 'suspend', reason: '生病', version: t.db.select().from(membersTable).where(eq(membersTable.id, suspended)).get()!.version })

    const res = await t.app.inject({ method: 'GET', url: '/api/v1/pool/coverage', headers: t.admin.headers })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ region: null, today: '2026-11-28', trainedHostYears: 3, termEndingSoonDays: 60, summary: { villages: 3, covered: 1, uncovered: 2 } })
    expect(body.villages).toEqual([
      { regionId: r.villageA.id, name: '渤海社区', parents: ['滨海市', '东城区', '渤海街道'], activeTrainedHosts: 2 },
      { regionId: r.villageA2.id, name: '新立社区', parents: ['滨海市', '东城区', '黄河街道'], activeTrainedHosts: 0 },
      { regionId: r.villageB.id, name: '杨柳村', parents: ['滨海市', '西城县', '杨柳镇'], activeTrainedHosts: 0 }
    ])
    expect(body.villagesWithoutTrainedHost.map((v: { name: string }) => v.name)).toEqual(['新立社区', '杨柳村'])
    expect(body.termEndingSoon.map((m: { name: string, termEnd: string }) => [m.name, m.termEnd])).toEqual([['渤海主持乙', '2027-01-15']])
    expect(body.termEndingSoonTotal).toBe(1)
  })

  test('a coordinator gets their own subtree by default and 404 for a region outside it; hosts get masked members', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    host(t, r.villageB.id, { trainedOn: '2026-03-01', termEnd: '2027-01-10' })
    const coordB = t.userWithToken({ role: 'coordinator', regionId: r.countyB.id })
    const hostB = t.userWithToken({ role: 'host', regionId: r.countyB.id })
    const own = await t.app.inject({ method: 'GET', url: '/api/v1/pool/coverage', headers: coordB.headers })
    expect(own.json()).toMatchObject({ region: { id: r.countyB.id, name: '西城县' }, summary: { villages: 1, covered: 1, uncovered: 0 } })
    expect(own.json().termEndingSoon[0]).toMatchObject({ personalDataMasked: false })
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/pool/coverage', headers: hostB.headers })).json().termEndingSoon[0]).toMatchObject({ personalDataMasked: true })
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/pool/coverage?regionId=${r.countyA.id}`, headers: coordB.headers }), 404, 'regions.not_found')
    const town = await t.app.inject({ method: 'GET', url: `/api/v1/pool/coverage?regionId=${r.townA.id}`, headers: t.admin.headers })
    expect(town.json()).toMatchObject({ summary: { villages: 1, covered: 0, uncovered: 1 }, villagesWithoutTrainedHost: [{ name: '渤海社区' }] })
  })

  test('the trained-host window follows the settings', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    host(t, r.villageA.id, { trainedOn: '2022-06-01' })
    const before = await t.app.inject({ method: 'GET', url: `/api/v1/pool/coverage?regionId=${r.villageA.id}`, headers: t.admin.headers })
    expect(before.json().summary).toEqual({ villages: 1, covered: 0, uncovered: 1 })
    await t.app.inject({ method: 'PATCH', url: '/api/v1/pool/settings', headers: t.admin.headers, payload: { trainedHostYears: 5 } })
    const after = await t.app.inject({ method: 'GET', url: `/api/v1/pool/coverage?regionId=${r.villageA.id}`, headers: t.admin.headers })
    expect(after.json()).toMatchObject({ trainedHostYears: 5, summary: { villages: 1, covered: 1, uncovered: 0 } })
  })
})
