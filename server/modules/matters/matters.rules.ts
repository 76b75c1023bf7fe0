import type { ConclusionType, Matter, MatterStage, NotificationMethod, PetitionerKind, ThirdPartySituation } from '../../../db/schema/index.js'
import { MATTER_STAGES } from '../../../db/schema/enums.js'
import { normaliseMobile, parseIdNumber } from '../pool/pool.rules.js'

export const STAGE_NAMES: Record<MatterStage, string> = { handling: '办理', review: '复查', reReview: '复核' }

/** What a stage's decision concluded. */
export const CONCLUSION_TYPE_NAMES: Record<ConclusionType, string> = {
  upheld: '维持',
  revoked_redo: '撤销并责令重作',
  varied: '直接变更',
  partly_upheld: '部分维持',
  not_accepted: '不予受理',
  other: '其他'
}

export const PETITIONER_KIND_NAMES: Record<PetitionerKind, string> = { individual: '个人信访', group: '集体信访' }

export const THIRD_PARTY_SITUATION_LABELS: Record<ThirdPartySituation, string> = {
  review_dissatisfied: '已办结但信访人不满意，进入复查复核程序的',
  fact_dispute: '信访人与办理机关对事实认定存在重大分歧的',
  repeat_petition_risk: '信访人对原处理意见有异议，有重复信访、越级信访倾向的',
  refuses_counselling: '信访人因认知等因素拒绝工作人员疏导的',
  other_necessary: '信访部门认为有必要的其他情形'
}

export const NOTIFICATION_METHOD_NAMES: Record<NotificationMethod, string> = {
  in_person: '当面告知',
  post: '邮寄送达',
  sms: '短信告知',
  phone: '电话告知',
  other: '其他方式'
}

/** How many may speak for a matter: the ruleset's `petitioners` (national defaults: five representatives, two agents each). */
export type PetitionerLimits = { maxRepresentatives: number, maxAgentsPerPetitioner: number }

export const MATTER_FLAGS = [
  'involvesPrivacy', 'involvesStateSecret', 'involvesCommercialSecret', 'inLitigation', 'inArbitration', 'inAdministrativeReconsideration'
] as const
export type MatterFlag = typeof MATTER_FLAGS[number]

/** What each flag means, as the registration form and the matter page label it. */
export const MATTER_FLAG_NAMES: Record<MatterFlag, string> = {
  involvesPrivacy: '涉及个人隐私',
  involvesStateSecret: '涉及国家秘密',
  involvesCommercialSecret: '涉及商业秘密',
  inLitigation: '已进入诉讼程序',
  inArbitration: '已进入仲裁程序',
  inAdministrativeReconsideration: '已进入行政复议程序'
}

/** Where a matter stands, for the list: no stage accepted yet, a stage under way (overdue past its due date), or every accepted stage decided. */
export const MATTER_STATUSES = ['not_accepted', 'open', 'overdue', 'decided'] as const
export type MatterStatus = typeof MATTER_STATUSES[number]
export const MATTER_STATUS_NAMES: Record<MatterStatus, string> = { not_accepted: '未受理', open: '办理中', overdue: '已超期', decided: '已作出意见' }

/** The status of a matter with these stages on `today` (the list's `status` filter selects the same in SQL). */
export function matterStatusOf (stages: readonly { decidedOn: string | null, dueOn: string }[], today: string): MatterStatus {
  if (stages.length === 0) return 'not_accepted'
  const open = stages.find((s) => s.decidedOn === null)
  if (!open) return 'decided'
  return open.dueOn < today ? 'overdue' : 'open'
}

/** The stages after `stage` in the procedure's order (办理 → 复查 → 复核). */
export function stagesAfter (stage: MatterStage): MatterStage[] {
  return MATTER_STAGES.slice(MATTER_STAGES.indexOf(stage) + 1)
}
export type MatterFlags = Record<MatterFlag, boolean>

export type Reason = { code: string, message: string }

export type HearabilityInput = Pick<Matter, MatterFlag> & {
  stages: readonly { stage: MatterStage, decidedOn: string | null }[]
}

export type HearabilityOptions = {
  /** The ruleset's privacy handling: 'refuse' makes secret or private matters unhearable; 'non_public' (default) hears them in private. */
  privacy?: 'refuse' | 'non_public'
  /** Stages in which the ruleset allows hearings; all when absent. */
  hearingStages?: readonly MatterStage[]
}

export type Hearability = {
  hearable: boolean
  reasons: Reason[]
  /** Why a hearing of the matter must not be public (or, under 'refuse', why it is refused too). */
  confidentiality: Reason[]
  openStage: MatterStage | null
}

const EXCLUSIONS: { flag: MatterFlag, code: string, message: string }[] = [
  { flag: 'inLitigation', code: 'in_litigation', message: '该事项已进入诉讼程序，不举行听证' },
  { flag: 'inArbitration', code: 'in_arbitration', message: '该事项已进入仲裁程序，不举行听证' },
  { flag: 'inAdministrativeReconsideration', code: 'in_administrative_reconsideration', message: '该事项已进入行政复议程序，不举行听证' }
]

const CONFIDENTIAL: { flag: MatterFlag, code: string, message: string }[] = [
  { flag: 'involvesStateSecret', code: 'state_secret', message: '涉及国家秘密' },
  { flag: 'involvesCommercialSecret', code: 'commercial_secret', message: '涉及商业秘密' },
  { flag: 'involvesPrivacy', code: 'privacy', message: '涉及个人隐私' }
]

/** The stage still awaiting its decision, if any (at most one: the next stage needs the previous one decided). */
export function openStageOf<S extends { stage: MatterStage, decidedOn: string | null }> (stages: readonly S[]): S | null {
  return stages.find((s) => s.decidedOn === null) ?? null
}

/**
 * Whether a hearing may be held on a matter (S7, S10b, S11, S5a): not once litigation, arbitration or administrative
 * reconsideration has taken it over, not before acceptance or after the last decision; secrets and privacy make
 * it non-public, or refuse it when the ruleset says so.
 */
export function matterHearability (matter: HearabilityInput, options: HearabilityOptions = {}): Hearability {
  const reasons: Reason[] = []
  for (const e of EXCLUSIONS) if (matter[e.flag]) reasons.push({ code: e.code, message: e.message })
  const open = openStageOf(matter.stages)
  if (matter.stages.length === 0) reasons.push({ code: 'not_accepted', message: '该事项尚未受理，没有正在办理的阶段' })
  else if (open === null) reasons.push({ code: 'concluded', message: '该事项各阶段均已作出处理意见，没有正在办理的阶段' })
  else if (options.hearingStages && !options.hearingStages.includes(open.stage)) {
    reasons.push({ code: 'stage_not_hearable', message: `适用的听证规则不在${STAGE_NAMES[open.stage]}阶段举行听证` })
  }
  const confidentiality = CONFIDENTIAL.filter((c) => matter[c.flag]).map((c) => ({
    code: c.code,
    message: options.privacy === 'refuse' ? `${c.message}，按适用规则不举行听证` : `${c.message}，应不公开举行听证`
  }))
  if (options.privacy === 'refuse') reasons.push(...confidentiality)
  return { hearable: reasons.length === 0, reasons, confidentiality, openStage: open?.stage ?? null }
}

export type StageForNoticeCheck = { decidedOn: string | null }

/** The seed's sanction: a stage decided without a hearing-rights notification on or before the decision date. */
export function answeredWithoutNotice (stage: StageForNoticeCheck, notificationDates: readonly string[]): boolean {
  if (stage.decidedOn === null) return false
  return !notificationDates.some((d) => d <= stage.decidedOn!)
}

export type StageOrderProblem = { kind: 'out_of_order', expected: MatterStage | null } | { kind: 'previous_open', previous: MatterStage }

/**
 * Checks that `next` may be opened after `existing`: stages go 办理 → 复查 → 复核, none skipped or repeated, and
 * each needs the previous one decided. Returns the reason it may not, or null.
 */
export function nextStageProblem (existing: readonly { stage: MatterStage, decidedOn: string | null }[], next: MatterStage): StageOrderProblem | null {
  const expected = MATTER_STAGES[existing.length] ?? null
  if (expected !== next) return { kind: 'out_of_order', expected }
  const previous = existing[existing.length - 1]
  if (previous && previous.decidedOn === null) return { kind: 'previous_open', previous: previous.stage }
  return null
}

// ---------------------------------------------------------------------------------------------------------------
// Petitioners and agents

export type FieldProblem = { field: string, message: string }

export type AgentInput = {
  name: string
  idNumber: string
  phone?: string | null | undefined
  powerOfAttorneyNote: string
  powerOfAttorneyDate: string
}

export type PetitionerInput = {
  name: string
  idNumber: string
  mobile?: string | null | undefined
  address?: string | null | undefined
  homeVillageRegionId?: number | null | undefined
  agents?: AgentInput[] | undefined
}

export type ValidPetitioner = {
  name: string
  idNumber: string
  mobile: string | null
  address: string | null
  homeVillageRegionId: number | null
  agents: { name: string, idNumber: string, phone: string | null, powerOfAttorneyNote: string, powerOfAttorneyDate: string }[]
}

const PHONE = /^[0-9+\-() ]{7,20}$/

/** A mobile number (normalised) or a landline written with digits, dashes and brackets; null when it is neither. */
export function normalisePhone (raw: string): string | null {
  const mobile = normaliseMobile(raw)
  if (mobile !== null) return mobile
  const value = raw.trim()
  return PHONE.test(value) && /\d{7}/.test(value.replace(/\D/g, '')) ? value : null
}

export type PetitionerValidation = { value: ValidPetitioner[] | null, problems: PetitionerProblems }

export type PetitionerProblems = {
  representatives: FieldProblem[]
  agents: FieldProblem[]
  idNumbers: FieldProblem[]
  phones: FieldProblem[]
  dates: FieldProblem[]
  other: FieldProblem[]
}

/**
 * Validates the petitioners of a matter: one for an individual matter, one to the ruleset's number of representatives
 * for a collective one, at most the ruleset's number of agents each, real ID numbers (GB 11643 check digit), mobile or phone numbers, power-of-attorney
 * dates not in the future. Problems are grouped by kind so the caller can answer with a stable code.
 */
export function validatePetitioners (kind: PetitionerKind, input: readonly PetitionerInput[], today: string, { maxRepresentatives, maxAgentsPerPetitioner }: PetitionerLimits): PetitionerValidation {
  const problems: PetitionerProblems = { representatives: [], agents: [], idNumbers: [], phones: [], dates: [], other: [] }
  if (kind === 'individual' && input.length !== 1) {
    problems.other.push({ field: 'petitioners', message: '个人信访须填写且只填写一名信访人；多人信访请选择集体信访' })
  }
  if (kind === 'group' && input.length > maxRepresentatives) {
    problems.representatives.push({ field: 'petitioners', message: `集体信访推选的代表不得超过 ${maxRepresentatives} 人，现为 ${input.length} 人` })
  }
  if (input.length === 0) problems.other.push({ field: 'petitioners', message: '至少填写一名信访人' })
  const seen = new Set<string>()
  const value: ValidPetitioner[] = input.map((p, i) => {
    const at = `petitioners.${i}`
    const name = p.name.trim()
    if (name === '') problems.other.push({ field: `${at}.name`, message: '姓名不能为空' })
    const id = parseIdNumber(p.idNumber, today)
    if (!id.ok) problems.idNumbers.push({ field: `${at}.idNumber`, message: id.reason })
    else if (seen.has(id.idNumber)) problems.idNumbers.push({ field: `${at}.idNumber`, message: '同一身份证号重复填写' })
    else seen.add(id.idNumber)
    let mobile: string | null = null
    if (p.mobile != null && p.mobile.trim() !== '') {
      mobile = normaliseMobile(p.mobile)
      if (mobile === null) problems.phones.push({ field: `${at}.mobile`, message: '手机号应为11位中国大陆手机号码' })
    }
    const agents = p.agents ?? []
    if (agents.length > maxAgentsPerPetitioner) {
      problems.agents.push({ field: `${at}.agents`, message: `每名信访人委托的代理人不得超过 ${maxAgentsPerPetitioner} 人，现为 ${agents.length} 人` })
    }
    const validAgents = agents.map((a, j) => {
      const aat = `${at}.agents.${j}`
      const agentName = a.name.trim()
      if (agentName === '') problems.other.push({ field: `${aat}.name`, message: '代理人姓名不能为空' })
      const aid = parseIdNumber(a.idNumber, today)
      if (!aid.ok) problems.idNumbers.push({ field: `${aat}.idNumber`, message: aid.reason })
      let phone: string | null = null
      if (a.phone != null && a.phone.trim() !== '') {
        phone = normalisePhone(a.phone)
        if (phone === null) problems.phones.push({ field: `${aat}.phone`, message: '电话号码格式不正确' })
      }
      if (a.powerOfAttorneyNote.trim() === '') problems.other.push({ field: `${aat}.powerOfAttorneyNote`, message: '须说明授权委托书（委托事项和权限）' })
      if (a.powerOfAttorneyDate > today) problems.dates.push({ field: `${aat}.powerOfAttorneyDate`, message: '授权委托日期不能晚于今天' })
      return {
        name: agentName,
        idNumber: aid.ok ? aid.idNumber : a.idNumber,
        phone,
        powerOfAttorneyNote: a.powerOfAttorneyNote.trim(),
        powerOfAttorneyDate: a.powerOfAttorneyDate
      }
    })
    return {
      name,
      idNumber: id.ok ? id.idNumber : p.idNumber,
      mobile,
      address: p.address?.trim() || null,
      homeVillageRegionId: p.homeVillageRegionId ?? null,
      agents: validAgents
    }
  })
  const any = Object.values(problems).some((list) => list.length > 0)
  return { value: any ? null : value, problems }
}
