import type { BasicCondition, MemberStatus, RemovalGround } from '../../../db/schema/enums.js'
import type { PoolSettings } from '../../../db/schema/index.js'
import { BASIC_CONDITIONS } from '../../../db/schema/enums.js'
import type { DomainError } from '../../errors.js'
import {
  BARRING_GROUNDS, BASIC_CONDITION_LABELS, MEMBER_ACTION_LABELS, STATUS_LABELS, allowedActions, defaultTermEnd, effectiveStatus, nextStatus,
  type EffectiveStatus, type LifecycleFields, type MemberAction
} from './pool.rules.js'
import type { AssessmentStanding, TransitionInput } from './pool.types.js'
import * as errors from './pool.errors.js'

// Lifecycle changes (appoint, suspend, reinstate, renew, remove, readmit) planned without writing: pure rules.

export type PlannedTransition = { action: MemberAction, from: EffectiveStatus, to: MemberStatus, changes: PlannedChange }

/** The Chinese reason a lifecycle problem gives, for lists that name it per member (bulk requests, import rows). */
export function problemText (error: DomainError): string {
  const missing = error.extra?.missing as BasicCondition[] | undefined
  if (missing) return `${error.title}（未认定：${missing.map((c) => BASIC_CONDITION_LABELS[c]).join('、')}）`
  const fields = error.extra?.errors as { message: string }[] | undefined
  return error.detail ?? fields?.map((f) => f.message).join('；') ?? error.title
}

/** Plans a lifecycle change without writing: the status it leads to and the columns it sets, or the problem (thrown). */
export function planTransition ({ input, member, today, settings, attested }: {
  input: TransitionInput, member: LifecycleFields & { removalGround: RemovalGround | null }, today: string, settings: PoolSettings, attested: ReadonlySet<BasicCondition>
}): PlannedTransition {
  const from = effectiveStatus(member, today)
  const to = nextStatus(from, input.action)
  if (to === null) {
    throw errors.invalidTransition({ from, action: input.action, allowedActions: allowedActions(from) }, `当前状态为“${STATUS_LABELS[from]}”，不能${MEMBER_ACTION_LABELS[input.action]}`)
  }
  return { action: input.action, from, to, changes: planChange({ input, member, today, settings, attested }) }
}

/** The lifecycle columns of a member, as the audit log shows them before and after a change. */
export function pickLifecycle (m: { appointmentDate: string | null, appointingBody: string | null, appointmentLetterNo: string | null, termEnd: string | null, suspensionReason: string | null, suspendedUntil: string | null, removalGround: RemovalGround | null, removalNote: string | null }) {
  return {
    appointmentDate: m.appointmentDate,
    appointingBody: m.appointingBody,
    appointmentLetterNo: m.appointmentLetterNo,
    termEnd: m.termEnd,
    suspensionReason: m.suspensionReason,
    suspendedUntil: m.suspendedUntil,
    removalGround: m.removalGround,
    removalNote: m.removalNote
  }
}

type PlannedChange = {
  columns: Partial<{
    appointmentDate: string | null,
    appointingBody: string | null,
    appointmentLetterNo: string | null,
    termEnd: string | null,
    suspensionReason: string | null,
    suspendedUntil: string | null,
    removalGround: RemovalGround | null,
    removalNote: string | null
  }>
  reason: string | null
  ground: RemovalGround | null
  details: Record<string, unknown> | null
}

const CLEAR_SUSPENSION = { suspensionReason: null, suspendedUntil: null }

/** The stored fields an allowed action sets, after its own checks (conditions attested, dates, barring grounds). */
function planChange ({ input, member, today, settings, attested }: {
  input: TransitionInput, member: { removalGround: RemovalGround | null, status: MemberStatus }, today: string, settings: PoolSettings, attested: ReadonlySet<BasicCondition>
}): PlannedChange {
  switch (input.action) {
    case 'appoint':
    case 'renew': {
      const missing = BASIC_CONDITIONS.filter((c) => !attested.has(c))
      if (missing.length > 0) throw errors.conditionsNotAttested({ missing })
      if (input.action === 'appoint' && input.appointmentDate > today) {
        throw errors.invalidTerm({ errors: [{ in: 'body', field: 'appointmentDate', message: '聘任日期不能晚于今天' }] })
      }
      const termEnd = input.termEnd ?? defaultTermEnd(input.appointmentDate, settings.defaultTermYears)
      if (termEnd < input.appointmentDate || termEnd < today) {
        throw errors.invalidTerm({ errors: [{ in: 'body', field: 'termEnd', message: '任期届满日期须晚于聘任日期，且不早于今天' }] })
      }
      const columns = {
        appointmentDate: input.appointmentDate,
        appointingBody: input.appointingBody.trim(),
        appointmentLetterNo: input.letterNumber ?? null,
        termEnd,
        ...CLEAR_SUSPENSION
      }
      return { columns, reason: null, ground: null, details: { appointmentDate: columns.appointmentDate, appointingBody: columns.appointingBody, letterNumber: columns.appointmentLetterNo, termEnd } }
    }
    case 'suspend': {
      if (input.until != null && input.until < today) throw errors.invalidDate({ errors: [{ in: 'body', field: 'until', message: '暂停截止日期不能早于今天' }] })
      return { columns: { suspensionReason: input.reason.trim(), suspendedUntil: input.until ?? null }, reason: input.reason.trim(), ground: null, details: { until: input.until ?? null } }
    }
    case 'reinstate':
      return { columns: CLEAR_SUSPENSION, reason: input.note ?? null, ground: null, details: null }
    case 'remove':
      if (input.ground === 'other' && (input.note ?? '').trim() === '') {
        throw errors.invalidMember({ errors: [{ in: 'body', field: 'note', message: '除名事由为“其他”时须写明具体情况' }] })
      }
      return { columns: { removalGround: input.ground, removalNote: input.note ?? null, ...CLEAR_SUSPENSION }, reason: input.note ?? null, ground: input.ground, details: null }
    case 'readmit':
      if (member.removalGround !== null && BARRING_GROUNDS.includes(member.removalGround)) throw errors.readmissionBarred({ ground: member.removalGround })
      return {
        columns: { removalGround: null, removalNote: null, appointmentDate: null, appointingBody: null, appointmentLetterNo: null, termEnd: null, ...CLEAR_SUSPENSION },
        reason: input.note ?? null,
        ground: null,
        details: null
      }
  }
}

/**
 * What a renewal warns about without refusing it: a member whose assessment average is below the ruleset's
 * threshold (officerAssessment, once there are enough assessments). The appointing body decides.
 */
export function renewalWarnings (standing: AssessmentStanding | null | undefined) {
  if (!standing?.belowThreshold || standing.average === null) return []
  return [{
    code: 'pool.renewal_low_assessment',
    message: `该人员 ${standing.count} 次考核的平均分为 ${standing.average} 分，低于听证规则规定的 ${standing.threshold} 分；续聘前请核实其履职情况`,
    average: standing.average,
    threshold: standing.threshold,
    count: standing.count
  }]
}
