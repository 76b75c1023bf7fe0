import { expect, onTestFinished } from 'vitest'
import { buildApp } from '../../../server/app.js'
import { idCheckCharacter } from '../../../server/modules/pool/pool.rules.js'
import { insertOrganisation } from '../../../server/modules/organisations/organisations.service.js'
import { createMattersService } from '../../../server/modules/matters/matters.service.js'
import type { DeadlineRulesResolver } from '../../../server/modules/matters/matters.aggregate.js'
import { loadWorkCalendar } from '../../../server/modules/calendar-days/calendar-days.service.js'
import { DEFAULT_RULESET } from '../../../server/modules/rulesets/rulesets.config.js'
import { seedRegionTree, type TestApp } from '../../helpers/app.js'

/** A valid resident ID number (GB 11643 check digit) from Binzhou's address code, distinct per `seq`. */
export function validIdNumber (seq: number, birth = '19800101') {
  const first17 = `371602${birth}${String(seq).padStart(3, '0')}`
  return first17 + idCheckCharacter(first17)
}

/** The same number with a wrong check character. */
export function badCheckDigit (id: string) {
  const c = id[17] === '0' ? '1' : '0'
  return id.slice(0, 17) + c
}

export function expectProblem (res: { statusCode: number, headers: Record<string, unknown>, json: () => any }, status: number, code: string) {
  expect(res.statusCode).toBe(status)
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/)
  const body = res.json()
  expect(body).toMatchObject({ status, code })
  return body
}

export type World = ReturnType<typeof seedWorld>

/** Regions, two respondent organisations, and users of each role in county A. */
export function seedWorld (t: TestApp) {
  const regions = seedRegionTree(t)
  const now = t.clock.now()
  const bureau = insertOrganisation(t.db, { actor: t.admin.actor, now, input: { name: '东城区人力资源和社会保障局', aliases: [{ alias: '东城人社局', kind: 'short' }], regionId: regions.countyA.id } })
  const housing = insertOrganisation(t.db, { actor: t.admin.actor, now, input: { name: '西城县住房和城乡建设局', regionId: regions.countyB.id } })
  const coordinatorA = t.userWithToken({ role: 'coordinator', regionId: regions.countyA.id })
  const coordinatorB = t.userWithToken({ role: 'coordinator', regionId: regions.countyB.id })
  const hostA = t.userWithToken({ role: 'host', regionId: regions.countyA.id })
  const auditorA = t.userWithToken({ role: 'auditor', regionId: regions.countyA.id })
  const officerA = t.userWithToken({ role: 'officer', regionId: regions.countyA.id })
  const cityCoordinator = t.userWithToken({ role: 'coordinator', regionId: regions.city.id })
  return { regions, bureau, housing, coordinatorA, coordinatorB, hostA, auditorA, officerA, cityCoordinator }
}

let numberSeq = 0

/** A complete, valid create-matter body in county A (override anything). */
export function matterBody (w: World, overrides: Record<string, unknown> = {}) {
  numberSeq++
  return {
    number: `滨信复〔2026〕${numberSeq}号`,
    title: '关于工伤认定的信访事项',
    summary: '信访人对工伤认定结论不服。',
    specialty: 'labour_social_security',
    regionId: w.regions.countyA.id,
    petitionerKind: 'individual',
    petitioners: [{
      name: '张三',
      idNumber: validIdNumber(1),
      mobile: '13812345678',
      address: '东城区渤海街道渤海社区 1 号',
      homeVillageRegionId: w.regions.villageA.id,
      agents: [{ name: '李律师', idNumber: validIdNumber(2, '19750505'), phone: '0543-3161234', powerOfAttorneyNote: '一般授权：代为陈述、举证', powerOfAttorneyDate: '2026-09-01' }]
    }],
    respondentOrganisationId: w.bureau.id,
    ...overrides
  }
}

export async function createMatter (t: TestApp, w: World, overrides: Record<string, unknown> = {}, headers = t.admin.headers) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/matters', headers, payload: matterBody(w, overrides) })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

/** A second app over the same database whose matters service resolves time limits with `deadlineRules`. */
export async function appWithDeadlineRules (t: TestApp, deadlineRules: DeadlineRulesResolver) {
  const matters = createMattersService({ db: t.db, clock: t.clock, workCalendar: loadWorkCalendar, deadlineRules })
  const app = await buildApp({ config: t.config, db: t.db, sqlite: t.sqlite, clock: t.clock, rng: t.rng, services: { ...t.services, matters } })
  onTestFinished(async () => { await app.close() })
  return { app, matters }
}

/** National time limits, but counted in working days (a ruleset such as a local preset could say so). */
export const workingDayRules: DeadlineRulesResolver = () => ({
  label: '测试：工作日',
  limits: {
    ...DEFAULT_RULESET.deadlines,
    handling: { days: 15, unit: 'working', excludeHearingTime: false },
    handlingExtension: { maxDays: 30, unit: 'working' }
  }
})

type Injector = { inject: TestApp['app']['inject'] }

/** Calls a matter sub-resource with the matter's current version and returns the new matter view (expects success). */
export async function matterStep (app: Injector, headers: Record<string, string>, matter: { id: number, version: number }, method: 'POST' | 'PATCH', path: string, body: Record<string, unknown>) {
  const res = await app.inject({ method, url: `/api/v1/matters/${matter.id}${path}`, headers, payload: { ...body, version: matter.version } })
  expect(res.statusCode, res.body).toBeLessThan(300)
  return res.json()
}

/** A matter whose 办理 and 复查 are decided and whose 复核 was accepted on `reReviewOn` (notified in every stage). */
export async function matterAtReReview (t: TestApp, w: World, reReviewOn: string, overrides: Record<string, unknown> = {}) {
  const h = t.admin.headers
  let m = await createMatter(t, w, { ...overrides, handling: { acceptingBody: '东城区人力资源和社会保障局', acceptedOn: '2026-09-01' } })
  m = await matterStep(t.app, h, m, 'POST', '/hearing-notifications', { notifiedOn: '2026-09-02', method: 'post', notifiedBy: '王科员' })
  m = await matterStep(t.app, h, m, 'POST', '/stages/handling/decision', { decidedOn: '2026-09-30' })
  m = await matterStep(t.app, h, m, 'POST', '/stages', { stage: 'review', acceptingBody: '东城区人民政府', acceptedOn: '2026-10-10' })
  m = await matterStep(t.app, h, m, 'POST', '/hearing-notifications', { notifiedOn: '2026-10-12', method: 'in_person', notifiedBy: '赵科员' })
  m = await matterStep(t.app, h, m, 'POST', '/stages/review/decision', { decidedOn: '2026-11-05' })
  m = await matterStep(t.app, h, m, 'POST', '/stages', { stage: 'reReview', acceptingBody: '滨海市人民政府', acceptedOn: reReviewOn })
  return m
}
