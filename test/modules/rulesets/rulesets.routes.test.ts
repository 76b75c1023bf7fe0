import { describe, expect, test } from 'vitest'
import { createTestApp, seedRegionTree, type TestApp } from '../../helpers/app.js'
import { auditLogTable, regionRulesetsTable, rulesetsTable } from '../../../db/schema/index.js'
import { DEFAULT_RULESET, rulesetFingerprint } from '../../../server/modules/rulesets/rulesets.config.js'
import { effectiveRuleset } from '../../../server/modules/rulesets/rulesets.service.js'

type Res = { statusCode: number, headers: Record<string, unknown>, json: () => any }

function expectProblem (res: Res, status: number, code: string) {
  expect(res.statusCode).toBe(status)
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/)
  expect(res.json()).toMatchObject({ status, code })
  return res.json()
}

async function createRuleset (t: TestApp, body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/rulesets', headers: t.admin.headers, payload: body })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as { id: number, version: number, name: string }
}

describe('ruleset presets', () => {
  test('anyone logged in can list the presets, each value with its source', async () => {
    const t = await createTestApp()
    const { townA } = seedRegionTree(t)
    const host = t.userWithToken({ role: 'host', regionId: townA.id })
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/ruleset-presets', headers: host.headers })
    expect(res.statusCode).toBe(200)
    const anhui = res.json().items.find((p: { id: string }) => p.id === 'anhui-2017')
    expect(anhui.config.panel.general).toMatchObject({ min: 7, max: 9, odd: true })
    expect(anhui.config.sources.privacy).toEqual({ tag: 'LOCAL', ref: 'S5a：不予听证' })
  })
})

describe('creating and versioning rulesets', () => {
  test('an admin creates version 1; a change makes version 2 and leaves version 1 as it was', async () => {
    const t = await createTestApp()
    const v1 = await createRuleset(t, { name: '滨海市听证规则', config: { noticeLeadTime: { general: { days: 10, unit: 'working' } } } })
    expect(v1).toMatchObject({ version: 1, latestVersion: 1, basePreset: null, config: { noticeLeadTime: { general: { days: 10, unit: 'working' } } }, createdByName: 'admin-1' })

    const res = await t.app.inject({ method: 'POST', url: `/api/v1/rulesets/${v1.id}/versions`, headers: t.admin.headers, payload: { expectedVersion: 1, config: { noticeLeadTime: { general: { days: 12, unit: 'working' } } } } })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ name: '滨海市听证规则', version: 2, latestVersion: 2 })

    const old = await t.app.inject({ method: 'GET', url: `/api/v1/rulesets/${v1.id}`, headers: t.admin.headers })
    expect(old.json()).toMatchObject({ version: 1, latestVersion: 2, config: { noticeLeadTime: { general: { days: 10 } } } })
    expect(t.db.select().from(rulesetsTable).all()).toHaveLength(2)
    expect(t.db.select().from(auditLogTable).all().map((a) => a.action)).toEqual(['ruleset.create', 'ruleset.version'])

    const latest = await t.app.inject({ method: 'GET', url: '/api/v1/rulesets?latestOnly=true', headers: t.admin.headers })
    expect(latest.json().items.map((r: { version: number }) => r.version)).toEqual([2])
  })

  test('a stale expected version gets 409 and nothing is written', async () => {
    const t = await createTestApp()
    const v1 = await createRuleset(t, { name: 'R', config: {} })
    await t.app.inject({ method: 'POST', url: `/api/v1/rulesets/${v1.id}/versions`, headers: t.admin.headers, payload: { config: { coolingOffDays: 30 } } })
    const stale = await t.app.inject({ method: 'POST', url: `/api/v1/rulesets/${v1.id}/versions`, headers: t.admin.headers, payload: { expectedVersion: 1, config: { coolingOffDays: 60 } } })
    expectProblem(stale, 409, 'request.version_conflict')
    expect(t.db.select().from(rulesetsTable).all()).toHaveLength(2)
  })

  test('starting from a preset stores the preset with the changes folded in', async () => {
    const t = await createTestApp()
    const created = await createRuleset(t, { name: '安徽式', basePreset: 'anhui-2017', config: { travelBufferMinutes: 45 } })
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/rulesets/${created.id}`, headers: t.admin.headers })
    expect(res.json()).toMatchObject({ basePreset: 'anhui-2017', config: { privacy: 'refuse', travelBufferMinutes: 45, panel: { general: { min: 7 } } } })
    expect(res.json().config.sources.travelBufferMinutes).toEqual({ tag: 'LOCAL', ref: '安徽式' })
  })

  test('bad input: unknown field 400, unknown preset 422, invalid combination 422, duplicate name 409, non-admin 403', async () => {
    const t = await createTestApp()
    const { townA } = seedRegionTree(t)
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/rulesets', headers: t.admin.headers, payload: { name: 'X', config: { noticeLead: 7 } } }), 400, 'request.invalid')
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/rulesets', headers: t.admin.headers, payload: { name: 'X', basePreset: 'mars-2099', config: {} } }), 422, 'rulesets.unknown_preset')
    const invalid = expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/rulesets', headers: t.admin.headers, payload: { name: 'X', config: { panel: { general: { default: 6 } } } } }), 422, 'scheduling.ruleset_invalid')
    expect(invalid.issues).toEqual([expect.objectContaining({ field: 'panel.general.default' })])
    await createRuleset(t, { name: 'X', config: {} })
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/rulesets', headers: t.admin.headers, payload: { name: 'X', config: {} } }), 409, 'rulesets.duplicate_name')
    const coordinator = t.userWithToken({ role: 'coordinator', regionId: townA.id })
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/rulesets', headers: coordinator.headers, payload: { name: 'Y', config: {} } }), 403, 'auth.forbidden')
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/rulesets/999', headers: t.admin.headers }), 404, 'rulesets.not_found')
    expect(t.db.select().from(rulesetsTable).all()).toHaveLength(1)
  })
})

describe('regions choose rulesets; children inherit', () => {
  test('without any assignment a region gets the national defaults', async () => {
    const t = await createTestApp()
    const { villageA } = seedRegionTree(t)
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/regions/${villageA.id}/effective-ruleset`, headers: t.admin.headers })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ regionId: villageA.id, label: '全国默认', layers: [], fingerprint: rulesetFingerprint(DEFAULT_RULESET) })
  })

  test('city and county layers merge down to a village; the county wins where both speak', async () => {
    const t = await createTestApp()
    const { city, countyA, villageA, countyB } = seedRegionTree(t)
    const cityRules = await createRuleset(t, { name: '市规则', config: { noticeLeadTime: { general: { days: 10, unit: 'working' } }, privacy: 'refuse' } })
    const countyRules = await createRuleset(t, { name: '东城区规则', config: { noticeLeadTime: { general: { days: 7 } } } })
    expect((await t.app.inject({ method: 'PUT', url: `/api/v1/regions/${city.id}/ruleset`, headers: t.admin.headers, payload: { rulesetId: cityRules.id } })).statusCode).toBe(200)
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/regions/${countyA.id}/ruleset`, headers: t.admin.headers, payload: { rulesetId: countyRules.id } })
    expect(put.statusCode).toBe(200)

    const village = (await t.app.inject({ method: 'GET', url: `/api/v1/regions/${villageA.id}/effective-ruleset`, headers: t.admin.headers })).json()
    expect(village.config.noticeLeadTime.general).toEqual({ days: 7, unit: 'working' })
    expect(village.config.privacy).toBe('refuse')
    expect(village.label).toBe('东城区规则 v1')
    expect(village.layers.map((l: { name: string }) => l.name)).toEqual(['市规则', '东城区规则'])
    expect(village.config.sources['noticeLeadTime.general.days']).toEqual({ tag: 'LOCAL', ref: '东城区规则 v1' })

    const other = (await t.app.inject({ method: 'GET', url: `/api/v1/regions/${countyB.id}/effective-ruleset`, headers: t.admin.headers })).json()
    expect(other.config.noticeLeadTime.general).toEqual({ days: 10, unit: 'working' })

    const direct = effectiveRuleset(t.db, villageA.id)
    expect(direct.fingerprint).toBe(village.fingerprint)
    expect(t.db.select().from(auditLogTable).all().filter((a) => a.action === 'region_ruleset.assign')).toHaveLength(2)
  })

  test('a coordinator assigns within their subtree; outside it they get 404 and nothing changes', async () => {
    const t = await createTestApp()
    const { countyA, townA, townB, villageA } = seedRegionTree(t)
    const rules = await createRuleset(t, { name: '乡镇规则', config: { coolingOffDays: 30 } })
    const coordinator = t.userWithToken({ role: 'coordinator', regionId: townA.id })
    expect((await t.app.inject({ method: 'PUT', url: `/api/v1/regions/${townA.id}/ruleset`, headers: coordinator.headers, payload: { rulesetId: rules.id } })).statusCode).toBe(200)
    expectProblem(await t.app.inject({ method: 'PUT', url: `/api/v1/regions/${townB.id}/ruleset`, headers: coordinator.headers, payload: { rulesetId: rules.id } }), 404, 'regions.not_found')
    expectProblem(await t.app.inject({ method: 'PUT', url: `/api/v1/regions/${countyA.id}/ruleset`, headers: coordinator.headers, payload: { rulesetId: rules.id } }), 404, 'regions.not_found')
    const host = t.userWithToken({ role: 'host', regionId: townA.id })
    expectProblem(await t.app.inject({ method: 'PUT', url: `/api/v1/regions/${townA.id}/ruleset`, headers: host.headers, payload: { rulesetId: rules.id } }), 403, 'auth.forbidden')
    expect(t.db.select().from(regionRulesetsTable).all().map((r) => r.regionId)).toEqual([townA.id])

    const seen = (await t.app.inject({ method: 'GET', url: `/api/v1/regions/${villageA.id}/effective-ruleset`, headers: host.headers })).json()
    expect(seen.config.coolingOffDays).toBe(30)
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/regions/${townB.id}/effective-ruleset`, headers: host.headers }), 404, 'regions.not_found')
  })

  test('ancestors outside the caller’s scope are shown without their region name', async () => {
    const t = await createTestApp()
    const { city, townA } = seedRegionTree(t)
    const rules = await createRuleset(t, { name: '市规则', config: {} })
    await t.app.inject({ method: 'PUT', url: `/api/v1/regions/${city.id}/ruleset`, headers: t.admin.headers, payload: { rulesetId: rules.id } })
    const coordinator = t.userWithToken({ role: 'coordinator', regionId: townA.id })
    const res = (await t.app.inject({ method: 'GET', url: `/api/v1/regions/${townA.id}/effective-ruleset`, headers: coordinator.headers })).json()
    expect(res.layers).toEqual([{ regionId: city.id, regionName: null, rulesetId: rules.id, name: '市规则', version: 1 }])
  })

  test('an assignment that would leave a region below with an invalid combination is refused and rolled back', async () => {
    const t = await createTestApp()
    const { city, countyA } = seedRegionTree(t)
    const county = await createRuleset(t, { name: '县：最多 5 人', config: { panel: { general: { max: 5 } } } })
    const cityRules = await createRuleset(t, { name: '市：至少 7 人', basePreset: 'anhui-2017', config: {} })
    await t.app.inject({ method: 'PUT', url: `/api/v1/regions/${countyA.id}/ruleset`, headers: t.admin.headers, payload: { rulesetId: county.id } })
    const res = await t.app.inject({ method: 'PUT', url: `/api/v1/regions/${city.id}/ruleset`, headers: t.admin.headers, payload: { rulesetId: cityRules.id } })
    const body = expectProblem(res, 422, 'scheduling.ruleset_invalid')
    expect(body.regionId).toBe(countyA.id)
    expect(t.db.select().from(regionRulesetsTable).all().map((r) => r.regionId)).toEqual([countyA.id])
  })

  test('removing an assignment returns the region to inheritance; removing twice gets 404', async () => {
    const t = await createTestApp()
    const { countyA } = seedRegionTree(t)
    const rules = await createRuleset(t, { name: 'R', config: { travelBufferMinutes: 60 } })
    await t.app.inject({ method: 'PUT', url: `/api/v1/regions/${countyA.id}/ruleset`, headers: t.admin.headers, payload: { rulesetId: rules.id } })
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/regions/${countyA.id}/ruleset`, headers: t.admin.headers })).statusCode).toBe(204)
    const res = (await t.app.inject({ method: 'GET', url: `/api/v1/regions/${countyA.id}/effective-ruleset`, headers: t.admin.headers })).json()
    expect(res.config.travelBufferMinutes).toBe(30)
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/v1/regions/${countyA.id}/ruleset`, headers: t.admin.headers }), 404, 'rulesets.not_assigned')
  })

  test('assigning an unknown ruleset or region is a 404', async () => {
    const t = await createTestApp()
    const { countyA } = seedRegionTree(t)
    expectProblem(await t.app.inject({ method: 'PUT', url: `/api/v1/regions/${countyA.id}/ruleset`, headers: t.admin.headers, payload: { rulesetId: 77 } }), 404, 'rulesets.not_found')
    const rules = await createRuleset(t, { name: 'R', config: {} })
    expectProblem(await t.app.inject({ method: 'PUT', url: '/api/v1/regions/9999/ruleset', headers: t.admin.headers, payload: { rulesetId: rules.id } }), 404, 'regions.not_found')
    expect(t.db.select().from(regionRulesetsTable).all()).toHaveLength(0)
  })
})

describe('rulesets stored before notice lead times were set per procedure', () => {
  test('a region\'s saved override with the old flat noticeLeadTime still loads: its value binds the general procedure, the simple one keeps its default', async () => {
    const t = await createTestApp()
    const { city, villageA } = seedRegionTree(t)
    // written as an older version of the service stored it
    const stored = t.db.insert(rulesetsTable).values({
      name: '滨海市听证规则',
      version: 1,
      config: { noticeLeadTime: { days: 10, unit: 'working' }, sources: { 'noticeLeadTime.days': { tag: 'LOCAL', ref: '滨海市听证办法第八条' } } },
      createdByName: 'admin',
      createdAt: t.clock.now()
    }).returning().get()
    t.db.insert(regionRulesetsTable).values({ regionId: city.id, rulesetId: stored.id, assignedByName: 'admin', assignedAt: t.clock.now() }).run()

    const effective = await t.app.inject({ method: 'GET', url: `/api/v1/regions/${villageA.id}/effective-ruleset`, headers: t.admin.headers })
    expect(effective.statusCode, effective.body).toBe(200)
    expect(effective.json().config.noticeLeadTime).toEqual({ general: { days: 10, unit: 'working' }, simple: DEFAULT_RULESET.noticeLeadTime.simple })
    expect(effective.json().config.sources['noticeLeadTime.general.days']).toEqual({ tag: 'LOCAL', ref: '滨海市听证办法第八条' })
    expect(effective.json().config.sources['noticeLeadTime.simple.days']).toEqual(DEFAULT_RULESET.sources['noticeLeadTime.simple.days'])

    const shown = await t.app.inject({ method: 'GET', url: `/api/v1/rulesets/${stored.id}`, headers: t.admin.headers })
    expect(shown.json().config).toEqual({ noticeLeadTime: { general: { days: 10, unit: 'working' } }, sources: { 'noticeLeadTime.general.days': { tag: 'LOCAL', ref: '滨海市听证办法第八条' } } })

    // a new version builds on it in the current shape; the stored old row is left as it was
    const next = await t.app.inject({ method: 'POST', url: `/api/v1/rulesets/${stored.id}/versions`, headers: t.admin.headers, payload: { expectedVersion: 1, config: { noticeLeadTime: { general: { days: 10, unit: 'working' }, simple: { days: 2, unit: 'working' } } } } })
    expect(next.statusCode, next.body).toBe(201)
    expect(t.db.select().from(rulesetsTable).all()[0]!.config).toMatchObject({ noticeLeadTime: { days: 10, unit: 'working' } })
  })

  test('the API takes the per-procedure shape only: the old flat one is refused naming the fields', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/rulesets', headers: t.admin.headers, payload: { name: 'R', config: { noticeLeadTime: { days: 10, unit: 'working' } } } })
    const problem = expectProblem(res, 400, 'request.invalid')
    expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(['config.noticeLeadTime.days', 'config.noticeLeadTime.unit'])
    const ok = await createRuleset(t, { name: 'R', config: { noticeLeadTime: { simple: { days: 1 } }, publicity: { general: { announce: false } }, openingWindow: { minutesBeforeStart: 30 } } })
    expect(ok).toMatchObject({ config: { noticeLeadTime: { simple: { days: 1 } }, publicity: { general: { announce: false } }, openingWindow: { minutesBeforeStart: 30 } } })
  })
})
