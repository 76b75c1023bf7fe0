import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestApp, seedRegionTree } from '../../helpers/app.js'
import { auditLogTable, organisationAliasesTable, organisationsTable } from '../../../db/schema/index.js'
import { equivalentOrganisationIds } from '../../../server/modules/organisations/organisations.repository.js'
import { aMemberBody, createMember, expectProblem } from './pool.fixtures.js'

const url = '/api/v1/organisations'

describe('organisations with aliases', () => {
  test('create with aliases, find by any of them, rename keeping the old name as a former name', async () => {
    const t = await createTestApp()
    const created = await t.app.inject({
      method: 'POST',
      url,
      headers: t.admin.headers,
      payload: { name: '滨海市国土资源局', kind: 'agency', aliases: [{ alias: '市国土局', kind: 'short' }, { alias: ' 市国土局 ', kind: 'other' }] }
    })
    expect(created.statusCode, created.body).toBe(201)
    const org = created.json()
    expect(org).toMatchObject({ name: '滨海市国土资源局', kindLabel: '党政机关', aliases: [{ alias: '市国土局', kind: 'short', kindLabel: '简称' }], version: 1 })

    const found = await t.app.inject({ method: 'GET', url: `${url}?q=${encodeURIComponent('国土局')}`, headers: t.admin.headers })
    expect(found.json().items.map((o: { id: number }) => o.id)).toEqual([org.id])

    const renamed = await t.app.inject({ method: 'PATCH', url: `${url}/${org.id}`, headers: t.admin.headers, payload: { name: '滨海市自然资源和规划局', version: 1 } })
    expect(renamed.statusCode, renamed.body).toBe(200)
    expect(renamed.json().aliases).toEqual([
      { alias: '市国土局', kind: 'short', kindLabel: '简称' },
      { alias: '滨海市国土资源局', kind: 'former', kindLabel: '曾用名' }
    ])
    const byOldName = await t.app.inject({ method: 'GET', url: `${url}?q=${encodeURIComponent('国土资源')}`, headers: t.admin.headers })
    expect(byOldName.json().items.map((o: { name: string }) => o.name)).toEqual(['滨海市自然资源和规划局'])
    expectProblem(await t.app.inject({ method: 'PATCH', url: `${url}/${org.id}`, headers: t.admin.headers, payload: { note: 'x', version: 1 } }), 409, 'request.version_conflict')
    expect(t.db.select().from(auditLogTable).all().map((a) => a.action)).toEqual(['organisation.create', 'organisation.update'])
  })

  test('duplicate names (after normalisation) are refused; an alias equal to the name is refused', async () => {
    const t = await createTestApp()
    await t.app.inject({ method: 'POST', url, headers: t.admin.headers, payload: { name: '滨海市人社局（本部）' } })
    expectProblem(await t.app.inject({ method: 'POST', url, headers: t.admin.headers, payload: { name: '滨海市 人社局(本部)' } }), 409, 'organisations.duplicate_name')
    expectProblem(await t.app.inject({ method: 'POST', url, headers: t.admin.headers, payload: { name: '滨海市住建局', aliases: [{ alias: '滨海市住建局', kind: 'short' }] } }), 422, 'organisations.invalid_alias')
    expect(t.db.select().from(organisationsTable).all()).toHaveLength(1)
  })

  test('equivalent organisations: a separate record named like another\'s former name is the same unit for recusal', async () => {
    const t = await createTestApp()
    const current = t.services.organisations.create(t.admin.actor, { name: '滨海市自然资源和规划局', aliases: [{ alias: '滨海市国土资源局', kind: 'former' }] }).org
    const old = t.services.organisations.create(t.admin.actor, { name: '滨海市国土资源局' }).org
    const viaOld = t.services.organisations.create(t.admin.actor, { name: '滨海国土分局', aliases: [{ alias: '滨海市国土资源局', kind: 'other' }] }).org
    const unrelated = t.services.organisations.create(t.admin.actor, { name: '滨海市住房和城乡建设局' }).org
    expect(equivalentOrganisationIds(t.db, [current.id])).toEqual([current.id, old.id, viaOld.id])
    expect(equivalentOrganisationIds(t.db, [unrelated.id])).toEqual([unrelated.id])
    const res = await t.app.inject({ method: 'GET', url: `${url}/${old.id}`, headers: t.admin.headers })
    expect(res.json().equivalentOrganisationIds).toEqual([current.id, viaOld.id])
  })

  test('an organisation that employs a member cannot be deleted (409); an unused one can, by an admin only', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const used = t.services.organisations.create(t.admin.actor, { name: '明理律师事务所' }).org
    const spare = t.services.organisations.create(t.admin.actor, { name: '空壳公司' }).org
    await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageA.id, employerOrganisationId: used.id }))
    expectProblem(await t.app.inject({ method: 'DELETE', url: `${url}/${used.id}`, headers: t.admin.headers }), 409, 'organisations.in_use')
    const coord = t.userWithToken({ role: 'coordinator', regionId: r.countyA.id })
    expectProblem(await t.app.inject({ method: 'DELETE', url: `${url}/${spare.id}`, headers: coord.headers }), 403, 'auth.forbidden')
    expect((await t.app.inject({ method: 'DELETE', url: `${url}/${spare.id}`, headers: t.admin.headers })).statusCode).toBe(204)
    expect(t.db.select().from(organisationsTable).all().map((o) => o.id)).toEqual([used.id])
  })

  test('coordinators create organisations in their region and may not edit city-wide ones', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const coord = t.userWithToken({ role: 'coordinator', regionId: r.countyA.id })
    const own = await t.app.inject({ method: 'POST', url, headers: coord.headers, payload: { name: '东城区司法局' } })
    expect(own.json()).toMatchObject({ regionId: r.countyA.id, regionName: '东城区' })
    expectProblem(await t.app.inject({ method: 'POST', url, headers: coord.headers, payload: { name: '西城县司法局', regionId: r.countyB.id } }), 404, 'regions.not_found')
    const cityWide = t.services.organisations.create(t.admin.actor, { name: '滨海市信访局' }).org
    expectProblem(await t.app.inject({ method: 'PATCH', url: `${url}/${cityWide.id}`, headers: coord.headers, payload: { note: '改' } }), 403, 'organisations.not_editable')
    const alias = await t.app.inject({ method: 'PATCH', url: `${url}/${own.json().id}`, headers: coord.headers, payload: { aliases: [{ alias: '东城司法局', kind: 'short' }] } })
    expect(alias.statusCode).toBe(200)
    expect(t.db.select().from(organisationAliasesTable).where(eq(organisationAliasesTable.organisationId, own.json().id)).all().map((a) => a.alias)).toEqual(['东城司法局'])
    expect(t.db.select().from(organisationsTable).where(eq(organisationsTable.id, cityWide.id)).get()!.note).toBeNull()
  })
})
