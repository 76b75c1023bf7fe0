import type { DbOrTx } from '../../../db/client.js'
import { BASIC_CONDITIONS, type BasicCondition } from '../../../db/schema/enums.js'
import type { PoolSettings, VocabularyTerm } from '../../../db/schema/index.js'
import type { Actor } from '../../common/actor.js'
import { recordAudit } from '../audit/audit.recorder.js'
import * as repo from './pool.repository.js'
import type { MemberRow } from './pool.repository.js'
import { seesPersonalData } from './pool.access.rules.js'
import { effectiveStatus, roleColumns, rolesOf, trainingCutoff, type EffectiveStatus } from './pool.rules.js'
import type { MemberBody } from './pool.types.js'
import type { ConditionAttestation, EmployerDraft, MemberDraft, RelativeDraft, ValidMember } from './pool.validation.js'
import type { MemberWriter } from './pool.writer.js'

// A member with its child rows (vocabulary terms, attested conditions, relatives, declared employers): loaded, laid
// over as a draft, written and compared as one. The member use cases and the import share these.

/** A member with everything stored about it, as loaded for views, audits and updates. */
export type MemberAggregate = {
  row: MemberRow
  terms: VocabularyTerm[]
  conditions: Partial<Record<BasicCondition, ConditionAttestation>>
  relatives: (RelativeDraft & { id: number })[]
  employers: (EmployerDraft & { id: number, organisationName: string })[]
}

export function groupBy<T> (items: readonly T[], key: (item: T) => number) {
  const out = new Map<number, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = out.get(k)
    if (list) list.push(item)
    else out.set(k, [item])
  }
  return out
}

export function loadAggregates (db: DbOrTx, rows: readonly MemberRow[]): MemberAggregate[] {
  const ids = rows.map((r) => r.member.id)
  const terms = groupBy(repo.termsOf(db, ids), (t) => t.memberId)
  const conditions = groupBy(repo.conditionsOf(db, ids), (c) => c.memberId)
  const relatives = groupBy(repo.relativesOf(db, ids), (r) => r.memberId)
  const employers = groupBy(repo.employersOf(db, ids), (e) => e.employer.memberId)
  return rows.map((row) => {
    const id = row.member.id
    const own: Partial<Record<BasicCondition, ConditionAttestation>> = {}
    for (const c of conditions.get(id) ?? []) own[c.condition] = { attestedBy: c.attestedBy, attestedAt: c.attestedAt }
    return {
      row,
      terms: (terms.get(id) ?? []).map((t) => t.term),
      conditions: own,
      relatives: (relatives.get(id) ?? []).map((r) => ({ id: r.id, name: r.name, relation: r.relation, idNumber: r.idNumber })),
      employers: (employers.get(id) ?? []).map((e) => ({
        id: e.employer.id,
        organisationId: e.employer.organisationId,
        organisationName: e.organisationName,
        position: e.employer.position,
        fromDate: e.employer.fromDate,
        toDate: e.employer.toDate
      }))
    }
  })
}

/** The stored member as a draft, so a patch or an import row can be laid over it and validated as a whole. */
export function draftOf (agg: MemberAggregate): MemberDraft {
  const m = agg.row.member
  return {
    name: m.name,
    gender: m.gender,
    birthDate: m.birthDate,
    idNumber: m.idNumber,
    mobile: m.mobile,
    email: m.email,
    employerOrganisationId: m.employerOrganisationId,
    title: m.title,
    seniorTitle: m.seniorTitle,
    homeRegionId: m.homeRegionId,
    roles: rolesOf(m),
    sourceCategory: m.sourceCategory,
    professions: agg.terms.filter((t) => t.kind === 'profession').map((t) => t.code),
    specialties: agg.terms.filter((t) => t.kind === 'specialty').map((t) => t.code),
    conditions: { ...agg.conditions },
    consentCrossRegion: m.consentCrossRegion,
    remunerationKind: m.remunerationKind,
    feePerHalfDayYuan: m.feePerHalfDayYuan,
    relatives: agg.relatives.map(({ name, relation, idNumber }) => ({ name, relation, idNumber })),
    employers: agg.employers.map(({ organisationId, position, fromDate, toDate }) => ({ organisationId, position, fromDate, toDate })),
    note: m.note
  }
}

/** What the audit log keeps of a member (personal data is masked by the audit recorder). */
export function auditSnapshot (v: MemberDraft | ValidMember, extra: Record<string, unknown> = {}) {
  const { relatives, employers, conditions, ...rest } = v
  const { termIds: _t, ...plain } = rest as typeof rest & { termIds?: number[] }
  return { ...plain, conditions: { ...conditions }, relatives: relatives.map((r) => ({ ...r })), employers: employers.map((e) => ({ ...e })), ...extra }
}

function applyConditions (base: MemberDraft['conditions'], patch: MemberBody['conditions']) {
  const out = { ...base }
  if (!patch) return out
  for (const c of BASIC_CONDITIONS) {
    const value = patch[c]
    if (value === null) delete out[c]
    else if (value !== undefined) out[c] = value
  }
  return out
}

/** Lays an API body (whole or partial) over a draft. */
export function applyBody (base: MemberDraft, body: Partial<MemberBody>): MemberDraft {
  const pick = <T>(value: T | undefined, fallback: T): T => value === undefined ? fallback : value
  const remunerationKind = body.remuneration?.kind ?? base.remunerationKind
  return {
    name: pick(body.name, base.name),
    gender: pick(body.gender, base.gender),
    birthDate: pick(body.birthDate, base.birthDate),
    idNumber: pick(body.idNumber, base.idNumber),
    mobile: pick(body.mobile, base.mobile),
    email: pick(body.email, base.email),
    employerOrganisationId: pick(body.employerOrganisationId, base.employerOrganisationId),
    title: pick(body.title, base.title),
    seniorTitle: pick(body.seniorTitle, base.seniorTitle),
    homeRegionId: pick(body.homeRegionId, base.homeRegionId),
    roles: body.roles ? [...new Set(body.roles)] : base.roles,
    sourceCategory: pick(body.sourceCategory, base.sourceCategory),
    professions: pick(body.professions, base.professions),
    specialties: pick(body.specialties, base.specialties),
    conditions: applyConditions(base.conditions, body.conditions),
    consentCrossRegion: pick(body.consentCrossRegion, base.consentCrossRegion),
    remunerationKind,
    feePerHalfDayYuan: body.remuneration
      ? body.remuneration.feePerHalfDayYuan ?? null
      : base.feePerHalfDayYuan,
    relatives: body.relatives ? body.relatives.map((r) => ({ name: r.name, relation: r.relation ?? null, idNumber: r.idNumber ?? null })) : base.relatives,
    employers: body.employers ? body.employers.map((e) => ({ organisationId: e.organisationId, position: e.position ?? null, fromDate: e.fromDate ?? null, toDate: e.toDate ?? null })) : base.employers,
    note: pick(body.note, base.note)
  }
}

export const EMPTY_DRAFT: Omit<MemberDraft, 'name' | 'idNumber' | 'mobile' | 'homeRegionId' | 'roles' | 'sourceCategory'> = {
  gender: null,
  birthDate: null,
  email: null,
  employerOrganisationId: null,
  title: null,
  seniorTitle: false,
  professions: [],
  specialties: [],
  conditions: {},
  consentCrossRegion: false,
  remunerationKind: 'public_interest',
  feePerHalfDayYuan: null,
  relatives: [],
  employers: [],
  note: null
}

function memberColumns (v: ValidMember) {
  return {
    name: v.name,
    gender: v.gender,
    birthDate: v.birthDate,
    idNumber: v.idNumber,
    mobile: v.mobile,
    email: v.email,
    employerOrganisationId: v.employerOrganisationId,
    title: v.title,
    seniorTitle: v.seniorTitle,
    homeRegionId: v.homeRegionId,
    ...roleColumns(v.roles),
    sourceCategory: v.sourceCategory,
    consentCrossRegion: v.consentCrossRegion,
    remunerationKind: v.remunerationKind,
    feePerHalfDayYuan: v.feePerHalfDayYuan,
    note: v.note
  }
}

/**
 * Inserts a validated member with its child rows and its first history row; audits it unless `audit` is false (an
 * import audits created members with one summary row and records the file in each history row instead).
 */
export function insertMemberAggregate (tx: DbOrTx, { writer, actor, now, value, regionPath, audit = true, historyDetails = null }: {
  writer: MemberWriter, actor: Actor, now: Date, value: ValidMember, regionPath: string, audit?: boolean, historyDetails?: Record<string, unknown> | null
}) {
  const id = writer.insertMember({ ...memberColumns(value), status: 'candidate', createdAt: now, updatedAt: now })
  writer.replaceChildren(id, value)
  writer.insertHistory({ memberId: id, action: 'create', fromStatus: null, toStatus: 'candidate', details: historyDetails, actorUserId: actor.userId, actorName: actor.displayName, at: now })
  if (audit) recordAudit(tx, { actor, at: now, action: 'member.create', entityType: 'member', entityId: id, regionPath, after: auditSnapshot(value, { status: 'candidate' }) })
  return id
}

/** Rewrites a member from a validated draft and audits the difference. */
export function updateMemberAggregate (tx: DbOrTx, { writer, actor, now, before, value, regionPath, action = 'member.update' }: {
  writer: MemberWriter, actor: Actor, now: Date, before: MemberAggregate, value: ValidMember, regionPath: string, action?: string
}) {
  const id = before.row.member.id
  writer.rewriteMember(id, { ...memberColumns(value), version: before.row.member.version + 1, updatedAt: now })
  writer.replaceChildren(id, value)
  recordAudit(tx, { actor, at: now, action, entityType: 'member', entityId: id, regionPath, before: auditSnapshot(draftOf(before)), after: auditSnapshot(value) })
}

/** True when validating `draft` over `before` would change nothing stored. */
export function sameAsStored (before: MemberAggregate, value: ValidMember) {
  const stored = draftOf(before)
  const { termIds, ...rest } = value
  const storedTermIds = before.terms.map((t) => t.id).sort((a, b) => a - b)
  return JSON.stringify(normaliseForCompare(stored)) === JSON.stringify(normaliseForCompare(rest)) &&
    JSON.stringify([...termIds].sort((a, b) => a - b)) === JSON.stringify(storedTermIds)
}

function normaliseForCompare (d: MemberDraft) {
  const conditions = Object.fromEntries(BASIC_CONDITIONS.filter((c) => d.conditions[c]).map((c) => [c, d.conditions[c]]))
  return { ...d, roles: [...d.roles].sort(), professions: [...d.professions].sort(), specialties: [...d.specialties].sort(), conditions }
}

/** A member row as the lists show it. */
export type DescribedMember = {
  row: MemberRow
  terms: VocabularyTerm[]
  status: EffectiveStatus
  trainedHost: boolean
  fullAccess: boolean
  shared: boolean
}

/** Rows as the lists and the detail show them: terms, effective status, trained host, what the actor may see in full. */
export function describeMembers (tx: DbOrTx, actor: Actor, rows: readonly MemberRow[], { today, settings }: { today: string, settings: PoolSettings }): DescribedMember[] {
  const cutoff = trainingCutoff(today, settings.trainedHostYears)
  const terms = groupBy(repo.termsOf(tx, rows.map((r) => r.member.id)), (t) => t.memberId)
  return rows.map((row) => ({
    row,
    terms: (terms.get(row.member.id) ?? []).map((t) => t.term),
    status: effectiveStatus(row.member, today),
    trainedHost: row.member.roleHost && row.member.lastTrainingOn !== null && row.member.lastTrainingOn >= cutoff,
    fullAccess: seesPersonalData(actor, row.regionPath),
    shared: actor.scopePath !== null && !row.regionPath.startsWith(actor.scopePath)
  }))
}
