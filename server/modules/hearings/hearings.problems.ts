import { evaluateEligibility, type ExclusionCode } from '../draw/draw.eligibility.js'
import type { EligibilityCandidate, EligibilityHearing } from '../draw/draw.types.js'
import { noticeLeadTimeOk } from '../matters/matters.time-limits.rules.js'
import { shanghaiDateOf, addCalendarDays, type IsoDate } from '../../common/dates.js'
import type { WorkCalendar } from '../../common/workdays.js'
import { DEFAULT_RULESET } from '../rulesets/rulesets.config.js'
import { hearingDeadlineIssues, type HearingDeadline } from '../matters/matters.deadlines.service.js'
import type { RulesetConfig, CompositionRule } from '../rulesets/rulesets.config.js'
import type { HearingProcedure } from '../../../db/schema/index.js'
import { messagePeriod } from '../../common/time.js'
import { MEMBER_ROLE_LABELS } from '../pool/pool.rules.js'

export const PROBLEM_TYPES = [
  'time_invalid', 'in_past', 'matter_not_hearable', 'privacy', 'venue_inactive', 'venue_double_booked',
  'person_double_booked', 'member_unavailable', 'member_not_active', 'member_out_of_term', 'member_lacks_role',
  'host_not_trained', 'same_person_twice', 'recusal', 'cap_exceeded', 'cooling_off', 'cross_region',
  'notice_too_short', 'panel_size', 'panel_composition', 'after_deadline', 'decision_time_short'
] as const
export type ProblemType = typeof PROBLEM_TYPES[number]

export type Problem = {
  type: ProblemType
  severity: 'error' | 'warning'
  subject: { kind: 'hearing' | 'matter' | 'venue' | 'host' | 'recorder' | 'officer' | 'third_party', id: number | null, name?: string | undefined }
  message: string
  code?: string | undefined
}

export type PersonCandidate = EligibilityCandidate & { name: string, roleHost: boolean, roleRecorder: boolean, lastTrainingOn: string | null }

export type ProblemInput = {
  now: number
  hearing: EligibilityHearing & { procedure: HearingProcedure, isPublic: boolean, panelSize: number }
  matter: { id: number, hearable: boolean, reasons: { code: string, message: string }[], confidentiality: { code: string, message: string }[] }
  venue: { id: number, name: string, active: boolean } | null
  /** Other hearings at the venue in the period, named in messages by their matter's case number and time. */
  venueClashes: { id: number, start: number, end: number, caseNumber: string }[]
  host: PersonCandidate | null
  recorder: PersonCandidate | null
  /** Active official panel members (after a draw); empty before. */
  panel: PersonCandidate[]
  /** Active third-party participants from the pool, in the order they were added (a proposed one last). */
  thirdParties?: PersonCandidate[] | undefined
  drawn: boolean
  ruleset: RulesetConfig
  trainedHostYears: number
  noticeServedOn: IsoDate | null
  /** The open stage's due date as it stands with this hearing (hearing time taken out where the stage excludes it). */
  deadline?: HearingDeadline | null | undefined
  /** The petitioner agreed to a shorter notice period (recorded with the notice). */
  noticeWaived?: boolean | undefined
  calendar: WorkCalendar
  /** Granted recusal requests against this hearing's host or recorder. */
  recused?: { kind: 'host' | 'recorder' | 'officer', memberId: number }[] | undefined
}

const EXCLUSION_TO_PROBLEM: Record<ExclusionCode, ProblemType | null> = {
  not_active: 'member_not_active',
  out_of_term: 'member_out_of_term',
  no_officer_role: 'member_lacks_role',
  unavailable: 'member_unavailable',
  double_booked: 'person_double_booked',
  cap_week_exceeded: 'cap_exceeded',
  cap_month_exceeded: 'cap_exceeded',
  cooling_off: 'cooling_off',
  employed_by_respondent: 'recusal',
  same_home_community: 'recusal',
  declared_relative: 'recusal',
  served_on_matter: 'recusal',
  is_host: 'same_person_twice',
  is_recorder: 'same_person_twice',
  cross_region_no_consent: 'cross_region',
  cross_region_not_allowed: 'cross_region',
  // a person who investigated or handled the matter sits in no seat of its hearings, the host's included
  handled_matter: 'recusal'
}

/** Codes that do not apply to the host or the recorder (they are not drawn officers). */
const NOT_FOR_STAFF = new Set<ExclusionCode>(['no_officer_role', 'is_host', 'is_recorder', 'cap_week_exceeded', 'cap_month_exceeded', 'cooling_off', 'served_on_matter', 'cross_region_no_consent', 'cross_region_not_allowed'])

/**
 * Codes that do not apply to a third party: their own role is checked instead of the officer role, and caps,
 * cooling-off and cross-region drawing rules are about drawn officers. Everything else (status, term,
 * unavailability, double booking, every recusal ground, being the host or recorder) applies as to an officer.
 */
const NOT_FOR_THIRD_PARTIES = new Set<ExclusionCode>(['no_officer_role', 'cap_week_exceeded', 'cap_month_exceeded', 'cooling_off', 'cross_region_no_consent', 'cross_region_not_allowed'])

const ROLE_NAMES = MEMBER_ROLE_LABELS

/** What the seed's precondition for third parties names (S0), by hearability's confidentiality code. */
const CONFIDENTIAL_MATTERS: Record<string, string> = { state_secret: '国家秘密', commercial_secret: '商业秘密', privacy: '个人隐私' }

function personProblems (kind: 'host' | 'recorder' | 'officer' | 'third_party', person: PersonCandidate, input: ProblemInput): Problem[] {
  const rules = { caps: input.ruleset.caps, coolingOffDays: input.ruleset.coolingOffDays, travelBufferMinutes: input.ruleset.travelBufferMinutes, crossRegion: input.ruleset.crossRegion }
  const hearing = kind === 'officer' || kind === 'third_party' ? input.hearing : { ...input.hearing, hostId: null, recorderId: null }
  const { excluded } = evaluateEligibility({ candidates: [person], hearing, rules })
  const skipped = kind === 'third_party' ? NOT_FOR_THIRD_PARTIES : kind === 'officer' ? null : NOT_FOR_STAFF
  const out: Problem[] = []
  for (const reason of excluded[0]?.reasons ?? []) {
    if (skipped?.has(reason.code)) continue
    const type = EXCLUSION_TO_PROBLEM[reason.code]
    if (!type) continue
    out.push({ type, severity: 'error', subject: { kind, id: person.id, name: person.name }, code: reason.code, message: `${ROLE_NAMES[kind]}${person.name}：${reason.message}` })
  }
  return out
}

/** A third party is checked like an officer, holds the third-party role, sits once, and never on a confidential matter. */
function thirdPartyProblems (person: PersonCandidate, input: ProblemInput, seen: Set<number>): Problem[] {
  const subject = { kind: 'third_party' as const, id: person.id, name: person.name }
  const label = `${ROLE_NAMES.third_party}${person.name}`
  const out = personProblems('third_party', person, input)
  if (!person.roles.includes('third_party')) out.push({ type: 'member_lacks_role', severity: 'error', subject, message: `${person.name}不具有第三方参与人员资格` })
  for (const c of input.matter.confidentiality) {
    const what = CONFIDENTIAL_MATTERS[c.code] ?? c.message
    out.push({ type: 'privacy', severity: 'error', subject, code: c.code, message: `${label}：本信访事项涉及${what}，不邀请第三方参与` })
  }
  if (input.panel.some((p) => p.id === person.id)) out.push({ type: 'same_person_twice', severity: 'error', subject, message: `${label}：已是本场听证的听证员` })
  if (seen.has(person.id)) out.push({ type: 'same_person_twice', severity: 'error', subject, message: `${label}已是本场听证的第三方参与人员` })
  seen.add(person.id)
  return out
}

function compositionMet (rule: CompositionRule, panel: PersonCandidate[]) {
  return panel.filter((p) => (p.attributes?.[rule.match.field] ?? []).some((v) => rule.match.anyOf.includes(v))).length >= rule.min
}

/**
 * Every problem of a proposed or existing hearing, as a typed list with severities. Pure: the service
 * loads the data, calls this in a preview, and calls it again inside the write transaction.
 */
export function hearingProblems (input: ProblemInput): Problem[] {
  const problems: Problem[] = []
  const { hearing, ruleset } = input
  const hearingSubject = { kind: 'hearing' as const, id: hearing.hearingId ?? null }

  if (!(hearing.end > hearing.start)) problems.push({ type: 'time_invalid', severity: 'error', subject: hearingSubject, message: '结束时间必须晚于开始时间' })
  else if (hearing.end - hearing.start > 12 * 3600_000) problems.push({ type: 'time_invalid', severity: 'error', subject: hearingSubject, message: '一场听证不能超过 12 小时' })
  if (hearing.start < input.now) problems.push({ type: 'in_past', severity: 'error', subject: hearingSubject, message: '听证开始时间已过' })

  if (!input.matter.hearable) {
    for (const r of input.matter.reasons) problems.push({ type: 'matter_not_hearable', severity: 'error', subject: { kind: 'matter', id: input.matter.id }, code: r.code, message: r.message })
  }
  if (input.matter.hearable && hearing.isPublic) {
    for (const c of input.matter.confidentiality) problems.push({ type: 'privacy', severity: 'error', subject: { kind: 'matter', id: input.matter.id }, code: c.code, message: c.message })
  }

  if (input.venue) {
    if (!input.venue.active) problems.push({ type: 'venue_inactive', severity: 'error', subject: { kind: 'venue', id: input.venue.id, name: input.venue.name }, message: `场所“${input.venue.name}”已停用` })
    for (const c of input.venueClashes) {
      problems.push({ type: 'venue_double_booked', severity: 'error', subject: { kind: 'venue', id: input.venue.id, name: input.venue.name }, message: `场所“${input.venue.name}”在该时段已安排${c.caseNumber}的听证（${messagePeriod(c.start, c.end)}）` })
    }
  }

  if (input.host) {
    problems.push(...personProblems('host', input.host, input))
    if (!input.host.roleHost) problems.push({ type: 'member_lacks_role', severity: 'error', subject: { kind: 'host', id: input.host.id, name: input.host.name }, message: `${input.host.name}不具有主持人资格` })
    else {
      const since = addCalendarDays(shanghaiDateOf(input.now), -Math.round(input.trainedHostYears * 365.25))
      if (input.host.lastTrainingOn === null || input.host.lastTrainingOn < since) {
        problems.push({ type: 'host_not_trained', severity: 'error', subject: { kind: 'host', id: input.host.id, name: input.host.name }, message: `主持人${input.host.name}近 ${input.trainedHostYears} 年内没有培训记录` })
      }
    }
  }
  if (input.recorder) {
    problems.push(...personProblems('recorder', input.recorder, input))
    if (!input.recorder.roleRecorder) problems.push({ type: 'member_lacks_role', severity: 'error', subject: { kind: 'recorder', id: input.recorder.id, name: input.recorder.name }, message: `${input.recorder.name}不具有记录员资格` })
  }
  for (const r of input.recused ?? []) {
    const person = r.kind === 'host' ? input.host : r.kind === 'recorder' ? input.recorder : null
    if (person && person.id === r.memberId) {
      problems.push({ type: 'recusal', severity: 'error', subject: { kind: r.kind, id: person.id, name: person.name }, code: 'recusal_granted', message: `对${ROLE_NAMES[r.kind]}${person.name}的回避申请已决定回避，须另行指定` })
    }
  }
  if (input.host && input.recorder && input.host.id === input.recorder.id) {
    problems.push({ type: 'same_person_twice', severity: 'error', subject: { kind: 'recorder', id: input.recorder.id, name: input.recorder.name }, message: '主持人和记录员不能是同一人' })
  }
  for (const member of input.panel) problems.push(...personProblems('officer', member, input))
  const seenThirdParties = new Set<number>()
  for (const person of input.thirdParties ?? []) problems.push(...thirdPartyProblems(person, input, seenThirdParties))

  const size = ruleset.panel[hearing.procedure]
  if (hearing.panelSize < size.min || hearing.panelSize > size.max || (size.odd && hearing.panelSize % 2 === 0)) {
    problems.push({ type: 'panel_size', severity: 'error', subject: hearingSubject, message: `${hearing.procedure === 'general' ? '一般' : '简易'}程序听证员应为 ${size.min}–${size.max} 人${size.odd ? '且为单数' : ''}，当前为 ${hearing.panelSize} 人` })
  }
  if (input.drawn) {
    if (input.panel.length < hearing.panelSize) {
      problems.push({ type: 'panel_size', severity: 'error', subject: hearingSubject, message: `听证员尚缺 ${hearing.panelSize - input.panel.length} 人（已确定 ${input.panel.length} 人，应为 ${hearing.panelSize} 人）` })
    }
    for (const rule of ruleset.composition.filter((r) => r.appliesTo.includes(hearing.procedure))) {
      if (!compositionMet(rule, input.panel)) problems.push({ type: 'panel_composition', severity: 'error', subject: hearingSubject, message: `组成要求未满足：至少 ${rule.min} 名${rule.label}` })
    }
  }

  const served = input.noticeServedOn ?? shanghaiDateOf(input.now)
  const lead = noticeLeadTimeOk(served, shanghaiDateOf(hearing.start), ruleset.noticeLeadTime[hearing.procedure], input.calendar)
  if (!lead.ok && !input.noticeWaived) {
    problems.push({
      type: 'notice_too_short',
      // Before service the check is a forecast: serving the notice (action notify) is what the lead time binds,
      // and there the petitioner may agree to a shorter period. A recorded service date that breaks it is an error.
      severity: input.noticeServedOn ? 'error' : 'warning',
      subject: hearingSubject,
      message: `${lead.message}${input.noticeServedOn ? '' : `（按今天 ${served} 送达计算，最晚 ${lead.latestServiceDate} 送达；信访人同意缩短期限的，送达时登记其意见）`}`
    })
  }
  // the stage's time limit: a hearing after it, or too close to it, leaves no time for the decision
  for (const issue of hearingDeadlineIssues(input.deadline, shanghaiDateOf(hearing.start), ruleset.hearingTiming ?? DEFAULT_RULESET.hearingTiming)) {
    problems.push({ type: issue.type, severity: issue.severity, subject: hearingSubject, message: issue.message })
  }
  return problems
}

export const hasErrors = (problems: Problem[]) => problems.some((p) => p.severity === 'error')
