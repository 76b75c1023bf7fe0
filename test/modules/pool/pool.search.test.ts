import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestApp, seedRegionTree, type TestApp } from '../../helpers/app.js'
import { membersTable } from '../../../db/schema/index.js'
import { EFFECTIVE_STATUSES, effectiveStatus } from '../../../server/modules/pool/pool.rules.js'
import { effectiveStatusCondition } from '../../../server/modules/pool/pool.repository.js'
import type { MemberBody } from '../../../server/modules/pool/pool.types.js'
import { ALL_CONDITIONS, aMemberBody, expectProblem } from './pool.fixtures.js'

const url = '/api/v1/pool/members'

function add (t: TestApp, body: Record<string, unknown> & { homeRegionId: number }) {
  return t.services.pool.create(t.admin.actor, aMemberBody(body) as unknown as MemberBody)
}

function appoint (t: TestApp, id: number, appointmentDate = '2026-11-01', termEnd?: string) {
  const v = t.db.select().from(membersTable).where(eq(membersTable.id, id)).get()!.version
  return t.services.pool.transition(t.admin.actor, id, { action: 'appoint', appointmentDate, appointingBody: '滨海市信访局', version: v, ...(termEnd ? { termEnd } : {}) })
}

async function names (t: TestApp, query: string, headers = t.admin.headers) {
  const res = await t.app.inject({ method: 'GET', url: `${url}?${query}`, headers })
  expect(res.statusCode, res.body).toBe(200)
  return (res.json().items as { name: string }[]).map((i) => i.name)
}

async function world () {
  const t = await createTestApp()
  const r = seedRegionTree(t)
  const lawFirm = t.services.organisations.create(t.admin.actor, { name: '滨海市明理律师事务所', aliases: [{ alias: '明理所', kind: 'short' }] })
  const bureau = t.services.organisations.create(t.admin.actor, { name: '东城区人力资源和社会保障局', aliases: [{ alias: '东城人社局', kind: 'short' }] })
  const zhang = add(t, { name: '张伟', homeRegionId: r.villageA.id, roles: ['officer', 'host'], sourceCategory: 'professional', professions: ['lawyer'], specialties: ['land_demolition'], employerOrganisationId: lawFirm.org.id, conditions: ALL_CONDITIONS })
  const ouyang = add(t, { name: '欧阳娜娜', homeRegionId: r.villageA2.id, roles: ['recorder'], sourceCategory: 'village_head', employerOrganisationId: bureau.org.id, conditions: ALL_CONDITIONS })
  const wang = add(t, { name: '王芳', homeRegionId: r.villageB.id, roles: ['host'], sourceCategory: 'retired_cadre', specialties: ['labour_social_security'], consentCrossRegion: true, conditions: ALL_CONDITIONS })
  const li = add(t, { name: '李建国', homeRegionId: r.townA.id, roles: ['third_party'], sourceCategory: 'notable' })
  appoint(t, zhang.row.member.id, '2026-11-01')
  appoint(t, ouyang.row.member.id, '2025-01-01', '2026-12-31')
  appoint(t, wang.row.member.id, '2024-01-01', '2027-12-31')
  t.services.pool.addTraining(t.admin.actor, zhang.row.member.id, { course: '主持人培训', trainedOn: '2026-05-01', hours: 8 })
  t.services.pool.addTraining(t.admin.actor, wang.row.member.id, { course: '主持人培训', trainedOn: '2022-05-01', hours: 8 })
  return { t, r, ids: { zhang: zhang.row.member.id, ouyang: ouyang.row.member.id, wang: wang.row.member.id, li: li.row.member.id } }
}

describe('GET /pool/members filters', () => {
  test('region subtree, role, source, profession, specialty', async () => {
    const { t, r } = await world()
    expect((await names(t, `regionId=${r.countyA.id}`)).sort()).toEqual(['张伟', '李建国', '欧阳娜娜'].sort())
    expect(await names(t, `regionId=${r.townA.id}`)).toEqual(['张伟', '李建国'].sort())
    expect(await names(t, 'role=host')).toEqual(['张伟', '王芳'].sort())
    expect(await names(t, 'sourceCategory=village_head')).toEqual(['欧阳娜娜'])
    expect(await names(t, 'profession=lawyer')).toEqual(['张伟'])
    expect(await names(t, 'specialty=labour_social_security')).toEqual(['王芳'])
    expect(await names(t, `specialty=land_demolition&regionId=${r.countyA.id}`)).toEqual(['张伟'])
    expectProblem(await t.app.inject({ method: 'GET', url: `${url}?specialty=astrology`, headers: t.admin.headers }), 422, 'pool.unknown_vocabulary')
    expectProblem(await t.app.inject({ method: 'GET', url: `${url}?regionId=999`, headers: t.admin.headers }), 404, 'regions.not_found')
    expectProblem(await t.app.inject({ method: 'GET', url: `${url}?role=judge`, headers: t.admin.headers }), 400, 'request.invalid')
  })

  test('status (expired derived from the clock), term ending within N days, trained host', async () => {
    const { t } = await world()
    expect(await names(t, 'status=active')).toEqual(['张伟', '欧阳娜娜', '王芳'].sort())
    expect(await names(t, 'status=candidate')).toEqual(['李建国'])
    expect(await names(t, 'termEndingWithinDays=60')).toEqual(['欧阳娜娜'])
    expect(await names(t, 'trainedHost=true')).toEqual(['张伟'])
    expect((await names(t, 'trainedHost=false')).sort()).toEqual(['李建国', '欧阳娜娜', '王芳'].sort())
    t.clock.set('2027-01-02T01:00:00Z')
    const later = t.userWithToken({ role: 'admin' }).headers
    expect(await names(t, 'status=expired', later)).toEqual(['欧阳娜娜'])
    expect(await names(t, 'status=active', later)).toEqual(['张伟', '王芳'].sort())
  })

  test('substring search: a two-character name (LIKE), a longer name (FTS trigram), an employer by name or alias, an exact ID number', async () => {
    const { t, ids } = await world()
    expect(await names(t, `q=${encodeURIComponent('张伟')}`)).toEqual(['张伟'])
    expect(await names(t, `q=${encodeURIComponent('娜')}`)).toEqual(['欧阳娜娜'])
    expect(await names(t, `q=${encodeURIComponent('欧阳娜')}`)).toEqual(['欧阳娜娜'])
    expect(await names(t, `q=${encodeURIComponent('律师事务')}`)).toEqual(['张伟'])
    expect(await names(t, `q=${encodeURIComponent('明理所')}`)).toEqual(['张伟'])
    expect(await names(t, `q=${encodeURIComponent('人社')}`)).toEqual(['欧阳娜娜'])
    expect(await names(t, `q=${encodeURIComponent('100%_')}`)).toEqual([])
    const idNumber = t.db.select().from(membersTable).where(eq(membersTable.id, ids.wang)).get()!.idNumber
    expect(await names(t, `q=${idNumber}`)).toEqual(['王芳'])
    // renaming updates the full-text index (trigger)
    t.services.pool.update(t.admin.actor, ids.li, { name: '李建华', version: 1 })
    expect(await names(t, `q=${encodeURIComponent('李建华')}`)).toEqual(['李建华'])
    expect(await names(t, `q=${encodeURIComponent('李建国')}`)).toEqual([])
  })

  test('pagination and sorting', async () => {
    const { t } = await world()
    const page1 = await t.app.inject({ method: 'GET', url: `${url}?sort=name&pageSize=3&page=1`, headers: t.admin.headers })
    const page2 = await t.app.inject({ method: 'GET', url: `${url}?sort=name&pageSize=3&page=2`, headers: t.admin.headers })
    expect(page1.json()).toMatchObject({ total: 4, page: 1, pageSize: 3 })
    expect([...page1.json().items, ...page2.json().items].map((i: { name: string }) => i.name)).toEqual(['张伟', '李建国', '欧阳娜娜', '王芳'].sort())
    expect((await t.app.inject({ method: 'GET', url: `${url}?page=9`, headers: t.admin.headers })).json()).toMatchObject({ items: [], total: 4 })
    expect(await names(t, 'sort=termEnd')).toEqual(['欧阳娜娜', '王芳', '张伟', '李建国'])
    expect(await names(t, 'sort=name&order=desc')).toEqual(['张伟', '李建国', '欧阳娜娜', '王芳'].sort().reverse())
    expectProblem(await t.app.inject({ method: 'GET', url: `${url}?pageSize=1000`, headers: t.admin.headers }), 400, 'request.invalid')
  })
})

describe('effective status in SQL agrees with the pure rule', () => {
  test('for every stored status, term end and suspension end around today', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const today = '2026-11-28'
    const cases: { status: 'candidate' | 'active' | 'suspended' | 'removed', termEnd: string | null, suspendedUntil: string | null }[] = []
    for (const status of ['candidate', 'active', 'suspended', 'removed'] as const) {
      for (const termEnd of [null, '2026-11-27', '2026-11-28', '2027-01-01']) {
        for (const suspendedUntil of [null, '2026-11-27', '2026-11-28']) cases.push({ status, termEnd, suspendedUntil })
      }
    }
    const ids = cases.map((c) => {
      const id = add(t, { homeRegionId: r.villageA.id }).row.member.id
      t.db.update(membersTable).set(c).where(eq(membersTable.id, id)).run()
      return id
    })
    for (const status of EFFECTIVE_STATUSES) {
      const bySql = t.db.select({ id: membersTable.id }).from(membersTable).where(effectiveStatusCondition(status, today)).all().map((row) => row.id).sort((a, b) => a - b)
      const byRule = ids.filter((_, i) => effectiveStatus(cases[i]!, today) === status)
      expect(bySql, status).toEqual(byRule)
    }
  })
})
