import { BASIC_CONDITIONS } from '../../../db/schema/enums.js'
import type { MemberStatusChange, MemberTraining, MemberUnavailability, PoolSettings, VocabularyTerm } from '../../../db/schema/index.js'
import { maskIdNumber, maskPhone } from '../../common/personal-data.js'
import { toApiTime } from '../../common/time.js'
import type { DescribedMember, MemberAggregate } from './pool.aggregate.js'
import type { AssessmentStanding } from './pool.types.js'
import {
  BASIC_CONDITION_LABELS, MEMBER_ACTION_LABELS, MEMBER_ROLE_LABELS, REMOVAL_GROUND_LABELS, REMUNERATION_KIND_LABELS,
  SOURCE_CATEGORY_LABELS, STATUS_LABELS, UNAVAILABILITY_KIND_LABELS, feeCap, rolesOf, type MemberAction
} from './pool.rules.js'

function maskEmail (email: string) {
  const [local, domain] = email.split('@')
  return `${(local ?? '').slice(0, 1)}***@${domain ?? ''}`
}

export function memberSummaryView ({ row, terms, status, trainedHost, fullAccess, shared }: DescribedMember) {
  const m = row.member
  const roles = rolesOf(m)
  return {
    id: m.id,
    name: m.name,
    gender: m.gender,
    birthDate: fullAccess ? m.birthDate : `${m.birthDate.slice(0, 4)}-**-**`,
    idNumber: fullAccess ? m.idNumber : maskIdNumber(m.idNumber),
    mobile: fullAccess ? m.mobile : maskPhone(m.mobile),
    email: m.email === null ? null : fullAccess ? m.email : maskEmail(m.email),
    personalDataMasked: !fullAccess,
    sharedFromOtherRegion: shared,
    employer: m.employerOrganisationId === null ? null : { id: m.employerOrganisationId, name: row.employerName ?? '' },
    title: m.title,
    seniorTitle: m.seniorTitle,
    homeRegion: { id: m.homeRegionId, name: row.regionName },
    roles,
    roleLabels: roles.map((r) => MEMBER_ROLE_LABELS[r]),
    sourceCategory: m.sourceCategory,
    sourceCategoryLabel: SOURCE_CATEGORY_LABELS[m.sourceCategory],
    professions: terms.filter((t) => t.kind === 'profession').map((t) => ({ code: t.code, label: t.label })),
    specialties: terms.filter((t) => t.kind === 'specialty').map((t) => ({ code: t.code, label: t.label })),
    status,
    statusLabel: STATUS_LABELS[status],
    eligible: status === 'active',
    termEnd: m.termEnd,
    trainedHost,
    consentCrossRegion: m.consentCrossRegion,
    version: m.version,
    updatedAt: toApiTime(m.updatedAt)
  }
}

export function trainingView (t: MemberTraining) {
  return { id: t.id, course: t.course, trainedOn: t.trainedOn, hours: t.hours, certificateNo: t.certificateNo, provider: t.provider }
}

export function unavailabilityView (u: MemberUnavailability) {
  return { id: u.id, startsAt: toApiTime(u.startsAt), endsAt: toApiTime(u.endsAt), kind: u.kind, kindLabel: UNAVAILABILITY_KIND_LABELS[u.kind], note: u.note }
}

export function statusChangeView (h: MemberStatusChange) {
  return {
    action: h.action,
    actionLabel: MEMBER_ACTION_LABELS[h.action as MemberAction | 'create'] ?? h.action,
    fromStatus: h.fromStatus,
    toStatus: h.toStatus,
    reason: h.reason,
    ground: h.ground,
    groundLabel: h.ground ? REMOVAL_GROUND_LABELS[h.ground] : null,
    details: h.details ?? null,
    actorName: h.actorName,
    at: toApiTime(h.at)
  }
}

export function memberDetailView (d: DescribedMember & {
  aggregate: MemberAggregate
  trainings: MemberTraining[]
  unavailability: MemberUnavailability[]
  history: MemberStatusChange[]
  allowedActions: MemberAction[]
  linkedUser?: { id: number, username: string, displayName: string } | null | undefined
  assessment?: AssessmentStanding | null | undefined
}, settings: PoolSettings) {
  const m = d.row.member
  return {
    ...memberSummaryView(d),
    remuneration: {
      kind: m.remunerationKind,
      kindLabel: REMUNERATION_KIND_LABELS[m.remunerationKind],
      feePerHalfDayYuan: m.feePerHalfDayYuan,
      capYuan: feeCap(settings, m.seniorTitle)
    },
    conditions: BASIC_CONDITIONS.map((c) => {
      const a = d.aggregate.conditions[c]
      return { condition: c, label: BASIC_CONDITION_LABELS[c], attested: a !== undefined, attestedBy: a?.attestedBy ?? null, attestedAt: a?.attestedAt ?? null }
    }),
    appointment: { appointmentDate: m.appointmentDate, appointingBody: m.appointingBody, letterNumber: m.appointmentLetterNo, termEnd: m.termEnd },
    suspension: m.status === 'suspended' ? { reason: m.suspensionReason, until: m.suspendedUntil } : null,
    removal: m.status === 'removed' && m.removalGround ? { ground: m.removalGround, groundLabel: REMOVAL_GROUND_LABELS[m.removalGround], note: m.removalNote } : null,
    relatives: d.aggregate.relatives.map((r) => ({
      id: r.id, name: r.name, relation: r.relation, idNumber: r.idNumber === null ? null : d.fullAccess ? r.idNumber : maskIdNumber(r.idNumber)
    })),
    employers: d.aggregate.employers.map((e) => ({
      id: e.id, organisationId: e.organisationId, organisationName: e.organisationName, position: e.position, fromDate: e.fromDate, toDate: e.toDate
    })),
    trainings: d.trainings.map(trainingView),
    unavailability: d.unavailability.map(unavailabilityView),
    history: d.history.map(statusChangeView),
    allowedActions: d.allowedActions,
    linkedUser: d.linkedUser ?? null,
    note: m.note,
    createdAt: toApiTime(m.createdAt),
    assessment: d.assessment ?? null
  }
}

export function settingsView (s: PoolSettings) {
  return {
    feeCapYuan: s.feeCapYuan,
    seniorFeeCapYuan: s.seniorFeeCapYuan,
    trainedHostYears: s.trainedHostYears,
    defaultTermYears: s.defaultTermYears,
    termEndingSoonDays: s.termEndingSoonDays,
    version: s.version,
    updatedAt: toApiTime(s.updatedAt),
    updatedBy: s.updatedBy
  }
}

export function termView (t: VocabularyTerm) {
  return { id: t.id, kind: t.kind, code: t.code, label: t.label, active: t.active, sortOrder: t.sortOrder, version: t.version }
}

export const labelled = <K extends string>(labels: Record<K, string>) => (Object.entries(labels) as [K, string][]).map(([code, label]) => ({ code, label }))
