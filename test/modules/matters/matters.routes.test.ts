import { describe, expect, test } from 'vitest'
import { Writable } from 'node:stream'
import { eq } from 'drizzle-orm'
import { buildApp } from '../../../server/app.js'
import { testConfig } from '../../../server/config.js'
import { createTestApp } from '../../helpers/app.js'
import { auditLogTable, matterAgentsTable, matterPetitionersTable, mattersTable, matterStagesTable } from '../../../db/schema/index.js'
import { badCheckDigit, createMatter, expectProblem, matterBody, seedWorld, validIdNumber } from './matters.fixtures.js'

async function setup () {
  const t = await createTestApp()
  const w = seedWorld(t)
  const post = (body: unknown, headers = t.admin.headers) => t.app.inject({ method: 'POST', url: '/api/v1/matters', headers, payload: body as object })
  const nothingWritten = () => {
    expect(t.db.select().from(mattersTable).all()).toHaveLength(0)
    expect(t.db.select().from(matterPetitionersTable).all()).toHaveLength(0)
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.entityType, 'matter')).all()).toHaveLength(0)
  }
  return { t, w, post, nothingWritten }
}

const rep = (seq: number) => ({ name: `代表${seq}`, idNumber: validIdNumber(seq), homeVillageRegionId: null })

describe('POST /api/v1/matters', () => {
  test('a coordinator registers a matter in their county; petitioners, agents, the 办理 stage and an audit row are stored', async () => {
    const { t, w } = await setup()
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/matters',
      headers: w.coordinatorA.headers,
      payload: matterBody(w, {
        number: '滨信复〔2026〕15号',
        flags: { involvesPrivacy: true },
        thirdPartySituations: ['fact_dispute', 'review_dissatisfied'],
        handling: { acceptingBody: '东城区人力资源和社会保障局', acceptedOn: '2026-11-02' }
      })
    })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({
      number: '滨信复〔2026〕15号',
      specialty: { code: 'labour_social_security', label: '劳动和社会保障' },
      region: { id: w.regions.countyA.id, name: '东城区' },
      respondent: { id: w.bureau.id },
      flags: { involvesPrivacy: true, inLitigation: false },
      thirdPartySituations: [
        { code: 'fact_dispute', label: '信访人与办理机关对事实认定存在重大分歧的' },
        { code: 'review_dissatisfied', label: expect.stringContaining('复查复核') }
      ],
      currentStage: 'handling',
      personalDataMasked: false,
      petitioners: [{ name: '张三', idNumber: validIdNumber(1), mobile: '13812345678', homeVillage: { id: w.regions.villageA.id, name: '渤海社区' }, agents: [{ name: '李律师', phone: '0543-3161234' }] }],
      stages: [{ stage: 'handling', acceptedOn: '2026-11-02', dueOn: '2027-01-01', limitDays: 60, dayUnit: 'calendar' }],
      hearability: { hearable: true, confidentiality: [{ code: 'privacy' }] },
      version: 1
    })
    const stored = t.db.select().from(mattersTable).get()!
    expect(stored).toMatchObject({ number: '滨信复〔2026〕15号', regionId: w.regions.countyA.id, involvesPrivacy: true, createdByUserId: w.coordinatorA.user.id })
    expect(t.db.select().from(matterAgentsTable).all()).toHaveLength(1)
    expect(t.db.select().from(matterStagesTable).get()).toMatchObject({ stage: 'handling', dueOn: '2027-01-01', rulesetLabel: '全国默认' })
    const audit = t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'matter.create')).get()!
    expect(audit.regionPath).toBe(w.regions.countyA.path)
    const text = JSON.stringify(audit.diff)
    expect(text).not.toContain(validIdNumber(1))
    expect(text).not.toContain('13812345678')
    expect(text).toContain('"privacy":true')
  })

  test('a collective matter with five representatives is accepted; a sixth is refused with matters.too_many_representatives and nothing is written', async () => {
    const { t, w, post, nothingWritten } = await setup()
    const five = await post(matterBody(w, { petitionerKind: 'group', groupName: '某小区业主', groupSize: 120, petitioners: [1, 2, 3, 4, 5].map(rep) }))
    expect(five.statusCode).toBe(201)
    expect(five.json().petitioners).toHaveLength(5)
    t.db.delete(matterPetitionersTable).run()
    t.db.delete(mattersTable).run()
    t.db.delete(auditLogTable).run()
    expectProblem(await post(matterBody(w, { petitionerKind: 'group', petitioners: [1, 2, 3, 4, 5, 6].map(rep) })), 422, 'matters.too_many_representatives')
    nothingWritten()
  })

  test('a third agent for one petitioner is refused with matters.too_many_agents', async () => {
    const { w, post, nothingWritten } = await setup()
    const agent = (seq: number) => ({ name: `代理${seq}`, idNumber: validIdNumber(seq, '19700101'), powerOfAttorneyNote: '特别授权', powerOfAttorneyDate: '2026-09-01' })
    const body = matterBody(w, { petitioners: [{ ...rep(1), agents: [agent(1), agent(2), agent(3)] }] })
    const problem = expectProblem(await post(body), 422, 'matters.too_many_agents')
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'petitioners.0.agents' })])
    nothingWritten()
  })

  test('an ID number with a wrong check digit is refused with matters.invalid_id_number, for petitioners and agents alike', async () => {
    const { w, post, nothingWritten } = await setup()
    expectProblem(await post(matterBody(w, { petitioners: [{ ...rep(1), idNumber: badCheckDigit(validIdNumber(1)) }] })), 422, 'matters.invalid_id_number')
    const agentBad = { ...rep(1), agents: [{ name: '代理', idNumber: '37160219700101001', powerOfAttorneyNote: '一般授权', powerOfAttorneyDate: '2026-09-01' }] }
    const problem = expectProblem(await post(matterBody(w, { petitioners: [agentBad] })), 422, 'matters.invalid_id_number')
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'petitioners.0.agents.0.idNumber' })])
    nothingWritten()
  })

  test('unknown organisation, region, specialty and home village ids are refused with stable codes and nothing is written', async () => {
    const { w, post, nothingWritten } = await setup()
    expectProblem(await post(matterBody(w, { respondentOrganisationId: 9999 })), 404, 'organisations.not_found')
    expectProblem(await post(matterBody(w, { regionId: 9999 })), 404, 'regions.not_found')
    expectProblem(await post(matterBody(w, { specialty: 'astrology' })), 422, 'matters.unknown_specialty')
    expectProblem(await post(matterBody(w, { petitioners: [{ ...rep(1), homeVillageRegionId: w.regions.townA.id }] })), 422, 'matters.invalid_home_village')
    expectProblem(await post(matterBody(w, { petitioners: [{ ...rep(1), homeVillageRegionId: 9999 }] })), 422, 'matters.invalid_home_village')
    nothingWritten()
  })

  test('a coordinator cannot register a matter in another county: 404 regions.not_found', async () => {
    const { w, post, nothingWritten } = await setup()
    expectProblem(await post(matterBody(w, { regionId: w.regions.countyB.id }), w.coordinatorA.headers), 404, 'regions.not_found')
    nothingWritten()
  })

  test('bad dates are refused: not ISO (400), a real but impossible date (400), an acceptance in the future (422)', async () => {
    const { w, post, nothingWritten } = await setup()
    expectProblem(await post(matterBody(w, { handling: { acceptingBody: '东城区信访局', acceptedOn: '2026/11/01' } })), 400, 'request.invalid')
    expectProblem(await post(matterBody(w, { handling: { acceptingBody: '东城区信访局', acceptedOn: '2026-02-30' } })), 400, 'request.invalid')
    expectProblem(await post(matterBody(w, { handling: { acceptingBody: '东城区信访局', acceptedOn: '2026-12-01' } })), 422, 'matters.invalid_date')
    nothingWritten()
  })

  test('a duplicate number gets 409 matters.duplicate_number; an unknown field gets 400', async () => {
    const { t, w, post } = await setup()
    await createMatter(t, w, { number: '滨信复〔2026〕1号' })
    expectProblem(await post(matterBody(w, { number: '滨信复〔2026〕1号' })), 409, 'matters.duplicate_number')
    expectProblem(await post({ ...matterBody(w), colour: 'red' }), 400, 'request.invalid')
    expect(t.db.select().from(mattersTable).all()).toHaveLength(1)
  })

  test('an individual matter with two petitioners, or with a group name, is refused', async () => {
    const { w, post, nothingWritten } = await setup()
    expectProblem(await post(matterBody(w, { petitioners: [rep(1), rep(2)] })), 422, 'matters.invalid_petitioners')
    expectProblem(await post(matterBody(w, { groupName: '业主' })), 422, 'matters.invalid')
    nothingWritten()
  })

  test('hosts, auditors and officers may not register matters', async () => {
    const { w, post, nothingWritten } = await setup()
    expectProblem(await post(matterBody(w), w.hostA.headers), 403, 'auth.forbidden')
    expectProblem(await post(matterBody(w), w.auditorA.headers), 403, 'auth.forbidden')
    expectProblem(await post(matterBody(w), w.officerA.headers), 403, 'auth.forbidden')
    nothingWritten()
  })
})

describe('GET /api/v1/matters/:id and the list', () => {
  test('ID numbers and phones are in full for admins and the region\'s coordinators, masked for hosts and auditors', async () => {
    const { t, w } = await setup()
    const m = await createMatter(t, w)
    const get = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: `/api/v1/matters/${m.id}`, headers })
    const full = (await get(w.cityCoordinator.headers)).json()
    expect(full.petitioners[0]).toMatchObject({ idNumber: validIdNumber(1), mobile: '13812345678' })
    for (const reader of [w.hostA, w.auditorA]) {
      const res = await get(reader.headers)
      expect(res.statusCode).toBe(200)
      const masked = res.json()
      expect(masked.personalDataMasked).toBe(true)
      expect(masked.petitioners[0].idNumber).toBe('371602********' + validIdNumber(1).slice(-4))
      expect(masked.petitioners[0].mobile).toBe('138****5678')
      expect(masked.petitioners[0].agents[0].idNumber).not.toBe(validIdNumber(2, '19750505'))
      expect(res.body).not.toContain(validIdNumber(1))
    }
  })

  test('a matter of another county is 404 for its coordinator, host and auditor, and absent from their list', async () => {
    const { t, w } = await setup()
    const m = await createMatter(t, w, { regionId: w.regions.countyB.id, respondentOrganisationId: w.housing.id })
    for (const reader of [w.coordinatorA, w.hostA, w.auditorA]) {
      expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/matters/${m.id}`, headers: reader.headers }), 404, 'matters.not_found')
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/matters', headers: reader.headers })
      expect(list.json()).toMatchObject({ items: [], total: 0 })
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/matters/${m.id}`, headers: w.coordinatorB.headers })).statusCode).toBe(200)
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/matters?regionId=${w.regions.countyB.id}`, headers: w.coordinatorA.headers }), 404, 'regions.not_found')
  })

  test('the list filters by region subtree and by number or title', async () => {
    const { t, w } = await setup()
    await createMatter(t, w, { number: 'A-1', title: '拆迁补偿' })
    await createMatter(t, w, { number: 'B-1', title: '工伤认定', regionId: w.regions.countyB.id, respondentOrganisationId: w.housing.id })
    const list = (q: string) => t.app.inject({ method: 'GET', url: `/api/v1/matters${q}`, headers: t.admin.headers }).then((r) => r.json())
    expect((await list('')).total).toBe(2)
    expect((await list(`?regionId=${w.regions.countyB.id}`)).items.map((i: any) => i.number)).toEqual(['B-1'])
    expect((await list(`?q=${encodeURIComponent('拆迁')}`)).items.map((i: any) => i.number)).toEqual(['A-1'])
  })
})

describe('PATCH /api/v1/matters/:id', () => {
  test('an update replaces petitioners, keeps the id of a petitioner with the same ID number, bumps the version and audits', async () => {
    const { t, w } = await setup()
    const m = await createMatter(t, w)
    const keptId = m.petitioners[0].id
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/matters/${m.id}`,
      headers: w.coordinatorA.headers,
      payload: {
        version: 1,
        petitionerKind: 'group',
        groupName: '某厂退休职工',
        petitioners: [{ name: '张三', idNumber: validIdNumber(1) }, { name: '王五', idNumber: validIdNumber(3), mobile: '+86 139-1234-5678' }],
        flags: { inLitigation: true }
      }
    })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.version).toBe(2)
    expect(body.petitioners.map((p: any) => p.id)[0]).toBe(keptId)
    expect(body.petitioners[1].mobile).toBe('13912345678')
    expect(body.petitioners[0].agents).toEqual([])
    expect(body.hearability).toMatchObject({ hearable: false, reasons: expect.arrayContaining([expect.objectContaining({ code: 'in_litigation' })]) })
    expect(t.db.select().from(matterAgentsTable).all()).toHaveLength(0)
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'matter.update')).all()).toHaveLength(1)
  })

  test('a stale version gets 409 request.version_conflict and nothing changes', async () => {
    const { t, w } = await setup()
    const m = await createMatter(t, w)
    const patch = (version: number) => t.app.inject({ method: 'PATCH', url: `/api/v1/matters/${m.id}`, headers: t.admin.headers, payload: { version, title: `新标题${version}` } })
    expect((await patch(1)).statusCode).toBe(200)
    expectProblem(await patch(1), 409, 'request.version_conflict')
    expect(t.db.select().from(mattersTable).get()).toMatchObject({ title: '新标题1', version: 2 })
  })

  test('moving a matter to a region outside the coordinator\'s county is 404, and a host may not edit', async () => {
    const { t, w } = await setup()
    const m = await createMatter(t, w)
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/v1/matters/${m.id}`, headers: w.coordinatorA.headers, payload: { version: 1, regionId: w.regions.countyB.id } }), 404, 'regions.not_found')
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/v1/matters/${m.id}`, headers: w.hostA.headers, payload: { version: 1, title: 'x' } }), 403, 'auth.forbidden')
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/v1/matters/${m.id}`, headers: w.coordinatorB.headers, payload: { version: 1, title: 'x' } }), 404, 'matters.not_found')
    expect(t.db.select().from(mattersTable).get()).toMatchObject({ regionId: w.regions.countyA.id, version: 1 })
  })
})

describe('personal data stays out of the logs', () => {
  test('registering, reading and failing to register a matter logs no ID number or phone', async () => {
    const { t, w } = await setup()
    const lines: string[] = []
    const logStream = new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
    const app = await buildApp({ config: testConfig({ logLevel: 'debug' }), db: t.db, sqlite: t.sqlite, clock: t.clock, rng: t.rng, services: t.services, logStream })
    try {
      const created = await app.inject({ method: 'POST', url: '/api/v1/matters', headers: t.admin.headers, payload: matterBody(w) })
      expect(created.statusCode).toBe(201)
      await app.inject({ method: 'GET', url: `/api/v1/matters/${created.json().id}`, headers: w.hostA.headers })
      await app.inject({ method: 'POST', url: '/api/v1/matters', headers: t.admin.headers, payload: matterBody(w, { petitioners: [{ ...rep(7), idNumber: badCheckDigit(validIdNumber(7)), mobile: '13987654321' }] }) })
      const all = lines.join('')
      expect(all).toContain('/api/v1/matters')
      for (const secret of [validIdNumber(1), validIdNumber(2, '19750505'), '13812345678', badCheckDigit(validIdNumber(7)), '13987654321']) expect(all).not.toContain(secret)
    } finally {
      await app.close()
    }
  })
})
