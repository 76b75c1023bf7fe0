import type { Db, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { Hearing, OfficerAssessment } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { ROLES } from '../../common/access.js'
import { versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { hearingById, participantsOfHearing } from '../hearings/hearings.lookup.service.js'
import { hearingNotFound } from '../hearings/hearings.errors.js'
import { memberById } from '../pool/pool.lookup.service.js'
import { mayView } from '../pool/pool.access.rules.js'
import { hearingRuleset } from '../rulesets/rulesets.config.js'
import { effectiveRulesetForPath } from '../rulesets/rulesets.service.js'
import * as repo from './assessments.repository.js'
import { SCORE_FIELDS, assessableMembers, averagesOf, editableUntil, standingOf, type Scores } from './assessments.rules.js'
import * as errors from './assessments.errors.js'

export type AssessmentInput = Scores & { note?: string | null | undefined, version?: number | undefined }

const STAFF: readonly string[] = ROLES.hearingStaff

export type AssessmentsService = ReturnType<typeof createAssessmentsService>

export function createAssessmentsService ({ db, clock }: { db: Db, clock: Clock }) {
  /**
   * The hearing and whether the actor may assess at it: hearing staff (admin, coordinator, host accounts) whose
   * region holds the hearing, or the account linked to the hearing's host member wherever it works. Anyone else
   * who can see the hearing gets 403; a hearing they cannot see is 404.
   */
  function assessorContext (tx: DbOrTx, actor: Actor, hearingId: number) {
    const linked = actor.userId === null ? null : repo.poolMemberOfUser(tx, actor.userId)
    const scoped = hearingById(tx, hearingId, actor.scopePath)
    const found = scoped ?? (linked !== null ? hearingById(tx, hearingId, null) : undefined)
    if (!found || (!scoped && found.hearing.hostMemberId !== linked)) throw hearingNotFound({ hearingId })
    const isHost = linked !== null && linked === found.hearing.hostMemberId
    const isStaff = scoped !== undefined && STAFF.includes(actor.role)
    return { ...found, mayAssess: isHost || isStaff }
  }

  function windowOf (tx: DbOrTx, hearing: Hearing) {
    const at = repo.concludedAt(tx, hearing.id) ?? hearing.updatedAt
    return { concludedAt: at, editableUntil: editableUntil(at, hearingRuleset(hearing.ruleset).officerAssessment) }
  }

  /** A member's assessments with the averages and where they stand against the renewal threshold. */
  function summaryOf (row: NonNullable<ReturnType<typeof memberById>>) {
    const items = repo.assessmentsOfMember(db, row.member.id)
    const rules = effectiveRulesetForPath(db, row.regionPath).config.officerAssessment
    const summary = averagesOf(items)
    return { member: row.member, items, summary, standing: standingOf(summary, rules) }
  }

  return {
    /**
     * Records or changes the assessment of one officer or third party who served at a concluded hearing. One per
     * hearing and member: the first PUT creates it, later ones change it — only by the one who made it, and only
     * until the ruleset's window after the conclusion closes (then it is frozen).
     */
    put (actor: Actor, hearingId: number, memberId: number, input: AssessmentInput) {
      return writeTransaction(db, (tx) => {
        const { hearing, regionPath, mayAssess } = assessorContext(tx, actor, hearingId)
        if (!mayAssess) throw errors.notAssessor({ hearingId })
        if (hearing.status !== 'concluded') throw errors.hearingNotConcluded({ hearingId, hearingStatus: hearing.status })
        const served = assessableMembers(participantsOfHearing(tx, hearingId)).find((s) => s.memberId === memberId)
        if (!served) {
          throw errors.notServed({ hearingId, memberId, errors: [{ in: 'params', field: 'memberId', message: '该人员未作为听证员或第三方参与人员参加本场听证（主持人、记录员不在考核范围内）' }] })
        }
        const memberName = repo.memberNames(tx, [memberId]).get(memberId) ?? ''
        const now = clock.now()
        const scores = Object.fromEntries(SCORE_FIELDS.map((f) => [f, input[f]])) as Scores
        const note = input.note?.trim() || null
        const existing = repo.findAssessment(tx, hearingId, memberId)
        if (existing) {
          if (input.version !== undefined && input.version !== existing.version) throw versionConflict({ currentVersion: existing.version })
          if (existing.assessorUserId !== actor.userId && actor.role !== 'admin') throw errors.notOwnAssessment({ assessmentId: existing.id, assessorName: existing.assessorName })
          const window = windowOf(tx, hearing)
          if (now > window.editableUntil) throw errors.assessmentFrozen({ editableUntil: window.editableUntil.toISOString() })
          const after = repo.updateAssessment(tx, existing.id, { ...scores, note, version: existing.version + 1, updatedAt: now })
          recordAudit(tx, { actor, at: now, action: 'assessment.update', entityType: 'officer_assessment', entityId: existing.id, regionPath, before: existing, after })
          return { assessment: after, created: false, memberName }
        }
        const created = repo.insertAssessment(tx, {
          hearingId, memberId, role: served.role, ...scores, note, assessorUserId: actor.userId, assessorName: actor.displayName, createdAt: now, updatedAt: now
        })
        recordAudit(tx, { actor, at: now, action: 'assessment.create', entityType: 'officer_assessment', entityId: created.id, regionPath, after: created })
        return { assessment: created, created: true, memberName }
      })
    },

    /** Who served at a hearing and may be assessed, each with their assessment (or null), and the editing window. */
    ofHearing (actor: Actor, hearingId: number) {
      const { hearing, mayAssess } = assessorContext(db, actor, hearingId)
      const served = assessableMembers(participantsOfHearing(db, hearingId))
      const byMember = new Map(repo.assessmentsOfHearing(db, hearingId).map((x) => [x.memberId, x]))
      const names = repo.memberNames(db, served.map((s) => s.memberId))
      const window = hearing.status === 'concluded' ? windowOf(db, hearing) : null
      return {
        hearing,
        mayAssess: mayAssess && hearing.status === 'concluded',
        editableUntil: window?.editableUntil ?? null,
        items: served.map((s) => ({ ...s, name: names.get(s.memberId) ?? '', assessment: byMember.get(s.memberId) ?? null as OfficerAssessment | null }))
      }
    },

    /** A member's assessments with the averages and where they stand against the renewal threshold. */
    ofMember (actor: Actor, memberId: number) {
      const row = memberById(db, memberId)
      if (!row || !mayView(actor, { homeRegionPath: row.regionPath, consentCrossRegion: row.member.consentCrossRegion, status: row.member.status })) {
        throw errors.memberNotFound({ memberId })
      }
      return summaryOf(row)
    },

    /** The same for the pool member the actor's account is linked to: an officer reads their own assessments. */
    mine (actor: Actor) {
      const memberId = actor.userId === null ? null : repo.poolMemberOfUser(db, actor.userId)
      const row = memberId === null ? undefined : memberById(db, memberId)
      if (!row) throw errors.noLinkedMember()
      return summaryOf(row)
    }
  }
}
