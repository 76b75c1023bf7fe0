import type { Db, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type {
  MatterAgent, MatterHearingNotification, MatterHearingPause, MatterPetitioner, MatterStage, MatterStageRow,
  NotificationMethod, PetitionerKind, ThirdPartySituation
} from '../../../db/schema/index.js'
import type { Clock } from '../../shared/clock.js'
import { systemActor, type Actor } from '../../shared/actor.js'
import { versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { requireRegion } from '../regions/regions.service.js'
import { requireOrganisation } from '../organisations/organisations.service.js'
import { equivalentOrganisationIds } from '../organisations/organisations.repository.js'
import { DEFAULT_RULESET } from '../rulesets/rulesets.config.js'
import { NATIONAL_REQUEST_WINDOW, deadlineStatus, type DeadlineLimits } from './matters.time-limits.rules.js'
import { createWorkCalendar, type WorkCalendar } from '../../shared/workdays.js'
import { addCalendarDays, daysBetween, shanghaiDate, isIsoDate, type IsoDate } from '../../shared/dates.js'
import { invalidPause } from './matters.errors.js'
import { effectiveRulesetForPath } from '../rulesets/rulesets.service.js'
import { loadWorkCalendar } from '../calendar-days/calendar-days.service.js'
import * as repo from './matters.repository.js'
import type { MatterRow } from './matters.repository.js'
import { computeStageDeadline, pauseWindows, requestWindowOf, type RequestWindow } from './matters.deadlines.service.js'
import {
  MATTER_FLAGS, answeredWithoutNotice, matterHearability, nextStageProblem, openStageOf, validatePetitioners,
  STAGE_NAMES, type FieldProblem, type HearabilityOptions, type MatterFlags, type PetitionerInput, type ValidPetitioner
} from './matters.rules.js'
import * as errors from './matters.errors.js'

export type MattersService = ReturnType<typeof createMattersService>

/** The time limits a region's ruleset sets for matter stages, with the ruleset's name (kept on each stage). */
export type DeadlineRules = { label: string, limits: DeadlineLimits }
export type DeadlineRulesResolver = (db: DbOrTx, region: { id: number, path: string }) => DeadlineRules
/** The working-day calendar (chinese-days plus the holiday override table). */
export type WorkCalendarLoader = (db: DbOrTx) => WorkCalendar

export const nationalDeadlineRules: DeadlineRulesResolver = () => ({ label: '全国默认', limits: DEFAULT_RULESET.deadlines })
export const packageWorkCalendar: WorkCalendarLoader = () => createWorkCalendar()
/** The ruleset in force in the region (assigned along its path, over the national defaults). */
export const regionDeadlineRules: DeadlineRulesResolver = (db, region) => {
  const effective = effectiveRulesetForPath(db, region.path)
  return { label: effective.label, limits: effective.config.deadlines }
}

export type DeadlineDeps = { deadlineRules?: DeadlineRulesResolver | undefined, workCalendar?: WorkCalendarLoader | undefined }

// ---------------------------------------------------------------------------------------------------------------
// Aggregate

export type StageAggregate = MatterStageRow & {
  notifications: MatterHearingNotification[]
  pauses: MatterHearingPause[]
  handler: ReturnType<typeof repo.handlersOf>[number] | null
  /** 复查 and 复核: whether the stage was asked for within the window after the previous answer; null for 办理. */
  requestWindow: RequestWindow | null
}

export type PetitionerAggregate = MatterPetitioner & { agents: MatterAgent[], homeVillageName: string | null }

export type MatterAggregate = {
  matter: MatterRow
  petitioners: PetitionerAggregate[]
  stages: StageAggregate[]
}

/** Matters with petitioners, agents and stages; `calendar` is read only for request windows in working days. */
export function loadAggregates (db: DbOrTx, rows: readonly MatterRow[], calendar: () => WorkCalendar = lazyCalendar(db)): MatterAggregate[] {
  const ids = rows.map((r) => r.id)
  const petitioners = repo.petitionersOf(db, ids)
  const agents = repo.agentsOf(db, petitioners.map((p) => p.id))
  const villages = new Map(repo.regionsByIds(db, [...new Set(petitioners.map((p) => p.homeVillageRegionId).filter((v): v is number => v !== null))]).map((r) => [r.id, r.name]))
  const stages = repo.stagesOf(db, ids)
  const notifications = repo.notificationsOf(db, ids)
  const pauses = repo.pausesOf(db, ids)
  const handlers = new Map(repo.handlersOf(db, stages.map((s) => s.id)).map((h) => [h.stageId, h]))
  return rows.map((matter) => ({
    matter,
    petitioners: petitioners.filter((p) => p.matterId === matter.id).map((p) => ({
      ...p,
      agents: agents.filter((a) => a.petitionerId === p.id),
      homeVillageName: p.homeVillageRegionId === null ? null : villages.get(p.homeVillageRegionId) ?? null
    })),
    stages: stages.filter((s) => s.matterId === matter.id).map((s, i, own) => ({
      ...s,
      notifications: notifications.filter((n) => n.stageId === s.id),
      pauses: pauses.filter((p) => p.stageId === s.id),
      handler: handlers.get(s.id) ?? null,
      requestWindow: requestWindowOf(s, own[i - 1], calendar)
    }))
  }))
}

/** The working-day calendar, read from `db` on first use only. */
function lazyCalendar (db: DbOrTx) {
  let calendar: WorkCalendar | undefined
  return () => (calendar ??= loadWorkCalendar(db))
}

function loadAggregate (db: DbOrTx, row: MatterRow): MatterAggregate {
  return loadAggregates(db, [row])[0]!
}

/** The matter if the actor's region scope holds it, else 404 (also for matters elsewhere). */
export function requireMatter (db: DbOrTx, actor: Actor, id: number): MatterRow {
  const row = repo.findById(db, id, actor.scopePath)
  if (!row) throw errors.matterNotFound({ matterId: id })
  return row
}

/** Flags under neutral keys: the audit masker hides any value whose key mentions a secret. */
function auditSnapshot (agg: MatterAggregate) {
  const m = agg.matter
  return {
    number: m.number,
    title: m.title,
    summary: m.summary,
    specialty: m.specialtyCode,
    regionId: m.regionId,
    petitionerKind: m.petitionerKind,
    groupName: m.groupName,
    groupSize: m.groupSize,
    respondentOrganisationId: m.respondentOrganisationId,
    flags: {
      privacy: m.involvesPrivacy,
      stateClassified: m.involvesStateSecret,
      commerciallyConfidential: m.involvesCommercialSecret,
      litigation: m.inLitigation,
      arbitration: m.inArbitration,
      administrativeReconsideration: m.inAdministrativeReconsideration
    },
    thirdPartySituations: m.thirdPartySituations,
    petitioners: agg.petitioners.map((p) => ({
      name: p.name,
      idNumber: p.idNumber,
      mobile: p.mobile,
      address: p.address,
      homeVillageRegionId: p.homeVillageRegionId,
      agents: p.agents.map((a) => ({ name: a.name, idNumber: a.idNumber, phone: a.phone, powerOfAttorneyNote: a.powerOfAttorneyNote, powerOfAttorneyDate: a.powerOfAttorneyDate }))
    })),
    stages: agg.stages.map(stageSnapshot)
  }
}

function stageSnapshot (s: MatterStageRow) {
  return {
    stage: s.stage,
    acceptingBody: s.acceptingBody,
    acceptedOn: s.acceptedOn,
    dueOn: s.dueOn,
    extensionDays: s.extensionDays,
    extensionApprovedBy: s.extensionApprovedBy,
    extensionReason: s.extensionReason,
    extensionOn: s.extensionOn,
    decidedOn: s.decidedOn,
    requestedOn: s.requestedOn,
    answerReceivedOn: s.answerReceivedOn,
    rightsNoticeIssuedOn: s.rightsNoticeIssuedOn,
    answeredWithoutNotice: s.answeredWithoutNotice
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Deadlines

export { computeStageDeadline }

function recomputeStage (tx: DbOrTx, stage: MatterStageRow, calendar: WorkCalendar, at: Date) {
  const pauses = repo.pausesOf(tx, [stage.matterId]).filter((p) => p.stageId === stage.id)
  return repo.updateStage(tx, stage.id, { ...computeStageDeadline(stage, pauseWindows(pauses), calendar), updatedAt: at })
}

function toDate (value: IsoDate | Date, field: string): IsoDate {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalidPause({ field }, `${field} 不是有效时间`)
    return shanghaiDate(value)
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
export function recordHearingPauseWith (tx: DbOrTx, input: HearingPauseInput, { at, calendar }: { at: Date, calendar: WorkCalendar }) {
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
export function removeHearingPauseWith (tx: DbOrTx, input: { matterId: number, hearingId: number, actor?: Actor | undefined }, { at, calendar }: { at: Date, calendar: WorkCalendar }) {
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

// ---------------------------------------------------------------------------------------------------------------
// Hearing-rights notification

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

// ---------------------------------------------------------------------------------------------------------------
// For the hearing scheduler: recusal facts

/**
 * What the scheduler needs about a matter, with personal data in full (for matching, never for display or logs):
 * petitioners' ids, ID numbers and home villages, agents' ID numbers, the respondent organisation with every
 * organisation sharing a name or alias with it, the open stage and the hearability under the given options.
 */
export function matterSchedulingFacts (db: DbOrTx, matterId: number, { scopePath = null, hearability = {} }: { scopePath?: string | null, hearability?: HearabilityOptions } = {}) {
  const row = repo.findById(db, matterId, scopePath)
  if (!row) throw errors.matterNotFound({ matterId })
  const agg = loadAggregate(db, row)
  const open = openStageOf(agg.stages)
  return {
    matter: row,
    regionPath: row.regionPath,
    petitioners: agg.petitioners.map((p) => ({ id: p.id, name: p.name, idNumber: p.idNumber, homeVillageRegionId: p.homeVillageRegionId })),
    petitionerIds: agg.petitioners.map((p) => p.id),
    petitionerIdNumbers: agg.petitioners.map((p) => p.idNumber),
    petitionerVillageIds: [...new Set(agg.petitioners.map((p) => p.homeVillageRegionId).filter((v): v is number => v !== null))],
    agents: agg.petitioners.flatMap((p) => p.agents.map((a) => ({ id: a.id, petitionerId: p.id, name: a.name, idNumber: a.idNumber }))),
    respondentOrganisationId: row.respondentOrganisationId,
    respondentOrgIds: equivalentOrganisationIds(db, [row.respondentOrganisationId]),
    openStage: open ? { id: open.id, stage: open.stage, acceptedOn: open.acceptedOn, dueOn: open.dueOn } : null,
    handlers: agg.stages.flatMap((s) => (s.handler ? [{ stage: s.stage, userId: s.handler.userId, name: s.handler.name }] : [])),
    hearability: matterHearability({ ...row, stages: agg.stages }, hearability)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Service

type MatterInput = {
  number?: string | undefined
  title?: string | undefined
  summary?: string | undefined
  specialty?: string | null | undefined
  regionId?: number | undefined
  petitionerKind?: PetitionerKind | undefined
  groupName?: string | null | undefined
  groupSize?: number | null | undefined
  petitioners?: PetitionerInput[] | undefined
  respondentOrganisationId?: number | undefined
  flags?: Partial<MatterFlags> | undefined
  thirdPartySituations?: ThirdPartySituation[] | undefined
}

function throwPetitionerProblems (problems: ReturnType<typeof validatePetitioners>['problems']) {
  const all = (list: FieldProblem[]) => ({ errors: list.map((p) => ({ in: 'body', ...p })) })
  const everything = Object.values(problems).flat()
  if (problems.representatives.length > 0) throw errors.tooManyRepresentatives(all(everything))
  if (problems.agents.length > 0) throw errors.tooManyAgents(all(everything))
  if (problems.idNumbers.length > 0) throw errors.invalidIdNumber(all(everything))
  if (problems.phones.length > 0) throw errors.invalidPhone(all(everything))
  if (problems.dates.length > 0) throw errors.invalidDate(all(everything))
  throw errors.invalidPetitioners(all(everything))
}

/** A concurrent writer took the number between our check and our insert (SQLite unique index on matters.number). */
function isUniqueNumberError (error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, message } = error as { code?: unknown, message?: unknown }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes('matters.number')) return true
  return isUniqueNumberError((error as { cause?: unknown }).cause)
}

function withUniqueNumber<T> (number: string, write: () => T): T {
  try {
    return write()
  } catch (error) {
    if (isUniqueNumberError(error)) throw errors.matterDuplicateNumber({ number })
    throw error
  }
}

function dateProblem (field: string, message: string) {
  return errors.invalidDate({ errors: [{ in: 'body', field, message }] }, message)
}

export function createMattersService ({ db, clock, deadlineRules = regionDeadlineRules, workCalendar = loadWorkCalendar }: { db: Db, clock: Clock } & DeadlineDeps) {
  const today = () => shanghaiDate(clock.now())

  /** Loads the matter for a write and checks the version the client read. */
  function forWrite (tx: DbOrTx, actor: Actor, id: number, version: number) {
    const row = requireMatter(tx, actor, id)
    if (row.version !== version) throw versionConflict({ currentVersion: row.version })
    return row
  }

  /** Bumps the version (guarded, so a concurrent writer in another process also gets 409) and audits. */
  function finishWrite (tx: DbOrTx, actor: Actor, before: MatterAggregate, action: string, extra?: { before?: Record<string, unknown>, after?: Record<string, unknown> }) {
    const at = clock.now()
    if (!repo.bumpVersion(tx, before.matter.id, before.matter.version, at)) throw versionConflict({})
    const fresh = repo.findById(tx, before.matter.id, null)!
    const after = loadAggregate(tx, fresh)
    recordAudit(tx, {
      actor,
      at,
      action,
      entityType: 'matter',
      entityId: fresh.id,
      regionPath: fresh.regionPath,
      before: extra?.before ?? auditSnapshot(before),
      after: extra?.after ?? auditSnapshot(after)
    })
    return after
  }

  function validPetitioners (tx: DbOrTx, kind: PetitionerKind, input: readonly PetitionerInput[]): ValidPetitioner[] {
    const { value, problems } = validatePetitioners(kind, input, today())
    if (!value) throwPetitionerProblems(problems)
    const villageIds = [...new Set(value!.map((p) => p.homeVillageRegionId).filter((v): v is number => v !== null))]
    const villages = new Map(repo.regionsByIds(tx, villageIds).map((r) => [r.id, r]))
    value!.forEach((p, i) => {
      if (p.homeVillageRegionId === null) return
      const village = villages.get(p.homeVillageRegionId)
      if (!village || village.level !== 'village') {
        throw errors.invalidHomeVillage({ errors: [{ in: 'body', field: `petitioners.${i}.homeVillageRegionId`, message: village ? '所选区划不是村（社区）' : '区划不存在' }] })
      }
    })
    return value!
  }

  function specialtyTermId (tx: DbOrTx, code: string | null | undefined, currentId: number | null): number | null {
    if (code == null) return null
    const term = repo.specialtyByCode(tx, code)
    if (!term || (!term.active && term.id !== currentId)) {
      throw errors.unknownSpecialty({ errors: [{ in: 'body', field: 'specialty', message: `“${code}”不是可选的专业类别` }] })
    }
    return term.id
  }

  function checkGroup (kind: PetitionerKind, groupName: string | null, groupSize: number | null) {
    if (kind === 'individual' && (groupName !== null || groupSize !== null)) {
      throw errors.matterInvalid({ errors: [{ in: 'body', field: groupName !== null ? 'groupName' : 'groupSize', message: '个人信访不填写群体名称和人数' }] })
    }
  }

  function assertNumberFree (tx: DbOrTx, number: string, ownId?: number) {
    const other = repo.findByNumber(tx, number)
    if (other && other.id !== ownId) throw errors.matterDuplicateNumber({ matterId: other.id })
  }

  function notAfterToday (field: string, date: string, label: string) {
    if (date > today()) throw dateProblem(field, `${label}不能晚于今天（${today()}）`)
  }

  function checkAnswerReceivedOn (receivedOn: string, decidedOn: string) {
    notAfterToday('answerReceivedOn', receivedOn, '收到书面答复的日期')
    if (receivedOn < decidedOn) throw dateProblem('answerReceivedOn', `收到书面答复的日期不能早于作出处理意见的日期（${decidedOn}）`)
  }

  function stageRowFor (tx: DbOrTx, matter: MatterRow, stage: MatterStage, acceptingBody: string, acceptedOn: string, requestedOn: string | null, at: Date) {
    const rules = deadlineRules(tx, { id: matter.regionId, path: matter.regionPath })
    const limit = rules.limits[stage]
    const window = stage === 'handling' ? null : (stage === 'review' ? rules.limits.reviewRequest : rules.limits.reReviewRequest) ?? NATIONAL_REQUEST_WINDOW
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

  function openStageIn (tx: DbOrTx, matter: MatterRow, input: { stage: MatterStage, acceptingBody: string, acceptedOn: string, requestedOn?: string | undefined }) {
    notAfterToday('acceptedOn', input.acceptedOn, '受理日期')
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
    return stageRowFor(tx, matter, input.stage, input.acceptingBody, input.acceptedOn, input.requestedOn ?? null, clock.now())
  }

  function requireStage (tx: DbOrTx, matter: MatterRow, stage: MatterStage) {
    const row = repo.findStage(tx, matter.id, stage)
    if (!row) throw errors.stageNotFound({ stage }, `该信访事项没有${STAGE_NAMES[stage]}阶段`)
    return row
  }

  return {
    get (actor: Actor, id: number) {
      return loadAggregate(db, requireMatter(db, actor, id))
    },

    list (actor: Actor, query: { regionId?: number | undefined, q?: string | undefined, answeredWithoutNotice?: boolean | undefined, page?: number | undefined, pageSize?: number | undefined }) {
      const page = query.page ?? 1
      const pageSize = query.pageSize ?? 50
      const regionPath = query.regionId === undefined ? undefined : requireRegion(db, actor, query.regionId).path
      const { items, total } = repo.list(db, { scopePath: actor.scopePath, regionPath, q: query.q, answeredWithoutNotice: query.answeredWithoutNotice }, { limit: pageSize, offset: (page - 1) * pageSize })
      return { items: loadAggregates(db, items), total, page, pageSize }
    },

    create (actor: Actor, input: MatterInput & { number: string, title: string, regionId: number, petitionerKind: PetitionerKind, petitioners: PetitionerInput[], respondentOrganisationId: number, handling?: { acceptingBody: string, acceptedOn: string } | undefined }) {
      return writeTransaction(db, (tx) => {
        const region = requireRegion(tx, actor, input.regionId)
        requireOrganisation(tx, input.respondentOrganisationId)
        const number = input.number.trim()
        assertNumberFree(tx, number)
        const groupName = input.groupName?.trim() || null
        const groupSize = input.groupSize ?? null
        checkGroup(input.petitionerKind, groupName, groupSize)
        const petitioners = validPetitioners(tx, input.petitionerKind, input.petitioners)
        const termId = specialtyTermId(tx, input.specialty, null)
        const now = clock.now()
        const flags = Object.fromEntries(MATTER_FLAGS.map((f) => [f, input.flags?.[f] ?? false])) as MatterFlags
        const inserted = withUniqueNumber(number, () => repo.insert(tx, {
          number,
          title: input.title.trim(),
          summary: input.summary ?? '',
          specialtyTermId: termId,
          regionId: region.id,
          petitionerKind: input.petitionerKind,
          groupName,
          groupSize,
          respondentOrganisationId: input.respondentOrganisationId,
          ...flags,
          thirdPartySituations: input.thirdPartySituations ?? [],
          createdByUserId: actor.userId,
          createdAt: now,
          updatedAt: now
        }))
        repo.replacePetitioners(tx, inserted.id, petitioners)
        const row = repo.findById(tx, inserted.id, null)!
        if (input.handling) openStageIn(tx, row, { stage: 'handling', ...input.handling })
        const agg = loadAggregate(tx, row)
        recordAudit(tx, { actor, at: now, action: 'matter.create', entityType: 'matter', entityId: row.id, regionPath: row.regionPath, after: auditSnapshot(agg) })
        return agg
      })
    },

    update (actor: Actor, id: number, input: MatterInput & { version: number }) {
      return writeTransaction(db, (tx) => {
        const row = forWrite(tx, actor, id, input.version)
        const before = loadAggregate(tx, row)
        const region = input.regionId === undefined ? null : requireRegion(tx, actor, input.regionId)
        if (input.respondentOrganisationId !== undefined) requireOrganisation(tx, input.respondentOrganisationId)
        const number = input.number?.trim() ?? row.number
        if (number !== row.number) assertNumberFree(tx, number, row.id)
        const kind = input.petitionerKind ?? row.petitionerKind
        const groupName = input.groupName === undefined ? row.groupName : input.groupName?.trim() || null
        const groupSize = input.groupSize === undefined ? row.groupSize : input.groupSize
        checkGroup(kind, groupName, groupSize)
        const petitionerInput: PetitionerInput[] = input.petitioners ?? before.petitioners.map((p) => ({ ...p, agents: p.agents }))
        const petitioners = input.petitioners !== undefined || input.petitionerKind !== undefined ? validPetitioners(tx, kind, petitionerInput) : null
        const termId = input.specialty === undefined ? row.specialtyTermId : specialtyTermId(tx, input.specialty, row.specialtyTermId)
        const flags = Object.fromEntries(MATTER_FLAGS.map((f) => [f, input.flags?.[f] ?? row[f]])) as MatterFlags
        withUniqueNumber(number, () => repo.update(tx, id, {
          number,
          title: input.title?.trim() ?? row.title,
          summary: input.summary ?? row.summary,
          specialtyTermId: termId,
          regionId: region?.id ?? row.regionId,
          petitionerKind: kind,
          groupName,
          groupSize,
          respondentOrganisationId: input.respondentOrganisationId ?? row.respondentOrganisationId,
          ...flags,
          thirdPartySituations: input.thirdPartySituations ?? row.thirdPartySituations
        }))
        if (petitioners) repo.replacePetitioners(tx, id, petitioners)
        return finishWrite(tx, actor, before, 'matter.update')
      })
    },

    openStage (actor: Actor, id: number, input: { stage: MatterStage, acceptingBody: string, acceptedOn: string, requestedOn?: string | undefined, version: number }) {
      return writeTransaction(db, (tx) => {
        const row = forWrite(tx, actor, id, input.version)
        const before = loadAggregate(tx, row)
        const stage = openStageIn(tx, row, input)
        return finishWrite(tx, actor, before, 'matter.stage_open', { before: {}, after: stageSnapshot(stage) })
      })
    },

    updateStage (actor: Actor, id: number, stageName: MatterStage, input: { acceptingBody?: string | undefined, acceptedOn?: string | undefined, requestedOn?: string | null | undefined, version: number }) {
      return writeTransaction(db, (tx) => {
        const row = forWrite(tx, actor, id, input.version)
        const before = loadAggregate(tx, row)
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
        const before = loadAggregate(tx, row)
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

    decideStage (actor: Actor, id: number, stageName: MatterStage, input: { decidedOn: string, summary?: string | null | undefined, answerReceivedOn?: string | undefined, version: number }) {
      return writeTransaction(db, (tx) => {
        const row = forWrite(tx, actor, id, input.version)
        const before = loadAggregate(tx, row)
        const stage = requireStage(tx, row, stageName)
        if (stage.decidedOn !== null) throw errors.stageDecided({ stage: stageName })
        notAfterToday('decidedOn', input.decidedOn, '作出处理意见的日期')
        if (input.decidedOn < stage.acceptedOn) throw dateProblem('decidedOn', `作出处理意见的日期不能早于受理日期（${stage.acceptedOn}）`)
        if (input.answerReceivedOn !== undefined) checkAnswerReceivedOn(input.answerReceivedOn, input.decidedOn)
        const decided = repo.updateStage(tx, stage.id, { decidedOn: input.decidedOn, decisionSummary: input.summary?.trim() || null, answerReceivedOn: input.answerReceivedOn ?? null, updatedAt: clock.now() })
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
        const before = loadAggregate(tx, row)
        const stage = requireStage(tx, row, stageName)
        if (stage.decidedOn === null) throw errors.stageNotDecided({ stage: stageName }, `${STAGE_NAMES[stageName]}阶段尚未作出处理意见，没有可送达的书面答复`)
        checkAnswerReceivedOn(input.receivedOn, stage.decidedOn)
        const after = repo.updateStage(tx, stage.id, { answerReceivedOn: input.receivedOn, updatedAt: clock.now() })
        return finishWrite(tx, actor, before, 'matter.answer_receipt', { before: stageSnapshot(stage), after: stageSnapshot(after) })
      })
    },

    recordNotification (actor: Actor, id: number, input: { stage?: MatterStage | undefined, notifiedOn: string, method: NotificationMethod, notifiedBy: string, note?: string | null | undefined, version: number }) {
      return writeTransaction(db, (tx) => {
        const row = forWrite(tx, actor, id, input.version)
        const before = loadAggregate(tx, row)
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

    /** Open stages of the region subtree due within `within` days or overdue, most urgent first. */
    deadlines (actor: Actor, query: { regionId?: number | undefined, within?: number | undefined }) {
      const within = query.within ?? 14
      const regionPath = query.regionId === undefined ? undefined : requireRegion(db, actor, query.regionId).path
      const day = today()
      const dueBy = addCalendarDays(day, within)
      const rows = repo.openStagesDueBy(db, { scopePath: actor.scopePath, regionPath, dueBy })
      const handlers = new Map(repo.handlersOf(db, rows.map((r) => r.stage.id)).map((h) => [h.stageId, h]))
      const stages = repo.stagesOf(db, [...new Set(rows.map((r) => r.matterId))])
      const calendar = lazyCalendar(db)
      return {
        today: day,
        within,
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
    },

    recordHearingPause (tx: DbOrTx, input: HearingPauseInput) {
      return recordHearingPauseWith(tx, input, { at: clock.now(), calendar: workCalendar(tx) })
    },

    removeHearingPause (tx: DbOrTx, input: { matterId: number, hearingId: number, actor?: Actor | undefined }) {
      return removeHearingPauseWith(tx, input, { at: clock.now(), calendar: workCalendar(tx) })
    },

    today
  }
}
