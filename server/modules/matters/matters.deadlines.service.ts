import type { DbOrTx } from '../../../db/client.js'
import type { MatterHearingPause, MatterStageRow } from '../../../db/schema/index.js'
import type { Actor } from '../../common/actor.js'
import { recordAudit } from '../audit/audit.recorder.js'
import {
  countedDaysBetween, nationalRequestWindow, limitsFromStage, requestWindowCheck, stageDeadline,
  type DayUnit, type PauseWindow, type RequestWindowRule
} from './matters.time-limits.rules.js'
import type { IsoDate } from '../../common/dates.js'
import type { WorkCalendar } from '../../common/workdays.js'
import * as repo from './matters.repository.js'
import { STAGE_NAMES, openStageOf } from './matters.rules.js'

export function pauseWindows (pauses: readonly Pick<MatterHearingPause, 'fromOn' | 'toOn'>[]): PauseWindow[] {
  return pauses.map((p) => ({ from: p.fromOn, to: p.toOn }))
}

type StageLimitFields = Pick<MatterStageRow, 'stage' | 'acceptedOn' | 'limitDays' | 'dayUnit' | 'excludeHearingTime' | 'extensionMaxDays' | 'extensionUnit' | 'extensionDays' | 'extensionApprovedBy' | 'extensionReason'>

/** The stored deadline fields of a stage, from its accepted date, its limit snapshot, its extension and hearing pauses. */
export function computeStageDeadline (stage: StageLimitFields, pauses: readonly PauseWindow[], calendar: WorkCalendar) {
  const result = stageDeadline({
    stage: stage.stage,
    acceptedOn: stage.acceptedOn,
    limits: limitsFromStage(stage),
    calendar,
    hearingPauses: pauses,
    extension: stage.extensionDays === null ? null : { days: stage.extensionDays, approvedBy: stage.extensionApprovedBy ?? '', reason: stage.extensionReason ?? '' }
  })
  return { baseDueOn: result.baseDue, dueOn: result.due, pausedDays: result.pausedDays, deadlineWarnings: result.warnings }
}

/** Recomputes a stage's stored deadline with its recorded hearing pauses. */
export function recomputeStage (tx: DbOrTx, stage: MatterStageRow, calendar: WorkCalendar, at: Date) {
  const pauses = repo.pausesOf(tx, [stage.matterId]).filter((p) => p.stageId === stage.id)
  return repo.updateStage(tx, stage.id, { ...computeStageDeadline(stage, pauseWindows(pauses), calendar), updatedAt: at })
}

const sameWarnings = (a: readonly { year: number, message: string }[], b: readonly { year: number, message: string }[]) =>
  a.length === b.length && a.every((w, i) => w.year === b[i]!.year && w.message === b[i]!.message)

/**
 * After the working-day calendar changed for the dates `from`…`to` (an override entered or removed, a year confirmed
 * or withdrawn), recomputes every stage counted in working days whose period reaches into them, with the stage's own
 * limit snapshot, and writes those whose due date or calendar warnings changed. Each matter touched gets a new
 * version and one audit row. Call it inside the calendar change's write transaction, with the calendar as it is
 * after the change. Returns how many stages changed.
 */
export function recalculateStagesForCalendar (tx: DbOrTx, { from, to, calendar, actor, at }: { from: IsoDate, to: IsoDate, calendar: WorkCalendar, actor: Actor, at: Date }) {
  const stages = repo.workingDayStagesTouching(tx, { from, to })
  if (stages.length === 0) return { stagesChanged: 0 }
  const pauses = repo.pausesOf(tx, [...new Set(stages.map((s) => s.matterId))])
  const changes = new Map<number, { stage: MatterStageRow, next: ReturnType<typeof computeStageDeadline> }[]>()
  for (const stage of stages) {
    const next = computeStageDeadline(stage, pauseWindows(pauses.filter((p) => p.stageId === stage.id)), calendar)
    if (next.dueOn === stage.dueOn && next.baseDueOn === stage.baseDueOn && next.pausedDays === stage.pausedDays && sameWarnings(next.deadlineWarnings, stage.deadlineWarnings)) continue
    repo.updateStage(tx, stage.id, { ...next, updatedAt: at })
    const list = changes.get(stage.matterId) ?? []
    list.push({ stage, next })
    changes.set(stage.matterId, list)
  }
  for (const [matterId, list] of changes) {
    const matter = repo.findById(tx, matterId, null)
    if (!matter) continue
    repo.update(tx, matterId, { version: matter.version + 1, updatedAt: at })
    recordAudit(tx, {
      actor,
      at,
      action: 'matter.deadline_recalculated',
      entityType: 'matter',
      entityId: matterId,
      regionPath: matter.regionPath,
      before: { reason: 'working_day_calendar', stages: list.map(({ stage }) => ({ stage: stage.stage, dueOn: stage.dueOn, unknownYears: stage.deadlineWarnings.map((w) => w.year) })) },
      after: { reason: 'working_day_calendar', stages: list.map(({ stage, next }) => ({ stage: stage.stage, dueOn: next.dueOn, unknownYears: next.deadlineWarnings.map((w) => w.year) })) }
    })
  }
  return { stagesChanged: [...changes.values()].reduce((n, l) => n + l.length, 0) }
}

// ---------------------------------------------------------------------------------------------------------------
// Request windows (复查 and 复核 must be asked for within 30 days of receiving the previous answer)

export type RequestWindowState = 'within' | 'late' | 'unknown'

export type RequestWindow = {
  days: number
  unit: DayUnit
  previousStage: MatterStageRow['stage']
  /** When the petitioner received the previous stage's written answer; null when not recorded. */
  answerReceivedOn: IsoDate | null
  /** The request date, or the acceptance date when none was recorded (see `requestedOnSource`). */
  requestedOn: IsoDate
  requestedOnSource: 'requested' | 'accepted'
  endsOn: IsoDate | null
  state: RequestWindowState
  daysOver: number
  message: string
}

/** The window a stage row carries (snapshot of the ruleset when it was opened), or the national one for older rows. */
function requestWindowRuleOf (stage: Pick<MatterStageRow, 'requestWindowDays' | 'requestWindowUnit'> & { stage: 'review' | 'reReview' }): RequestWindowRule {
  return stage.requestWindowDays !== null && stage.requestWindowUnit !== null
    ? { days: stage.requestWindowDays, unit: stage.requestWindowUnit }
    : nationalRequestWindow(stage.stage)
}

const UNIT_NAMES: Record<DayUnit, string> = { calendar: '日', working: '个工作日' }

/**
 * Whether a 复查 or 复核 stage was asked for in time: `previous` is the stage whose answer it challenges. Null for
 * 办理 (no window). `calendar` is only consulted for windows in working days.
 */
export function requestWindowOf (stage: MatterStageRow, previous: MatterStageRow | undefined, calendar: () => WorkCalendar): RequestWindow | null {
  if (stage.stage === 'handling' || !previous) return null
  const rule = requestWindowRuleOf({ ...stage, stage: stage.stage })
  const requestedOn = stage.requestedOn ?? stage.acceptedOn
  const requestedOnSource = stage.requestedOn === null ? 'accepted' : 'requested'
  const name = STAGE_NAMES[stage.stage]
  const previousName = STAGE_NAMES[previous.stage]
  const base = { days: rule.days, unit: rule.unit, previousStage: previous.stage, answerReceivedOn: previous.answerReceivedOn, requestedOn, requestedOnSource } as const
  const limitText = `自收到${previousName}书面答复之日起 ${rule.days}${UNIT_NAMES[rule.unit]}内`
  if (previous.answerReceivedOn === null) {
    return { ...base, endsOn: null, state: 'unknown', daysOver: 0, message: `未登记信访人收到${previousName}书面答复的日期，无法核对是否在${limitText}请求${name}` }
  }
  const check = requestWindowCheck({ receivedOn: previous.answerReceivedOn, requestedOn, rule, calendar: rule.unit === 'working' ? calendar() : undefined })
  const dateText = `${requestedOnSource === 'requested' ? '请求' : '受理'}日期 ${requestedOn}`
  return check.late
    ? { ...base, endsOn: check.endsOn, state: 'late', daysOver: check.daysOver, message: `${name}应${limitText}请求（${previous.answerReceivedOn} 收到，${check.endsOn} 届满），${dateText}，已超过 ${check.daysOver} 日` }
    : { ...base, endsOn: check.endsOn, state: 'within', daysOver: 0, message: `${dateText}，在${limitText}（${check.endsOn} 届满）的期限内` }
}

// ---------------------------------------------------------------------------------------------------------------
// For the hearing scheduler: the deadline a hearing must fit in

export type HearingDeadline = {
  stage: MatterStageRow['stage']
  stageName: string
  /** The stage's due date with this hearing's time taken out when the stage excludes hearing time. */
  dueOn: IsoDate
  /** The due date as stored (before this hearing). */
  storedDueOn: IsoDate
  hearingTimeExcluded: boolean
  /** Working days after the hearing day up to and including the due date. */
  workingDaysAfterHearing: number
}

/**
 * The open stage's due date as it would be with a hearing on `hearingDate`: a stage whose limit excludes hearing
 * time (复核 by default) does not count the days from `pauseFrom` (the decision to hold it) to the hearing, so its due
 * date moves on by them; any window already recorded for the same hearing is replaced. Null without an open stage.
 */
export function hearingDeadlineOf (db: DbOrTx, { matterId, hearingId, pauseFrom, hearingDate, calendar }: {
  matterId: number
  hearingId: number | null
  pauseFrom: IsoDate
  hearingDate: IsoDate
  calendar: WorkCalendar
}): HearingDeadline | null {
  const open = openStageOf(repo.stagesOf(db, [matterId]))
  if (!open) return null
  let dueOn = open.dueOn
  if (open.excludeHearingTime && pauseFrom <= hearingDate) {
    const others = repo.pausesOf(db, [matterId]).filter((p) => p.stageId === open.id && (hearingId === null || p.hearingId !== hearingId))
    dueOn = computeStageDeadline(open, [...pauseWindows(others), { from: pauseFrom, to: hearingDate }], calendar).dueOn
  }
  return {
    stage: open.stage,
    stageName: STAGE_NAMES[open.stage],
    dueOn,
    storedDueOn: open.dueOn,
    hearingTimeExcluded: open.excludeHearingTime,
    workingDaysAfterHearing: countedDaysBetween({ from: hearingDate, to: dueOn, unit: 'working', calendar })
  }
}

export type HearingTimingRule = { afterDueSeverity: 'error' | 'warning', minDecisionWorkingDays: number, shortDecisionSeverity: 'error' | 'warning' }

export type HearingDeadlineIssue = { type: 'after_deadline' | 'decision_time_short', severity: 'error' | 'warning', message: string }

const DECISION_NAMES: Record<MatterStageRow['stage'], string> = { handling: '处理意见', review: '复查意见', reReview: '复核意见' }

/**
 * A hearing on `hearingDate` against the stage's deadline: after the due date it cannot lead to a decision in time;
 * with fewer than `minDecisionWorkingDays` working days left after it, the decision is squeezed (ruleset `hearingTiming`).
 */
export function hearingDeadlineIssues (deadline: HearingDeadline | null | undefined, hearingDate: IsoDate, rule: HearingTimingRule): HearingDeadlineIssue[] {
  if (!deadline) return []
  const excluded = deadline.hearingTimeExcluded && deadline.dueOn !== deadline.storedDueOn ? '（听证所需时间不计入期限，已按听证日顺延）' : ''
  const stage = `${deadline.stageName}阶段`
  if (hearingDate > deadline.dueOn) {
    return [{
      type: 'after_deadline',
      severity: rule.afterDueSeverity,
      message: `听证日期（${hearingDate}）晚于${stage}期限（${deadline.dueOn} 届满）${excluded}，听证后已无法在期限内作出${DECISION_NAMES[deadline.stage]}；请提前听证或依法延长期限`
    }]
  }
  if (rule.minDecisionWorkingDays > 0 && deadline.workingDaysAfterHearing < rule.minDecisionWorkingDays) {
    return [{
      type: 'decision_time_short',
      severity: rule.shortDecisionSeverity,
      message: `听证日期（${hearingDate}）距${stage}期限（${deadline.dueOn} 届满）${excluded}仅余 ${deadline.workingDaysAfterHearing} 个工作日，少于规则要求的 ${rule.minDecisionWorkingDays} 个工作日，作出${DECISION_NAMES[deadline.stage]}的时间不足`
    }]
  }
  return []
}
