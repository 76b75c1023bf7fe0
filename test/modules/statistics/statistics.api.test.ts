import { describe, expect, test } from 'vitest'
import { createTestApp, seedRegionTree, type TestApp } from '../../helpers/app.js'
import { aMember, anOrganisation, aVenue } from '../../helpers/factories.js'
import { hearingsTable, matterStagesTable, mattersTable, matterPetitionersTable, type ConclusionType, type HearingStatus, type MatterStage } from '../../../db/schema/index.js'

// A small hand-checked data set over two counties (docs/statistics.md explains each figure); period 2026-01-01 to
// 2026-06-30, today 2026-11-28.
//
// 东城区 (county A): 渤海街道 (townA) with 渤海社区 (villageA), 黄河街道 (townA2); 西城县 (county B): 杨柳镇 (townB).
//  M1 villageA  办理 2025-12-01 → 2026-01-10; 复查 requested 02-25, accepted 03-02, due 04-01, hearing 03-10 (entered 03-13),
//               decided 03-25 维持, 息诉罢访 (checked 04-20)
//  M2 townA     复查 03-02, due 04-01, decided 04-08 (late) 维持; 复核 04-20, due 05-20, hearing 05-12 (never entered),
//               decided 05-29 撤销并责令重作
//  M3 townA2    复查 01-05, due 02-04, hearing 01-20 (entered 01-30: after the 01-27 deadline), decided 02-03 部分维持, 未息诉罢访
//  M4 townB     复查 03-02, due 04-01, decided 03-30 维持; 复核 04-13, due 05-13, decided 05-08 撤销并责令重作 for a missing notice
//  M5 townB     办理 03-02, due 05-01, hearing 03-17 (entered 03-18), decided 03-31
//  M6 countyB   复查 05-04, due 06-03, still open; a hearing on 05-20 was cancelled
const FROM = '2026-01-01'
const TO = '2026-06-30'
const PERIOD = `from=${FROM}&to=${TO}`

type StageSpec = { stage: MatterStage, acceptedOn: string, requestedOn?: string, dueOn: string, decidedOn?: string, conclusionType?: ConclusionType, revoked?: boolean, ceased?: boolean, checkedOn?: string }
type HearingSpec = { day: string, status?: HearingStatus, enteredOn?: string }

function seed (t: TestApp) {
  const regions = seedRegionTree(t)
  const { db } = t
  const org = anOrganisation(db)
  const venue = aVenue(db, regions.countyA.id)
  const host = aMember(db, { homeRegionId: regions.townA.id })
  const recorder = aMember(db, { homeRegionId: regions.townA.id })
  const now = new Date('2026-01-01T00:00:00Z')
  let n = 0
  const hearingIds: Record<string, number> = {}
  function matter (key: string, regionId: number, stages: StageSpec[], hearings: HearingSpec[] = []) {
    n++
    const m = db.insert(mattersTable).values({
      number: `滨信复〔2026〕${n}号`, title: `统计测试事项${key}`, regionId, petitionerKind: 'individual', respondentOrganisationId: org.id, createdAt: now, updatedAt: now
    }).returning().get()
    db.insert(matterPetitionersTable).values({ matterId: m.id, position: 1, name: '王信访', idNumber: '37160219700505001X' }).run()
    for (const s of stages) {
      db.insert(matterStagesTable).values({
        matterId: m.id,
        stage: s.stage,
        acceptingBody: '东城区人民政府',
        acceptedOn: s.acceptedOn,
        requestedOn: s.requestedOn ?? null,
        limitDays: 30,
        dayUnit: 'calendar',
        excludeHearingTime: false,
        extensionMaxDays: 30,
        extensionUnit: 'calendar',
        rulesetLabel: 'national-default',
        baseDueOn: s.dueOn,
        dueOn: s.dueOn,
        decidedOn: s.decidedOn ?? null,
        conclusionType: s.conclusionType ?? null,
        revokedForMissingRightsNotice: s.revoked ?? false,
        petitionerCeased: s.ceased ?? null,
        ceasedCheckedOn: s.checkedOn ?? null,
        createdAt: now,
        updatedAt: now
      }).run()
    }
    hearings.forEach((h, i) => {
      const startsAt = new Date(`${h.day}T09:00:00+08:00`)
      const row = db.insert(hearingsTable).values({
        matterId: m.id,
        regionId,
        procedure: 'simple',
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
        venueId: venue.id,
        hostMemberId: host.id,
        recorderMemberId: recorder.id,
        panelSize: 3,
        status: h.status ?? 'concluded',
        rulesetLabel: 'national-default',
        rulesetFingerprint: 'x',
        ruleset: {},
        uid: `stat-${key}-${i}@test`,
        provincialEnteredOn: h.enteredOn ?? null,
        createdAt: now,
        updatedAt: now
      }).returning().get()
      hearingIds[`${key}.${i}`] = row.id
    })
    return m
  }
  const M1 = matter('M1', regions.villageA.id, [
    { stage: 'handling', acceptedOn: '2025-12-01', dueOn: '2026-01-30', decidedOn: '2026-01-10' },
    { stage: 'review', requestedOn: '2026-02-25', acceptedOn: '2026-03-02', dueOn: '2026-04-01', decidedOn: '2026-03-25', conclusionType: 'upheld', ceased: true, checkedOn: '2026-04-20' }
  ], [{ day: '2026-03-10', enteredOn: '2026-03-13' }])
  const M2 = matter('M2', regions.townA.id, [
    { stage: 'review', acceptedOn: '2026-03-02', dueOn: '2026-04-01', decidedOn: '2026-04-08', conclusionType: 'upheld' },
    { stage: 'reReview', acceptedOn: '2026-04-20', dueOn: '2026-05-20', decidedOn: '2026-05-29', conclusionType: 'revoked_redo' }
  ], [{ day: '2026-05-12' }])
  const M3 = matter('M3', regions.townA2.id, [
    { stage: 'review', acceptedOn: '2026-01-05', dueOn: '2026-02-04', decidedOn: '2026-02-03', conclusionType: 'partly_upheld', ceased: false, checkedOn: '2026-03-01' }
  ], [{ day: '2026-01-20', enteredOn: '2026-01-30' }])
  const M4 = matter('M4', regions.townB.id, [
    { stage: 'review', acceptedOn: '2026-03-02', dueOn: '2026-04-01', decidedOn: '2026-03-30', conclusionType: 'upheld' },
    { stage: 'reReview', acceptedOn: '2026-04-13', dueOn: '2026-05-13', decidedOn: '2026-05-08', conclusionType: 'revoked_redo', revoked: true }
  ])
  const M5 = matter('M5', regions.townB.id, [
    { stage: 'handling', acceptedOn: '2026-03-02', dueOn: '2026-05-01', decidedOn: '2026-03-31' }
  ], [{ day: '2026-03-17', enteredOn: '2026-03-18' }])
  const M6 = matter('M6', regions.countyB.id, [
    { stage: 'review', acceptedOn: '2026-05-04', dueOn: '2026-06-03' }
  ], [{ day: '2026-05-20', status: 'cancelled' }])
  return { regions, matters: { M1, M2, M3, M4, M5, M6 }, hearingIds }
}

async function setup () {
  const t = await createTestApp()
  const s = seed(t)
  const get = async (url: string, headers = t.admin.headers) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers })
    return res
  }
  const ok = async (url: string, headers = t.admin.headers) => {
    const res = await get(url, headers)
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }
  return { t, ...s, get, ok }
}

const byName = (rows: { region: { name: string } }[]): Record<string, any> => Object.fromEntries(rows.map((r) => [r.region.name, r]))

describe('hearing rate', () => {
  test('per county: 东城区 3 of 4 answered 复查/复核 stages heard (75%, 10 points), 西城县 0 of 2 (0 points); the 办理 hearing and the cancelled one do not count', async () => {
    const { ok } = await setup()
    const report = await ok(`/statistics/hearing-rate?${PERIOD}&level=county`)
    expect(report.rows.map((r: { region: { name: string } }) => r.region.name)).toEqual(['东城区', '西城县'])
    const rows = byName(report.rows)
    expect(rows['东城区']).toMatchObject({ numerator: 3, denominator: 4, rate: 0.75, ratePercent: 75, points: 10, maxPoints: 10, targetPercent: 50, targetMet: true, rank: 1, denominatorKind: 'answered_review_stages' })
    expect(rows['西城县']).toMatchObject({ numerator: 0, denominator: 2, rate: 0, ratePercent: 0, points: 0, targetMet: false, rank: 2 })
    expect(rows['东城区'].region).toMatchObject({ level: 'county', levelName: '县（市、区）' })
    expect(report.totals).toEqual({ numerator: 3, denominator: 6, rate: 0.5, ratePercent: 50 })
  })

  test('per township: 渤海街道 2/3 and 黄河街道 1/1 both score 10 and share rank 1; 杨柳镇 is third', async () => {
    const { ok } = await setup()
    const report = await ok(`/statistics/hearing-rate?${PERIOD}&level=township`)
    const rows = byName(report.rows)
    expect(Object.keys(rows).sort()).toEqual(['杨柳镇', '渤海街道', '黄河街道'].sort())
    expect(rows['渤海街道']).toMatchObject({ numerator: 2, denominator: 3, ratePercent: 66.67, points: 10, rank: 1 })
    expect(rows['黄河街道']).toMatchObject({ numerator: 1, denominator: 1, ratePercent: 100, points: 10, rank: 1 })
    expect(rows['杨柳镇']).toMatchObject({ numerator: 0, denominator: 2, points: 0, rank: 3 })
    expect(rows['渤海街道'].region.county.name).toBe('东城区')
  })

  test('a period without answers has a null rate and 0 points', async () => {
    const { ok } = await setup()
    const report = await ok('/statistics/hearing-rate?from=2026-08-01&to=2026-08-31&level=county')
    for (const row of report.rows) expect(row).toMatchObject({ numerator: 0, denominator: 0, rate: null, ratePercent: null, points: 0, rank: 1 })
  })

  test('the drill-down lists are the numbers: numerator and denominator cases of 东城区, paginated', async () => {
    const { ok, regions, matters, hearingIds } = await setup()
    const num = await ok(`/statistics/hearing-rate/cases?${PERIOD}&regionId=${regions.countyA.id}&part=numerator`)
    expect(num.total).toBe(3)
    expect(num.items.map((c: { matterId: number, stage: string }) => [c.matterId, c.stage])).toEqual([[matters.M3.id, 'review'], [matters.M1.id, 'review'], [matters.M2.id, 'reReview']])
    expect(num.items[0]).toMatchObject({ hearingId: hearingIds['M3.0'], hearingStartsAt: '2026-01-20T09:00:00.000+08:00', stageName: '复查', conclusionTypeName: '部分维持' })
    const den = await ok(`/statistics/hearing-rate/cases?${PERIOD}&regionId=${regions.countyA.id}&part=denominator&pageSize=3`)
    expect(den.total).toBe(4)
    expect(den.items.map((c: { matterNumber: string, decidedOn: string }) => c.decidedOn)).toEqual(['2026-02-03', '2026-03-25', '2026-04-08'])
    const page2 = await ok(`/statistics/hearing-rate/cases?${PERIOD}&regionId=${regions.countyA.id}&part=denominator&pageSize=3&page=2`)
    expect(page2.items.map((c: { matterId: number, stage: string }) => [c.matterId, c.stage])).toEqual([[matters.M2.id, 'reReview']])
    // each row's numbers equal its lists' totals
    const report = await ok(`/statistics/hearing-rate?${PERIOD}&level=township`)
    for (const row of report.rows) {
      const n = await ok(`/statistics/hearing-rate/cases?${PERIOD}&regionId=${row.region.id}&part=numerator`)
      const d = await ok(`/statistics/hearing-rate/cases?${PERIOD}&regionId=${row.region.id}&part=denominator`)
      expect([n.total, d.total], row.region.name).toEqual([row.numerator, row.denominator])
    }
  })

  test('a to before from is 422; an unknown level is 400', async () => {
    const { get } = await setup()
    const bad = await get('/statistics/hearing-rate?from=2026-06-01&to=2026-05-01')
    expect(bad.statusCode).toBe(422)
    expect(bad.json()).toMatchObject({ code: 'statistics.invalid_period' })
    expect((await get(`/statistics/hearing-rate?${PERIOD}&level=village`)).statusCode).toBe(400)
  })
})

describe('复查 score (7 points)', () => {
  test('东城区 5.25: one late 复查 (−0.5), one 复核 revoke-and-redo (−0.5), one late entry (−0.25) and one missing (−0.5); 西城县 5.5 ranks first', async () => {
    const { ok } = await setup()
    const report = await ok(`/statistics/review-score?${PERIOD}`)
    expect(report.rows.map((r: { region: { name: string } }) => r.region.name)).toEqual(['西城县', '东城区'])
    const rows = byName(report.rows)
    const items = (name: string) => Object.fromEntries(rows[name].items.map((i: { item: string }) => [i.item, i]))
    expect(rows['东城区']).toMatchObject({ maxPoints: 7, points: 5.25, rank: 2 })
    expect(items('东城区').on_time).toMatchObject({ name: '按期办结', maxPoints: 3, deductedRaw: 0.5, points: 2.5, deductionCount: 1, examined: 3 })
    expect(items('东城区').case_quality).toMatchObject({ maxPoints: 2, deductedRaw: 0.5, points: 1.5, deductionCount: 1, examined: 1 })
    expect(items('东城区').system_entry).toMatchObject({ maxPoints: 2, deductedRaw: 0.75, points: 1.25, deductionCount: 2, examined: 3 })
    // 西城县: M6 is past its due date without an answer; M4's revocation for a missing notice costs 1; M5's hearing was entered next day
    expect(rows['西城县']).toMatchObject({ points: 5.5, rank: 1 })
    expect(items('西城县').on_time).toMatchObject({ points: 2.5, deductionCount: 1, examined: 2 })
    expect(items('西城县').case_quality).toMatchObject({ points: 1, deductedRaw: 1, deductionCount: 1 })
    expect(items('西城县').system_entry).toMatchObject({ points: 2, deductionCount: 0, examined: 1 })
  })

  test('every deducted point links to its case, and the list adds up to what the score lost', async () => {
    const { ok, regions, matters, hearingIds } = await setup()
    const list = await ok(`/statistics/review-score/deductions?${PERIOD}&regionId=${regions.countyA.id}`)
    expect(list.totalPoints).toBe(1.75)
    expect(list.items.map((d: { item: string, reason: string, matterId: number, points: number }) => [d.item, d.reason, d.matterId, d.points])).toEqual([
      ['on_time', 'decided_late', matters.M2.id, 0.5],
      ['case_quality', 'revoked_redo', matters.M2.id, 0.5],
      ['system_entry', 'entered_late', matters.M3.id, 0.25],
      ['system_entry', 'not_entered', matters.M2.id, 0.5]
    ])
    expect(list.items[0].reasonText).toBe('逾期作出复查意见（期限 2026-04-01，作出 2026-04-08）')
    expect(list.items[2]).toMatchObject({ hearingId: hearingIds['M3.0'], on: '2026-01-20', reasonText: '听证要素超过期限才录入省信访信息系统（听证日 2026-01-20，应于 2026-01-27 前录入，实际 2026-01-30）' })
    const b = await ok(`/statistics/review-score/deductions?${PERIOD}&regionId=${regions.countyB.id}&item=case_quality`)
    expect(b.items).toHaveLength(1)
    expect(b.items[0]).toMatchObject({ reason: 'revoked_for_missing_rights_notice', points: 1, matterId: matters.M4.id, itemName: '办案质量' })
  })

  test('recording the provincial entry of M2’s hearing through the API turns the missing entry into a late one', async () => {
    const { t, ok, regions, hearingIds } = await setup()
    const url = `/api/v1/hearings/${hearingIds['M2.0']}/provincial-entry`
    const put = (payload: object, headers = t.admin.headers) => t.app.inject({ method: 'PUT', url, headers, payload })
    const entryPoints = async () => byName((await ok(`/statistics/review-score?${PERIOD}`)).rows)['东城区'].items.find((i: { item: string }) => i.item === 'system_entry').points
    expect(await entryPoints()).toBe(1.25)
    expect((await put({ enteredOn: '2026-11-29' })).json()).toMatchObject({ code: 'hearings.date_in_future' })
    expect((await put({ enteredOn: '2026-05-11' })).json()).toMatchObject({ code: 'hearings.provincial_entry_before_hearing' })
    const hostB = t.userWithToken({ role: 'host', regionId: regions.townB.id })
    expect((await put({ enteredOn: '2026-05-25' }, hostB.headers)).statusCode).toBe(404)
    const officer = t.userWithToken({ role: 'officer', regionId: regions.townA.id })
    expect((await put({ enteredOn: '2026-05-25' }, officer.headers)).statusCode).toBe(403)
    const res = await put({ enteredOn: '2026-05-25', ref: ' SD-2026-0512 ' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ provincialEnteredOn: '2026-05-25', provincialEntryRef: 'SD-2026-0512' })
    const view = await ok(`/hearings/${hearingIds['M2.0']}`)
    expect(view).toMatchObject({ provincialEnteredOn: '2026-05-25', provincialEntryRef: 'SD-2026-0512' })
    const audit = await ok('/audit?action=hearing.provincial_entry')
    expect(audit.items.length).toBe(1)
    const list = await ok(`/statistics/review-score/deductions?${PERIOD}&regionId=${regions.countyA.id}&item=system_entry`)
    expect(list.items.map((d: { reason: string }) => d.reason)).toEqual(['entered_late', 'entered_late'])
    expect(list.totalPoints).toBe(0.5)
    // the figures computed before the write are not served again
    expect(await entryPoints()).toBe(1.5)
    // a hearing that was not held cannot be entered
    const cancelled = await t.app.inject({ method: 'PUT', url: `/api/v1/hearings/${hearingIds['M6.0']}/provincial-entry`, headers: t.admin.headers, payload: { enteredOn: '2026-05-25' } })
    expect(cancelled.json()).toMatchObject({ code: 'hearings.not_held' })
  })
})

describe('outcomes', () => {
  test('东城区: conclusions per stage, follow-ups and the durations (median / average days)', async () => {
    const { ok } = await setup()
    const report = await ok(`/statistics/outcomes?${PERIOD}&level=county`)
    const a = byName(report.rows)['东城区']
    const stage = (s: string) => a.stages.find((x: { stage: string }) => x.stage === s)
    const counts = (s: string) => Object.fromEntries(stage(s).conclusions.filter((c: { count: number }) => c.count > 0).map((c: { type: string, count: number }) => [c.type, c.count]))
    expect(stage('handling')).toMatchObject({ stageName: '办理', decided: 1, ceased: { ceased: 0, notCeased: 0, notFollowedUp: 1 } })
    expect(counts('handling')).toEqual({ unrecorded: 1 })
    expect(stage('review')).toMatchObject({ decided: 3, ceased: { ceased: 1, notCeased: 1, notFollowedUp: 1 } })
    expect(counts('review')).toEqual({ upheld: 2, partly_upheld: 1 })
    expect(counts('reReview')).toEqual({ revoked_redo: 1 })
    expect(stage('review').conclusions.find((c: { type: string }) => c.type === 'upheld').name).toBe('维持')
    expect(a.durations).toEqual({
      applicationToHearing: { count: 3, medianDays: 15, averageDays: 16.7 },
      hearingToConclusion: { count: 3, medianDays: 15, averageDays: 15.3 },
      applicationToConclusion: { count: 5, medianDays: 37, averageDays: 34.6 }
    })
  })

  test('the outcome case lists filter by stage, conclusion and follow-up', async () => {
    const { ok, regions, matters } = await setup()
    const upheld = await ok(`/statistics/outcomes/cases?${PERIOD}&regionId=${regions.countyA.id}&stage=review&conclusionType=upheld`)
    expect(upheld.items.map((c: { matterId: number }) => c.matterId)).toEqual([matters.M1.id, matters.M2.id])
    const ceased = await ok(`/statistics/outcomes/cases?${PERIOD}&regionId=${regions.countyA.id}&ceased=ceased`)
    expect(ceased.items.map((c: { matterId: number }) => c.matterId)).toEqual([matters.M1.id])
    const unrecorded = await ok(`/statistics/outcomes/cases?${PERIOD}&regionId=${regions.countyA.id}&conclusionType=unrecorded`)
    expect(unrecorded.items.map((c: { stage: string }) => c.stage)).toEqual(['handling'])
  })
})

describe('scoping', () => {
  test('a township coordinator sees their township only; another county is 404; city staff see all', async () => {
    const { t, ok, get, regions } = await setup()
    const coordB = t.userWithToken({ role: 'coordinator', regionId: regions.townB.id })
    const township = await ok(`/statistics/hearing-rate?${PERIOD}&level=township`, coordB.headers)
    expect(township.rows.map((r: { region: { name: string } }) => r.region.name)).toEqual(['杨柳镇'])
    const county = await ok(`/statistics/hearing-rate?${PERIOD}&level=county`, coordB.headers)
    expect(county.rows).toEqual([])
    expect((await get(`/statistics/hearing-rate/cases?${PERIOD}&regionId=${regions.countyA.id}&part=numerator`, coordB.headers)).statusCode).toBe(404)
    expect((await get(`/statistics/review-score/deductions?${PERIOD}&regionId=${regions.townA.id}`, coordB.headers)).statusCode).toBe(404)
    expect((await get(`/statistics/hearing-rate?${PERIOD}&regionId=${regions.countyA.id}`, coordB.headers)).statusCode).toBe(404)
    const outcomes = await ok(`/statistics/outcomes?${PERIOD}&level=township`, coordB.headers)
    expect(outcomes.rows.map((r: { region: { name: string } }) => r.region.name)).toEqual(['杨柳镇'])
    const auditor = t.userWithToken({ role: 'auditor', regionId: regions.city.id })
    expect((await ok(`/statistics/review-score?${PERIOD}`, auditor.headers)).rows).toHaveLength(2)
    const officer = t.userWithToken({ role: 'officer', regionId: regions.townA.id })
    expect((await get(`/statistics/hearing-rate?${PERIOD}`, officer.headers)).statusCode).toBe(403)
  })

  test('the OpenAPI document lists the statistics routes with Chinese titles', async () => {
    const { t } = await setup()
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json()
    expect(doc.paths['/api/v1/statistics/hearing-rate'].get.summary).toContain('听证率')
    expect(doc.paths['/api/v1/statistics/review-score/deductions'].get.operationId).toBe('listReviewScoreDeductions')
  })
})
