import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client.js'
import { hearingsTable, matterStagesTable, mattersTable, regionsTable, stageDecisionCountsTable } from '../../../db/schema/index.js'
import type { ConclusionType, MatterStage } from '../../../db/schema/enums.js'
import { subtreeUpperBound } from '../../../db/scope.js'
import { addCalendarDays, shanghaiStartOfDay } from '../../common/dates.js'
import { periodBuckets, type RegionNode } from './statistics.rules.js'
import type { StatisticsCase } from './statistics.types.js'

// The statistics queries. Figures are aggregated in SQL, grouped by the matter's region (a few hundred groups at
// most), and rolled up to counties and townships by the service; the case lists behind each figure use the same
// conditions, restricted to one region's subtree, so a list always has as many entries as its figure counts.

/** A hearing's day in Shanghai (starts_at is UTC milliseconds). */
const HEARING_DAY = sql.raw('date(h.starts_at / 1000, \'unixepoch\', \'+8 hours\')')

// A hearing's stage (hearings.stage_id, stage: the matter's latest stage accepted on or before the hearing's day), the
// matter's region (matter_stages.region_id, hearings.matter_region_id), a stage's first held hearing
// (matter_stages.first_held_at) and the decided-stage counts (stage_decision_counts) are kept by SQLite triggers
// (migration 0024, docs/statistics.md), so the figures read them instead of looking them up per row.

const held = (fromMs: number, toMs: number) => sql`h.status = 'concluded' and h.starts_at >= ${fromMs} and h.starts_at < ${toMs}`

function inRegion (regionPath: string | null): SQL {
  if (regionPath === null) return sql`1`
  return sql`m.region_id in (select id from ${regionsTable} where path >= ${regionPath} and path < ${subtreeUpperBound(regionPath)})`
}

const stageList = (stages: readonly MatterStage[]) => sql`(select value from json_each(${JSON.stringify(stages)}))`

export function allRegions (db: DbOrTx): RegionNode[] {
  return db.values<[number, string, string, string]>(sql`select id, name, level, path from ${regionsTable}`)
    .map(([id, name, level, path]) => ({ id, name, level, path }))
}

/**
 * Stages decided in [from, to], grouped by matter region, stage, conclusion type, follow-up, revocation for a missing
 * notice and whether the decision came after the due date: the hearing-rate denominator, the outcomes, the 复核
 * outcomes of the quality item and the decided part of the on-time item all sum these groups.
 */
export function decidedStageFacts (db: DbOrTx, { from, to }: { from: string, to: string }) {
  const c = stageDecisionCountsTable
  return db.values<[number, MatterStage, ConclusionType | null, number | null, number, number, number]>(sql`select ${c.regionId}, ${c.stage}, ${c.conclusionType},
      ${c.petitionerCeased}, ${c.revokedForMissingRightsNotice}, ${c.late}, sum(${c.n})
    from ${c} where ${c.bucket} in ${bucketList(from, to)}
    group by 1, 2, 3, 4, 5, 6 having sum(${c.n}) <> 0`)
}

/** The buckets of stage_decision_counts that make up [from, to] (whole years and months, then days). */
const bucketList = (from: string, to: string) => sql`(select value from json_each(${JSON.stringify(periodBuckets(from, to))}))`

/**
 * Held hearings on the days of a period by matter region and the stage each belongs to (null: before any stage):
 * distinct matters (= stages, one of each kind per matter), hearings, and how many were entered in the provincial
 * system after their deadline or not at all once it passed. `deadlines` maps each day of the period to its entry deadline.
 */
export function heldHearingFacts (db: DbOrTx, { deadlines, today }: { deadlines: Record<string, string>, today: string }) {
  // day by day (the days of the period are the deadlines' keys): each day's hearings are one range of the index, read
  // with that day's deadline, instead of working out and looking up the day of every hearing
  const days = Object.entries(deadlines).map(([day, deadline]) => [shanghaiStartOfDay(day), shanghaiStartOfDay(addCalendarDays(day, 1)), deadline])
  return db.values<[number, MatterStage | null, number, number, number, number]>(sql`with d(start_ms, end_ms, deadline) as materialized (select value ->> 0, value ->> 1, value ->> 2 from json_each(${JSON.stringify(days)}))
    select h.matter_region_id, h.stage, count(distinct h.matter_id), count(*),
      sum(case when h.provincial_entered_on is not null and h.provincial_entered_on > d.deadline then 1 else 0 end),
      sum(case when h.provincial_entered_on is null and d.deadline < ${today} then 1 else 0 end)
    from d cross join ${hearingsTable} h
    where h.status = 'concluded' and h.starts_at >= d.start_ms and h.starts_at < d.end_ms
    group by h.matter_region_id, h.stage`)
}

const CASE_COLUMNS = sql`m.id, m.number, m.title, m.region_id, r.name, s.id, s.stage, s.accepted_on, s.requested_on, s.due_on, s.decided_on, s.conclusion_type`
type CaseRow = [number, string, string, number, string, number, MatterStage, string, string | null, string, string | null, ConclusionType | null]

function caseOf (row: CaseRow, hearingId: number | null = null, hearingStartsAtMs: number | null = null): StatisticsCase {
  const [matterId, matterNumber, matterTitle, regionId, regionName, stageId, stage, acceptedOn, requestedOn, dueOn, decidedOn, conclusionType] = row
  return { matterId, matterNumber, matterTitle, region: { id: regionId, name: regionName }, stageId, stage, acceptedOn, requestedOn, dueOn, decidedOn, conclusionType, hearingId, hearingStartsAtMs }
}

type PageArgs = { limit: number, offset: number }

/** The stages behind heldStageCounts in one region subtree: each stage once, with its first hearing in the period. */
export function heldStageCases (db: DbOrTx, { fromMs, toMs, stages, regionPath, limit, offset }: { fromMs: number, toMs: number, stages: readonly MatterStage[], regionPath: string | null } & PageArgs) {
  const base = sql`from ${hearingsTable} h
    join ${matterStagesTable} s on s.id = h.stage_id
    join ${mattersTable} m on m.id = h.matter_id
    join ${regionsTable} r on r.id = m.region_id
    where ${held(fromMs, toMs)} and s.stage in ${stageList(stages)} and ${inRegion(regionPath)}`
  const total = db.values<[number]>(sql`select count(distinct s.id) ${base}`)[0]?.[0] ?? 0
  const rows = db.values<[...CaseRow, number, number]>(sql`select ${CASE_COLUMNS}, min(h.starts_at), h.id ${base}
    group by s.id order by min(h.starts_at), s.id limit ${limit} offset ${offset}`)
  return { total, items: rows.map((row) => caseOf(row.slice(0, 12) as CaseRow, row[13], row[12])) }
}

/** The stages behind decidedStageCounts in one region subtree. */
export function decidedStageCases (db: DbOrTx, { from, to, stages, regionPath, limit, offset }: { from: string, to: string, stages: readonly MatterStage[], regionPath: string | null } & PageArgs) {
  const base = sql`from ${matterStagesTable} s join ${mattersTable} m on m.id = s.matter_id join ${regionsTable} r on r.id = m.region_id
    where s.decided_on >= ${from} and s.decided_on <= ${to} and s.stage in ${stageList(stages)} and ${inRegion(regionPath)}`
  const total = db.values<[number]>(sql`select count(*) ${base}`)[0]?.[0] ?? 0
  const rows = db.values<CaseRow>(sql`select ${CASE_COLUMNS} ${base} order by s.decided_on, s.id limit ${limit} offset ${offset}`)
  return { total, items: rows.map((row) => caseOf(row)) }
}

/**
 * 复查 stages the on-time item looks at: decided in [from, to], or still open with a due date in [from, asOf) (due
 * and not decided by the end of the period, or today if earlier).
 */
const onTimePopulation = ({ from, to, asOf }: { from: string, to: string, asOf: string }) => sql`s.stage = 'review' and (
  (s.decided_on >= ${from} and s.decided_on <= ${to})
  or (s.decided_on is null and s.due_on >= ${from} and s.due_on < ${asOf}))`

/** Per matter region: 复查 stages past their due date in [from, asOf) without a decision. */
export function overdueOpenCounts (db: DbOrTx, { from, asOf }: { from: string, asOf: string }) {
  return db.values<[number, number]>(sql`select m.region_id, count(*)
    from ${matterStagesTable} s join ${mattersTable} m on m.id = s.matter_id
    where s.decided_on is null and s.due_on >= ${from} and s.due_on < ${asOf} and s.stage = 'review'
    group by m.region_id`)
}

export function lateReviewCases (db: DbOrTx, period: { from: string, to: string, asOf: string, regionPath: string | null }) {
  return db.values<CaseRow>(sql`select ${CASE_COLUMNS}
    from ${matterStagesTable} s join ${mattersTable} m on m.id = s.matter_id join ${regionsTable} r on r.id = m.region_id
    where ${onTimePopulation(period)} and (s.decided_on is null or s.decided_on > s.due_on) and ${inRegion(period.regionPath)}
    order by s.due_on, s.id`).map((row) => caseOf(row))
}

export function reReviewDeductionCases (db: DbOrTx, { from, to, regionPath }: { from: string, to: string, regionPath: string | null }) {
  return db.values<[...CaseRow, number]>(sql`select ${CASE_COLUMNS}, s.revoked_for_missing_rights_notice
    from ${matterStagesTable} s join ${mattersTable} m on m.id = s.matter_id join ${regionsTable} r on r.id = m.region_id
    where s.stage = 'reReview' and s.decided_on >= ${from} and s.decided_on <= ${to}
      and (s.revoked_for_missing_rights_notice = 1 or s.conclusion_type in ('revoked_redo', 'varied')) and ${inRegion(regionPath)}
    order by s.decided_on, s.id`).map((row) => ({ case: caseOf(row.slice(0, 12) as CaseRow), revokedForMissingRightsNotice: row[12] === 1 }))
}

export function entryDeductionCases (db: DbOrTx, { fromMs, toMs, deadlines, today, regionPath }: { fromMs: number, toMs: number, deadlines: Record<string, string>, today: string, regionPath: string | null }) {
  return db.values<[number, string, string, number, string, number, number, string | null, string]>(sql`with d(day, deadline) as materialized (select key, value from json_each(${JSON.stringify(deadlines)}))
    select m.id, m.number, m.title, m.region_id, r.name, h.id, h.starts_at, h.provincial_entered_on, d.deadline
    from ${hearingsTable} h join d on d.day = ${HEARING_DAY}
    join ${mattersTable} m on m.id = h.matter_id join ${regionsTable} r on r.id = m.region_id
    where ${held(fromMs, toMs)} and ${inRegion(regionPath)}
      and ((h.provincial_entered_on is not null and h.provincial_entered_on > d.deadline) or (h.provincial_entered_on is null and d.deadline < ${today}))
    order by h.starts_at, h.id`).map(([matterId, matterNumber, matterTitle, regionId, regionName, hearingId, startsAtMs, enteredOn, deadline]) => ({
    matterId, matterNumber, matterTitle, region: { id: regionId, name: regionName }, hearingId, startsAtMs, enteredOn, deadline
  }))
}

export type OutcomeFilter = { stage?: MatterStage | undefined, conclusionType?: ConclusionType | 'unrecorded' | undefined, ceased?: 'ceased' | 'not_ceased' | 'not_followed_up' | undefined }

function outcomeConditions ({ stage, conclusionType, ceased }: OutcomeFilter): SQL {
  const parts: SQL[] = [sql`1`]
  if (stage !== undefined) parts.push(sql`s.stage = ${stage}`)
  if (conclusionType === 'unrecorded') parts.push(sql`s.conclusion_type is null`)
  else if (conclusionType !== undefined) parts.push(sql`s.conclusion_type = ${conclusionType}`)
  if (ceased === 'ceased') parts.push(sql`s.petitioner_ceased = 1`)
  if (ceased === 'not_ceased') parts.push(sql`s.petitioner_ceased = 0`)
  if (ceased === 'not_followed_up') parts.push(sql`s.petitioner_ceased is null`)
  return sql.join(parts, sql` and `)
}

export function outcomeCases (db: DbOrTx, { from, to, regionPath, filter, limit, offset }: { from: string, to: string, regionPath: string | null, filter: OutcomeFilter } & PageArgs) {
  const base = sql`from ${matterStagesTable} s join ${mattersTable} m on m.id = s.matter_id join ${regionsTable} r on r.id = m.region_id
    where s.decided_on >= ${from} and s.decided_on <= ${to} and ${outcomeConditions(filter)} and ${inRegion(regionPath)}`
  const total = db.values<[number]>(sql`select count(*) ${base}`)[0]?.[0] ?? 0
  const rows = db.values<CaseRow>(sql`select ${CASE_COLUMNS} ${base} order by s.decided_on, s.id limit ${limit} offset ${offset}`)
  return { total, items: rows.map((row) => caseOf(row)) }
}

export type DurationKind = 'application_to_hearing' | 'hearing_to_conclusion' | 'application_to_conclusion'

/**
 * Day histograms per matter region of stages decided in the period: application (requested, else accepted) to the
 * stage's first held hearing, that hearing to the decision, and application to the decision.
 */
export function durationHistograms (db: DbOrTx, { from, to }: { from: string, to: string }) {
  const c = stageDecisionCountsTable
  const inPeriod = sql`${c.bucket} in ${bucketList(from, to)}`
  return db.values<[DurationKind, number, number, number]>(sql`select 'application_to_conclusion', ${c.regionId}, ${c.applicationDays}, sum(${c.n}) from ${c}
      where ${inPeriod} group by 2, 3 having sum(${c.n}) <> 0
    union all
    select 'application_to_hearing', ${c.regionId}, ${c.toHearingDays}, sum(${c.n}) from ${c} where ${inPeriod} and ${c.heard} = 1 group by 2, 3 having sum(${c.n}) <> 0
    union all
    select 'hearing_to_conclusion', ${c.regionId}, ${c.afterHearingDays}, sum(${c.n}) from ${c} where ${inPeriod} and ${c.heard} = 1 group by 2, 3 having sum(${c.n}) <> 0`)
}
