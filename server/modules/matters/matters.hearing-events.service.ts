import type { DbOrTx } from '../../../db/client.js'
import type { MatterStageRow } from '../../../db/schema/index.js'
import { systemActor, type Actor } from '../../common/actor.js'
import { recordAudit } from '../audit/audit.recorder.js'
import type { WorkCalendar } from '../../common/workdays.js'
import { shanghaiDateOf, isIsoDate, type IsoDate } from '../../common/dates.js'
import { invalidPause } from './matters.errors.js'
import * as repo from './matters.repository.js'
import { recomputeStage } from './matters.deadlines.service.js'
import { answeredWithoutNotice, openStageOf } from './matters.rules.js'
import type { MattersDeps } from './matters.aggregate.js'
import * as errors from './matters.errors.js'

// What the hearings and notices modules record on a matter inside their own transactions: hearing time (which a
// stage's limit may exclude) and the issue of a 听证权利告知书.

function toDate (value: IsoDate | Date, field: string): IsoDate {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalidPause({ field }, `${field} 不是有效时间`)
    return shanghaiDateOf(value)
  }
  if (!isIsoDate(value)) throw invalidPause({ field }, `${field} 不是有效日期（应为 YYYY-MM-DD）`)
  return value
}

export type HearingPauseInput = {
  matterId: number
  /** First and last day (inclusive) of hearing time, as dates or as instants (taken in Asia/Shanghai). */
  from: IsoDate | Date
  to: IsoDate | Date
  /** The hearing the window belongs to: recording again for the same hearing replaces its window. */
  hearingId?: number | null | undefined
  actor?: Actor | undefined
}

/**
 * Records hearing time (from the decision to hold a hearing to service of its conclusion) against the matter's open
 * stage and recomputes that stage's deadline, which moves only when the stage's limit excludes hearing time (复核 by
 * default). Call it inside the scheduler's write transaction. Throws matters.not_found, matters.no_open_stage or
 * scheduling.invalid_pause.
 */
function recordHearingPauseWith (tx: DbOrTx, input: HearingPauseInput, { at, calendar }: { at: Date, calendar: WorkCalendar }) {
  const from = toDate(input.from, 'from')
  const to = toDate(input.to, 'to')
  if (to < from) throw invalidPause({ from, to }, '听证时间段的结束日早于开始日')
  const actor = input.actor ?? systemActor('听证排期')
  const matter = repo.findById(tx, input.matterId, null)
  if (!matter) throw errors.matterNotFound({ matterId: input.matterId })
  const stages = repo.stagesOf(tx, [matter.id])
  const open = openStageOf(stages)
  if (!open) throw errors.noOpenStage({ matterId: matter.id })
  const touched = new Set<number>([open.id])
  if (input.hearingId != null) for (const old of repo.deletePausesOfHearing(tx, matter.id, input.hearingId)) touched.add(old.stageId)
  const pause = repo.insertPause(tx, { matterId: matter.id, stageId: open.id, hearingId: input.hearingId ?? null, fromOn: from, toOn: to, createdAt: at })
  let after = open
  for (const stage of stages.filter((s) => touched.has(s.id))) {
    const updated = recomputeStage(tx, stage, calendar, at)
    if (stage.id === open.id) after = updated
  }
  repo.update(tx, matter.id, { version: matter.version + 1, updatedAt: at })
  recordAudit(tx, {
    actor,
    at,
    action: 'matter.hearing_pause',
    entityType: 'matter',
    entityId: matter.id,
    regionPath: matter.regionPath,
    before: { stage: open.stage, dueOn: open.dueOn, pausedDays: open.pausedDays },
    after: { stage: open.stage, dueOn: after.dueOn, pausedDays: after.pausedDays, pause: { hearingId: pause.hearingId, from, to } }
  })
  return { pauseId: pause.id, stage: after.stage, dueOn: after.dueOn, pausedDays: after.pausedDays, hearingTimeExcluded: after.excludeHearingTime }
}

/** Removes the hearing time recorded for a hearing (e.g. when it is cancelled) and recomputes the stage deadline. */
function removeHearingPauseWith (tx: DbOrTx, input: { matterId: number, hearingId: number, actor?: Actor | undefined }, { at, calendar }: { at: Date, calendar: WorkCalendar }) {
  const matter = repo.findById(tx, input.matterId, null)
  if (!matter) throw errors.matterNotFound({ matterId: input.matterId })
  const removed = repo.deletePausesOfHearing(tx, matter.id, input.hearingId)
  if (removed.length === 0) return { removed: 0 }
  const stageIds = new Set(removed.map((p) => p.stageId))
  for (const stage of repo.stagesOf(tx, [matter.id]).filter((s) => stageIds.has(s.id))) recomputeStage(tx, stage, calendar, at)
  repo.update(tx, matter.id, { version: matter.version + 1, updatedAt: at })
  recordAudit(tx, {
    actor: input.actor ?? systemActor('听证排期'),
    at,
    action: 'matter.hearing_pause_remove',
    entityType: 'matter',
    entityId: matter.id,
    regionPath: matter.regionPath,
    before: { hearingId: input.hearingId, pauses: removed.map((p) => ({ from: p.fromOn, to: p.toOn })) }
  })
  return { removed: removed.length }
}

/**
 * Re-derives a stage's "answered without hearing-rights notice" flag from its recorded notifications and the day a
 * 听证权利告知书 was first issued in it.
 */
export function refreshNoticeFlag (tx: DbOrTx, stage: MatterStageRow, at: Date) {
  const dates = repo.notificationsOf(tx, [stage.matterId]).filter((n) => n.stageId === stage.id).map((n) => n.notifiedOn)
  if (stage.rightsNoticeIssuedOn !== null) dates.push(stage.rightsNoticeIssuedOn)
  const flag = answeredWithoutNotice(stage, dates)
  return flag === stage.answeredWithoutNotice ? stage : repo.updateStage(tx, stage.id, { answeredWithoutNotice: flag, updatedAt: at })
}

/**
 * Notes on a stage that a 听证权利告知书 was issued on `issuedOn` (the first issue counts; a reissue keeps the earlier
 * date) and re-derives the stage's notice flag. Called by the notices module inside its issuing transaction, for
 * notices issued on the matter and for those issued on one of its hearings. Bumps the matter's version and audits.
 */
export function recordRightsNoticeIssuedWith (tx: DbOrTx, input: { stageId: number, issuedOn: IsoDate, documentNumber: string, actor: Actor }, { at }: { at: Date }) {
  const stage = repo.stagesById(tx, [input.stageId])[0]
  if (!stage) throw errors.stageNotFound({ stageId: input.stageId })
  const matter = repo.findById(tx, stage.matterId, null)
  if (!matter) throw errors.matterNotFound({ matterId: stage.matterId })
  const first = stage.rightsNoticeIssuedOn === null || input.issuedOn < stage.rightsNoticeIssuedOn
  const marked = first ? repo.updateStage(tx, stage.id, { rightsNoticeIssuedOn: input.issuedOn, updatedAt: at }) : stage
  const after = refreshNoticeFlag(tx, marked, at)
  repo.update(tx, matter.id, { version: matter.version + 1, updatedAt: at })
  recordAudit(tx, {
    actor: input.actor,
    at,
    action: 'matter.rights_notice_issued',
    entityType: 'matter',
    entityId: matter.id,
    regionPath: matter.regionPath,
    before: { stage: stage.stage, rightsNoticeIssuedOn: stage.rightsNoticeIssuedOn, answeredWithoutNotice: stage.answeredWithoutNotice },
    after: { stage: stage.stage, rightsNoticeIssuedOn: after.rightsNoticeIssuedOn, answeredWithoutNotice: after.answeredWithoutNotice, documentNumber: input.documentNumber }
  })
  return after
}

/** Hearing time recorded and removed by the hearing scheduler's listener, at the service's clock and calendar. */
export function hearingTimeRecorders ({ clock, workCalendar }: Pick<MattersDeps, 'clock' | 'workCalendar'>) {
  return {
    recordHearingPause (tx: DbOrTx, input: HearingPauseInput) {
      return recordHearingPauseWith(tx, input, { at: clock.now(), calendar: workCalendar(tx) })
    },

    removeHearingPause (tx: DbOrTx, input: { matterId: number, hearingId: number, actor?: Actor | undefined }) {
      return removeHearingPauseWith(tx, input, { at: clock.now(), calendar: workCalendar(tx) })
    }
  }
}
