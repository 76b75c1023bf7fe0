import { describe, expect, test } from 'vitest'
import type Database from 'better-sqlite3'
import { createTestApp, seedRegionTree, type TestApp } from '../../helpers/app.js'
import { aMember, anOrganisation, aVenue } from '../../helpers/factories.js'
import { hearingsTable, matterStagesTable, mattersTable } from '../../../db/schema/index.js'
import { periodBuckets } from '../../../server/modules/statistics/statistics.rules.js'
import { hearingFixture, travel } from '../hearings/hearings.fixture.js'

// The statistics read columns and counts that SQLite triggers keep (migration 0024): a hearing's stage and its
// matter's region, a stage's region and first held hearing, the decided-stage counts per year/month/day. These tests
// change data through plain SQL and through the API and check that (a) every kept value equals what the lookups it
// replaces give (the queries the statistics ran before), and (b) the figures follow, hand-checked.

const DAY = (h: string) => `date(${h}.starts_at / 1000, 'unixepoch', '+8 hours')`

/** What the triggers keep, next to what the per-row lookups give; the counts next to a recount of the stages. */
function kept (sqlite: Database.Database) {
  const hearings = sqlite.prepare(`select h.id, h.matter_region_id, h.stage_id, h.stage,
      (select m.region_id from matters m where m.id = h.matter_id),
      (select s2.id from matter_stages s2 where s2.matter_id = h.matter_id and s2.accepted_on <= ${DAY('h')}
        order by s2.accepted_on desc, case s2.stage when 'handling' then 0 when 'review' then 1 else 2 end desc limit 1),
      (select s2.stage from matter_stages s2 where s2.matter_id = h.matter_id and s2.accepted_on <= ${DAY('h')}
        order by s2.accepted_on desc, case s2.stage when 'handling' then 0 when 'review' then 1 else 2 end desc limit 1)
    from hearings h order by h.id`).raw().all() as unknown[][]
  const stages = sqlite.prepare(`select s.id, s.region_id, s.first_held_at, (select m.region_id from matters m where m.id = s.matter_id),
      (select min(h.starts_at) from hearings h where h.matter_id = s.matter_id and h.status = 'concluded' and ${DAY('h')} >= s.accepted_on and ${DAY('h')} <= s.decided_on)
    from matter_stages s order by s.id`).raw().all() as unknown[][]
  const key = 'region_id, stage, conclusion_type, petitioner_ceased, revoked_for_missing_rights_notice, late, application_days, heard, to_hearing_days, after_hearing_days'
  const counts = sqlite.prepare(`select bucket, ${key}, sum(n) from stage_decision_counts group by bucket, ${key} having sum(n) <> 0 order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`).raw().all()
  const recount = sqlite.prepare(`with f as (select m.region_id, s.stage, s.conclusion_type, s.petitioner_ceased, s.revoked_for_missing_rights_notice, s.decided_on > s.due_on as late,
        cast(julianday(s.decided_on) - julianday(coalesce(s.requested_on, s.accepted_on)) as integer) as application_days, s.decided_on, s.requested_on, s.accepted_on,
        (select min(h.starts_at) from hearings h where h.matter_id = s.matter_id and h.status = 'concluded' and ${DAY('h')} >= s.accepted_on and ${DAY('h')} <= s.decided_on) as first_ms
      from matter_stages s join matters m on m.id = s.matter_id where s.decided_on is not null),
    g as (select *, first_ms is not null as heard,
        cast(julianday(date(first_ms / 1000, 'unixepoch', '+8 hours')) - julianday(coalesce(requested_on, accepted_on)) as integer) as to_hearing_days,
        cast(julianday(decided_on) - julianday(date(first_ms / 1000, 'unixepoch', '+8 hours')) as integer) as after_hearing_days from f)
    select substr(g.decided_on, 1, b.len) as bucket, ${key}, count(*) from g, (select 4 as len union all select 7 union all select 10) b
    group by bucket, ${key} order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`).raw().all()
  return {
    hearings: hearings.map((r) => ({ id: r[0], kept: r.slice(1, 4), looked: r.slice(4, 7) })),
    stages: stages.map((r) => ({ id: r[0], kept: r.slice(1, 3), looked: r.slice(3, 5) })),
    counts,
    recount
  }
}

function expectKeptCurrent (sqlite: Database.Database) {
  const k = kept(sqlite)
  for (const h of k.hearings) expect(h.kept, `hearing ${String(h.id)}`).toEqual(h.looked)
  for (const s of k.stages) expect(s.kept, `stage ${String(s.id)}`).toEqual(s.looked)
  expect(k.counts).toEqual(k.recount)
}

const PERIOD = 'from=2026-01-01&to=2026-06-30'
const ms = (iso: string) => Date.parse(iso)

/** One matter in 渤海街道: 复查 accepted 03-02, decided 03-25; 复核 accepted 04-20, decided 05-29; a hearing on 03-10. */
function seed (t: TestApp) {
  const regions = seedRegionTree(t)
  const org = anOrganisation(t.db)
  const venue = aVenue(t.db, regions.countyA.id)
  const host = aMember(t.db, { homeRegionId: regions.townA.id })
  const now = new Date('2026-01-01T00:00:00Z')
  const matter = t.db.insert(mattersTable).values({ number: '滨信复〔2026〕1号', title: '触发器测试', regionId: regions.townA.id, petitionerKind: 'individual', respondentOrganisationId: org.id, createdAt: now, updatedAt: now }).returning().get()
  const stage = (s: 'review' | 'reReview', acceptedOn: string, dueOn: string, decidedOn: string) => t.db.insert(matterStagesTable).values({
    matterId: matter.id,
    stage: s,
    acceptingBody: '东城区人民政府',
    acceptedOn,
    limitDays: 30,
    dayUnit: 'calendar',
    excludeHearingTime: false,
    extensionMaxDays: 30,
    extensionUnit: 'calendar',
    rulesetLabel: 'national-default',
    baseDueOn: dueOn,
    dueOn,
    decidedOn,
    conclusionType: 'upheld',
    createdAt: now,
    updatedAt: now
  }).returning().get()
  const review = stage('review', '2026-03-02', '2026-04-01', '2026-03-25')
  const reReview = stage('reReview', '2026-04-20', '2026-05-20', '2026-05-29')
  const startsAt = new Date('2026-03-10T09:00:00+08:00')
  const hearing = t.db.insert(hearingsTable).values({
    matterId: matter.id,
    regionId: regions.townA.id,
    procedure: 'simple',
    startsAt,
    endsAt: new Date(startsAt.getTime() + 7200_000),
    venueId: venue.id,
    hostMemberId: host.id,
    recorderMemberId: host.id,
    panelSize: 3,
    status: 'concluded',
    rulesetLabel: 'national-default',
    rulesetFingerprint: 'x',
    ruleset: {},
    uid: 'trigger-test@test',
    provincialEnteredOn: '2026-03-11',
    createdAt: now,
    updatedAt: now
  }).returning().get()
  return { regions, matter, review, reReview, hearing }
}

describe('statistics kept by triggers', () => {
  test('plain SQL: a hearing moved into the 复核 window, a stage accepted later, the matter moved, the hearing cancelled, a stage deleted — figures follow', async () => {
    const t = await createTestApp()
    const { regions, matter, review, reReview, hearing } = seed(t)
    const ok = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: t.admin.headers })
      expect(res.statusCode, res.body).toBe(200)
      return res.json()
    }
    const row = async (regionName: string) => (await ok(`/statistics/hearing-rate?${PERIOD}&level=township`)).rows.find((r: { region: { name: string } }) => r.region.name === regionName)
    const heldCases = async (regionId: number) => (await ok(`/statistics/hearing-rate/cases?${PERIOD}&regionId=${regionId}&part=numerator`)).items.map((c: { stage: string }) => c.stage)
    const durations = async () => (await ok(`/statistics/outcomes?${PERIOD}&level=township`)).rows.find((r: { region: { id: number } }) => r.region.id === regions.townA.id).durations
    const run = (q: string, ...args: unknown[]) => t.sqlite.prepare(q).run(...args)

    // the 03-10 hearing belongs to the 复查: 1 of 2 answered stages heard; 8 days from acceptance to hearing, 15 to the decision
    expectKeptCurrent(t.sqlite)
    expect(t.sqlite.prepare('select stage_id, stage, matter_region_id from hearings').raw().get()).toEqual([review.id, 'review', regions.townA.id])
    expect(await row('渤海街道')).toMatchObject({ numerator: 1, denominator: 2 })
    expect(await heldCases(regions.townA.id)).toEqual(['review'])
    expect(await durations()).toEqual({
      applicationToHearing: { count: 1, medianDays: 8, averageDays: 8 },
      hearingToConclusion: { count: 1, medianDays: 15, averageDays: 15 },
      applicationToConclusion: { count: 2, medianDays: 31, averageDays: 31 }
    })

    // rescheduled to 05-12: now the 复核's hearing (22 days after its acceptance, 17 before its decision)
    run('update hearings set starts_at = ?, ends_at = ? where id = ?', ms('2026-05-12T09:00:00+08:00'), ms('2026-05-12T11:00:00+08:00'), hearing.id)
    expectKeptCurrent(t.sqlite)
    expect(t.sqlite.prepare('select stage_id, stage from hearings').raw().get()).toEqual([reReview.id, 'reReview'])
    expect(t.sqlite.prepare('select first_held_at from matter_stages order by id').pluck().all()).toEqual([null, ms('2026-05-12T09:00:00+08:00')])
    expect(await heldCases(regions.townA.id)).toEqual(['reReview'])
    expect((await durations()).applicationToHearing).toEqual({ count: 1, medianDays: 22, averageDays: 22 })
    expect((await durations()).hearingToConclusion).toEqual({ count: 1, medianDays: 17, averageDays: 17 })

    // the 复核 accepted on 05-15 instead: the 05-12 hearing falls back to the 复查 (accepted before it), outside both windows
    run('update matter_stages set accepted_on = ? where id = ?', '2026-05-15', reReview.id)
    expectKeptCurrent(t.sqlite)
    expect(t.sqlite.prepare('select stage_id, stage from hearings').raw().get()).toEqual([review.id, 'review'])
    expect(await heldCases(regions.townA.id)).toEqual(['review'])
    expect(await durations()).toEqual({
      applicationToHearing: { count: 0, medianDays: null, averageDays: null },
      hearingToConclusion: { count: 0, medianDays: null, averageDays: null },
      applicationToConclusion: { count: 2, medianDays: 18.5, averageDays: 18.5 }
    })

    // the matter moves to 杨柳镇 (西城县): its stages and hearing go with it
    run('update matters set region_id = ? where id = ?', regions.townB.id, matter.id)
    expectKeptCurrent(t.sqlite)
    expect(await row('渤海街道')).toMatchObject({ numerator: 0, denominator: 0 })
    expect(await row('杨柳镇')).toMatchObject({ numerator: 1, denominator: 2 })
    const counties = (await ok(`/statistics/hearing-rate?${PERIOD}&level=county`)).rows
    expect(counties.map((r: { region: { name: string }, numerator: number, denominator: number }) => [r.region.name, r.numerator, r.denominator]).sort()).toEqual([['东城区', 0, 0], ['西城县', 1, 2]])

    // cancelled: no longer held
    run("update hearings set status = 'cancelled' where id = ?", hearing.id)
    expectKeptCurrent(t.sqlite)
    expect(await row('杨柳镇')).toMatchObject({ numerator: 0, denominator: 2 })

    // concluded again, back on 03-10, and the 复核 deleted: 1 of 1
    run("update hearings set status = 'concluded', starts_at = ? where id = ?", ms('2026-03-10T09:00:00+08:00'), hearing.id)
    run('delete from matter_stages where id = ?', reReview.id)
    expectKeptCurrent(t.sqlite)
    expect(await row('杨柳镇')).toMatchObject({ numerator: 1, denominator: 1 })
    expect(t.sqlite.prepare('select first_held_at from matter_stages').pluck().all()).toEqual([ms('2026-03-10T09:00:00+08:00')])

    // the 复查 decided in July instead: out of the period, and a direct write to a kept column is put right
    run("update matter_stages set decided_on = '2026-07-02', first_held_at = 1, region_id = ? where id = ?", regions.townA.id, review.id)
    run('update hearings set stage = null, matter_region_id = ? where id = ?', regions.townA.id, hearing.id)
    expectKeptCurrent(t.sqlite)
    expect(await row('杨柳镇')).toMatchObject({ numerator: 1, denominator: 0 })
    expect(t.sqlite.prepare('select count(*) from hearings h where h.stage is null').pluck().get()).toBe(0)

    // the hearing deleted: nothing held
    run('delete from hearings where id = ?', hearing.id)
    expectKeptCurrent(t.sqlite)
    expect(await row('杨柳镇')).toMatchObject({ numerator: 0, denominator: 0 })
  })

  test('through the API: scheduled, matter moved, stage accepted date edited, concluded, decided, a second hearing cancelled', async () => {
    const f = await hearingFixture()
    const { t } = f
    const api = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) => {
      const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: t.admin.headers, ...(payload ? { payload } : {}) })
      expect(res.statusCode, res.body).toBeLessThan(300)
      return res.json()
    }
    const matterVersion = async () => (await api('GET', `/matters/${f.matter.id}`)).version as number
    const handlingId = t.sqlite.prepare('select id from matter_stages where matter_id = ?').pluck().get(f.matter.id)

    const created = await api('POST', '/hearings', f.body())
    const id = created.hearing.id as number
    // its panel, which opening it needs, drawn while the matter is still in the officers' township
    await f.drawPanel(id)
    expectKeptCurrent(t.sqlite)
    expect(t.sqlite.prepare('select stage_id, stage, matter_region_id from hearings where id = ?').raw().get(id)).toEqual([handlingId, 'handling', f.regions.townA.id])

    await api('PATCH', `/matters/${f.matter.id}`, { regionId: f.regions.townA2.id, version: await matterVersion() })
    expectKeptCurrent(t.sqlite)
    expect(t.sqlite.prepare('select matter_region_id from hearings where id = ?').pluck().get(id)).toBe(f.regions.townA2.id)
    expect(t.sqlite.prepare('select region_id from matter_stages where id = ?').pluck().get(handlingId)).toBe(f.regions.townA2.id)

    await api('PATCH', `/matters/${f.matter.id}/stages/handling`, { acceptedOn: '2026-11-20', version: await matterVersion() })
    expectKeptCurrent(t.sqlite)

    const step = async (body: Record<string, unknown>, hearingId = id) => {
      const current = t.services.hearings.requireHearing(t.db, t.admin.actor, hearingId).hearing
      return api('POST', `/hearings/${hearingId}/transitions`, { version: current.version, ...body })
    }
    await step({ action: 'notify', noticeServedOn: '2026-11-28', announcedOn: '2026-11-28' })
    const second = (await api('POST', '/hearings', f.body({ startsAt: '2026-12-11T09:00:00+08:00', endsAt: '2026-12-11T11:00:00+08:00', venueId: f.venue2.id }))).hearing.id as number
    await step({ action: 'cancel', reason: '信访人撤回听证申请' }, second)
    travel(t, '2026-12-10T00:45:00.000Z')
    await step({ action: 'open' })
    await step({ action: 'conclude' })
    expectKeptCurrent(t.sqlite)
    // not decided yet: no first held hearing
    expect(t.sqlite.prepare('select first_held_at from matter_stages where id = ?').pluck().get(handlingId)).toBeNull()

    await api('POST', `/matters/${f.matter.id}/stages/handling/decision`, { decidedOn: '2026-12-10', conclusionType: 'upheld', version: await matterVersion() })
    expectKeptCurrent(t.sqlite)
    expect(t.sqlite.prepare('select first_held_at from matter_stages where id = ?').pluck().get(handlingId)).toBe(Date.parse('2026-12-10T09:00:00+08:00'))
    // accepted 11-20, heard and decided 12-10: 20 days, 0 days, 20 days; one 办理 stage decided, upheld, in 黄河街道
    const outcomes = await api('GET', '/statistics/outcomes?from=2026-12-01&to=2026-12-31&level=township')
    const row = outcomes.rows.find((r: { region: { id: number } }) => r.region.id === f.regions.townA2.id)
    expect(row.durations).toEqual({
      applicationToHearing: { count: 1, medianDays: 20, averageDays: 20 },
      hearingToConclusion: { count: 1, medianDays: 0, averageDays: 0 },
      applicationToConclusion: { count: 1, medianDays: 20, averageDays: 20 }
    })
    expect(row.stages.find((s: { stage: string }) => s.stage === 'handling')).toMatchObject({ decided: 1 })
    const rate = await api('GET', '/statistics/hearing-rate/cases?from=2026-12-01&to=2026-12-31&part=numerator&regionId=' + String(f.regions.townA2.id))
    // the default denominator counts 复查/复核 only: the 办理 hearing is not in the list
    expect(rate.total).toBe(0)
    expect(t.sqlite.prepare("select count(*) from hearings where status = 'cancelled' and stage = 'handling'").pluck().get()).toBe(1)
  })
})

describe('period buckets', () => {
  test('a year is one bucket; whole months, then the days at either end', () => {
    expect(periodBuckets('2026-01-01', '2026-12-31')).toEqual(['2026'])
    expect(periodBuckets('2025-01-01', '2026-12-31')).toEqual(['2025', '2026'])
    expect(periodBuckets('2026-01-01', '2026-06-30')).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'])
    expect(periodBuckets('2026-01-30', '2026-03-02')).toEqual(['2026-01-30', '2026-01-31', '2026-02', '2026-03-01', '2026-03-02'])
    expect(periodBuckets('2025-12-31', '2027-01-01')).toEqual(['2025-12-31', '2026', '2027-01-01'])
    expect(periodBuckets('2024-02-01', '2024-02-29')).toEqual(['2024-02'])
    expect(periodBuckets('2026-05-04', '2026-05-04')).toEqual(['2026-05-04'])
  })
})
