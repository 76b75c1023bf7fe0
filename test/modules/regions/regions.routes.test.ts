import { describe, expect, test } from 'vitest'
import { createTestApp, seedRegionTree } from '../../helpers/app.js'
import { regionsTable, auditLogTable } from '../../../db/schema/index.js'

describe('regions: a city → county → township → village tree', () => {
  test('children take the next level from their parent; a village cannot have children', async () => {
    const t = await createTestApp()
    const h = t.admin.headers
    const city = (await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: h, payload: { name: '滨海市', code: '371600000000' } })).json()
    expect(city).toMatchObject({ level: 'city', levelName: '市', parentId: null, code: '371600000000', version: 1 })
    const county = (await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: h, payload: { name: '东城区', parentId: city.id } })).json()
    expect(county.level).toBe('county')
    const town = (await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: h, payload: { name: '渤海街道', parentId: county.id, level: 'township' } })).json()
    const village = (await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: h, payload: { name: '渤海社区', parentId: town.id } })).json()
    expect(village.level).toBe('village')
    const below = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: h, payload: { name: '一组', parentId: village.id } })
    expect(below.statusCode).toBe(422)
    expect(below.json().code).toBe('regions.invalid_parent')
    const wrongLevel = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: h, payload: { name: '某村', parentId: county.id, level: 'village' } })
    expect(wrongLevel.json().code).toBe('regions.invalid_parent')

    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/regions/${village.id}`, headers: h })).json()
    expect(detail.ancestors.map((a: { name: string }) => a.name)).toEqual(['滨海市', '东城区', '渤海街道'])
  })

  test('the list carries an ETag: an unchanged tree answers 304 without a body, a rename changes the tag', async () => {
    const t = await createTestApp()
    const { townA, townB } = seedRegionTree(t)
    const list = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/v1/regions', headers })
    const first = await list(t.admin.headers)
    expect(first.statusCode).toBe(200)
    const etag = String(first.headers.etag)
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/)
    expect(first.headers['cache-control']).toBe('private, no-cache')
    // list items are tree nodes; the timestamps are in the detail
    expect(Object.keys(first.json().items[0]).sort()).toEqual(['code', 'id', 'level', 'levelName', 'name', 'parentId', 'version'])
    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/regions/${townA.id}`, headers: t.admin.headers })).json()
    expect(detail).toMatchObject({ createdAt: '2026-11-28T09:00:00.000+08:00', updatedAt: '2026-11-28T09:00:00.000+08:00' })
    const again = await list({ ...t.admin.headers, 'if-none-match': etag })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    expect((await list({ ...t.admin.headers, 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304)
    expect((await list({ ...t.admin.headers, 'if-none-match': '"other"' })).statusCode).toBe(200)

    const coordinatorA = t.userWithToken({ role: 'coordinator', regionId: townA.id })
    const coordinatorB = t.userWithToken({ role: 'coordinator', regionId: townB.id })
    const scopedA = await list(coordinatorA.headers)
    expect(scopedA.headers.etag).not.toBe(etag)
    // another scope's tag never unlocks a 304 for a list the caller has not seen
    expect((await list({ ...coordinatorB.headers, 'if-none-match': String(scopedA.headers.etag) })).statusCode).toBe(200)

    const town = t.services.regions.get(t.admin.actor, townA.id).region
    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/v1/regions/${townA.id}`, headers: t.admin.headers, payload: { name: '渤海新区街道', version: town.version } })
    expect(renamed.statusCode).toBe(200)
    const after = await list({ ...t.admin.headers, 'if-none-match': etag })
    expect(after.statusCode).toBe(200)
    expect(after.headers.etag).not.toBe(etag)
    expect(after.json().items.map((r: { name: string }) => r.name)).toContain('渤海新区街道')
  })

  test('codes are 12 digits and unique; names are unique among siblings', async () => {
    const t = await createTestApp()
    const { countyA, townA } = seedRegionTree(t)
    const h = t.admin.headers
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: h, payload: { name: '甲', parentId: countyA.id, code: '3716' } })
    expect(bad.statusCode).toBe(400)
    const dupCode = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: h, payload: { name: '甲', parentId: countyA.id, code: '371600000000' } })
    expect(dupCode.json().code).toBe('regions.duplicate_code')
    const dupName = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: h, payload: { name: townA.name, parentId: countyA.id } })
    expect(dupName.json().code).toBe('regions.duplicate_name')
  })

  test('rename with a stale version gets 409 and changes nothing', async () => {
    const t = await createTestApp()
    const { townA } = seedRegionTree(t)
    const ok = await t.app.inject({ method: 'PATCH', url: `/api/v1/regions/${townA.id}`, headers: t.admin.headers, payload: { name: '渤海新区街道', version: 1 } })
    expect(ok.json()).toMatchObject({ name: '渤海新区街道', version: 2 })
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/v1/regions/${townA.id}`, headers: t.admin.headers, payload: { name: '又改', version: 1 } })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ code: 'request.version_conflict', currentVersion: 2 })
    expect(t.services.regions.get(t.admin.actor, townA.id).region.name).toBe('渤海新区街道')
  })

  test('moving a township to another county moves its villages with it, and scoping follows', async () => {
    const t = await createTestApp()
    const { countyB, townA, villageA } = seedRegionTree(t)
    const coordB = t.userWithToken({ role: 'coordinator', regionId: countyB.id })
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/regions/${villageA.id}`, headers: coordB.headers })).statusCode).toBe(404)
    const moved = await t.app.inject({ method: 'POST', url: `/api/v1/regions/${townA.id}/move`, headers: t.admin.headers, payload: { parentId: countyB.id } })
    expect(moved.statusCode).toBe(200)
    expect(moved.json().parentId).toBe(countyB.id)
    const seen = await t.app.inject({ method: 'GET', url: `/api/v1/regions/${villageA.id}`, headers: coordB.headers })
    expect(seen.statusCode).toBe(200)
    expect(seen.json().ancestors.map((a: { name: string }) => a.name)).toEqual(['西城县', '渤海街道'])
  })

  test('a move under a node of the wrong level or under itself is refused', async () => {
    const t = await createTestApp()
    const { townA, townB, villageA } = seedRegionTree(t)
    const wrong = await t.app.inject({ method: 'POST', url: `/api/v1/regions/${villageA.id}/move`, headers: t.admin.headers, payload: { parentId: villageA.id } })
    expect(wrong.json().code).toBe('regions.invalid_parent')
    const level = await t.app.inject({ method: 'POST', url: `/api/v1/regions/${townA.id}/move`, headers: t.admin.headers, payload: { parentId: townB.id } })
    expect(level.statusCode).toBe(422)
  })

  test('deleting a node with children or data is refused; a bare leaf can go', async () => {
    const t = await createTestApp()
    const { townA, townB, villageB } = seedRegionTree(t)
    const withChildren = await t.app.inject({ method: 'DELETE', url: `/api/v1/regions/${townA.id}`, headers: t.admin.headers })
    expect(withChildren.statusCode).toBe(409)
    expect(withChildren.json().code).toBe('regions.has_children')
    t.userWithToken({ role: 'host', regionId: villageB.id })
    const inUse = await t.app.inject({ method: 'DELETE', url: `/api/v1/regions/${villageB.id}`, headers: t.admin.headers })
    expect(inUse.statusCode).toBe(409)
    expect(inUse.json().code).toBe('regions.in_use')
    const before = t.db.select().from(auditLogTable).all().length
    expect(before).toBeGreaterThan(0)
    const bare = t.services.regions.create(t.admin.actor, { name: '新村', parentId: townB.id })
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/regions/${bare.id}`, headers: t.admin.headers })).statusCode).toBe(204)
    expect(t.db.select().from(regionsTable).all().map((r) => r.id)).not.toContain(bare.id)
  })

  test('only admins change the tree', async () => {
    const t = await createTestApp()
    const { townA } = seedRegionTree(t)
    const coord = t.userWithToken({ role: 'coordinator', regionId: townA.id })
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: coord.headers, payload: { name: '新社区', parentId: townA.id } })
    expect(res.statusCode).toBe(403)
  })
})
