import type { Db, DbOrTx } from '../../../db/client.js'
import { changeMarker } from '../../../db/change-marker.js'
import type { ConclusionType, MatterStage } from '../../../db/schema/enums.js'
import { CONCLUSION_TYPES, MATTER_STAGES } from '../../../db/schema/enums.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { addCalendarDays, shanghaiDateOf, shanghaiStartOfDay } from '../../common/dates.js'
import type { WorkCalendar } from '../../common/workdays.js'
import { requireRegion } from '../regions/regions.service.js'
import { effectiveRulesetForPath } from '../rulesets/rulesets.service.js'
import type { RulesetConfig } from '../rulesets/rulesets.config.js'
import { CONCLUSION_TYPE_NAMES } from '../matters/matters.rules.js'
import * as repo from './statistics.repository.js'
import {
  DEDUCTION_REASON_NAMES, DENOMINATOR_STAGES, REVIEW_ITEM_NAMES, caseQualityDeduction, competitionRanks, durationStats, entryDeadline, fromCenti,
  hearingRateScore, itemPoints, rollUp, toCenti, validPeriod
} from './statistics.rules.js'
import { invalidPeriod } from './statistics.errors.js'
import type {
  ConclusionCount, HearingRatePart, HearingRateReport, HearingRateRow, OutcomeReport, OutcomeRow, ReviewDeduction, ReviewScoreItem, ReviewScoreItemKey,
  ReviewScoreReport, StageOutcome, StatisticsCasePage, StatisticsLevel, StatisticsPeriod, StatisticsRegion
} from './statistics.types.js'

// The assessment figures per county or township: hearing rate and its bonus points, the 复查 item's score with
// every deducted case, outcomes and durations; and the case lists behind each figure. Read-only: no transaction.

type Scope = { level: StatisticsLevel, regionId?: number | undefined }
type PageQuery = { page?: number | undefined, pageSize?: number | undefined }
type Assessment = RulesetConfig['assessment']

/** Grouped results kept at most (a few thousand small rows each): many distinct periods between two writes start over. */
const MEMO_LIMIT = 200

export type StatisticsDeps = { db: Db, clock: Clock, workCalendar: (db: DbOrTx) => WorkCalendar }

function checkPeriod ({ from, to }: StatisticsPeriod) {
  const message = validPeriod(from, to)
  if (message) throw invalidPeriod({ errors: [{ in: 'querystring', field: 'to', message }] }, message)
}

function instants ({ from, to }: StatisticsPeriod) {
  return { fromMs: shanghaiStartOfDay(from), toMs: shanghaiStartOfDay(addCalendarDays(to, 1)) }
}

/** Sums per-region groups into the rows' regions (county or township) through the roll-up map. */
function sumInto<T> (groups: Iterable<[number, T]>, roll: ReturnType<typeof rollUp>, level: StatisticsLevel, add: (rowId: number, value: T) => void) {
  for (const [regionId, value] of groups) {
    const up = roll.get(regionId)
    const rowId = level === 'county' ? up?.countyId : up?.townshipId
    if (rowId !== null && rowId !== undefined) add(rowId, value)
  }
}

export function createStatisticsService ({ db, clock, workCalendar }: StatisticsDeps) {
  const today = () => shanghaiDateOf(clock.now())

  // The grouped query results of the current database state: a county and a township report (and a bulletin built
  // from both) read the same groups, so each query runs once until something is written (see changeMarker; inside
  // a transaction nothing is kept).
  const marker = changeMarker(db.$client)
  let memoToken: string | null = null
  const memo = new Map<string, unknown>()
  function cached<T> (name: string, args: unknown, run: () => T): T {
    const token = marker()
    if (token === null) return run()
    if (token !== memoToken) {
      memo.clear()
      memoToken = token
    }
    const key = `${name}:${JSON.stringify(args)}`
    if (memo.size >= MEMO_LIMIT) memo.clear()
    if (!memo.has(key)) memo.set(key, run())
    return memo.get(key) as T
  }

  /** The regions a report has rows for: of the level, inside the actor's scope and the optional region's subtree. */
  function reportRegions (actor: Actor, scope: Scope) {
    const regions = cached('regions', null, () => repo.allRegions(db))
    const root = scope.regionId === undefined ? null : requireRegion(db, actor, scope.regionId).path
    const byId = new Map(regions.map((r) => [r.id, r]))
    const roll = cached('rollUp', null, () => rollUp(regions))
    const rulesetOf = (path: string) => cached('ruleset', path, () => {
      const e = effectiveRulesetForPath(db, path)
      return { config: e.config, label: e.label, fingerprint: e.fingerprint }
    })
    const rows = regions
      .filter((r) => r.level === scope.level)
      .filter((r) => actor.scopePath === null || r.path.startsWith(actor.scopePath))
      .filter((r) => root === null || r.path.startsWith(root))
      .sort((a, b) => (a.path < b.path ? -1 : 1))
      .map((r) => {
        const countyId = roll.get(r.id)?.countyId ?? r.id
        const county = byId.get(countyId) ?? r
        const region: StatisticsRegion = { id: r.id, name: r.name, level: scope.level, county: { id: county.id, name: county.name } }
        return { node: r, region, ruleset: rulesetOf(r.path) }
      })
    return { rows, roll }
  }

  /** The region a drill-down explains (scope-checked: 404 outside) with its ruleset. */
  function drillRegion (actor: Actor, regionId: number) {
    const region = requireRegion(db, actor, regionId)
    const e = effectiveRulesetForPath(db, region.path)
    return { region, assessment: e.config.assessment }
  }

  function pageOf (query: PageQuery) {
    const page = query.page ?? 1
    const pageSize = query.pageSize ?? 50
    return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize }
  }

  function deadlinesFor (period: StatisticsPeriod, n: number) {
    return cached('deadlines', { period, n }, () => {
      const calendar = workCalendar(db)
      const map: Record<string, string> = {}
      for (let day = period.from; day <= period.to; day = addCalendarDays(day, 1)) map[day] = entryDeadline(day, n, (d) => calendar.isWorkday(d))
      return map
    })
  }

  /** The decided-stage groups of the period (one scan shared by every figure over answered stages). */
  function stageFacts (period: StatisticsPeriod) {
    return cached('stageFacts', period, () => repo.decidedStageFacts(db, period))
      .map(([regionId, stage, conclusionType, ceased, revoked, late, n]) => ({ regionId, stage, conclusionType, ceased, revoked: revoked === 1, late: late === 1, n }))
  }

  /** The held-hearing groups of the period, with entries judged against deadlines `n` working days after each hearing. */
  function hearingFacts (period: StatisticsPeriod, n: number) {
    const day = today()
    return cached('hearingFacts', { period, n, day }, () => repo.heldHearingFacts(db, { deadlines: deadlinesFor(period, n), today: day }))
      .map(([regionId, stage, stages, hearings, late, missing]) => ({ regionId, stage, stages, hearings, late, missing }))
  }

  function hearingRate (actor: Actor, query: StatisticsPeriod & Scope): HearingRateReport {
    const period = { from: query.from, to: query.to }
    checkPeriod(period)
    const { rows, roll } = reportRegions(actor, query)
    const counts = new Map<number, { held: Map<MatterStage, number>, decided: Map<MatterStage, number> }>()
    const slot = (id: number) => {
      let c = counts.get(id)
      if (!c) counts.set(id, (c = { held: new Map(), decided: new Map() }))
      return c
    }
    const add = (which: 'held' | 'decided') => (rowId: number, [stage, n]: [MatterStage, number]) => {
      const m = slot(rowId)[which]
      m.set(stage, (m.get(stage) ?? 0) + n)
    }
    // which entry deadline the held-hearing groups are read with does not change their stage counts: take the one the
    // 复查 score of the first row uses, so that both reports share the query
    const entryDays = rows[0]?.ruleset.config.assessment.review.systemEntry.withinWorkingDays ?? 0
    const held = hearingFacts(period, entryDays).flatMap((g): [number, [MatterStage, number]][] => (g.stage === null ? [] : [[g.regionId, [g.stage, g.stages]]]))
    sumInto(held, roll, query.level, add('held'))
    sumInto(stageFacts(period).map((g): [number, [MatterStage, number]] => [g.regionId, [g.stage, g.n]]), roll, query.level, add('decided'))
    const out = rows.map(({ region, ruleset }) => {
      const rules = ruleset.config.assessment.hearingRate
      const stages = DENOMINATOR_STAGES[rules.denominator]
      const c = counts.get(region.id)
      const numerator = stages.reduce((s, st) => s + (c?.held.get(st) ?? 0), 0)
      const denominator = stages.reduce((s, st) => s + (c?.decided.get(st) ?? 0), 0)
      const score = hearingRateScore(numerator, denominator, rules)
      return {
        region,
        numerator,
        denominator,
        denominatorKind: rules.denominator,
        rate: score.rate,
        ratePercent: score.ratePercent,
        targetPercent: rules.targetPercent,
        targetMet: score.targetMet,
        points: score.points,
        maxPoints: rules.maxPoints,
        rank: 0,
        ruleset: { label: ruleset.label, fingerprint: ruleset.fingerprint }
      } satisfies HearingRateRow
    })
    const ranks = competitionRanks(out.map((r) => r.points))
    out.forEach((r, i) => { r.rank = ranks[i]! })
    out.sort((a, b) => a.rank - b.rank)
    const numerator = out.reduce((s, r) => s + r.numerator, 0)
    const denominator = out.reduce((s, r) => s + r.denominator, 0)
    return {
      period,
      level: query.level,
      rows: out,
      totals: { numerator, denominator, rate: denominator === 0 ? null : numerator / denominator, ratePercent: denominator === 0 ? null : Math.round((numerator * 10000) / denominator) / 100 }
    }
  }

  /** The matter stages behind a hearing-rate row's numerator or denominator, under that region's ruleset. */
  function hearingRateCases (actor: Actor, query: StatisticsPeriod & PageQuery & { regionId: number, part: HearingRatePart }): StatisticsCasePage {
    const period = { from: query.from, to: query.to }
    checkPeriod(period)
    const { region, assessment } = drillRegion(actor, query.regionId)
    const stages = DENOMINATOR_STAGES[assessment.hearingRate.denominator]
    const { page, pageSize, limit, offset } = pageOf(query)
    const result = query.part === 'numerator'
      ? repo.heldStageCases(db, { ...instants(period), stages, regionPath: region.path, limit, offset })
      : repo.decidedStageCases(db, { ...period, stages, regionPath: region.path, limit, offset })
    return { ...result, page, pageSize }
  }

  /** Every per-case deduction of the 复查 item in a region subtree, under `assessment`. */
  function deductionsIn (regionPath: string | null, period: StatisticsPeriod, assessment: Assessment, item?: ReviewScoreItemKey): ReviewDeduction[] {
    const out: ReviewDeduction[] = []
    const day = today()
    const asOf = period.to < day ? addCalendarDays(period.to, 1) : day
    const rules = assessment.review
    if (item === undefined || item === 'on_time') {
      for (const c of repo.lateReviewCases(db, { ...period, asOf, regionPath })) {
        const reason = c.decidedOn === null ? 'overdue_open' : 'decided_late'
        out.push({
          item: 'on_time',
          reason,
          reasonText: c.decidedOn === null ? `${DEDUCTION_REASON_NAMES[reason]}（期限 ${c.dueOn}）` : `${DEDUCTION_REASON_NAMES[reason]}（期限 ${c.dueOn}，作出 ${c.decidedOn}）`,
          points: rules.onTime.perLateCase,
          matterId: c.matterId,
          matterNumber: c.matterNumber,
          matterTitle: c.matterTitle,
          region: c.region,
          stageId: c.stageId,
          hearingId: null,
          on: c.decidedOn ?? c.dueOn
        })
      }
    }
    if (item === undefined || item === 'case_quality') {
      for (const row of repo.reReviewDeductionCases(db, { ...period, regionPath })) {
        const d = caseQualityDeduction({ revokedForMissingRightsNotice: row.revokedForMissingRightsNotice, conclusionType: row.case.conclusionType }, rules.caseQuality)
        if (!d) continue
        out.push({
          item: 'case_quality',
          reason: d.reason,
          reasonText: `${DEDUCTION_REASON_NAMES[d.reason]}（复核意见 ${row.case.decidedOn ?? ''}）`,
          points: fromCenti(d.centi),
          matterId: row.case.matterId,
          matterNumber: row.case.matterNumber,
          matterTitle: row.case.matterTitle,
          region: row.case.region,
          stageId: row.case.stageId,
          hearingId: null,
          on: row.case.decidedOn ?? ''
        })
      }
    }
    if (item === undefined || item === 'system_entry') {
      const deadlines = deadlinesFor(period, rules.systemEntry.withinWorkingDays)
      for (const h of repo.entryDeductionCases(db, { ...instants(period), deadlines, today: day, regionPath })) {
        const reason = h.enteredOn === null ? 'not_entered' : 'entered_late'
        out.push({
          item: 'system_entry',
          reason,
          reasonText: h.enteredOn === null
            ? `${DEDUCTION_REASON_NAMES[reason]}（听证日 ${shanghaiDateOf(h.startsAtMs)}，应于 ${h.deadline} 前录入）`
            : `${DEDUCTION_REASON_NAMES[reason]}（听证日 ${shanghaiDateOf(h.startsAtMs)}，应于 ${h.deadline} 前录入，实际 ${h.enteredOn}）`,
          points: reason === 'not_entered' ? rules.systemEntry.perMissingEntry : rules.systemEntry.perLateEntry,
          matterId: h.matterId,
          matterNumber: h.matterNumber,
          matterTitle: h.matterTitle,
          region: h.region,
          stageId: null,
          hearingId: h.hearingId,
          on: shanghaiDateOf(h.startsAtMs)
        })
      }
    }
    return out
  }

  function reviewScore (actor: Actor, query: StatisticsPeriod & Partial<Scope>): ReviewScoreReport {
    const period = { from: query.from, to: query.to }
    checkPeriod(period)
    const level = query.level ?? 'county'
    const { rows, roll } = reportRegions(actor, { level, regionId: query.regionId })
    const day = today()
    const asOf = period.to < day ? addCalendarDays(period.to, 1) : day
    type Acc = { onTime: [number, number, number], quality: { flag: boolean, type: ConclusionType | null, n: number }[], qualityExamined: number, entry: Map<number, [number, number, number]> }
    const acc = new Map<number, Acc>()
    const slot = (id: number) => {
      let a = acc.get(id)
      if (!a) acc.set(id, (a = { onTime: [0, 0, 0], quality: [], qualityExamined: 0, entry: new Map() }))
      return a
    }
    const facts = stageFacts(period)
    sumInto(facts.filter((g) => g.stage === 'review').map((g): [number, [number, number, number]] => [g.regionId, [g.n, g.late ? g.n : 0, 0]]), roll, level, addOnTime)
    sumInto(cached('overdueOpen', { from: period.from, asOf }, () => repo.overdueOpenCounts(db, { from: period.from, asOf }))
      .map(([r, n]): [number, [number, number, number]] => [r, [n, 0, n]]), roll, level, addOnTime)
    function addOnTime (id: number, [examined, late, open]: [number, number, number]) {
      const a = slot(id)
      a.onTime = [a.onTime[0] + examined, a.onTime[1] + late, a.onTime[2] + open]
    }
    sumInto(facts.filter((g) => g.stage === 'reReview').map((g) => [g.regionId, { flag: g.revoked, type: g.conclusionType, n: g.n }]), roll, level, (id, g) => {
      const a = slot(id)
      a.quality.push(g)
      a.qualityExamined += g.n
    })
    // the entry deadline depends on each row's ruleset: one query per distinct number of working days
    for (const n of new Set(rows.map((r) => r.ruleset.config.assessment.review.systemEntry.withinWorkingDays))) {
      sumInto(hearingFacts(period, n).map((g): [number, [number, number, number]] => [g.regionId, [g.hearings, g.late, g.missing]]), roll, level, (id, [heldCount, late, missing]) => {
        const e = slot(id).entry
        const prev = e.get(n) ?? [0, 0, 0]
        e.set(n, [prev[0] + heldCount, prev[1] + late, prev[2] + missing])
      })
    }
    const out = rows.map(({ region, ruleset }) => {
      const rules = ruleset.config.assessment.review
      const a = acc.get(region.id) ?? { onTime: [0, 0, 0], quality: [], qualityExamined: 0, entry: new Map() }
      const item = (key: ReviewScoreItemKey, max: number, deductedCenti: number, deductionCount: number, examined: number): ReviewScoreItem => ({
        item: key,
        name: REVIEW_ITEM_NAMES[key],
        maxPoints: max,
        deductedRaw: fromCenti(deductedCenti),
        points: fromCenti(itemPoints(toCenti(max), deductedCenti)),
        deductionCount,
        examined
      })
      const lateCount = a.onTime[1] + a.onTime[2]
      let qualityCenti = 0
      let qualityCount = 0
      for (const g of a.quality) {
        const d = caseQualityDeduction({ revokedForMissingRightsNotice: g.flag, conclusionType: g.type }, rules.caseQuality)
        if (d) { qualityCenti += d.centi * g.n; qualityCount += g.n }
      }
      const [heldCount, late, missing] = a.entry.get(rules.systemEntry.withinWorkingDays) ?? [0, 0, 0]
      const items = [
        item('on_time', rules.onTime.maxPoints, lateCount * toCenti(rules.onTime.perLateCase), lateCount, a.onTime[0]),
        item('case_quality', rules.caseQuality.maxPoints, qualityCenti, qualityCount, a.qualityExamined),
        item('system_entry', rules.systemEntry.maxPoints, late * toCenti(rules.systemEntry.perLateEntry) + missing * toCenti(rules.systemEntry.perMissingEntry), late + missing, heldCount)
      ]
      return {
        region,
        items,
        maxPoints: fromCenti(items.reduce((s, i) => s + toCenti(i.maxPoints), 0)),
        points: fromCenti(items.reduce((s, i) => s + toCenti(i.points), 0)),
        rank: 0,
        ruleset: { label: ruleset.label, fingerprint: ruleset.fingerprint }
      }
    })
    const ranks = competitionRanks(out.map((r) => r.points))
    out.forEach((r, i) => { r.rank = ranks[i]! })
    out.sort((a, b) => a.rank - b.rank)
    return { period, level, rows: out }
  }

  /** The cases behind a region's 复查 score, each with the points it cost (under that region's ruleset). */
  function reviewDeductions (actor: Actor, query: StatisticsPeriod & { regionId: number, item?: ReviewScoreItemKey | undefined }): ReviewDeduction[] {
    const period = { from: query.from, to: query.to }
    checkPeriod(period)
    const { region, assessment } = drillRegion(actor, query.regionId)
    return deductionsIn(region.path, period, assessment, query.item)
  }

  function outcomes (actor: Actor, query: StatisticsPeriod & Scope): OutcomeReport {
    const period = { from: query.from, to: query.to }
    checkPeriod(period)
    const { rows, roll } = reportRegions(actor, query)
    type Acc = { stages: Map<MatterStage, StageOutcome>, hist: Map<repo.DurationKind, Map<number, number>> }
    const acc = new Map<number, Acc>()
    const slot = (id: number) => {
      let a = acc.get(id)
      if (!a) acc.set(id, (a = { stages: new Map(), hist: new Map() }))
      return a
    }
    const stageSlot = (a: Acc, stage: MatterStage) => {
      let s = a.stages.get(stage)
      if (!s) {
        s = { stage, decided: 0, conclusions: conclusionCounts(), ceased: { ceased: 0, notCeased: 0, notFollowedUp: 0 } }
        a.stages.set(stage, s)
      }
      return s
    }
    sumInto(stageFacts(period).map((g) => [g.regionId, { stage: g.stage, type: g.conclusionType, ceased: g.ceased, n: g.n }]), roll, query.level, (id, g) => {
      const s = stageSlot(slot(id), g.stage)
      s.decided += g.n
      s.conclusions.find((c) => c.type === (g.type ?? 'unrecorded'))!.count += g.n
      if (g.ceased === 1) s.ceased.ceased += g.n
      else if (g.ceased === 0) s.ceased.notCeased += g.n
      else s.ceased.notFollowedUp += g.n
    })
    sumInto(cached('durations', period, () => repo.durationHistograms(db, period)).map(([kind, r, days, n]) => [r, { kind, days, n }]), roll, query.level, (id, g) => {
      const a = slot(id)
      let h = a.hist.get(g.kind)
      if (!h) a.hist.set(g.kind, (h = new Map()))
      h.set(g.days, (h.get(g.days) ?? 0) + g.n)
    })
    const stats = (a: Acc | undefined, kind: repo.DurationKind) => durationStats([...(a?.hist.get(kind) ?? new Map<number, number>()).entries()])
    return {
      period,
      level: query.level,
      rows: rows.map(({ region }): OutcomeRow => {
        const a = acc.get(region.id)
        return {
          region,
          stages: MATTER_STAGES.map((stage) => a?.stages.get(stage) ?? { stage, decided: 0, conclusions: conclusionCounts(), ceased: { ceased: 0, notCeased: 0, notFollowedUp: 0 } }),
          durations: {
            applicationToHearing: stats(a, 'application_to_hearing'),
            hearingToConclusion: stats(a, 'hearing_to_conclusion'),
            applicationToConclusion: stats(a, 'application_to_conclusion')
          }
        }
      })
    }
  }

  /** The decided stages behind an outcome count (a stage, a conclusion type, a follow-up result) in a region subtree. */
  function outcomeCases (actor: Actor, query: StatisticsPeriod & PageQuery & { regionId: number } & repo.OutcomeFilter): StatisticsCasePage {
    const period = { from: query.from, to: query.to }
    checkPeriod(period)
    const { region } = drillRegion(actor, query.regionId)
    const { page, pageSize, limit, offset } = pageOf(query)
    const result = repo.outcomeCases(db, { ...period, regionPath: region.path, filter: { stage: query.stage, conclusionType: query.conclusionType, ceased: query.ceased }, limit, offset })
    return { ...result, page, pageSize }
  }

  return { hearingRate, hearingRateCases, reviewScore, reviewDeductions, outcomes, outcomeCases }
}

function conclusionCounts (): ConclusionCount[] {
  return [
    ...CONCLUSION_TYPES.map((type) => ({ type, name: CONCLUSION_TYPE_NAMES[type], count: 0 })),
    { type: 'unrecorded' as const, name: '未登记', count: 0 }
  ]
}
