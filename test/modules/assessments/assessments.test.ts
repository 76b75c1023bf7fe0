import { describe, expect, test } from 'vitest'
import { BASIC_CONDITIONS } from '../../../db/schema/enums.js'
import { memberConditionsTable, officerAssessmentsTable } from '../../../db/schema/index.js'
import { assessableMembers, averagesOf, standingOf } from '../../../server/modules/assessments/assessments.rules.js'
import { renewalWarnings } from '../../../server/modules/pool/pool.lifecycle.rules.js'
import { aMember } from '../../helpers/factories.js'
import { drawnHearing, openOnTheDay, transition } from '../dossier/dossier.fixture.js'
import { travel } from '../hearings/hearings.fixture.js'
import { api, expectProblem, linkedAccount } from '../remuneration/remuneration.fixture.js'

const scores = (attendance: number, preparation: number, impartiality: number, conduct: number, extra: Record<string, unknown> = {}) => ({ attendance, preparation, impartiality, conduct, ...extra })

/** A drawn hearing (3 officers, 1 alternate) opened on its day, 10 December 2026 at 09:00; `concluded` also concludes it at 11:00. */
async function held ({ concluded = true } = {}) {
  const f = await drawnHearing()
  await openOnTheDay(f)
  if (concluded) {
    f.t.clock.set('2026-12-10T03:00:00.000Z')
    await transition(f, 'conclude')
  }
  const detail = (await api(f.t, 'GET', f.url)).json()
  const ofKind = (kind: string) => detail.participants.filter((p: { kind: string, active: boolean }) => p.kind === kind && p.active).map((p: { memberId: number }) => p.memberId) as number[]
  const officers = ofKind('officer')
  const alternates = ofKind('alternate')
  const put = (memberId: number, body: unknown, headers = f.t.admin.headers) => api(f.t, 'PUT', `${f.url}/assessments/${memberId}`, body, headers)
  return { ...f, officers, alternates, put }
}

describe('assessing the people who served', () => {
  test('one assessment per hearing and member: created once (201), then changed (200) with its version', async () => {
    const f = await held()
    const first = await f.put(f.officers[0]!, scores(5, 4, 5, 4, { note: '准备充分，发言公允' }))
    expect(first.statusCode, first.body).toBe(201)
    expect(first.json()).toMatchObject({ member: { id: f.officers[0] }, role: 'officer', roleName: '听证员', attendance: 5, preparation: 4, impartiality: 5, conduct: 4, overall: 4.5, note: '准备充分，发言公允', version: 1 })
    const changed = await f.put(f.officers[0]!, scores(5, 3, 5, 4, { version: 1 }))
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json()).toMatchObject({ id: first.json().id, preparation: 3, overall: 4.25, note: null, version: 2 })
    expectProblem(await f.put(f.officers[0]!, scores(1, 1, 1, 1, { version: 1 })), 409, 'request.version_conflict')
    expect(f.t.db.select().from(officerAssessmentsTable).all()).toHaveLength(1)
    const list = (await api(f.t, 'GET', `${f.url}/assessments`)).json()
    expect(list.mayAssess).toBe(true)
    expect(list.editableUntil).toBe('2027-01-09T11:00:00.000+08:00') // 30 days after the conclusion
    expect(list.items.map((i: { member: { id: number }, assessment: unknown }) => [i.member.id, i.assessment !== null])).toEqual([[f.officers[0], true], [f.officers[1], false], [f.officers[2], false]])
  })

  test('each score is an integer 1–5, unknown fields are refused, nothing is written', async () => {
    const f = await held()
    for (const body of [scores(0, 3, 3, 3), scores(3, 6, 3, 3), scores(3, 3, 2.5, 3), { attendance: 3, preparation: 3, impartiality: 3 }, scores(3, 3, 3, 3, { punctuality: 5 }), scores(3, 3, 3, 3, { note: 'x'.repeat(501) })]) {
      const res = await f.put(f.officers[0]!, body)
      const problem = expectProblem(res, 400, 'request.invalid')
      expect(problem.errors.length).toBeGreaterThan(0)
    }
    const wrong = expectProblem(await f.put(f.officers[0]!, scores(0, 3, 3, 3)), 400, 'request.invalid')
    expect(wrong.errors[0]).toMatchObject({ field: 'attendance', label: '出勤' })
    expect(f.t.db.select().from(officerAssessmentsTable).all()).toEqual([])
  })

  test('refused before the hearing is concluded, and for anyone who did not serve as officer or third party', async () => {
    const open = await held({ concluded: false })
    expectProblem(await open.put(open.officers[0]!, scores(4, 4, 4, 4)), 409, 'assessments.hearing_not_concluded')
    const f = await held()
    const stranger = aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: '路人甲' })
    for (const memberId of [f.alternates[0]!, f.host.id, f.recorder.id, stranger.id]) {
      const problem = expectProblem(await f.put(memberId, scores(4, 4, 4, 4)), 422, 'assessments.not_served')
      expect(problem.errors[0]).toMatchObject({ in: 'params', field: 'memberId' })
    }
    expectProblem(await api(f.t, 'PUT', '/api/v1/hearings/999/assessments/1', scores(4, 4, 4, 4)), 404, 'hearings.not_found')
    expect(f.t.db.select().from(officerAssessmentsTable).all()).toEqual([])
  })

  test('the host\'s own account assesses wherever it works; others may read but not assess, or change someone else\'s assessment', async () => {
    const f = await held()
    // the host member lives in 黄河街道, the hearing is in 渤海街道: the linked account reaches it as its host
    const host = linkedAccount(f.t, f.host.id, 'host', f.regions.townA2.id)
    const byHost = await f.put(f.officers[1]!, scores(4, 4, 4, 4), host.headers)
    expect(byHost.statusCode, byHost.body).toBe(201)
    expect(byHost.json().assessorName).toBe(host.user.displayName)
    // staff of the hearing's region may assess, but not change what the host wrote
    const staff = f.t.userWithToken({ role: 'coordinator', regionId: f.regions.townA.id })
    expectProblem(await f.put(f.officers[1]!, scores(1, 1, 1, 1), staff.headers), 403, 'assessments.not_own')
    expect((await f.put(f.officers[2]!, scores(3, 3, 3, 3), staff.headers)).statusCode).toBe(201)
    // an officer account in the region sees the hearing but does not assess; one elsewhere does not see it
    const officer = f.t.userWithToken({ role: 'officer', regionId: f.regions.townA.id })
    expectProblem(await f.put(f.officers[0]!, scores(3, 3, 3, 3), officer.headers), 403, 'assessments.not_assessor')
    expect((await api(f.t, 'GET', `${f.url}/assessments`, undefined, officer.headers)).json().mayAssess).toBe(false)
    const elsewhere = f.t.userWithToken({ role: 'host', regionId: f.regions.townB.id })
    expectProblem(await f.put(f.officers[0]!, scores(3, 3, 3, 3), elsewhere.headers), 404, 'hearings.not_found')
    const auditor = f.t.userWithToken({ role: 'auditor', regionId: f.regions.townA.id })
    expect((await f.put(f.officers[0]!, scores(3, 3, 3, 3), auditor.headers)).statusCode).toBe(403)
  })

  test('frozen once the window after the conclusion has closed', async () => {
    const f = await held()
    expect((await f.put(f.officers[0]!, scores(4, 4, 4, 4))).statusCode).toBe(201)
    travel(f.t, '2027-01-09T03:00:00.000Z') // exactly 30 days after: still open
    expect((await f.put(f.officers[0]!, scores(4, 4, 4, 5))).statusCode).toBe(200)
    travel(f.t, '2027-01-09T03:00:01.000Z')
    expectProblem(await f.put(f.officers[0]!, scores(4, 4, 4, 3)), 409, 'assessments.frozen')
    expect(f.t.db.select().from(officerAssessmentsTable).get()!.conduct).toBe(5)
    // a first assessment after the window is still taken: only changes are frozen
    expect((await f.put(f.officers[1]!, scores(3, 3, 3, 3))).statusCode).toBe(201)
  })
})

describe('a member\'s record, the pool filter and renewal', () => {
  /** Officer 0 averages 2.0 (1+2+2+3 over 4), officer 1 averages 3.5 (3+4+3+4), officer 2 is not assessed. */
  async function assessed () {
    const f = await held()
    expect((await f.put(f.officers[0]!, scores(1, 2, 2, 3))).statusCode).toBe(201)
    expect((await f.put(f.officers[1]!, scores(3, 4, 3, 4))).statusCode).toBe(201)
    return f
  }

  /** The city's ruleset judges from the first assessment on (officerAssessment.minAssessments = 1). */
  async function judgeFromOne (f: Awaited<ReturnType<typeof held>>) {
    const created = await api(f.t, 'POST', '/api/v1/rulesets', { name: '本市考核规则', config: { officerAssessment: { minAssessments: 1 }, sources: { 'officerAssessment.minAssessments': { tag: 'LOCAL', ref: '本市听证员考核办法' } } } })
    expect(created.statusCode, created.body).toBe(201)
    expect((await api(f.t, 'PUT', `/api/v1/regions/${f.regions.city.id}/ruleset`, { rulesetId: created.json().id })).statusCode).toBe(200)
  }

  test('the profile shows the record with averages per score and overall', async () => {
    const f = await assessed()
    const res = await api(f.t, 'GET', `/api/v1/pool/members/${f.officers[0]}/assessments`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().summary).toEqual({ count: 1, average: 2, byScore: { attendance: 1, preparation: 2, impartiality: 2, conduct: 3 } })
    // one assessment is fewer than the default three before the threshold applies
    expect(res.json().standing).toEqual({ count: 1, average: 2, threshold: 3, minAssessments: 3, belowThreshold: false })
    expect(res.json().items[0]).toMatchObject({ hearingId: f.hearing.id, caseNumber: expect.stringContaining('滨信'), hearingStartsAt: '2026-12-10T09:00:00.000+08:00' })
    const none = (await api(f.t, 'GET', `/api/v1/pool/members/${f.officers[2]}/assessments`)).json()
    expect(none.summary).toEqual({ count: 0, average: null, byScore: { attendance: null, preparation: null, impartiality: null, conduct: null } })
    const outside = f.t.userWithToken({ role: 'coordinator', regionId: f.regions.townB.id })
    expectProblem(await api(f.t, 'GET', `/api/v1/pool/members/${f.officers[0]}/assessments`, undefined, outside.headers), 404, 'assessments.member_not_found')
  })

  test('averages over several assessments weigh each assessment alike; the threshold applies from the minimum count', () => {
    const list = [scores(5, 5, 5, 5), scores(2, 2, 2, 2), scores(1, 2, 3, 4)]
    // (20 + 8 + 10) / 12 = 3.1666… → 3.17
    expect(averagesOf(list)).toEqual({ count: 3, average: 3.17, byScore: { attendance: 2.67, preparation: 3, impartiality: 3.33, conduct: 3.67 } })
    const rules = { threshold: 3.2, minAssessments: 3, editableDays: 30 }
    expect(standingOf(averagesOf(list), rules).belowThreshold).toBe(true)
    expect(standingOf(averagesOf(list.slice(1)), rules).belowThreshold).toBe(false) // two assessments: not yet
    expect(standingOf(averagesOf(list), { ...rules, threshold: 3.17 }).belowThreshold).toBe(false) // not below, equal
    expect(renewalWarnings(standingOf(averagesOf(list), rules))).toEqual([{ code: 'pool.renewal_low_assessment', message: expect.stringContaining('3.17'), average: 3.17, threshold: 3.2, count: 3 }])
    expect(renewalWarnings(null)).toEqual([])
  })

  test('the pool list filters on the assessment average', async () => {
    const f = await assessed()
    const ids = async (q: string) => (await api(f.t, 'GET', `/api/v1/pool/members?${q}`)).json().items.map((m: { id: number }) => m.id).sort()
    expect(await ids('assessmentBelow=2.5')).toEqual([f.officers[0]])
    expect(await ids('assessmentBelow=3.5')).toEqual([f.officers[0]]) // 3.5 is not below 3.5
    expect(await ids('assessmentBelow=3.51')).toEqual([f.officers[0]!, f.officers[1]!].sort())
    expect(await ids('assessmentBelow=2&role=officer')).toEqual([])
    expectProblem(await api(f.t, 'GET', '/api/v1/pool/members?assessmentBelow=0'), 400, 'request.invalid')
    expectProblem(await api(f.t, 'GET', '/api/v1/pool/members?assessmentBelow=abc'), 400, 'request.invalid')
  })

  test('renewing a member below the threshold answers with a warning, not a refusal; the member view carries the flag', async () => {
    const f = await assessed()
    for (const id of [f.officers[0]!, f.officers[1]!]) {
      for (const condition of BASIC_CONDITIONS) f.t.db.insert(memberConditionsTable).values({ memberId: id, condition, attestedBy: '东城区信访局', attestedAt: '2026-01-01' }).run()
    }
    const renew = async (id: number) => {
      const member = (await api(f.t, 'GET', `/api/v1/pool/members/${id}`)).json()
      return api(f.t, 'POST', `/api/v1/pool/members/${id}/renew`, { appointmentDate: '2026-12-10', appointingBody: '东城区信访局', version: member.version })
    }
    // under the default ruleset one assessment is too few to judge by
    const early = await renew(f.officers[0]!)
    expect(early.statusCode, early.body).toBe(200)
    expect(early.json().warnings).toEqual([])
    await judgeFromOne(f)
    const flagged = await renew(f.officers[0]!)
    expect(flagged.statusCode, flagged.body).toBe(200)
    expect(flagged.json()).toMatchObject({ status: 'active', termEnd: '2028-12-09' })
    expect(flagged.json().warnings).toEqual([{ code: 'pool.renewal_low_assessment', message: expect.stringContaining('低于听证规则规定的 3 分'), average: 2, threshold: 3, count: 1 }])
    const fine = await renew(f.officers[1]!)
    expect(fine.json().warnings).toEqual([])
    const view = (await api(f.t, 'GET', `/api/v1/pool/members/${f.officers[0]}`)).json()
    expect(view.assessment).toEqual({ count: 1, average: 2, threshold: 3, minAssessments: 1, belowThreshold: true })
    expect(view.warnings).toBeUndefined()
    const bulk = await api(f.t, 'POST', '/api/v1/pool/members/bulk-appointments', { memberIds: [f.officers[0], f.officers[1]], action: 'renew', appointmentDate: '2026-12-10', appointingBody: '东城区信访局' })
    expect(bulk.statusCode, bulk.body).toBe(200)
    expect(bulk.json().members.map((m: { id: number, warnings: { average: number }[] }) => [m.id, m.warnings.map((w) => w.average)])).toEqual([[f.officers[0], [2]], [f.officers[1], []]])
    expect((await api(f.t, 'GET', `/api/v1/pool/members/${f.officers[2]}`)).json().assessment).toMatchObject({ count: 0, average: null, belowThreshold: false })
  })
})

describe('who may be assessed', () => {
  test('officers still seated and pool third parties, each once; not alternates, representatives or people who left', () => {
    expect(assessableMembers([
      { kind: 'third_party', memberId: 7, active: true },
      { kind: 'officer', memberId: 3, active: true },
      { kind: 'officer', memberId: 4, active: false },
      { kind: 'alternate', memberId: 5, active: true },
      { kind: 'respondent_rep', memberId: null, active: true },
      { kind: 'third_party', memberId: 8, active: false }
    ])).toEqual([{ memberId: 3, role: 'officer' }, { memberId: 7, role: 'third_party' }])
  })
})
