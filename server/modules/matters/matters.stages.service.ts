import type { DbOrTx } from '../../../db/client.js'
import type { ConclusionType, MatterStage, MatterStageRow, NotificationMethod } from '../../../db/schema/index.js'
import type { Actor } from '../../common/actor.js'
import { writeTransaction } from '../../../db/client.js'
import { addCalendarDays, daysBetween } from '../../common/dates.js'
import { requireRegion } from '../regions/regions.service.js'
import { countDays, deadlineStatus, nationalRequestWindow } from './matters.time-limits.rules.js'
import * as repo from './matters.repository.js'
import type { MatterRow } from './matters.repository.js'
import { computeStageDeadline, pauseWindows, recomputeStage, requestWindowOf } from './matters.deadlines.service.js'
import { refreshNoticeFlag } from './matters.hearing-events.service.js'
import { nextStageProblem, openStageOf, STAGE_NAMES } from './matters.rules.js'
import { dateProblem, lazyCalendar, stageSnapshot, type MatterWrites, type MattersDeps } from './matters.aggregate.js'
import * as errors from './matters.errors.js'

// The stages of a matter (办理, 复查, 复核): opening, correcting, extending and deciding them, the petitioner's receipt
// of the answer, hearing-rights notifications, and the deadline lists.

function stageRowFor ({ deadlineRules, workCalendar }: Pick<MattersDeps, 'deadlineRules' | 'workCalendar'>, tx: DbOrTx, matter: MatterRow, stage: MatterStage, acceptingBody: string, acceptedOn: string, requestedOn: string | null, at: Date) {
  const rules = deadlineRules(tx, { id: matter.regionId, path: matter.regionPath })
  const limit = rules.limits[stage]
  const window = stage === 'handling' ? null : (stage === 'review' ? rules.limits.reviewRequest : rules.limits.reReviewRequest) ?? nationalRequestWindow(stage)
  const snapshot = {
    stage,
    acceptedOn,
    limitDays: limit.days,
    dayUnit: limit.unit,
    excludeHearingTime: limit.excludeHearingTime,
    extensionMaxDays: rules.limits.handlingExtension.maxDays,
    extensionUnit: rules.limits.handlingExtension.unit,
    extensionDays: null,
    extensionApprovedBy: null,
    extensionReason: null
  }
  return repo.insertStage(tx, {
    ...snapshot,
    matterId: matter.id,
    acceptingBody: acceptingBody.trim(),
    rulesetLabel: rules.label,
    requestedOn,
    requestWindowDays: window?.days ?? null,
    requestWindowUnit: window?.unit ?? null,
    ...computeStageDeadline(snapshot, [], workCalendar(tx)),
    createdAt: at,
    updatedAt: at
  })
}

/** A request date must lie between the previous decision and the acceptance; 办理 has none. */
function checkRequestedOn (stage: MatterStage, requestedOn: string, acceptedOn: string, previous: MatterStageRow | undefined) {
  if (stage === 'handling') throw dateProblem('requestedOn', '办理阶段没有请求日期；请求日期用于复查、复核')
  if (requestedOn > acceptedOn) throw dateProblem('requestedOn', `请求日期不能晚于受理日期（${acceptedOn}）`)
  if (previous?.decidedOn && requestedOn < previous.decidedOn) throw dateProblem('requestedOn', `请求日期不能早于上一阶段作出处理意见的日期（${previous.decidedOn}）`)
}

/** Opens the next stage of a matter (办理 → 复查 → 复核) with the region's time limits; the caller bumps the version and audits. */
export function openStageIn (deps: Pick<MattersDeps, 'clock' | 'deadlineRules' | 'workCalendar'>, writes: MatterWrites, tx: DbOrTx, matter: MatterRow, input: { stage: MatterStage, acceptingBody: string, acceptedOn: string, requestedOn?: string | undefined }) {
  writes.notAfterToday('acceptedOn', input.acceptedOn, '受理日期')
  const existing = repo.stagesOf(tx, [matter.id])
  const problem = nextStageProblem(existing, input.stage)
  if (problem?.kind === 'out_of_order') {
    throw errors.stageOutOfOrder({ stage: input.stage, expected: problem.expected }, problem.expected === null
      ? '复核后不再受理，没有下一阶段'
      : `下一阶段应为“${STAGE_NAMES[problem.expected]}”，不能登记“${STAGE_NAMES[input.stage]}”`)
  }
  if (problem?.kind === 'previous_open') throw errors.previousStageOpen({ stage: problem.previous }, `${STAGE_NAMES[problem.previous]}阶段尚未作出处理意见`)
  const previous = existing[existing.length - 1]
  if (previous?.decidedOn && input.acceptedOn < previous.decidedOn) {
    throw dateProblem('acceptedOn', `受理日期不能早于上一阶段作出处理意见的日期（${previous.decidedOn}）`)
  }
  if (input.requestedOn !== undefined) checkRequestedOn(input.stage, input.requestedOn, input.acceptedOn, previous)
  return stageRowFor(deps, tx, matter, input.stage, input.acceptingBody, input.acceptedOn, input.requestedOn ?? null, deps.clock.now())
}

function requireStage (tx: DbOrTx, matter: MatterRow, stage: MatterStage) {
  const row = repo.findStage(tx, matter.id, stage)
  if (!row) throw errors.stageNotFound({ stage }, `该信访事项没有${STAGE_NAMES[stage]}阶段`)
  return row
}

/** The follow-up (回访) of a decided stage: a date needs a result and lies between the decision and today. */
function checkCeasedFollowUp (writes: MatterWrites, ceased: boolean | null, checkedOn: string | null, decidedOn: string) {
  if (ceased === null && checkedOn !== null) {
    const message = '登记回访日期时须写明是否息诉罢访'
    throw errors.matterInvalid({ errors: [{ in: 'body', field: 'petitionerCeased', message }] }, message)
  }
  if (checkedOn === null) return
  writes.notAfterToday('ceasedCheckedOn', checkedOn, '回访日期')
  if (checkedOn < decidedOn) throw dateProblem('ceasedCheckedOn', `回访日期不能早于作出处理意见的日期（${decidedOn}）`)
}

function checkAnswerReceivedOn (writes: MatterWrites, receivedOn: string, decidedOn: string) {
  writes.notAfterToday('answerReceivedOn', receivedOn, '收到书面答复的日期')
  if (receivedOn < decidedOn) throw dateProblem('answerReceivedOn', `收到书面答复的日期不能早于作出处理意见的日期（${decidedOn}）`)
}

/** The stage use cases of the matters service. */
export function matterStagesService (deps: MattersDeps, writes: MatterWrites) {
  const { db, clock, workCalendar } = deps
  const { today, aggregate, forWrite, finishWrite, notAfterToday } = writes

  return {
    openStage (actor: Actor, id: number, input: { stage: MatterStage, acceptingBody: string, acceptedOn: string, requestedOn?: string | undefined, version: number }) {
      return writeTransaction(db, (tx) => {
        const row = forWrite(tx, actor, id, input.version)
        const before = aggregate(tx, row)
        const stage = openStageIn(deps, writes, tx, row, input)
        return finishWrite(tx, actor, before, 'matter.stage_open', { before: {}, after: stageSnapshot(stage) })
      })
    },

    updateStage (actor: Actor, id: number, stageName: MatterStage, input: { acceptingBody?: string | undefined, acceptedOn?: string | undefined, requestedOn?: string | null | undefined, version: number }) {
      return writeTransaction(db, (tx) => {
        const row = forWrite(tx, actor, id, input.version)
        const before = aggregate(tx, row)
        const stage = requireStage(tx, row, stageName)
        if (stage.decidedOn !== null) throw errors.stageDecided({ stage: stageName })
        const acceptedOn = input.acceptedOn ?? stage.acceptedOn
        if (input.acceptedOn !== undefined) {
          notAfterToday('acceptedOn', acceptedOn, '受理日期')
          const stages = repo.stagesOf(tx, [row.id])
          const previous = stages[stages.findIndex((s) => s.id === stage.id) - 1]
          if (previous?.decidedOn && acceptedOn < previous.decidedOn) throw dateProblem('acceptedOn', `受理日期不能早于上一阶段作出处理意见的日期（${previous.decidedOn}）`)
          if (stage.extensionOn !== null && stage.extensionOn < acceptedOn) throw dateProblem('acceptedOn', '受理日期不能晚于延期批准日期')
        }
        const requestedOn = input.requestedOn === undefined ? stage.requestedOn : input.requestedOn
        if (requestedOn !== null && (input.requestedOn !== undefined || input.acceptedOn !== undefined)) {
          const stages = repo.stagesOf(tx, [row.id])
          checkRequestedOn(stage.stage, requestedOn, acceptedOn, stages[stages.findIndex((s) => s.id === stage.id) - 1])
        }
        const updated = repo.updateStage(tx, stage.id, { acceptingBody: input.acceptingBody?.trim() ?? stage.acceptingBody, acceptedOn, requestedOn, updatedAt: clock.now() })
        const after = recomputeStage(tx, updated, workCalendar(tx), clock.now())
        return finishWrite(tx, actor, before, 'matter.stage_update', { before: stageSnapshot(stage), after: stageSnapshot(after) })
      })
    },

    extendStage (actor: Actor, id: number, stageName: MatterStage, input: { days: number, approvedBy: string, reason: string, approvedOn: string, version: number }) {
      return writeTransaction(db, (tx) => {
        const row = forWrite(tx, actor, id, input.version)
        const before = aggregate(tx, row)
        const stage = requireStage(tx, row, stageName)
        if (stage.decidedOn !== null) throw errors.stageDecided({ stage: stageName })
        if (stage.extensionDays !== null) throw errors.alreadyExtended({ stage: stageName, days: stage.extensionDays })
        notAfterToday('approvedOn', input.approvedOn, '批准日期')
        if (input.approvedOn < stage.acceptedOn) throw dateProblem('approvedOn', `批准日期不能早于受理日期（${stage.acceptedOn}）`)
        if (input.approvedOn > stage.dueOn) throw errors.extensionTooLate({ dueOn: stage.dueOn }, `原办理期限已于 ${stage.dueOn} 届满`)
        const values = { extensionDays: input.days, extensionApprovedBy: input.approvedBy.trim(), extensionReason: input.reason.trim(), extensionOn: input.approvedOn }
        const pauses = repo.pausesOf(tx, [row.id]).filter((p) => p.stageId === stage.id)
        // stageDeadline refuses other stages, more days than the ruleset allows and a missing approver or reason
        const deadline = computeStageDeadline({ ...stage, ...values }, pauseWindows(pauses), workCalendar(tx))
        const after = repo.updateStage(tx, stage.id, { ...values, ...deadline, updatedAt: clock.now() })
        return finishWrite(tx, actor, before, 'matter.stage_extend', { before: stageSnapshot(stage), after: stageSnapshot(after) })
      })
    },

    decideStage (actor: Actor, id: number, stageName: MatterStage, input: {
      decidedOn: string
      summary?: string | null | undefined
      answerReceivedOn?: string | undefined
      conclusionType?: ConclusionType | null | undefined
      revokedForMissingRightsNotice?: boolean | undefined
      petitionerCeased?: boolean | null | undefined
      ceasedCheckedOn?: string | null | undefined
      version: number
    }) {
      return writeTransaction(db, (tx) => {
        const row = forWrite(tx, actor, id, input.version)
        const before = aggregate(tx, row)
        const stage = requireStage(tx, row, stageName)
        if (stage.decidedOn !== null) throw errors.stageDecided({ stage: stageName })
        notAfterToday('decidedOn', input.decidedOn, '作出处理意见的日期')
        if (input.decidedOn < stage.acceptedOn) throw dateProblem('decidedOn', `作出处理意见的日期不能早于受理日期（${stage.acceptedOn}）`)
        if (input.answerReceivedOn !== undefined) checkAnswerReceivedOn(writes, input.answerReceivedOn, input.decidedOn)
        if (input.revokedForMissingRightsNotice === true && stageName !== 'reReview') {
          const message = '只有复核意见可以因复查阶段未告知听证权利而撤销复查意见'
          throw errors.matterInvalid({ errors: [{ in: 'body', field: 'revokedForMissingRightsNotice', message }] }, message)
        }
        const ceased = input.petitionerCeased ?? null
        const checkedOn = input.ceasedCheckedOn ?? null
        checkCeasedFollowUp(writes, ceased, checkedOn, input.decidedOn)
        const decided = repo.updateStage(tx, stage.id, {
          decidedOn: input.decidedOn,
          decisionSummary: input.summary?.trim() || null,
          answerReceivedOn: input.answerReceivedOn ?? null,
          conclusionType: input.conclusionType ?? null,
          revokedForMissingRightsNotice: input.revokedForMissingRightsNotice ?? false,
          petitionerCeased: ceased,
          ceasedCheckedOn: checkedOn,
          updatedAt: clock.now()
        })
        const after = refreshNoticeFlag(tx, decided, clock.now())
        return finishWrite(tx, actor, before, 'matter.stage_decide', { before: stageSnapshot(stage), after: stageSnapshot(after) })
      })
    },

    /**
     * Records (or corrects) the day the petitioner received the stage's written answer (收到书面答复之日); the window to
     * ask for the next stage runs from it. Only for a decided stage.
     */
    recordAnswerReceipt (actor: Actor, id: number, stageName: MatterStage, input: { receivedOn: string, version: number }) {
      return writeTransaction(db, (tx) => {
        const row = forWrite(tx, actor, id, input.version)
        const before = aggregate(tx, row)
        const stage = requireStage(tx, row, stageName)
        if (stage.decidedOn === null) throw errors.stageNotDecided({ stage: stageName }, `${STAGE_NAMES[stageName]}阶段尚未作出处理意见，没有可送达的书面答复`)
        checkAnswerReceivedOn(writes, input.receivedOn, stage.decidedOn)
        const after = repo.updateStage(tx, stage.id, { answerReceivedOn: input.receivedOn, updatedAt: clock.now() })
        return finishWrite(tx, actor, before, 'matter.answer_receipt', { before: stageSnapshot(stage), after: stageSnapshot(after) })
      })
    },

    /** Records (or corrects, or clears with nulls) the follow-up of a decided stage: 息诉罢访 or not, and when checked. */
    recordCeasedFollowUp (actor: Actor, id: number, stageName: MatterStage, input: { petitionerCeased: boolean | null, checkedOn: string | null, version: number }) {
      return writeTransaction(db, (tx) => {
        const row = forWrite(tx, actor, id, input.version)
        const before = aggregate(tx, row)
        const stage = requireStage(tx, row, stageName)
        if (stage.decidedOn === null) throw errors.stageNotDecided({ stage: stageName }, `${STAGE_NAMES[stageName]}阶段尚未作出处理意见，无法登记回访结果`)
        checkCeasedFollowUp(writes, input.petitionerCeased, input.checkedOn, stage.decidedOn)
        const after = repo.updateStage(tx, stage.id, { petitionerCeased: input.petitionerCeased, ceasedCheckedOn: input.checkedOn, updatedAt: clock.now() })
        return finishWrite(tx, actor, before, 'matter.ceased_follow_up', { before: stageSnapshot(stage), after: stageSnapshot(after) })
      })
    },

    recordNotification (actor: Actor, id: number, input: { stage?: MatterStage | undefined, notifiedOn: string, method: NotificationMethod, notifiedBy: string, note?: string | null | undefined, version: number }) {
      return writeTransaction(db, (tx) => {
        const row = forWrite(tx, actor, id, input.version)
        const before = aggregate(tx, row)
        const stages = repo.stagesOf(tx, [row.id])
        const stage = input.stage !== undefined ? requireStage(tx, row, input.stage) : openStageOf(stages) ?? stages[stages.length - 1]
        if (!stage) throw errors.noOpenStage({ matterId: row.id }, '该信访事项尚未受理，无法登记听证权利告知')
        notAfterToday('notifiedOn', input.notifiedOn, '告知日期')
        if (input.notifiedOn < stage.acceptedOn) throw dateProblem('notifiedOn', `告知日期不能早于${STAGE_NAMES[stage.stage]}阶段的受理日期（${stage.acceptedOn}）`)
        const now = clock.now()
        const notification = repo.insertNotification(tx, {
          matterId: row.id, stageId: stage.id, notifiedOn: input.notifiedOn, method: input.method, notifiedBy: input.notifiedBy.trim(), note: input.note?.trim() || null, recordedByUserId: actor.userId, createdAt: now
        })
        const after = refreshNoticeFlag(tx, stage, now)
        return finishWrite(tx, actor, before, 'matter.hearing_notification', {
          before: { stage: stage.stage, answeredWithoutNotice: stage.answeredWithoutNotice },
          after: { stage: stage.stage, answeredWithoutNotice: after.answeredWithoutNotice, notification: { notifiedOn: notification.notifiedOn, method: notification.method, notifiedBy: notification.notifiedBy } }
        })
      })
    },

    /**
     * Open stages of the region subtree due within `within` calendar days, or `withinWorkingDays` working days on
     * the working-day calendar (the to-do page's "due within 5 working days"), or overdue; most urgent first.
     */
    deadlines (actor: Actor, query: { regionId?: number | undefined, within?: number | undefined, withinWorkingDays?: number | undefined }) {
      const regionPath = query.regionId === undefined ? undefined : requireRegion(db, actor, query.regionId).path
      const day = today()
      const calendar = lazyCalendar(db, workCalendar)
      const dueBy = query.withinWorkingDays === undefined
        ? addCalendarDays(day, query.within ?? 14)
        : countDays({ from: day, days: query.withinWorkingDays, unit: 'working', calendar: calendar() }).due
      const within = daysBetween(day, dueBy)
      const rows = repo.openStagesDueBy(db, { scopePath: actor.scopePath, regionPath, dueBy })
      const handlers = new Map(repo.handlersOf(db, rows.map((r) => r.stage.id)).map((h) => [h.stageId, h]))
      const stages = repo.stagesOf(db, [...new Set(rows.map((r) => r.matterId))])
      return {
        today: day,
        within,
        dueBy,
        items: rows.map((r) => {
          const status = deadlineStatus({ due: r.stage.dueOn, today: day, dueSoonDays: within })
          const handler = handlers.get(r.stage.id)
          const own = stages.filter((s) => s.matterId === r.matterId)
          return {
            ...r,
            daysRemaining: daysBetween(day, r.stage.dueOn),
            state: status.state,
            handler: handler ? { teamMemberId: handler.teamMemberId, name: handler.name } : null,
            requestWindow: requestWindowOf(r.stage, own[own.findIndex((s) => s.id === r.stage.id) - 1], calendar)
          }
        })
      }
    },

    /** Decided stages without a prior hearing-rights notification: the seed has such answers revoked and returned. */
    answeredWithoutNotice (actor: Actor, query: { regionId?: number | undefined }) {
      const regionPath = query.regionId === undefined ? undefined : requireRegion(db, actor, query.regionId).path
      const rows = repo.stagesAnsweredWithoutNotice(db, { scopePath: actor.scopePath, regionPath })
      const notes = repo.notificationsOf(db, [...new Set(rows.map((r) => r.matterId))])
      return rows.map((r) => ({ ...r, notificationsAfterDecision: notes.filter((n) => n.stageId === r.stage.id).length }))
    }
  }
}
