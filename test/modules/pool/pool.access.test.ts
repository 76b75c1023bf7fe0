import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestApp, seedRegionTree } from '../../helpers/app.js'
import { membersTable } from '../../../db/schema/index.js'
import { maskIdNumber, maskPhone } from '../../../server/common/personal-data.js'
import { aMemberBody, anIdNumber, createMember, expectProblem } from './pool.fixtures.js'

const url = '/api/v1/pool/members'

async function world () {
  const t = await createTestApp()
  const r = seedRegionTree(t)
  const local = await createMember(t, t.admin.headers, aMemberBody({ name: '东城甲', homeRegionId: r.villageA.id, idNumber: anIdNumber({ seq: 11 }), mobile: '13911110001', email: 'jia@example.cn' }))
  const sharedB = await createMember(t, t.admin.headers, aMemberBody({ name: '西城乙', homeRegionId: r.villageB.id, idNumber: anIdNumber({ seq: 13 }), mobile: '13911110002', consentCrossRegion: true }))
  const privateB = await createMember(t, t.admin.headers, aMemberBody({ name: '西城丙', homeRegionId: r.villageB.id, idNumber: anIdNumber({ seq: 15 }), mobile: '13911110003' }))
  return {
    t,
    r,
    local,
    sharedB,
    privateB,
    coordA: t.userWithToken({ role: 'coordinator', regionId: r.countyA.id }),
    coordB: t.userWithToken({ role: 'coordinator', regionId: r.countyB.id }),
    hostA: t.userWithToken({ role: 'host', regionId: r.countyA.id }),
    auditorA: t.userWithToken({ role: 'auditor', regionId: r.countyA.id }),
    officerA: t.userWithToken({ role: 'officer', regionId: r.countyA.id })
  }
}

describe('personal data is masked for everyone except admins and the coordinators of the home region', () => {
  test('admin and the home coordinator see it in full; the host and the auditor of the same region see it masked', async () => {
    const w = await world()
    const get = (headers: Record<string, string>) => w.t.app.inject({ method: 'GET', url: `${url}/${w.local.id}`, headers })
    const full = { idNumber: w.local.idNumber, mobile: '13911110001', email: 'jia@example.cn', birthDate: '1980-01-01', personalDataMasked: false }
    const masked = { idNumber: maskIdNumber(w.local.idNumber), mobile: maskPhone('13911110001'), email: 'j***@example.cn', birthDate: '1980-**-**', personalDataMasked: true }
    expect((await get(w.t.admin.headers)).json()).toMatchObject(full)
    expect((await get(w.coordA.headers)).json()).toMatchObject(full)
    expect((await get(w.hostA.headers)).json()).toMatchObject(masked)
    expect((await get(w.auditorA.headers)).json()).toMatchObject(masked)
    expect(maskIdNumber(w.local.idNumber)).toMatch(/^370102\*{8}\d{3}[\dX]$/)
    expectProblem(await get(w.officerA.headers), 403, 'auth.forbidden')
  })

  test('the list masks per row: a coordinator sees own members in full and shared members of other regions masked', async () => {
    const w = await world()
    const res = await w.t.app.inject({ method: 'GET', url: `${url}?sort=name`, headers: w.coordA.headers })
    expect(res.statusCode).toBe(200)
    const items = res.json().items as { name: string, idNumber: string, mobile: string, sharedFromOtherRegion: boolean, personalDataMasked: boolean }[]
    expect(items.map((i) => i.name).sort()).toEqual(['东城甲', '西城乙'])
    expect(items.find((i) => i.name === '东城甲')).toMatchObject({ idNumber: w.local.idNumber, personalDataMasked: false, sharedFromOtherRegion: false })
    expect(items.find((i) => i.name === '西城乙')).toMatchObject({ idNumber: maskIdNumber(w.sharedB.idNumber), mobile: '139****0002', personalDataMasked: true, sharedFromOtherRegion: true })
    expect(res.json().total).toBe(2)
  })
})

describe('cross-region visibility', () => {
  test('a member who consented is visible (masked) to coordinators elsewhere; one who did not is 404', async () => {
    const w = await world()
    const shared = await w.t.app.inject({ method: 'GET', url: `${url}/${w.sharedB.id}`, headers: w.coordA.headers })
    expect(shared.statusCode).toBe(200)
    expect(shared.json()).toMatchObject({ personalDataMasked: true, sharedFromOtherRegion: true, allowedActions: [] })
    expectProblem(await w.t.app.inject({ method: 'GET', url: `${url}/${w.privateB.id}`, headers: w.coordA.headers }), 404, 'pool.member_not_found')
    expectProblem(await w.t.app.inject({ method: 'GET', url: `${url}/${w.privateB.id}/history`, headers: w.coordA.headers }), 404, 'pool.member_not_found')
  })

  test('hosts and auditors see only their own subtree, shared members of other regions included nowhere', async () => {
    const w = await world()
    expectProblem(await w.t.app.inject({ method: 'GET', url: `${url}/${w.sharedB.id}`, headers: w.hostA.headers }), 404, 'pool.member_not_found')
    const list = await w.t.app.inject({ method: 'GET', url, headers: w.auditorA.headers })
    expect(list.json().items.map((i: { name: string }) => i.name)).toEqual(['东城甲'])
  })

  test('the coordinator of the home region sees everything there in full, and the other coordinator may filter on shared members only', async () => {
    const w = await world()
    const own = await w.t.app.inject({ method: 'GET', url, headers: w.coordB.headers })
    expect(own.json().items.map((i: { name: string, personalDataMasked: boolean }) => [i.name, i.personalDataMasked]).sort()).toEqual([['西城丙', false], ['西城乙', false]])
    const sharedOnly = await w.t.app.inject({ method: 'GET', url: `${url}?consentCrossRegion=true&regionId=${w.r.countyB.id}`, headers: w.coordA.headers })
    expect(sharedOnly.json().items.map((i: { name: string }) => i.name)).toEqual(['西城乙'])
  })

  test('sharedFromOtherRegion picks the members shown only because another region shares them, or only the caller\'s own', async () => {
    const w = await world()
    // a consenting member of county A is shared with county B's coordinator, as 西城乙 is with county A's
    await createMember(w.t, w.t.admin.headers, aMemberBody({ name: '东城丁', homeRegionId: w.r.villageA.id, idNumber: anIdNumber({ seq: 17 }), mobile: '13911110004', consentCrossRegion: true }))
    const list = async (query: string, headers: Record<string, string>) => {
      const res = await w.t.app.inject({ method: 'GET', url: `${url}?${query}`, headers })
      expect(res.statusCode, res.body).toBe(200)
      const body = res.json() as { total: number, items: { name: string, sharedFromOtherRegion: boolean }[] }
      expect(body.total).toBe(body.items.length)
      return body.items.map((i) => [i.name, i.sharedFromOtherRegion])
    }
    expect(await list('sort=name', w.coordA.headers)).toEqual([['东城丁', false], ['东城甲', false], ['西城乙', true]])
    expect(await list('sharedFromOtherRegion=true', w.coordA.headers)).toEqual([['西城乙', true]])
    expect(await list('sharedFromOtherRegion=false', w.coordA.headers)).toEqual([['东城丁', false], ['东城甲', false]])
    expect(await list('sharedFromOtherRegion=true', w.coordB.headers)).toEqual([['东城丁', true]])
    expect(await list('sharedFromOtherRegion=true&role=host', w.coordB.headers)).toEqual([])
    // the administrator sees the whole city: nobody is shared from elsewhere; hosts see no shared members at all
    expect(await list('sharedFromOtherRegion=true', w.t.admin.headers)).toEqual([])
    expect((await list('sharedFromOtherRegion=false', w.t.admin.headers)).length).toBe(4)
    expect(await list('sharedFromOtherRegion=true', w.hostA.headers)).toEqual([])
    expect(await list('sharedFromOtherRegion=false', w.hostA.headers)).toEqual([['东城丁', false], ['东城甲', false]])
    // the export takes the same filter
    const xlsx = await w.t.app.inject({ method: 'GET', url: `${url}/export.xlsx?sharedFromOtherRegion=true`, headers: w.coordA.headers })
    expect(xlsx.statusCode).toBe(200)
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/)
  })

  test('a shared member can be read but not changed by another region\'s coordinator: 403 pool.member_not_editable', async () => {
    const w = await world()
    const patch = await w.t.app.inject({ method: 'PATCH', url: `${url}/${w.sharedB.id}`, headers: w.coordA.headers, payload: { version: 1, title: '篡改' } })
    expectProblem(patch, 403, 'pool.member_not_editable')
    expectProblem(await w.t.app.inject({ method: 'POST', url: `${url}/${w.sharedB.id}/trainings`, headers: w.coordA.headers, payload: { course: 'x', trainedOn: '2026-01-01', hours: 2 } }), 403, 'pool.member_not_editable')
    expectProblem(await w.t.app.inject({ method: 'PATCH', url: `${url}/${w.privateB.id}`, headers: w.coordA.headers, payload: { version: 1, title: '篡改' } }), 404, 'pool.member_not_found')
    expect(w.t.db.select().from(membersTable).where(eq(membersTable.id, w.sharedB.id)).get()).toMatchObject({ title: null, version: 1 })
    const ok = await w.t.app.inject({ method: 'PATCH', url: `${url}/${w.sharedB.id}`, headers: w.coordB.headers, payload: { version: 1, title: '调解员' } })
    expect(ok.statusCode).toBe(200)
  })

  test('a coordinator cannot move their member into another region', async () => {
    const w = await world()
    expectProblem(await w.t.app.inject({ method: 'PATCH', url: `${url}/${w.local.id}`, headers: w.coordA.headers, payload: { version: 1, homeRegionId: w.r.villageB.id } }), 404, 'regions.not_found')
    expect(w.t.db.select().from(membersTable).where(eq(membersTable.id, w.local.id)).get()!.homeRegionId).toBe(w.r.villageA.id)
  })

  test('a removed member stops being shared', async () => {
    const w = await world()
    const res = await w.t.app.inject({ method: 'POST', url: `${url}/${w.sharedB.id}/remove`, headers: w.coordB.headers, payload: { ground: 'voluntary_withdrawal', version: 1 } })
    expect(res.statusCode).toBe(200)
    expectProblem(await w.t.app.inject({ method: 'GET', url: `${url}/${w.sharedB.id}`, headers: w.coordA.headers }), 404, 'pool.member_not_found')
  })
})

describe('reference data', () => {
  test('codes and Chinese labels of roles, the six sources, statuses, removal grounds and the four conditions', async () => {
    const w = await world()
    const res = await w.t.app.inject({ method: 'GET', url: '/api/v1/pool/reference-data', headers: w.hostA.headers })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.sourceCategories).toHaveLength(6)
    expect(body.basicConditions).toHaveLength(4)
    expect(body.roles).toContainEqual({ code: 'host', label: '主持人' })
    expect(body.statuses).toContainEqual({ code: 'expired', label: '任期届满' })
    expect(body.removalGrounds).toContainEqual({ code: 'judgment_defaulter', label: '被列为失信被执行人' })
    expectProblem(await w.t.app.inject({ method: 'GET', url: '/api/v1/pool/reference-data', headers: w.officerA.headers }), 403, 'auth.forbidden')
  })
})
