import type { PoolSettings, VocabularyTerm } from '../../../db/schema/index.js'
import {
  BASIC_CONDITIONS, type BasicCondition, type Gender, type MemberRole, type RemunerationKind, type SourceCategory, type VocabularyKind
} from '../../../db/schema/enums.js'
import { GENDER_LABELS, feeCap, isEmail, isIsoDate, normaliseMobile, parseIdNumber } from './pool.rules.js'

export type ConditionAttestation = { attestedBy: string, attestedAt: string }
export type RelativeDraft = { name: string, relation: string | null, idNumber: string | null }
export type EmployerDraft = { organisationId: number, position: string | null, fromDate: string | null, toDate: string | null }

/** A member as entered (API body merged over the stored member, or an import row), before validation. */
export type MemberDraft = {
  name: string
  gender: Gender | null
  birthDate: string | null
  idNumber: string
  mobile: string
  email: string | null
  employerOrganisationId: number | null
  title: string | null
  seniorTitle: boolean
  homeRegionId: number
  roles: MemberRole[]
  sourceCategory: SourceCategory
  professions: string[]
  specialties: string[]
  conditions: Partial<Record<BasicCondition, ConditionAttestation>>
  consentCrossRegion: boolean
  remunerationKind: RemunerationKind
  feePerHalfDayYuan: number | null
  relatives: RelativeDraft[]
  employers: EmployerDraft[]
  note: string | null
}

/** A draft that passed validation: ID number upper-cased, birth date and sex filled in, mobile normalised, terms resolved. */
export type ValidMember = Omit<MemberDraft, 'gender' | 'birthDate'> & { gender: Gender, birthDate: string, termIds: number[] }

/** One thing wrong with a draft: the field (dotted path), a problem code from pool.errors.ts and a Chinese reason. */
export type Problem = { field: string, code: string, message: string }

export type VocabularyIndex = Record<VocabularyKind, Map<string, VocabularyTerm>>

export type ValidationContext = {
  today: string
  settings: Pick<PoolSettings, 'feeCapYuan' | 'seniorFeeCapYuan'>
  vocabulary: VocabularyIndex
  /** Terms the member already has: still accepted when an administrator has since deactivated them. */
  currentTermIds?: ReadonlySet<number>
}

export function indexVocabulary (terms: readonly VocabularyTerm[]): VocabularyIndex {
  const index: VocabularyIndex = { profession: new Map(), specialty: new Map() }
  for (const t of terms) index[t.kind].set(t.code, t)
  return index
}

function checkDate (problems: Problem[], field: string, value: string | null, { notAfter }: { notAfter?: string } = {}) {
  if (value === null) return
  if (!isIsoDate(value)) problems.push({ field, code: 'pool.invalid_date', message: '日期格式应为 YYYY-MM-DD，且须是真实存在的日期' })
  else if (notAfter !== undefined && value > notAfter) problems.push({ field, code: 'pool.invalid_date', message: '日期不能晚于今天' })
}

/**
 * Checks everything about a member that needs no database beyond the vocabulary and settings: ID number check digit,
 * consistency of birth date and sex with it, mobile, e-mail, dates, vocabulary codes and the fee cap. The API and the
 * import both use it, so a row is refused for the same reasons as a request.
 */
export function validateMemberDraft (draft: MemberDraft, ctx: ValidationContext): { value?: ValidMember, problems: Problem[] } {
  const problems: Problem[] = []
  const name = draft.name.trim()
  if (name === '' || name.length > 40) problems.push({ field: 'name', code: 'pool.invalid_member', message: '姓名不能为空，且不超过40个字' })

  let gender = draft.gender
  let birthDate = draft.birthDate
  let idNumber = draft.idNumber.trim().toUpperCase()
  const id = parseIdNumber(draft.idNumber, ctx.today)
  if (!id.ok) {
    problems.push({ field: 'idNumber', code: 'pool.invalid_id_number', message: id.reason })
  } else {
    idNumber = id.idNumber
    if (birthDate !== null && isIsoDate(birthDate) && birthDate !== id.birthDate) {
      problems.push({ field: 'birthDate', code: 'pool.inconsistent_with_id_number', message: `出生日期与身份证号不一致（身份证号为 ${id.birthDate}）` })
    }
    if (gender !== null && gender !== id.gender) {
      problems.push({ field: 'gender', code: 'pool.inconsistent_with_id_number', message: `性别与身份证号不一致（身份证号为${GENDER_LABELS[id.gender]}）` })
    }
    birthDate ??= id.birthDate
    gender ??= id.gender
  }
  checkDate(problems, 'birthDate', draft.birthDate, { notAfter: ctx.today })

  const mobile = normaliseMobile(draft.mobile)
  if (mobile === null) problems.push({ field: 'mobile', code: 'pool.invalid_mobile', message: '手机号应为11位中国大陆手机号码' })
  if (draft.email !== null && !isEmail(draft.email)) problems.push({ field: 'email', code: 'pool.invalid_email', message: '电子邮箱格式不正确' })

  if (draft.roles.length === 0) problems.push({ field: 'roles', code: 'pool.invalid_member', message: '至少选择一项可担任的角色' })

  const termIds: number[] = []
  for (const kind of ['profession', 'specialty'] as const) {
    const field = kind === 'profession' ? 'professions' : 'specialties'
    const codes = kind === 'profession' ? draft.professions : draft.specialties
    for (const code of new Set(codes)) {
      const term = ctx.vocabulary[kind].get(code)
      if (!term || (!term.active && !ctx.currentTermIds?.has(term.id))) {
        problems.push({ field, code: 'pool.unknown_vocabulary', message: `“${code}”不是可选的${kind === 'profession' ? '职业' : '专业特长'}` })
      } else termIds.push(term.id)
    }
  }

  for (const condition of BASIC_CONDITIONS) {
    const c = draft.conditions[condition]
    if (!c) continue
    if (c.attestedBy.trim() === '') problems.push({ field: `conditions.${condition}.attestedBy`, code: 'pool.invalid_member', message: '须填写认定人' })
    checkDate(problems, `conditions.${condition}.attestedAt`, c.attestedAt, { notAfter: ctx.today })
  }

  if (draft.remunerationKind === 'fee_per_half_day') {
    const cap = feeCap(ctx.settings, draft.seniorTitle)
    if (draft.feePerHalfDayYuan === null) problems.push({ field: 'remuneration.feePerHalfDayYuan', code: 'pool.fee_required', message: '按半天计酬时须填写每半天报酬金额' })
    else if (!Number.isInteger(draft.feePerHalfDayYuan) || draft.feePerHalfDayYuan <= 0) {
      problems.push({ field: 'remuneration.feePerHalfDayYuan', code: 'pool.invalid_member', message: '每半天报酬应为正整数（元）' })
    } else if (draft.feePerHalfDayYuan > cap) {
      problems.push({ field: 'remuneration.feePerHalfDayYuan', code: 'pool.fee_above_cap', message: `每半天报酬不能超过 ${cap} 元${draft.seniorTitle ? '（高级职称）' : '（高级职称为 ' + ctx.settings.seniorFeeCapYuan + ' 元）'}` })
    }
  } else if (draft.feePerHalfDayYuan !== null) {
    problems.push({ field: 'remuneration.feePerHalfDayYuan', code: 'pool.fee_not_allowed', message: '公益服务不取酬，不应填写报酬金额' })
  }

  draft.relatives.forEach((r, i) => {
    if (r.name.trim() === '') problems.push({ field: `relatives.${i}.name`, code: 'pool.invalid_member', message: '须填写亲属姓名' })
    if (r.idNumber !== null) {
      const rid = parseIdNumber(r.idNumber, ctx.today)
      if (!rid.ok) problems.push({ field: `relatives.${i}.idNumber`, code: 'pool.invalid_id_number', message: rid.reason })
    }
  })
  draft.employers.forEach((e, i) => {
    checkDate(problems, `employers.${i}.fromDate`, e.fromDate)
    checkDate(problems, `employers.${i}.toDate`, e.toDate)
    if (e.fromDate !== null && e.toDate !== null && isIsoDate(e.fromDate) && isIsoDate(e.toDate) && e.fromDate > e.toDate) {
      problems.push({ field: `employers.${i}.toDate`, code: 'pool.invalid_date', message: '任职结束日期不能早于开始日期' })
    }
  })

  if (problems.length > 0 || gender === null || birthDate === null || mobile === null) return { problems }
  return {
    problems,
    value: {
      ...draft,
      name,
      idNumber,
      gender,
      birthDate,
      mobile,
      relatives: draft.relatives.map((r) => ({ ...r, name: r.name.trim(), idNumber: r.idNumber === null ? null : r.idNumber.trim().toUpperCase() })),
      termIds
    }
  }
}
