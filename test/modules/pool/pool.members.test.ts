import { describe, expect, onTestFinished, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { Writable } from 'node:stream'
import { TEST_NOW, createTestApp, createTestDb, seedRegionTree } from '../../helpers/app.js'
import { buildApp } from '../../../server/app.js'
import { testConfig } from '../../../server/config.js'
import { fixedClock } from '../../../server/common/clock.js'
import { seededRng } from '../../../server/common/random.js'
import { systemActor } from '../../../server/common/actor.js'
import { createServices } from '../../../server/services.js'
import { insertToken } from '../../../server/modules/accounts/accounts.sessions.repository.js'
import { newToken } from '../../../server/modules/accounts/accounts.passwords.js'
import {
  usersTable, auditLogTable, memberConditionsTable, memberEmployersTable, memberRelativesTable, memberStatusHistoryTable, memberVocabularyTable, membersTable
} from '../../../db/schema/index.js'
import { ALL_CONDITIONS, aMemberBody, aMobile, activeMember, anIdNumber, createMember, expectProblem } from './pool.fixtures.js'

const url = '/api/v1/pool/members'

describe('POST /pool/members', () => {
  test('registers a candidate with vocabularies, conditions, relatives and employers; history and audit are written', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const org = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: t.admin.headers, payload: { name: '滨海市明理律师事务所' } })
    const idNumber = anIdNumber({ seq: 7, male: false })
    const relativeId = anIdNumber({ seq: 9, birth: '19820202' })
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: t.admin.headers,
      payload: {
        name: '李娜',
        idNumber: idNumber.toLowerCase(),
        mobile: '+86 139-0000-1111',
        email: 'lina@example.cn',
        employerOrganisationId: org.json().id,
        title: '律师',
        seniorTitle: true,
        homeRegionId: r.villageA.id,
        roles: ['officer', 'host'],
        sourceCategory: 'professional',
        professions: ['lawyer'],
        specialties: ['land_demolition', 'housing'],
        conditions: { political: { attestedBy: '渤海街道党工委', attestedAt: '2026-10-01' } },
        consentCrossRegion: true,
        remuneration: { kind: 'fee_per_half_day', feePerHalfDayYuan: 300 },
        relatives: [{ name: '王强', relation: '配偶', idNumber: relativeId }],
        employers: [{ organisationId: org.json().id, position: '合伙人', fromDate: '2015-01-01' }]
      }
    })
    expect(res.statusCode, res.body).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({
      name: '李娜',
      gender: 'female',
      birthDate: '1980-01-01',
      idNumber,
      mobile: '13900001111',
      personalDataMasked: false,
      status: 'candidate',
      eligible: false,
      roles: ['officer', 'host'],
      professions: [{ code: 'lawyer', label: '律师' }],
      remuneration: { kind: 'fee_per_half_day', feePerHalfDayYuan: 300, capYuan: 300 },
      allowedActions: ['appoint', 'remove'],
      history: [{ action: 'create', fromStatus: null, toStatus: 'candidate' }]
    })
    const row = t.db.select().from(membersTable).where(eq(membersTable.id, body.id)).get()!
    expect(row).toMatchObject({ idNumber, mobile: '13900001111', gender: 'female', roleOfficer: true, roleHost: true, roleRecorder: false, seniorTitle: true, feePerHalfDayYuan: 300, homeRegionId: r.villageA.id, version: 1 })
    expect(t.db.select().from(memberVocabularyTable).where(eq(memberVocabularyTable.memberId, body.id)).all()).toHaveLength(3)
    expect(t.db.select().from(memberConditionsTable).where(eq(memberConditionsTable.memberId, body.id)).all()).toEqual([
      { memberId: body.id, condition: 'political', attestedBy: '渤海街道党工委', attestedAt: '2026-10-01' }
    ])
    expect(t.db.select().from(memberRelativesTable).all()).toEqual([expect.objectContaining({ name: '王强', relation: '配偶', idNumber: relativeId })])
    expect(t.db.select().from(memberEmployersTable).all()).toEqual([expect.objectContaining({ organisationId: org.json().id, position: '合伙人', fromDate: '2015-01-01', toDate: null })])
    expect(t.db.select().from(memberStatusHistoryTable).all()).toEqual([expect.objectContaining({ memberId: body.id, action: 'create', toStatus: 'candidate' })])
    const audit = t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'member.create')).get()!
    expect(audit.regionPath).toBe(r.villageA.path)
    expect(JSON.stringify(audit.diff)).not.toContain(idNumber)
    expect(JSON.stringify(audit.diff)).not.toContain('13900001111')
  })

  test.each([
    ['a wrong check digit', { idNumber: '370102198001010016' }, 422, 'pool.invalid_id_number', 'idNumber'],
    ['a 15-digit ID number', { idNumber: '370102800101001' }, 422, 'pool.invalid_id_number', 'idNumber'],
    ['a birth date that contradicts the ID number', { birthDate: '1980-01-02' }, 422, 'pool.inconsistent_with_id_number', 'birthDate'],
    ['a sex that contradicts the ID number', { gender: 'female' }, 422, 'pool.inconsistent_with_id_number', 'gender'],
    ['a landline instead of a mobile', { mobile: '0531-88888888' }, 422, 'pool.invalid_mobile', 'mobile'],
    ['a malformed e-mail', { email: 'not-an-email' }, 422, 'pool.invalid_email', 'email'],
    ['an unknown profession', { professions: ['astronaut'] }, 422, 'pool.unknown_vocabulary', 'professions'],
    ['a fee above the 200 yuan cap', { remuneration: { kind: 'fee_per_half_day', feePerHalfDayYuan: 250 } }, 422, 'pool.fee_above_cap', 'remuneration.feePerHalfDayYuan'],
    ['a fee without an amount', { remuneration: { kind: 'fee_per_half_day' } }, 422, 'pool.fee_required', 'remuneration.feePerHalfDayYuan'],
    ['a fee on public-interest service', { remuneration: { kind: 'public_interest', feePerHalfDayYuan: 100 } }, 422, 'pool.fee_not_allowed', 'remuneration.feePerHalfDayYuan'],
    ['a relative with a bad ID number', { relatives: [{ name: '王强', idNumber: '123' }] }, 422, 'pool.invalid_id_number', 'relatives.0.idNumber'],
    ['an impossible date', { birthDate: '1980-02-30' }, 400, 'request.invalid', 'birthDate'],
    ['an unknown role', { roles: ['judge'] }, 400, 'request.invalid', 'roles.0'],
    ['no role at all', { roles: [] }, 400, 'request.invalid', 'roles'],
    ['an unknown source', { sourceCategory: 'celebrity' }, 400, 'request.invalid', 'sourceCategory']
  ])('%s is refused with %s and nothing is written', async (_label, override, status, code, field) => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const res = await t.app.inject({ method: 'POST', url, headers: t.admin.headers, payload: { ...aMemberBody({ homeRegionId: r.villageA.id, idNumber: anIdNumber({ seq: 1 }) }), ...override } })
    const body = expectProblem(res, status, code)
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]))
    expect(t.db.select().from(membersTable).all()).toHaveLength(0)
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.entityType, 'member')).all()).toHaveLength(0)
  })

  test('a senior title raises the cap to 300 yuan; 301 is still refused', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const ok = await t.app.inject({ method: 'POST', url, headers: t.admin.headers, payload: aMemberBody({ homeRegionId: r.villageA.id, seniorTitle: true, remuneration: { kind: 'fee_per_half_day', feePerHalfDayYuan: 300 } }) })
    expect(ok.statusCode, ok.body).toBe(201)
    const tooMuch = await t.app.inject({ method: 'POST', url, headers: t.admin.headers, payload: aMemberBody({ homeRegionId: r.villageA.id, seniorTitle: true, remuneration: { kind: 'fee_per_half_day', feePerHalfDayYuan: 301 } }) })
    expectProblem(tooMuch, 422, 'pool.fee_above_cap')
    expect(t.db.select().from(membersTable).all()).toHaveLength(1)
  })

  test('the same ID number twice gets 409 pool.duplicate_id_number (also lower-case x versus X)', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageA.id, idNumber: '11010519491231002X' }))
    const res = await t.app.inject({ method: 'POST', url, headers: t.admin.headers, payload: aMemberBody({ homeRegionId: r.villageB.id, idNumber: '11010519491231002x' }) })
    expectProblem(res, 409, 'pool.duplicate_id_number')
    expect(t.db.select().from(membersTable).all()).toHaveLength(1)
  })

  test('unknown home region or employer gets 404 and nothing is written', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    expectProblem(await t.app.inject({ method: 'POST', url, headers: t.admin.headers, payload: aMemberBody({ homeRegionId: 999 }) }), 404, 'regions.not_found')
    expectProblem(await t.app.inject({ method: 'POST', url, headers: t.admin.headers, payload: aMemberBody({ homeRegionId: r.villageA.id, employerOrganisationId: 999 }) }), 404, 'organisations.not_found')
    expect(t.db.select().from(membersTable).all()).toHaveLength(0)
  })

  test('a coordinator cannot register a member outside their subtree: 404 regions.not_found', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const coord = t.userWithToken({ role: 'coordinator', regionId: r.countyA.id })
    expectProblem(await t.app.inject({ method: 'POST', url, headers: coord.headers, payload: aMemberBody({ homeRegionId: r.villageB.id }) }), 404, 'regions.not_found')
    const ok = await t.app.inject({ method: 'POST', url, headers: coord.headers, payload: aMemberBody({ homeRegionId: r.villageA.id }) })
    expect(ok.statusCode).toBe(201)
    expect(t.db.select().from(membersTable).all().map((m) => m.homeRegionId)).toEqual([r.villageA.id])
  })

  test('a region with members cannot be deleted: 409 regions.in_use', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageA.id }))
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/v1/regions/${r.villageA.id}`, headers: t.admin.headers }), 409, 'regions.in_use')
    expect(t.services.regions.get(t.admin.actor, r.villageA.id).region.id).toBe(r.villageA.id)
  })
})

describe('PATCH /pool/members/:id', () => {
  test('changes fields, bumps the version and audits the difference; a stale version gets 409 request.version_conflict', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const created = await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageA.id, professions: ['lawyer'] }))
    const res = await t.app.inject({
      method: 'PATCH',
      url: `${url}/${created.id}`,
      headers: t.admin.headers,
      payload: { version: 1, title: '主任', specialties: ['education'], conditions: ALL_CONDITIONS, mobile: '13700001234' }
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ version: 2, title: '主任', professions: [{ code: 'lawyer' }], specialties: [{ code: 'education' }], mobile: '13700001234' })
    expect(res.json().conditions.every((c: { attested: boolean }) => c.attested)).toBe(true)
    const audit = t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'member.update')).get()!
    expect(audit.diff.after).toMatchObject({ title: '主任', mobile: '137****1234' })
    expect(audit.diff.after).not.toHaveProperty('name')

    const same = await t.app.inject({ method: 'PATCH', url: `${url}/${created.id}`, headers: t.admin.headers, payload: { version: 2, title: '主任' } })
    expect(same.json().version).toBe(2)
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'member.update')).all()).toHaveLength(1)

    const stale = await t.app.inject({ method: 'PATCH', url: `${url}/${created.id}`, headers: t.admin.headers, payload: { version: 1, title: '副主任' } })
    expectProblem(stale, 409, 'request.version_conflict')
    expect(t.db.select().from(membersTable).get()).toMatchObject({ title: '主任', version: 2 })
  })

  test('withdrawing a condition attestation with null, and an invalid merged result refused as a whole', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const created = await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageA.id, conditions: ALL_CONDITIONS, seniorTitle: true, remuneration: { kind: 'fee_per_half_day', feePerHalfDayYuan: 280 } }))
    const withdraw = await t.app.inject({ method: 'PATCH', url: `${url}/${created.id}`, headers: t.admin.headers, payload: { version: 1, conditions: { integrity: null } } })
    expect(withdraw.statusCode).toBe(200)
    expect(t.db.select().from(memberConditionsTable).all().map((c) => c.condition).sort()).toEqual(['legal_knowledge', 'local_standing', 'political'])
    // dropping the senior title would leave 280 yuan above the ordinary 200 cap
    const res = await t.app.inject({ method: 'PATCH', url: `${url}/${created.id}`, headers: t.admin.headers, payload: { version: 2, seniorTitle: false } })
    expectProblem(res, 422, 'pool.fee_above_cap')
    expect(t.db.select().from(membersTable).get()).toMatchObject({ seniorTitle: true, version: 2 })
  })

  test('changing the ID number to one already registered gets 409; a member without version gets 400', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const a = await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageA.id }))
    const b = await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageA.id }))
    expectProblem(await t.app.inject({ method: 'PATCH', url: `${url}/${b.id}`, headers: t.admin.headers, payload: { version: 1, idNumber: a.idNumber } }), 409, 'pool.duplicate_id_number')
    expectProblem(await t.app.inject({ method: 'PATCH', url: `${url}/${b.id}`, headers: t.admin.headers, payload: { title: 'x' } }), 400, 'request.invalid')
    expect(t.db.select().from(membersTable).where(eq(membersTable.id, b.id)).get()!.idNumber).toBe(b.idNumber)
  })

  test('a deactivated profession cannot be newly assigned but a member keeps it', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const created = await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageA.id, professions: ['volunteer'] }))
    const term = t.services.pool.listVocabulary('profession').find((v) => v.code === 'volunteer')!
    const off = await t.app.inject({ method: 'PATCH', url: `/api/v1/pool/vocabulary/${term.id}`, headers: t.admin.headers, payload: { active: false } })
    expect(off.statusCode).toBe(200)
    const keep = await t.app.inject({ method: 'PATCH', url: `${url}/${created.id}`, headers: t.admin.headers, payload: { version: 1, title: '志愿者队长' } })
    expect(keep.statusCode, keep.body).toBe(200)
    expect(keep.json().professions).toEqual([{ code: 'volunteer', label: '志愿者' }])
    const other = await t.app.inject({ method: 'POST', url, headers: t.admin.headers, payload: aMemberBody({ homeRegionId: r.villageA.id, professions: ['volunteer'] }) })
    expectProblem(other, 422, 'pool.unknown_vocabulary')
    expect(t.db.select().from(membersTable).all()).toHaveLength(1)
  })
})

describe('lifecycle through the API', () => {
  async function candidate (t: Awaited<ReturnType<typeof createTestApp>>, homeRegionId: number, conditions = ALL_CONDITIONS) {
    return createMember(t, t.admin.headers, aMemberBody({ homeRegionId, conditions }))
  }
  const act = (t: Awaited<ReturnType<typeof createTestApp>>, id: number, action: string, payload: Record<string, unknown>, headers = t.admin.headers) =>
    t.app.inject({ method: 'POST', url: `${url}/${id}/${action}`, headers, payload })

  test('appointment needs all four conditions attested: 409 pool.conditions_not_attested, status unchanged', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const c = await candidate(t, r.villageA.id, { political: ALL_CONDITIONS.political } as typeof ALL_CONDITIONS)
    const res = await act(t, c.id, 'appoint', { appointmentDate: '2026-11-01', appointingBody: '滨海市信访局', version: 1 })
    const body = expectProblem(res, 409, 'pool.conditions_not_attested')
    expect(body.missing).toEqual(['legal_knowledge', 'integrity', 'local_standing'])
    expect(t.db.select().from(membersTable).get()).toMatchObject({ status: 'candidate', version: 1 })
    expect(t.db.select().from(memberStatusHistoryTable).all()).toHaveLength(1)
  })

  test('candidate → active (default two-year term) → suspended → active → removed; each step in history and audit', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const c = await candidate(t, r.villageA.id)
    const appointed = await act(t, c.id, 'appoint', { appointmentDate: '2026-11-01', appointingBody: '滨海市信访局', letterNumber: '滨信发〔2026〕8号', version: 1 })
    expect(appointed.statusCode, appointed.body).toBe(200)
    expect(appointed.json()).toMatchObject({ status: 'active', eligible: true, termEnd: '2028-10-31', appointment: { letterNumber: '滨信发〔2026〕8号' }, allowedActions: ['suspend', 'renew', 'remove'] })

    const suspended = await act(t, c.id, 'suspend', { reason: '本人申请暂停三个月', until: '2027-02-28', version: 2 })
    expect(suspended.json()).toMatchObject({ status: 'suspended', eligible: false, suspension: { reason: '本人申请暂停三个月', until: '2027-02-28' } })
    const reinstated = await act(t, c.id, 'reinstate', { version: 3 })
    expect(reinstated.json()).toMatchObject({ status: 'active', suspension: null })
    const removed = await act(t, c.id, 'remove', { ground: 'judgment_defaulter', note: '被列入失信被执行人名单', version: 4 })
    expect(removed.json()).toMatchObject({ status: 'removed', removal: { ground: 'judgment_defaulter', groundLabel: '被列为失信被执行人' }, allowedActions: ['readmit'] })

    const history = t.db.select().from(memberStatusHistoryTable).all()
    expect(history.map((h) => [h.action, h.fromStatus, h.toStatus])).toEqual([
      ['create', null, 'candidate'], ['appoint', 'candidate', 'active'], ['suspend', 'active', 'suspended'], ['reinstate', 'suspended', 'active'], ['remove', 'active', 'removed']
    ])
    expect(history[4]).toMatchObject({ ground: 'judgment_defaulter', reason: '被列入失信被执行人名单' })
    expect(t.db.select().from(auditLogTable).all().map((a) => a.action).filter((a) => a.startsWith('member.'))).toEqual([
      'member.create', 'member.appoint', 'member.suspend', 'member.reinstate', 'member.remove'
    ])
    const readmit = await act(t, c.id, 'readmit', { version: 5 })
    expectProblem(readmit, 409, 'pool.readmission_barred')
    expect(t.db.select().from(membersTable).get()).toMatchObject({ status: 'removed', version: 5 })
  })

  test.each([
    ['suspend a candidate', 'suspend', { reason: '无' }],
    ['reinstate a candidate', 'reinstate', {}],
    ['renew a candidate', 'renew', { appointmentDate: '2026-11-01', appointingBody: '滨海市信访局' }],
    ['readmit a candidate', 'readmit', {}]
  ])('refused: %s → 409 pool.invalid_transition with the allowed actions, nothing changes', async (_label, action, payload) => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const c = await candidate(t, r.villageA.id)
    const body = expectProblem(await act(t, c.id, action, { ...payload, version: 1 }), 409, 'pool.invalid_transition')
    expect(body).toMatchObject({ from: 'candidate', action, allowedActions: ['appoint', 'remove'] })
    expect(t.db.select().from(membersTable).get()).toMatchObject({ status: 'candidate', version: 1 })
    expect(t.db.select().from(memberStatusHistoryTable).all()).toHaveLength(1)
  })

  test('refused on active members: appoint again, reinstate; a stale version is refused before anything else', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const a = await activeMember(t, { homeRegionId: r.villageA.id })
    expectProblem(await act(t, a.id, 'appoint', { appointmentDate: '2026-11-01', appointingBody: 'x', version: a.version }), 409, 'pool.invalid_transition')
    expectProblem(await act(t, a.id, 'reinstate', { version: a.version }), 409, 'pool.invalid_transition')
    expectProblem(await act(t, a.id, 'suspend', { reason: '出差', version: a.version - 1 }), 409, 'request.version_conflict')
    expect(t.db.select().from(membersTable).get()).toMatchObject({ status: 'active', version: a.version })
  })

  test('the term ends by the clock: the member shows as expired, is not eligible, and renewal starts a new term', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const a = await activeMember(t, { homeRegionId: r.villageA.id }, '2026-11-01', '2026-12-31')
    t.clock.set('2027-01-01T01:00:00Z')
    const later = t.userWithToken({ role: 'admin' }).headers
    const read = await t.app.inject({ method: 'GET', url: `${url}/${a.id}`, headers: later })
    expect(read.json()).toMatchObject({ status: 'expired', eligible: false, allowedActions: ['renew', 'remove'] })
    expect(t.db.select().from(membersTable).get()!.status).toBe('active')
    expectProblem(await act(t, a.id, 'suspend', { reason: 'x', version: a.version }, later), 409, 'pool.invalid_transition')
    const renewed = await act(t, a.id, 'renew', { appointmentDate: '2027-01-01', appointingBody: '滨海市信访局', letterNumber: '滨信发〔2027〕1号', version: a.version }, later)
    expect(renewed.statusCode, renewed.body).toBe(200)
    expect(renewed.json()).toMatchObject({ status: 'active', eligible: true, termEnd: '2028-12-31' })
    expect(t.db.select().from(memberStatusHistoryTable).all().at(-1)).toMatchObject({ action: 'renew', fromStatus: 'expired', toStatus: 'active' })
  })

  test('a suspension with an end date is over the day after; a term end before today is refused', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const a = await activeMember(t, { homeRegionId: r.villageA.id })
    await act(t, a.id, 'suspend', { reason: '住院', until: '2026-12-05', version: a.version })
    t.clock.set('2026-12-05T12:00:00Z')
    expect((await t.app.inject({ method: 'GET', url: `${url}/${a.id}`, headers: t.userWithToken({ role: 'admin' }).headers })).json().status).toBe('suspended')
    t.clock.set('2026-12-06T01:00:00Z')
    expect((await t.app.inject({ method: 'GET', url: `${url}/${a.id}`, headers: t.userWithToken({ role: 'admin' }).headers })).json()).toMatchObject({ status: 'active', eligible: true })
    t.clock.set(TEST_NOW)

    const c = await candidate(t, r.villageA.id)
    expectProblem(await act(t, c.id, 'appoint', { appointmentDate: '2024-01-01', appointingBody: 'x', termEnd: '2025-12-31', version: 1 }), 422, 'pool.invalid_term')
    expectProblem(await act(t, c.id, 'appoint', { appointmentDate: '2027-01-01', appointingBody: 'x', version: 1 }), 422, 'pool.invalid_term')
    expectProblem(await act(t, c.id, 'remove', { ground: 'other', version: 1 }), 422, 'pool.invalid_member')
    expectProblem(await act(t, c.id, 'remove', { ground: 'retired', version: 1 }), 400, 'request.invalid')
    expect(t.db.select().from(membersTable).where(eq(membersTable.id, c.id)).get()).toMatchObject({ status: 'candidate', version: 1 })
  })

  test('a member who withdrew voluntarily may be readmitted as a candidate', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const a = await activeMember(t, { homeRegionId: r.villageA.id })
    await act(t, a.id, 'remove', { ground: 'voluntary_withdrawal', version: a.version })
    const res = await act(t, a.id, 'readmit', { note: '本人再次申请', version: a.version + 1 })
    expect(res.json()).toMatchObject({ status: 'candidate', termEnd: null, removal: null })
  })
})

describe('trainings and unavailability', () => {
  test('a host with a training within three years is a trained host; deleting the training undoes it', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const m = await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageA.id, roles: ['host'] }))
    const old = await t.app.inject({ method: 'POST', url: `${url}/${m.id}/trainings`, headers: t.admin.headers, payload: { course: '听证主持人培训', trainedOn: '2023-11-27', hours: 8 } })
    expect(old.statusCode).toBe(201)
    expect((await t.app.inject({ method: 'GET', url: `${url}/${m.id}`, headers: t.admin.headers })).json().trainedHost).toBe(false)
    const recent = await t.app.inject({ method: 'POST', url: `${url}/${m.id}/trainings`, headers: t.admin.headers, payload: { course: '听证主持人培训（复训）', trainedOn: '2026-06-01', hours: 4.5, certificateNo: 'BH-2026-017' } })
    expect(recent.json()).toMatchObject({ course: '听证主持人培训（复训）', hours: 4.5, certificateNo: 'BH-2026-017' })
    const detail = (await t.app.inject({ method: 'GET', url: `${url}/${m.id}`, headers: t.admin.headers })).json()
    expect(detail).toMatchObject({ trainedHost: true, trainings: [{ trainedOn: '2026-06-01' }, { trainedOn: '2023-11-27' }] })
    expect(t.db.select().from(membersTable).get()!.lastTrainingOn).toBe('2026-06-01')
    const del = await t.app.inject({ method: 'DELETE', url: `${url}/${m.id}/trainings/${recent.json().id}`, headers: t.admin.headers })
    expect(del.statusCode).toBe(204)
    expect(t.db.select().from(membersTable).get()!.lastTrainingOn).toBe('2023-11-27')
    expectProblem(await t.app.inject({ method: 'DELETE', url: `${url}/${m.id}/trainings/${recent.json().id}`, headers: t.admin.headers }), 404, 'pool.training_not_found')
    expectProblem(await t.app.inject({ method: 'POST', url: `${url}/${m.id}/trainings`, headers: t.admin.headers, payload: { course: 'x', trainedOn: '2027-01-01', hours: 1 } }), 422, 'pool.invalid_date')
    expectProblem(await t.app.inject({ method: 'POST', url: `${url}/${m.id}/trainings`, headers: t.admin.headers, payload: { course: 'x', trainedOn: '2026-01-01', hours: 0 } }), 400, 'request.invalid')
  })

  test('unavailability by whole days (China time) or by instants; an end before the start is refused', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const m = await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageA.id }))
    const days = await t.app.inject({ method: 'POST', url: `${url}/${m.id}/unavailability`, headers: t.admin.headers, payload: { startsAt: '2026-12-01', endsAt: '2026-12-03', kind: 'travel', note: '赴省培训' } })
    expect(days.statusCode, days.body).toBe(201)
    expect(days.json()).toMatchObject({ startsAt: '2026-12-01T00:00:00.000+08:00', endsAt: '2026-12-04T00:00:00.000+08:00', kind: 'travel', kindLabel: '出差' })
    const hours = await t.app.inject({ method: 'POST', url: `${url}/${m.id}/unavailability`, headers: t.admin.headers, payload: { startsAt: '2026-12-10T08:30:00+08:00', endsAt: '2026-12-10T12:00:00+08:00', kind: 'leave' } })
    expect(hours.statusCode).toBe(201)
    expectProblem(await t.app.inject({ method: 'POST', url: `${url}/${m.id}/unavailability`, headers: t.admin.headers, payload: { startsAt: '2026-12-10', endsAt: '2026-12-09', kind: 'leave' } }), 422, 'pool.invalid_period')
    expectProblem(await t.app.inject({ method: 'POST', url: `${url}/${m.id}/unavailability`, headers: t.admin.headers, payload: { startsAt: '2026-12-10T08:30:00', endsAt: '2026-12-11', kind: 'leave' } }), 422, 'pool.invalid_date')
    expectProblem(await t.app.inject({ method: 'POST', url: `${url}/${m.id}/unavailability`, headers: t.admin.headers, payload: { startsAt: '2026-12-10', endsAt: '2026-12-11', kind: 'holiday' } }), 400, 'request.invalid')
    const detail = (await t.app.inject({ method: 'GET', url: `${url}/${m.id}`, headers: t.admin.headers })).json()
    expect(detail.unavailability.map((u: { kind: string }) => u.kind)).toEqual(['travel', 'leave'])
    expect((await t.app.inject({ method: 'DELETE', url: `${url}/${m.id}/unavailability/${hours.json().id}`, headers: t.admin.headers })).statusCode).toBe(204)
    expect((await t.app.inject({ method: 'GET', url: `${url}/${m.id}`, headers: t.admin.headers })).json().unavailability).toHaveLength(1)
  })
})

describe('vocabularies and settings', () => {
  test('an administrator adds a specialty and changes the fee cap; coordinators may not', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const coord = t.userWithToken({ role: 'coordinator', regionId: r.countyA.id })
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/pool/vocabulary', headers: coord.headers, payload: { kind: 'specialty', code: 'water', label: '水利' } }), 403, 'auth.forbidden')
    const added = await t.app.inject({ method: 'POST', url: '/api/v1/pool/vocabulary', headers: t.admin.headers, payload: { kind: 'specialty', code: 'water', label: '水利' } })
    expect(added.statusCode).toBe(201)
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/pool/vocabulary', headers: t.admin.headers, payload: { kind: 'specialty', code: 'water2', label: '水利' } }), 409, 'pool.vocabulary_duplicate')
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/pool/vocabulary?kind=specialty', headers: coord.headers })
    expect(list.json().items.map((v: { code: string }) => v.code)).toContain('water')

    const settings = await t.app.inject({ method: 'PATCH', url: '/api/v1/pool/settings', headers: t.admin.headers, payload: { feeCapYuan: 150, version: 1 } })
    expect(settings.json()).toMatchObject({ feeCapYuan: 150, seniorFeeCapYuan: 300, version: 2 })
    expectProblem(await t.app.inject({ method: 'PATCH', url: '/api/v1/pool/settings', headers: t.admin.headers, payload: { seniorFeeCapYuan: 100 } }), 422, 'pool.invalid_member')
    const fee = await t.app.inject({ method: 'POST', url: '/api/v1/pool/members', headers: coord.headers, payload: aMemberBody({ homeRegionId: r.villageA.id, specialties: ['water'], remuneration: { kind: 'fee_per_half_day', feePerHalfDayYuan: 180 } }) })
    expectProblem(fee, 422, 'pool.fee_above_cap')
    expect(t.db.select().from(membersTable).all()).toHaveLength(0)
  })
})

describe('ID numbers and phones never reach the log', () => {
  test('creating, a validation failure and a search by ID number log neither the ID number nor the mobile', async () => {
    const lines: string[] = []
    const logStream = new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
    const { db, sqlite } = createTestDb()
    const deps = { config: testConfig({ logLevel: 'debug' }), db, sqlite, clock: fixedClock(TEST_NOW), rng: seededRng(3) }
    const services = createServices(deps)
    const app = await buildApp({ ...deps, services, logStream })
    onTestFinished(async () => { await app.close(); sqlite.close() })
    const admin = db.insert(usersTable).values({ username: 'root', displayName: '管理员', passwordHash: 'x', role: 'admin', createdAt: new Date(TEST_NOW), updatedAt: new Date(TEST_NOW) }).returning().get()
    const issued = newToken(seededRng(9).bytes(32))
    insertToken(db, { userId: admin.id, kind: 'session', name: null, tokenHash: issued.hash, prefix: issued.prefix, createdAt: new Date(TEST_NOW), expiresAt: new Date(Date.parse(TEST_NOW) + 3600_000) })
    const headers = { authorization: `Bearer ${issued.token}` }
    const region = services.regions.create(systemActor(), { name: '滨海市' })
    const mobile = aMobile()
    const idNumber = anIdNumber({ seq: 321 })
    const created = await app.inject({ method: 'POST', url, headers, payload: aMemberBody({ homeRegionId: region.id, idNumber, mobile }) })
    expect(created.statusCode, created.body).toBe(201)
    const bad = await app.inject({ method: 'POST', url, headers, payload: aMemberBody({ homeRegionId: region.id, idNumber, mobile }) })
    expect(bad.statusCode).toBe(409)
    const found = await app.inject({ method: 'GET', url: `${url}?q=${idNumber}`, headers })
    expect(found.json().total).toBe(1)
    const all = lines.join('')
    expect(all).toContain('/api/v1/pool/members')
    expect(all).not.toContain(idNumber)
    expect(all).not.toContain(mobile)
  })
})
