import type { Db, DbOrTx } from '../../../db/client.js'
import type { MatterAgent, MatterHearingNotification, MatterHearingPause, MatterPetitioner, MatterStageRow } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import type { WorkCalendar } from '../../common/workdays.js'
import { shanghaiDateOf } from '../../common/dates.js'
import type { DeadlineLimits } from './matters.time-limits.rules.js'
import * as repo from './matters.repository.js'
import type { MatterRow } from './matters.repository.js'
import { requestWindowOf, type RequestWindow } from './matters.deadlines.service.js'
import * as errors from './matters.errors.js'

// The matter aggregate (matter, petitioners with agents, stages) every matters use case reads and audits, and the
// steps each write use case shares.

/** The time limits a region's ruleset sets for matter stages, with the ruleset's name (kept on each stage). */
export type DeadlineRules = { label: string, limits: DeadlineLimits }
export type DeadlineRulesResolver = (db: DbOrTx, region: { id: number, path: string }) => DeadlineRules
/** The working-day calendar (chinese-days plus the holiday override table). */
export type WorkCalendarLoader = (db: DbOrTx) => WorkCalendar

export type MattersDeps = { db: Db, clock: Clock, deadlineRules: DeadlineRulesResolver, workCalendar: WorkCalendarLoader }

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
export function loadAggregates (db: DbOrTx, rows: readonly MatterRow[], calendar: () => WorkCalendar): MatterAggregate[] {
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
export function lazyCalendar (db: DbOrTx, load: WorkCalendarLoader) {
  let calendar: WorkCalendar | undefined
  return () => (calendar ??= load(db))
}

/** The matter if the actor's region scope holds it, else 404 (also for matters elsewhere). */
export function requireMatter (db: DbOrTx, actor: Actor, id: number): MatterRow {
  const row = repo.findById(db, id, actor.scopePath)
  if (!row) throw errors.matterNotFound({ matterId: id })
  return row
}

/** Flags under neutral keys: the audit masker hides any value whose key mentions a secret. */
export function auditSnapshot (agg: MatterAggregate) {
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

export function stageSnapshot (s: MatterStageRow) {
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
    answeredWithoutNotice: s.answeredWithoutNotice,
    conclusionType: s.conclusionType,
    revokedForMissingRightsNotice: s.revokedForMissingRightsNotice,
    petitionerCeased: s.petitionerCeased,
    ceasedCheckedOn: s.ceasedCheckedOn
  }
}

export function dateProblem (field: string, message: string) {
  return errors.invalidDate({ errors: [{ in: 'body', field, message }] }, message)
}

/** The steps every write use case of a matter shares, over the service's clock and calendar. */
export function matterWrites ({ clock, workCalendar }: Pick<MattersDeps, 'clock' | 'workCalendar'>) {
  const today = () => shanghaiDateOf(clock.now())

  function aggregate (db: DbOrTx, row: MatterRow): MatterAggregate {
    return loadAggregates(db, [row], lazyCalendar(db, workCalendar))[0]!
  }

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
    const after = aggregate(tx, fresh)
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

  function notAfterToday (field: string, date: string, label: string) {
    if (date > today()) throw dateProblem(field, `${label}不能晚于今天（${today()}）`)
  }

  return { today, aggregate, forWrite, finishWrite, notAfterToday }
}

export type MatterWrites = ReturnType<typeof matterWrites>
