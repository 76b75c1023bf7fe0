import type { Db, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { Member } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { DomainError, versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import * as repo from './pool.repository.js'
import type { MemberRow } from './pool.repository.js'
import { MEMBER_ACTION_LABELS, chinaToday, effectiveStatus } from './pool.rules.js'
import { pickLifecycle, planTransition, problemText, type PlannedTransition } from './pool.lifecycle.rules.js'
import { groupBy } from './pool.aggregate.js'
import { assertNoFailures, bulkRows, requireVisible, requireWritable } from './pool.guards.js'
import type { BulkAppointmentInput, BulkFailure, TransitionInput } from './pool.types.js'
import { memberWriter, type MemberWriter } from './pool.writer.js'

// Lifecycle changes of members, one or many, and their status history. The rules are in pool.lifecycle.rules.ts.

/** Writes a planned change: the member's columns, a history row (with `historyDetails` added) and an audit row. */
export function applyTransition (tx: DbOrTx, { writer, actor, now, row, plan, today, historyDetails = null }: {
  writer: MemberWriter, actor: Actor, now: Date, row: MemberRow, plan: PlannedTransition, today: string, historyDetails?: Record<string, unknown> | null
}): Member {
  const m = row.member
  const after = repo.updateMember(tx, m.id, { ...plan.changes.columns, status: plan.to, version: m.version + 1, updatedAt: now })
  const toEffective = effectiveStatus(after, today)
  writer.insertHistory({
    memberId: m.id,
    action: plan.action,
    fromStatus: plan.from,
    toStatus: toEffective,
    reason: plan.changes.reason,
    ground: plan.changes.ground,
    details: historyDetails ? { ...plan.changes.details, ...historyDetails } : plan.changes.details,
    actorUserId: actor.userId,
    actorName: actor.displayName,
    at: now
  })
  recordAudit(tx, {
    actor,
    at: now,
    action: `member.${plan.action}`,
    entityType: 'member',
    entityId: m.id,
    regionPath: row.regionPath,
    before: { status: plan.from, ...pickLifecycle(m) },
    after: { status: toEffective, ...pickLifecycle(after) }
  })
  return after
}

/** `memberDetail`: the member as the API returns it after a change (the members service's `get`). */
export function createPoolLifecycleService<Detail> ({ db, clock, memberDetail }: { db: Db, clock: Clock, memberDetail: (actor: Actor, id: number) => Detail }) {
  const today = () => chinaToday(clock.now())
  const writer = () => memberWriter(db.$client)

  return {
    transition (actor: Actor, id: number, input: TransitionInput) {
      writeTransaction(db, (tx) => {
        const row = requireWritable(tx, actor, id)
        const m = row.member
        if (input.version !== m.version) throw versionConflict({ currentVersion: m.version })
        const day = today()
        const plan = planTransition({ input, member: m, today: day, settings: repo.getSettings(tx), attested: new Set(repo.conditionsOf(tx, [id]).map((c) => c.condition)) })
        applyTransition(tx, { writer: writer(), actor, now: clock.now(), row, plan, today: day })
      })
      return memberDetail(actor, id)
    },

    /**
     * Appoints (or renews) the listed members with one appointment, all or none: every member the actor cannot see or
     * change, or whose state or conditions do not allow it, is reported with its id and nothing is written.
     */
    bulkAppoint (actor: Actor, input: BulkAppointmentInput) {
      return writeTransaction(db, (tx) => {
        const day = today()
        const settings = repo.getSettings(tx)
        const rows = bulkRows(tx, actor, input.memberIds)
        const attested = groupBy(repo.conditionsOf(tx, input.memberIds), (c) => c.memberId)
        const failures: BulkFailure[] = [...rows.failures]
        const plans: { row: MemberRow, plan: PlannedTransition }[] = []
        for (const row of rows.found) {
          const transition: TransitionInput = { ...input, version: row.member.version }
          const own = new Set((attested.get(row.member.id) ?? []).map((c) => c.condition))
          try {
            plans.push({ row, plan: planTransition({ input: transition, member: row.member, today: day, settings, attested: own }) })
          } catch (error) {
            if (!(error instanceof DomainError)) throw error
            failures.push({ memberId: row.member.id, code: error.code, message: `${row.member.name}：${problemText(error)}` })
          }
        }
        assertNoFailures(failures, MEMBER_ACTION_LABELS[input.action])
        const now = clock.now()
        const w = writer()
        return plans.map(({ row, plan }) => applyTransition(tx, { writer: w, actor, now, row, plan, today: day }))
      })
    },

    history (actor: Actor, id: number) {
      requireVisible(db, actor, id)
      return repo.historyOf(db, id)
    }
  }
}
