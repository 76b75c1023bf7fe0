import type { Db, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import {
  BASIC_CONDITIONS,
  type BasicCondition, type Gender, type Member, type MemberRole, type MemberStatus, type PoolSettings, type RemovalGround,
  type RemunerationKind, type SourceCategory, type UnavailabilityKind, type VocabularyKind, type VocabularyTerm
} from '../../../db/schema/index.js'
import type { Clock } from '../../shared/clock.js'
import { systemActor, type Actor } from '../../shared/actor.js'
import { parseApiTime } from '../../shared/time.js'
import { DomainError, versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { requireRegion } from '../regions/regions.service.js'
import { requireOrganisation } from '../organisations/organisations.service.js'
import * as repo from './pool.repository.js'
import type { MemberRow, MemberSort } from './pool.repository.js'
import { mayChangeMember, mayView, poolVisibility, seesPersonalData } from './pool.access.rules.js'
import {
  BARRING_GROUNDS, BASIC_CONDITION_LABELS, MEMBER_ACTION_LABELS, STATUS_LABELS, addDays, allowedActions, chinaDayStart, chinaToday,
  defaultTermEnd, effectiveStatus, isIsoDate, nextStatus, roleColumns, rolesOf, trainingCutoff, type EffectiveStatus, type MemberAction
} from './pool.rules.js'
import {
  indexVocabulary, validateMemberDraft, type ConditionAttestation, type EmployerDraft, type MemberDraft, type Problem,
  type RelativeDraft, type ValidMember, type ValidationContext
} from './pool.validation.js'
import * as errors from './pool.errors.js'
import { memberWriter, type MemberWriter } from './pool.writer.js'

export type PoolService = ReturnType<typeof createPoolService>

/** A member with everything stored about it, as loaded for views, audits and updates. */
export type MemberAggregate = {
  row: MemberRow
  terms: VocabularyTerm[]
  conditions: Partial<Record<BasicCondition, ConditionAttestation>>
  relatives: (RelativeDraft & { id: number })[]
  employers: (EmployerDraft & { id: number, organisationName: string })[]
}

export type MemberBody = {
  name: string
  gender?: Gender | undefined
  birthDate?: string | undefined
  idNumber: string
  mobile: string
  email?: string | null | undefined
  employerOrganisationId?: number | null | undefined
  title?: string | null | undefined
  seniorTitle?: boolean | undefined
  homeRegionId: number
  roles: MemberRole[]
  sourceCategory: SourceCategory
  professions?: string[] | undefined
  specialties?: string[] | undefined
  conditions?: Partial<Record<BasicCondition, ConditionAttestation | null>> | undefined
  consentCrossRegion?: boolean | undefined
  remuneration?: { kind: RemunerationKind, feePerHalfDayYuan?: number | null | undefined } | undefined
  relatives?: { name: string, relation?: string | null | undefined, idNumber?: string | null | undefined }[] | undefined
  employers?: { organisationId: number, position?: string | null | undefined, fromDate?: string | null | undefined, toDate?: string | null | undefined }[] | undefined
  note?: string | null | undefined
}

export type MemberPatch = Partial<MemberBody> & { version: number }

export type MemberQuery = {
  regionId?: number | undefined
  role?: MemberRole | undefined
  sourceCategory?: SourceCategory | undefined
  profession?: string | undefined
  specialty?: string | undefined
  status?: EffectiveStatus | undefined
  termEndingWithinDays?: number | undefined
  trainedHost?: boolean | undefined
  consentCrossRegion?: boolean | undefined
  q?: string | undefined
  sort?: MemberSort | undefined
  order?: 'asc' | 'desc' | undefined
}

export type TransitionInput =
  | { action: 'appoint' | 'renew', appointmentDate: string, appointingBody: string, letterNumber?: string | null | undefined, termEnd?: string | undefined, version: number }
  | { action: 'suspend', reason: string, until?: string | null | undefined, version: number }
  | { action: 'reinstate' | 'readmit', note?: string | undefined, version: number }
  | { action: 'remove', ground: RemovalGround, note?: string | undefined, version: number }

const PROBLEM_FACTORIES: Record<string, (extra?: Record<string, unknown>) => DomainError> = {
  'pool.invalid_id_number': errors.invalidIdNumber,
  'pool.inconsistent_with_id_number': errors.inconsistentWithIdNumber,
  'pool.invalid_mobile': errors.invalidMobile,
  'pool.invalid_email': errors.invalidEmail,
  'pool.invalid_date': errors.invalidDate,
  'pool.unknown_vocabulary': errors.unknownVocabulary,
  'pool.fee_required': errors.feeRequired,
  'pool.fee_not_allowed': errors.feeNotAllowed,
  'pool.fee_above_cap': errors.feeAboveCap,
  'pool.invalid_member': errors.invalidMember
}

/** The first problem decides the code; every problem is listed in `errors`. */
export function problemsError (problems: readonly Problem[]) {
  const first = problems[0]!
  const factory = PROBLEM_FACTORIES[first.code] ?? errors.invalidMember
  return factory({ errors: problems.map((p) => ({ in: 'body', field: p.field, message: p.message })) })
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

function groupBy<T> (items: readonly T[], key: (item: T) => number) {
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

// ---------------------------------------------------------------------------------------------------------------
// Lifecycle changes, one member or many

export type BulkAppointmentInput = {
  memberIds: number[]
  action: 'appoint' | 'renew'
  appointmentDate: string
  appointingBody: string
  letterNumber?: string | null | undefined
  termEnd?: string | undefined
}

export type BulkTrainingInput = {
  memberIds: number[]
  course: string
  trainedOn: string
  hours: number
  certificateNo?: string | null | undefined
  provider?: string | null | undefined
}

/** Why one member of a bulk request cannot be changed. */
export type BulkFailure = { memberId: number, code: string, message: string }

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
  input: TransitionInput, member: Member, today: string, settings: PoolSettings, attested: ReadonlySet<BasicCondition>
}): PlannedTransition {
  const from = effectiveStatus(member, today)
  const to = nextStatus(from, input.action)
  if (to === null) {
    throw errors.invalidTransition({ from, action: input.action, allowedActions: allowedActions(from) }, `当前状态为“${STATUS_LABELS[from]}”，不能${MEMBER_ACTION_LABELS[input.action]}`)
  }
  return { action: input.action, from, to, changes: planChange({ input, member, today, settings, attested }) }
}

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

/** The members of a bulk request the actor may change, and a failure for each other id (unseen ones as if missing). */
function bulkRows (tx: DbOrTx, actor: Actor, ids: readonly number[]) {
  const seen = new Set<number>()
  for (const [i, id] of ids.entries()) {
    if (seen.has(id)) throw errors.invalidMember({ errors: [{ in: 'body', field: `memberIds.${i}`, message: `人员 ${id} 重复出现` }] })
    seen.add(id)
  }
  const byId = new Map(repo.findMembersByIds(tx, ids).map((r) => [r.member.id, r]))
  const found: MemberRow[] = []
  const failures: BulkFailure[] = []
  for (const id of ids) {
    const row = byId.get(id)
    if (!row || !mayView(actor, { homeRegionPath: row.regionPath, consentCrossRegion: row.member.consentCrossRegion, status: row.member.status })) {
      failures.push({ memberId: id, code: 'pool.member_not_found', message: `人员 ${id}：听证员库中没有该人员，或不在您的权限范围内` })
    } else if (!mayChangeMember(actor, row.regionPath)) {
      failures.push({ memberId: id, code: 'pool.member_not_editable', message: `${row.member.name}：只能修改常住地在本辖区的人员` })
    } else found.push(row)
  }
  return { found, failures }
}

function assertNoFailures (failures: BulkFailure[], what: string) {
  if (failures.length > 0) throw errors.bulkRejected({ failures }, `${failures.length} 名人员不能${what}，未作任何更改：${failures.map((f) => f.message).join('；')}`)
}

/** The login account linked to a pool member (an accounts concern, given by the composition root). */
export type LinkedAccountOf = (db: DbOrTx, memberId: number) => { id: number, username: string, displayName: string } | undefined

export function createPoolService ({ db, clock, linkedAccountOf }: { db: Db, clock: Clock, linkedAccountOf: LinkedAccountOf }) {
  const today = () => chinaToday(clock.now())
  const writer = () => memberWriter(db.$client)

  function validationContext (tx: DbOrTx, currentTermIds?: ReadonlySet<number>): ValidationContext {
    const ctx: ValidationContext = { today: today(), settings: repo.getSettings(tx), vocabulary: indexVocabulary(repo.listVocabulary(tx)) }
    if (currentTermIds) ctx.currentTermIds = currentTermIds
    return ctx
  }

  function requireVisible (tx: DbOrTx, actor: Actor, id: number): MemberRow {
    const row = repo.findMember(tx, id)
    if (!row || !mayView(actor, { homeRegionPath: row.regionPath, consentCrossRegion: row.member.consentCrossRegion, status: row.member.status })) {
      throw errors.memberNotFound({ memberId: id })
    }
    return row
  }

  /** 404 when the actor cannot see the member; 403 when they see it (shared across regions) but may not change it. */
  function requireWritable (tx: DbOrTx, actor: Actor, id: number): MemberRow {
    const row = requireVisible(tx, actor, id)
    if (!mayChangeMember(actor, row.regionPath)) throw errors.memberNotEditable({ memberId: id })
    return row
  }

  /** Database checks after the pure validation: home region within the actor's reach, organisations exist, ID unique. */
  function checkReferences (tx: DbOrTx, actor: Actor, value: ValidMember, ownId?: number) {
    const region = requireRegion(tx, actor, value.homeRegionId)
    if (value.employerOrganisationId !== null) requireOrganisation(tx, value.employerOrganisationId)
    for (const e of value.employers) requireOrganisation(tx, e.organisationId)
    const other = repo.findIdByIdNumber(tx, value.idNumber)
    if (other !== undefined && other !== ownId) throw errors.duplicateIdNumber({ errors: [{ in: 'body', field: 'idNumber', message: '该身份证号已在听证员库中登记' }] })
    return region
  }

  function settingsNow () {
    return repo.getSettings(db)
  }

  function filterFor (tx: DbOrTx, actor: Actor, query: MemberQuery, settings: PoolSettings): repo.MemberFilter {
    const day = today()
    const termIds: number[] = []
    for (const [kind, code] of [['profession', query.profession], ['specialty', query.specialty]] as const) {
      if (code === undefined) continue
      const term = repo.findTermByCode(tx, kind, code)
      if (!term) throw errors.unknownVocabulary({ errors: [{ in: 'querystring', field: kind, message: `“${code}”不是可选的${kind === 'profession' ? '职业' : '专业特长'}` }] })
      termIds.push(term.id)
    }
    return {
      visibility: poolVisibility(actor),
      today: day,
      regionPath: query.regionId !== undefined ? requireRegion(tx, systemActor(), query.regionId).path : undefined,
      role: query.role,
      sourceCategory: query.sourceCategory,
      termIds,
      status: query.status,
      termEndingUntil: query.termEndingWithinDays !== undefined ? addDays(day, query.termEndingWithinDays) : undefined,
      trainedHost: query.trainedHost,
      trainingCutoff: trainingCutoff(day, settings.trainedHostYears),
      consentCrossRegion: query.consentCrossRegion,
      q: query.q
    }
  }

  function describe (actor: Actor, rows: MemberRow[], tx: DbOrTx = db, settings: PoolSettings = repo.getSettings(tx)) {
    const day = today()
    const cutoff = trainingCutoff(day, settings.trainedHostYears)
    const terms = groupBy(repo.termsOf(tx, rows.map((r) => r.member.id)), (t) => t.memberId)
    return rows.map((row) => ({
      row,
      terms: (terms.get(row.member.id) ?? []).map((t) => t.term),
      status: effectiveStatus(row.member, day),
      trainedHost: row.member.roleHost && row.member.lastTrainingOn !== null && row.member.lastTrainingOn >= cutoff,
      fullAccess: seesPersonalData(actor, row.regionPath),
      shared: actor.scopePath !== null && !row.regionPath.startsWith(actor.scopePath)
    }))
  }

  function detail (actor: Actor, id: number, tx: DbOrTx = db) {
    const row = requireVisible(tx, actor, id)
    const [agg] = loadAggregates(tx, [row])
    const [summary] = describe(actor, [row], tx)
    return {
      ...summary!,
      aggregate: agg!,
      trainings: repo.trainingsOf(tx, id),
      unavailability: repo.unavailabilityOf(tx, id),
      history: repo.historyOf(tx, id),
      allowedActions: mayChangeMember(actor, row.regionPath) ? allowedActions(summary!.status) : [],
      linkedUser: linkedAccountOf(tx, id) ?? null
    }
  }

  return {
    today,

    search (actor: Actor, query: MemberQuery & { page: number, pageSize: number }) {
      const settings = settingsNow()
      const filter = filterFor(db, actor, query, settings)
      const { items, total } = repo.searchMembers(db, filter, {
        sort: query.sort ?? 'name',
        order: query.order ?? 'asc',
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize
      })
      return { items: describe(actor, items, db, settings), total }
    },

    /** Every member matching the filter (for export); refuses more than `max`. */
    exportRows (actor: Actor, query: MemberQuery, max: number) {
      const settings = settingsNow()
      const filter = filterFor(db, actor, query, settings)
      const total = repo.countMembers(db, filter)
      if (total > max) throw errors.exportTooLarge({ total, max })
      const { items } = repo.searchMembers(db, filter, { sort: query.sort ?? 'name', order: query.order ?? 'asc', limit: max, offset: 0 })
      const described = describe(actor, items)
      const aggregates = loadAggregates(db, items)
      return described.map((d, i) => ({ ...d, aggregate: aggregates[i]! }))
    },

    get (actor: Actor, id: number) {
      return detail(actor, id)
    },

    create (actor: Actor, body: MemberBody) {
      const id = writeTransaction(db, (tx) => {
        const base: MemberDraft = {
          ...EMPTY_DRAFT, name: body.name, idNumber: body.idNumber, mobile: body.mobile, homeRegionId: body.homeRegionId, roles: body.roles, sourceCategory: body.sourceCategory
        }
        const draft = applyBody(base, body)
        const { value, problems } = validateMemberDraft(draft, validationContext(tx))
        if (!value) throw problemsError(problems)
        const region = checkReferences(tx, actor, value)
        return insertMemberAggregate(tx, { writer: writer(), actor, now: clock.now(), value, regionPath: region.path })
      })
      return detail(actor, id)
    },

    update (actor: Actor, id: number, patch: MemberPatch) {
      writeTransaction(db, (tx) => {
        const row = requireWritable(tx, actor, id)
        if (patch.version !== row.member.version) throw versionConflict({ currentVersion: row.member.version })
        const [before] = loadAggregates(tx, [row])
        const { version: _v, ...body } = patch
        const draft = applyBody(draftOf(before!), body)
        const { value, problems } = validateMemberDraft(draft, validationContext(tx, new Set(before!.terms.map((t) => t.id))))
        if (!value) throw problemsError(problems)
        const region = checkReferences(tx, actor, value, id)
        if (sameAsStored(before!, value)) return
        updateMemberAggregate(tx, { writer: writer(), actor, now: clock.now(), before: before!, value, regionPath: region.path })
      })
      return detail(actor, id)
    },

    transition (actor: Actor, id: number, input: TransitionInput) {
      writeTransaction(db, (tx) => {
        const row = requireWritable(tx, actor, id)
        const m = row.member
        if (input.version !== m.version) throw versionConflict({ currentVersion: m.version })
        const day = today()
        const plan = planTransition({ input, member: m, today: day, settings: repo.getSettings(tx), attested: new Set(repo.conditionsOf(tx, [id]).map((c) => c.condition)) })
        applyTransition(tx, { writer: writer(), actor, now: clock.now(), row, plan, today: day })
      })
      return detail(actor, id)
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

    /** Records one training for the listed members, all or none (a member who already has it on that date is reported). */
    bulkTrain (actor: Actor, input: BulkTrainingInput) {
      return writeTransaction(db, (tx) => {
        if (input.trainedOn > today()) throw errors.invalidDate({ errors: [{ in: 'body', field: 'trainedOn', message: '培训日期不能晚于今天' }] })
        const course = input.course.trim()
        const rows = bulkRows(tx, actor, input.memberIds)
        const failures: BulkFailure[] = [...rows.failures]
        for (const row of rows.found) {
          if (repo.trainingsOf(tx, row.member.id).some((t) => t.course === course && t.trainedOn === input.trainedOn)) {
            failures.push({ memberId: row.member.id, code: 'pool.training_duplicate', message: `${row.member.name}：已有 ${input.trainedOn}“${course}”的培训记录` })
          }
        }
        assertNoFailures(failures, '登记培训')
        const now = clock.now()
        return rows.found.map((row) => {
          const training = repo.insertTraining(tx, {
            memberId: row.member.id, course, trainedOn: input.trainedOn, hours: input.hours, certificateNo: input.certificateNo ?? null, provider: input.provider ?? null, createdAt: now
          })
          recordAudit(tx, { actor, at: now, action: 'member.training_add', entityType: 'member', entityId: row.member.id, regionPath: row.regionPath, after: { training, bulk: true } })
          return { member: repo.findMember(tx, row.member.id)!, training }
        })
      })
    },

    history (actor: Actor, id: number) {
      requireVisible(db, actor, id)
      return repo.historyOf(db, id)
    },

    addTraining (actor: Actor, memberId: number, input: { course: string, trainedOn: string, hours: number, certificateNo?: string | null | undefined, provider?: string | null | undefined }) {
      return writeTransaction(db, (tx) => {
        const row = requireWritable(tx, actor, memberId)
        if (input.trainedOn > today()) throw errors.invalidDate({ errors: [{ in: 'body', field: 'trainedOn', message: '培训日期不能晚于今天' }] })
        const now = clock.now()
        const training = repo.insertTraining(tx, {
          memberId,
          course: input.course.trim(),
          trainedOn: input.trainedOn,
          hours: input.hours,
          certificateNo: input.certificateNo ?? null,
          provider: input.provider ?? null,
          createdAt: now
        })
        recordAudit(tx, { actor, at: now, action: 'member.training_add', entityType: 'member', entityId: memberId, regionPath: row.regionPath, after: { training } })
        return training
      })
    },

    removeTraining (actor: Actor, memberId: number, trainingId: number) {
      writeTransaction(db, (tx) => {
        const row = requireWritable(tx, actor, memberId)
        const training = repo.findTraining(tx, memberId, trainingId)
        if (!training) throw errors.trainingNotFound({ trainingId })
        repo.deleteTraining(tx, memberId, trainingId)
        recordAudit(tx, { actor, at: clock.now(), action: 'member.training_remove', entityType: 'member', entityId: memberId, regionPath: row.regionPath, before: { training } })
      })
    },

    addUnavailability (actor: Actor, memberId: number, input: { startsAt: string, endsAt: string, kind: UnavailabilityKind, note?: string | null | undefined }) {
      return writeTransaction(db, (tx) => {
        const row = requireWritable(tx, actor, memberId)
        const startsAt = periodBound(input.startsAt, 'start')
        const endsAt = periodBound(input.endsAt, 'end')
        if (endsAt.getTime() <= startsAt.getTime()) throw errors.invalidPeriod({ errors: [{ in: 'body', field: 'endsAt', message: '结束须晚于开始' }] })
        const now = clock.now()
        const period = repo.insertUnavailability(tx, { memberId, startsAt, endsAt, kind: input.kind, note: input.note ?? null, createdAt: now })
        recordAudit(tx, { actor, at: now, action: 'member.unavailability_add', entityType: 'member', entityId: memberId, regionPath: row.regionPath, after: { period } })
        return period
      })
    },

    removeUnavailability (actor: Actor, memberId: number, periodId: number) {
      writeTransaction(db, (tx) => {
        const row = requireWritable(tx, actor, memberId)
        const period = repo.findUnavailability(tx, memberId, periodId)
        if (!period) throw errors.unavailabilityNotFound({ periodId })
        repo.deleteUnavailability(tx, memberId, periodId)
        recordAudit(tx, { actor, at: clock.now(), action: 'member.unavailability_remove', entityType: 'member', entityId: memberId, regionPath: row.regionPath, before: { period } })
      })
    },

    // ----- vocabulary and settings

    listVocabulary (kind?: VocabularyKind) {
      return repo.listVocabulary(db, kind)
    },

    createTerm (actor: Actor, input: { kind: VocabularyKind, code: string, label: string, sortOrder?: number | undefined, active?: boolean | undefined }) {
      return writeTransaction(db, (tx) => {
        const label = input.label.trim()
        if (repo.findTermByCode(tx, input.kind, input.code) || repo.findTermByLabel(tx, input.kind, label)) throw errors.vocabularyDuplicate({ kind: input.kind })
        const now = clock.now()
        const term = repo.insertTerm(tx, { kind: input.kind, code: input.code, label, sortOrder: input.sortOrder ?? 500, active: input.active ?? true, createdAt: now, updatedAt: now })
        recordAudit(tx, { actor, at: now, action: 'pool_vocabulary.create', entityType: 'pool_vocabulary', entityId: term.id, after: term })
        return term
      })
    },

    updateTerm (actor: Actor, id: number, input: { label?: string | undefined, active?: boolean | undefined, sortOrder?: number | undefined, version?: number | undefined }) {
      return writeTransaction(db, (tx) => {
        const before = repo.findTerm(tx, id)
        if (!before) throw errors.vocabularyNotFound({ termId: id })
        if (input.version !== undefined && input.version !== before.version) throw versionConflict({ currentVersion: before.version })
        const label = input.label?.trim() ?? before.label
        const clash = repo.findTermByLabel(tx, before.kind, label)
        if (clash && clash.id !== id) throw errors.vocabularyDuplicate({ kind: before.kind })
        const now = clock.now()
        const after = repo.updateTerm(tx, id, { label, active: input.active ?? before.active, sortOrder: input.sortOrder ?? before.sortOrder, version: before.version + 1, updatedAt: now })
        recordAudit(tx, { actor, at: now, action: 'pool_vocabulary.update', entityType: 'pool_vocabulary', entityId: id, before, after })
        return after
      })
    },

    getSettings: settingsNow,

    updateSettings (actor: Actor, input: Partial<Omit<PoolSettings, 'id' | 'updatedAt' | 'updatedBy' | 'version'>> & { version?: number | undefined }) {
      return writeTransaction(db, (tx) => {
        const before = repo.getSettings(tx)
        if (input.version !== undefined && input.version !== before.version) throw versionConflict({ currentVersion: before.version })
        const { version: _v, ...values } = input
        const merged = { ...before, ...values }
        if (merged.seniorFeeCapYuan < merged.feeCapYuan) {
          throw errors.invalidMember({ errors: [{ in: 'body', field: 'seniorFeeCapYuan', message: '高级职称的报酬上限不能低于一般上限' }] })
        }
        const now = clock.now()
        const after = repo.updateSettings(tx, { ...values, version: before.version + 1, updatedAt: now, updatedBy: actor.displayName })
        recordAudit(tx, { actor, at: now, action: 'pool_settings.update', entityType: 'pool_settings', entityId: 1, before, after })
        return after
      })
    },

    // ----- host coverage

    /**
     * Every village or community in the subtree with its number of active trained hosts (home region there), those with
     * none (the seed: at least one trained host per community), and members whose term ends soon.
     */
    coverage (actor: Actor, { regionId }: { regionId?: number | undefined }) {
      const settings = settingsNow()
      const day = today()
      const rootId = regionId ?? actor.regionId
      const root = rootId === null ? null : requireRegion(db, actor, rootId)
      const path = root?.path ?? actor.scopePath ?? '/'
      const villages = repo.villagesIn(db, path)
      const cutoff = trainingCutoff(day, settings.trainedHostYears)
      const counts = new Map(repo.trainedHostCounts(db, { path, today: day, trainingCutoff: cutoff }).map((c) => [c.regionId, c.n]))
      const ancestorIds = new Set<number>()
      for (const v of villages) for (const a of v.path.split('/').filter(Boolean).map(Number)) if (a !== v.id) ancestorIds.add(a)
      const names = new Map(repo.regionsByIds(db, [...ancestorIds]).map((r) => [r.id, r.name]))
      const rows = villages.map((v) => ({
        region: v,
        parents: v.path.split('/').filter(Boolean).map(Number).filter((a) => a !== v.id).map((a) => names.get(a) ?? '').filter((n) => n !== ''),
        activeTrainedHosts: counts.get(v.id) ?? 0
      }))
      const filter: repo.MemberFilter = {
        visibility: { ownPath: actor.scopePath, shared: false },
        today: day,
        regionPath: path,
        termEndingUntil: addDays(day, settings.termEndingSoonDays),
        trainingCutoff: cutoff
      }
      const ending = repo.searchMembers(db, filter, { sort: 'termEnd', order: 'asc', limit: 1000, offset: 0 })
      return {
        root,
        today: day,
        settings,
        villages: rows,
        termEndingSoon: describe(actor, ending.items),
        termEndingSoonTotal: ending.total
      }
    }
  }
}

function pickLifecycle (m: { appointmentDate: string | null, appointingBody: string | null, appointmentLetterNo: string | null, termEnd: string | null, suspensionReason: string | null, suspendedUntil: string | null, removalGround: RemovalGround | null, removalNote: string | null }) {
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

/** Start (or end) of an unavailability period: an instant with offset, or a date meaning the start of that day (end: of the next day). */
function periodBound (value: string, which: 'start' | 'end'): Date {
  if (isIsoDate(value)) return chinaDayStart(which === 'start' ? value : addDays(value, 1))
  const parsed = parseApiTime(value)
  if (!parsed) throw errors.invalidDate({ errors: [{ in: 'body', field: which === 'start' ? 'startsAt' : 'endsAt', message: '应为日期（YYYY-MM-DD）或带时区的时间' }] })
  return parsed
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

export type { MemberAction }
