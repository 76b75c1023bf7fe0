import { Type, type Static } from 'typebox'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import localizeAll from 'ajv-i18n'
import { canonicalJson } from '../../common/canonical-json.js'
import { sha256Hex } from '../../common/hash.js'
import { rulesetInvalid } from './rulesets.errors.js'

/** Member attributes a composition rule may look at; the pool stores them as lists of codes. */
export const MEMBER_ATTRIBUTE_FIELDS = ['profession', 'source', 'specialty', 'category', 'title'] as const
export type MemberAttributeField = typeof MEMBER_ATTRIBUTE_FIELDS[number]
/** A member's values per attribute field (profession, source…), as composition rules match them. */
export type MemberAttributes = Partial<Record<MemberAttributeField, readonly string[]>>

export const PROCEDURES = ['simple', 'general'] as const
export type Procedure = typeof PROCEDURES[number]
export const PROCEDURE_NAMES: Record<Procedure, string> = { simple: '简易程序', general: '一般程序' }

export const HEARING_STAGES = ['handling', 'review', 'reReview'] as const

export const SOURCE_TAGS = ['NAT', 'WIDE', 'LOCAL', 'SEED', 'ANALOG', 'INFER'] as const
export type SourceTag = typeof SOURCE_TAGS[number]

const DayUnit = Type.Enum(['calendar', 'working'], { description: 'calendar 自然日 | working 工作日' })
const closed = { additionalProperties: false } as const

export const SourceRef = Type.Object({
  tag: Type.Enum(SOURCE_TAGS),
  ref: Type.String({ minLength: 1, maxLength: 200 })
}, closed)
export type SourceRef = Static<typeof SourceRef>

export const CompositionRule = Type.Object({
  label: Type.String({ minLength: 1, maxLength: 40, description: '例如“律师”“人大代表或政协委员”' }),
  min: Type.Integer({ minimum: 1, maximum: 15 }),
  match: Type.Object({
    field: Type.Enum(MEMBER_ATTRIBUTE_FIELDS),
    anyOf: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 20, uniqueItems: true })
  }, closed),
  appliesTo: Type.Array(Type.Enum(PROCEDURES), { minItems: 1, maxItems: 2, uniqueItems: true })
}, { ...closed, description: '正式席位中至少 min 人的 match.field 含 match.anyOf 之一' })
export type CompositionRule = Static<typeof CompositionRule>

const NoticeLeadTime = Type.Object({
  days: Type.Integer({ minimum: 0, maximum: 60 }),
  unit: DayUnit
}, { ...closed, description: '听证通知提前期（不含送达日和听证日）' })

const LeadTime = Type.Object({
  days: Type.Integer({ minimum: 0, maximum: 60 }),
  unit: DayUnit
}, { ...closed, description: '提前期（不含发布日和听证日）' })

const NoticeLeadTimes = Type.Object({ simple: NoticeLeadTime, general: NoticeLeadTime }, { ...closed, description: '简易程序、一般程序各自的通知提前期' })

const Publicity = Type.Object({
  defaultPublic: Type.Boolean({ description: '未另行决定时公开举行（涉及秘密、隐私的按 privacy 处理）' }),
  announce: Type.Boolean({ description: '公开举行的须事先发布听证公告（开始听证时检查）' }),
  announceLeadTime: LeadTime
}, { ...closed, description: '公开与公告' })

const PublicityOverride = Type.Object({
  defaultPublic: Type.Optional(Publicity.properties.defaultPublic),
  announce: Type.Optional(Publicity.properties.announce),
  announceLeadTime: Type.Optional(Type.Partial(LeadTime, closed))
}, closed)

const OpeningWindow = Type.Object({
  minutesBeforeStart: Type.Integer({ minimum: 0, maximum: 720, description: '最早可在排定开始时间前多少分钟宣布开始听证' }),
  minutesAfterStart: Type.Union([Type.Integer({ minimum: 0, maximum: 1440 }), Type.Null()], { description: '最迟可在排定开始时间后多少分钟开始；null 为排定当日（上海时间）结束前；均不超过排定当日' })
}, { ...closed, description: '可以宣布开始听证的时间范围' })

const PanelSize = Type.Object({
  min: Type.Integer({ minimum: 0, maximum: 31, description: '听证员最少人数（不含主持人）' }),
  max: Type.Integer({ minimum: 0, maximum: 31, description: '听证员最多人数' }),
  odd: Type.Boolean({ description: '人数须为单数' }),
  default: Type.Integer({ minimum: 0, maximum: 31, description: '未指定时抽取的正式席位数' }),
  alternates: Type.Integer({ minimum: 0, maximum: 10, description: '候补人数' })
}, closed)

const Caps = Type.Object({
  perWeek: Type.Union([Type.Integer({ minimum: 1, maximum: 50 }), Type.Null()], { description: '每人每 ISO 周最多场次（上海时间），null 不限' }),
  perMonth: Type.Union([Type.Integer({ minimum: 1, maximum: 200 }), Type.Null()], { description: '每人每自然月最多场次，null 不限' })
}, closed)

const CrossRegion = Type.Object({
  allowed: Type.Boolean({ description: '可抽取本区域以外且同意跨区域的听证员' }),
  localFirst: Type.Boolean({ description: '先抽本区域，本区域不足时再抽跨区域' })
}, closed)

const TimeLimit = Type.Object({
  days: Type.Integer({ minimum: 1, maximum: 365 }),
  unit: DayUnit,
  excludeHearingTime: Type.Boolean({ description: '听证时间不计入期限' })
}, closed)

const ExtensionLimit = Type.Object({
  maxDays: Type.Integer({ minimum: 0, maximum: 60 }),
  unit: DayUnit
}, { ...closed, description: '办理期限可延长的上限' })

const RequestWindow = Type.Object({
  days: Type.Integer({ minimum: 1, maximum: 365 }),
  unit: DayUnit
}, { ...closed, description: '信访人自收到上一阶段书面答复之日起请求本阶段的期限（从次日起算）' })

const Severity = Type.Enum(['error', 'warning'], { description: 'error 不能排期 | warning 提醒' })

const HearingTiming = Type.Object({
  afterDueSeverity: Severity,
  minDecisionWorkingDays: Type.Integer({ minimum: 0, maximum: 60, description: '听证日至阶段期限届满至少应余的工作日数（作出意见的时间），0 不检查' }),
  shortDecisionSeverity: Severity
}, { ...closed, description: '听证日期与所在阶段办理期限的关系' })

const Deliberation = Type.Object({
  voters: Type.Enum(['panel', 'officers'], { description: 'panel 主持人和听证员均参加表决 | officers 仅听证员表决，主持人不计票' }),
  majority: Type.Enum(['of_voters', 'of_votes_cast'], { description: 'of_voters 同意或不同意票超过参加表决人数的一半为多数意见（弃权不计入任何一方）| of_votes_cast 超过同意票与不同意票之和的一半' }),
  tie: Type.Enum(['refer', 'host_decides'], { description: '同意票与不同意票相等时：refer 未形成多数意见，记录两种意见提请听证组织机关决定 | host_decides 以主持人所持意见为评议意见' })
}, { ...closed, description: '评议表决规则' })

const Privacy = Type.Enum(['refuse', 'non_public'], { description: '涉及国家秘密、商业秘密、个人隐私：refuse 不举行听证 | non_public 不公开举行' })
const CoolingOffDays = Type.Integer({ minimum: 0, maximum: 3650, description: '同一听证员再次参加同一信访人听证的间隔日数，0 不限' })
const TravelBuffer = Type.Integer({ minimum: 0, maximum: 480, description: '不同场所之间的路途缓冲（分钟）' })
const HearingStages = Type.Array(Type.Enum(HEARING_STAGES), { uniqueItems: true, maxItems: 3, description: '可以举行听证的阶段' })
const Composition = Type.Array(CompositionRule, { maxItems: 8, description: '组成要求，先于其余席位抽取' })
// --- assessment: the bureau's assessment of hearing work (听证率 and its bonus item, the 复查 deduction item) ---
export const HEARING_RATE_DENOMINATORS = ['answered_review_stages', 'answered_all_stages'] as const
const Points = (title: string, description: string) => Type.Number({ title, minimum: 0, maximum: 100, description })
const Assessment = Type.Object({
  hearingRate: Type.Object({
    targetPercent: Type.Integer({ title: '听证率目标', minimum: 1, maximum: 100, description: '听证率目标（%）' }),
    stepPercent: Type.Integer({ title: '每档百分点', minimum: 1, maximum: 100, description: '每达到多少个百分点得一档分' }),
    pointsPerStep: Points('每档得分', '每档得分'),
    maxPoints: Points('加分项满分', '听证工作加分项满分'),
    denominator: Type.Enum(HEARING_RATE_DENOMINATORS, { title: '听证率分母', description: 'answered_review_stages 期内作出意见的复查、复核阶段 | answered_all_stages 期内作出意见的全部阶段（办理、复查、复核）' })
  }, { ...closed, title: '听证率' }),
  review: Type.Object({
    onTime: Type.Object({
      maxPoints: Points('按期办结满分', '按期办结满分'),
      perLateCase: Points('每件逾期扣分', '每件逾期（逾期作出或超期未作出复查意见）扣分')
    }, { ...closed, title: '按期办结' }),
    caseQuality: Type.Object({
      maxPoints: Points('办案质量满分', '办案质量满分'),
      perRevokedRedo: Points('撤销并责令重作每件扣分', '复查意见被复核撤销并责令重作，每件扣分'),
      perVaried: Points('直接变更每件扣分', '复查意见被复核直接变更，每件扣分'),
      perRevokedForMissingRightsNotice: Points('未告知听证权利被撤销每件扣分', '复查阶段未告知听证权利被复核撤销，每件扣分（与前两项同一件只扣较高者）')
    }, { ...closed, title: '办案质量' }),
    systemEntry: Type.Object({
      maxPoints: Points('系统录入满分', '系统录入满分'),
      withinWorkingDays: Type.Integer({ title: '录入期限（工作日）', minimum: 0, maximum: 60, description: '听证举行后应在多少个工作日内录入省信访信息系统（听证日不计）' }),
      perLateEntry: Points('逾期录入每场扣分', '超过期限才录入，每场扣分'),
      perMissingEntry: Points('未录入每场扣分', '期限届满仍未录入，每场扣分')
    }, { ...closed, title: '系统录入' })
  }, { ...closed, title: '复查工作考核' })
}, { ...closed, title: '考核', description: '考核：听证率加分项、复查工作扣分项' })
type AssessmentConfig = Static<typeof Assessment>
const PartialAssessment = Type.Object({
  hearingRate: Type.Optional(Type.Partial(Assessment.properties.hearingRate, { ...closed, title: '听证率' })),
  review: Type.Optional(Type.Object({
    onTime: Type.Optional(Type.Partial(Assessment.properties.review.properties.onTime, { ...closed, title: '按期办结' })),
    caseQuality: Type.Optional(Type.Partial(Assessment.properties.review.properties.caseQuality, { ...closed, title: '办案质量' })),
    systemEntry: Type.Optional(Type.Partial(Assessment.properties.review.properties.systemEntry, { ...closed, title: '系统录入' }))
  }, { ...closed, title: '复查工作考核' }))
}, { ...closed, title: '考核' })
const DEFAULT_ASSESSMENT: AssessmentConfig = {
  hearingRate: { targetPercent: 50, stepPercent: 5, pointsPerStep: 1, maxPoints: 10, denominator: 'answered_review_stages' },
  review: {
    onTime: { maxPoints: 3, perLateCase: 0.5 },
    caseQuality: { maxPoints: 2, perRevokedRedo: 0.5, perVaried: 0.5, perRevokedForMissingRightsNotice: 1 },
    systemEntry: { maxPoints: 2, withinWorkingDays: 5, perLateEntry: 0.25, perMissingEntry: 0.5 }
  }
}
const ASSESSMENT_SOURCES: Record<string, SourceRef> = {
  'assessment.hearingRate.targetPercent': { tag: 'SEED', ref: 'S0：听证率达到 50%' },
  'assessment.hearingRate.stepPercent': { tag: 'SEED', ref: 'S0：听证工作为加分项，听证率达到 5% 的加 1 分，每增加 5% 加 1 分' },
  'assessment.hearingRate.pointsPerStep': { tag: 'SEED', ref: 'S0：每增加 5% 加 1 分' },
  'assessment.hearingRate.maxPoints': { tag: 'SEED', ref: 'S0：最高加 10 分（恰在 50% 目标处封顶）' },
  'assessment.hearingRate.denominator': { tag: 'INFER', ref: 'S0 未规定听证率的分母。听证在复查复核环节推行（S0 复查复核案件办理团队、复查复核机构撤销未告知听证权利的答复），考核对象是复查复核工作：默认以期内作出意见的复查、复核阶段为分母，分子为其中期内举行了听证的阶段；可改为全部阶段' },
  'assessment.review.onTime.maxPoints': { tag: 'SEED', ref: 'S0：复查工作为扣分项，共 7 分，其中按期办结 3 分' },
  'assessment.review.onTime.perLateCase': { tag: 'INFER', ref: 'S0 未规定扣分标准：每件逾期扣 0.5 分，6 件扣完 3 分，该项最低 0 分；逾期以复查阶段已计算的期限（含延期、扣除的听证时间）为准' },
  'assessment.review.caseQuality.maxPoints': { tag: 'SEED', ref: 'S0：办案质量 2 分' },
  'assessment.review.caseQuality.perRevokedRedo': { tag: 'INFER', ref: '类比 S24（房山：复查复核被撤销每件 20 分、责令重办每件 10 分，按 100 分制），折合到 2 分的项：被复核撤销并责令重作每件扣 0.5 分' },
  'assessment.review.caseQuality.perVaried': { tag: 'INFER', ref: 'S0 办案质量项未给扣分标准：被复核直接变更说明复查意见有误，与撤销重作（类比 S24）同等看待，每件扣 0.5 分' },
  'assessment.review.caseQuality.perRevokedForMissingRightsNotice': { tag: 'INFER', ref: 'S0：未告知听证权利的答复、复查意见由复查复核机构撤销退回，是 S0 点名的程序问题：每件扣 1 分，同一件不再按撤销重作另扣' },
  'assessment.review.systemEntry.maxPoints': { tag: 'SEED', ref: 'S0：系统录入 2 分；听证要素及时录入省信访信息系统' },
  'assessment.review.systemEntry.withinWorkingDays': { tag: 'INFER', ref: 'S0 要求“及时”录入，未给天数：听证举行后 5 个工作日内（听证日不计）' },
  'assessment.review.systemEntry.perLateEntry': { tag: 'INFER', ref: 'S0 要求及时录入、未给扣分标准：超过期限才录入每场扣 0.25 分，轻于未录入' },
  'assessment.review.systemEntry.perMissingEntry': { tag: 'INFER', ref: 'S0 要求及时录入、未给扣分标准：期限届满仍未录入每场扣 0.5 分，4 场扣完 2 分' }
}
// --- end of assessment ---

// --- officerAssessment: the host's assessment (考核) of officers and third parties after each hearing ---
const OfficerAssessment = Type.Object({
  threshold: Type.Number({ title: '续聘提示的考核平均分', minimum: 1, maximum: 5, description: '平均分低于此值的人员在续聘时提示（1–5 分制）' }),
  minAssessments: Type.Integer({ title: '提示所需最少考核次数', minimum: 1, maximum: 100, description: '至少有多少次考核记录后才按平均分提示' }),
  editableDays: Type.Integer({ title: '考核可修改日数', minimum: 0, maximum: 365, description: '听证结束后多少日内，考核人可以修改考核；此后考核冻结' })
}, { ...closed, title: '听证员考核', description: '听证员、第三方参与人员考核：续聘提示的平均分下限' })
const DEFAULT_OFFICER_ASSESSMENT: Static<typeof OfficerAssessment> = { threshold: 3, minAssessments: 3, editableDays: 30 }
const OFFICER_ASSESSMENT_SOURCES: Record<string, SourceRef> = {
  'officerAssessment.threshold': { tag: 'INFER', ref: 'S0 要求对听证员、第三方参与人员“选聘、考核和取酬”，未给考核标准。按出勤、准备、公正、纪律作风四项 1–5 分，3 分为“合格”：平均低于 3 分即多数场次不合格，续聘时提示（不拒绝，续聘仍由聘任机关决定，类比 S-A4 听证员库的聘任管理）' },
  'officerAssessment.minAssessments': { tag: 'INFER', ref: 'S0 未规定；一两场听证的评分受个别主持人影响大，至少 3 次考核后平均分才作为续聘提示的依据' },
  'officerAssessment.editableDays': { tag: 'INFER', ref: 'S0 未规定；主持人在听证结束后 30 日内可修改本人所作考核（与听证后形成意见、送达的时间相当，S15），此后考核冻结，成为续聘依据' }
}
// --- end of officerAssessment ---

// --- petitioners: who may speak for a matter ---
const PetitionerLimits = Type.Object({
  maxRepresentatives: Type.Integer({ title: '集体信访代表人数上限', minimum: 1, maximum: 20, description: '多人提出同一信访事项时推选的代表最多人数' }),
  maxAgentsPerPetitioner: Type.Integer({ title: '每名信访人委托代理人上限', minimum: 0, maximum: 5, description: '每名信访人（或代表）可委托的代理人最多人数' })
}, { ...closed, title: '信访人代表与代理人', description: '集体信访的代表人数、每人可委托的代理人人数' })
const DEFAULT_PETITIONER_LIMITS: Static<typeof PetitionerLimits> = { maxRepresentatives: 5, maxAgentsPerPetitioner: 2 }
const PETITIONER_LIMIT_SOURCES: Record<string, SourceRef> = {
  'petitioners.maxRepresentatives': { tag: 'NAT', ref: 'S3b, S5a, S27：多人采用走访形式提出同一信访事项的，应当推选代表，代表人数不超过 5 人' },
  'petitioners.maxAgentsPerPetitioner': { tag: 'NAT', ref: 'S3b, S13：信访人可以委托一至二人作为代理人参加听证' }
}
// --- end of petitioners ---

const Sources = Type.Record(Type.String({ minLength: 1, maxLength: 100 }), SourceRef, { description: '每项取值的依据：配置路径 → 来源标记' })

export const RulesetConfig = Type.Object({
  noticeLeadTime: NoticeLeadTimes,
  publicity: Type.Object({ simple: Publicity, general: Publicity }, closed),
  openingWindow: OpeningWindow,
  panel: Type.Object({ simple: PanelSize, general: PanelSize }, closed),
  composition: Composition,
  caps: Caps,
  coolingOffDays: CoolingOffDays,
  travelBufferMinutes: TravelBuffer,
  privacy: Privacy,
  crossRegion: CrossRegion,
  hearingStages: HearingStages,
  deadlines: Type.Object({
    handling: TimeLimit,
    handlingExtension: ExtensionLimit,
    review: TimeLimit,
    reReview: TimeLimit,
    reviewRequest: RequestWindow,
    reReviewRequest: RequestWindow
  }, closed),
  hearingTiming: HearingTiming,
  deliberation: Deliberation,
  assessment: Assessment,
  officerAssessment: OfficerAssessment,
  petitioners: PetitionerLimits,
  sources: Sources
}, closed)
export type RulesetConfig = Static<typeof RulesetConfig>

/** A region's or preset's change to its parent: any subset of the settings; arrays replace whole. */
export const PartialRulesetConfig = Type.Object({
  noticeLeadTime: Type.Optional(Type.Object({
    simple: Type.Optional(Type.Partial(NoticeLeadTime, closed)),
    general: Type.Optional(Type.Partial(NoticeLeadTime, closed))
  }, closed)),
  publicity: Type.Optional(Type.Object({
    simple: Type.Optional(PublicityOverride),
    general: Type.Optional(PublicityOverride)
  }, closed)),
  openingWindow: Type.Optional(Type.Partial(OpeningWindow, closed)),
  panel: Type.Optional(Type.Object({
    simple: Type.Optional(Type.Partial(PanelSize, closed)),
    general: Type.Optional(Type.Partial(PanelSize, closed))
  }, closed)),
  composition: Type.Optional(Composition),
  caps: Type.Optional(Type.Partial(Caps, closed)),
  coolingOffDays: Type.Optional(CoolingOffDays),
  travelBufferMinutes: Type.Optional(TravelBuffer),
  privacy: Type.Optional(Privacy),
  crossRegion: Type.Optional(Type.Partial(CrossRegion, closed)),
  hearingStages: Type.Optional(HearingStages),
  deadlines: Type.Optional(Type.Object({
    handling: Type.Optional(Type.Partial(TimeLimit, closed)),
    handlingExtension: Type.Optional(Type.Partial(ExtensionLimit, closed)),
    review: Type.Optional(Type.Partial(TimeLimit, closed)),
    reReview: Type.Optional(Type.Partial(TimeLimit, closed)),
    reviewRequest: Type.Optional(Type.Partial(RequestWindow, closed)),
    reReviewRequest: Type.Optional(Type.Partial(RequestWindow, closed))
  }, closed)),
  hearingTiming: Type.Optional(Type.Partial(HearingTiming, closed)),
  deliberation: Type.Optional(Type.Partial(Deliberation, closed)),
  assessment: Type.Optional(PartialAssessment),
  officerAssessment: Type.Optional(Type.Partial(OfficerAssessment, { ...closed, title: '听证员考核' })),
  petitioners: Type.Optional(Type.Partial(PetitionerLimits, { ...closed, title: '信访人代表与代理人' })),
  sources: Type.Optional(Sources)
}, closed)
export type PartialRulesetConfig = Static<typeof PartialRulesetConfig>

export type RulesetIssue = { field: string, message: string }

const ajv = new Ajv({ allErrors: true, strict: false })
/** ajv-i18n's Chinese messages: the CommonJS module is the language table itself, while its types declare it as a default export. */
const localizeZh: (errors: ErrorObject[]) => void = Reflect.get(localizeAll, 'zh')
let fullValidator: ValidateFunction | undefined
let partialValidator: ValidateFunction | undefined

function schemaIssues (validate: ValidateFunction, value: unknown, prefix: string): RulesetIssue[] {
  if (validate(value)) return []
  const errors = (validate.errors ?? []).map((e) => ({ ...e })) as ErrorObject[]
  localizeZh(errors)
  return errors.map((e) => {
    const params = e.params as Record<string, unknown>
    const extra = (params.missingProperty ?? params.additionalProperty) as string | undefined
    const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.')
    const field = [prefix, path, extra].filter(Boolean).join('.') || '(根)'
    const message = e.keyword === 'additionalProperties' ? `不允许的字段“${extra ?? ''}”` : (e.message ?? '取值不正确')
    return { field, message }
  })
}

/** Rules the schema cannot express: size ranges, odd sizes, composition that fits the panel. */
function semanticIssues (config: RulesetConfig): RulesetIssue[] {
  const issues: RulesetIssue[] = []
  for (const procedure of PROCEDURES) {
    const p = config.panel[procedure]
    const at = `panel.${procedure}`
    const name = PROCEDURE_NAMES[procedure]
    if (p.min > p.max) issues.push({ field: `${at}.min`, message: `${name}听证员最少人数不能大于最多人数` })
    if (p.default < p.min || p.default > p.max) issues.push({ field: `${at}.default`, message: `${name}默认人数应在 ${p.min} 至 ${p.max} 之间` })
    if (p.odd && p.default % 2 === 0) issues.push({ field: `${at}.default`, message: `${name}要求单数，默认人数不能为 ${p.default}` })
    if (p.odd && p.min === p.max && p.min % 2 === 0) issues.push({ field: `${at}.max`, message: `${name}要求单数，但允许的人数只有 ${p.min}` })
    for (const [i, rule] of config.composition.entries()) {
      if (rule.appliesTo.includes(procedure) && rule.min > p.max) {
        issues.push({ field: `composition.${i}.min`, message: `组成要求“${rule.label}”至少 ${rule.min} 人，超过${name}最多人数 ${p.max}` })
      }
    }
  }
  if (config.panel.general.min < 3) issues.push({ field: 'panel.general.min', message: '一般程序听证员不少于 3 人' })
  const { perWeek, perMonth } = config.caps
  if (perWeek !== null && perMonth !== null && perWeek > perMonth) issues.push({ field: 'caps.perWeek', message: '每周上限不能大于每月上限' })
  const leaves = new Set(leafPaths(config).filter((p) => !p.startsWith('sources')))
  for (const key of Object.keys(config.sources)) {
    if (!leaves.has(key)) issues.push({ field: `sources.${key}`, message: `来源标记指向不存在的配置项“${key}”` })
  }
  return issues
}

/** Checks a complete configuration; never throws. */
export function validateRuleset (value: unknown): { ok: true, config: RulesetConfig } | { ok: false, issues: RulesetIssue[] } {
  fullValidator ??= ajv.compile(RulesetConfig)
  const issues = schemaIssues(fullValidator, value, '')
  if (issues.length > 0) return { ok: false, issues }
  const semantic = semanticIssues(value as RulesetConfig)
  return semantic.length > 0 ? { ok: false, issues: semantic } : { ok: true, config: value as RulesetConfig }
}

/** Checks an override (any subset of settings); never throws. */
export function validatePartialRuleset (value: unknown, prefix = ''): RulesetIssue[] {
  partialValidator ??= ajv.compile(PartialRulesetConfig)
  return schemaIssues(partialValidator, value, prefix)
}

function isPlainObject (v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Dotted paths of every leaf (scalar, null or array) of a configuration object. */
export function leafPaths (value: Record<string, unknown>, prefix = ''): string[] {
  const out: string[] = []
  for (const [k, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${k}` : k
    if (isPlainObject(v) && k !== 'sources') out.push(...leafPaths(v, path))
    else if (prefix !== '' || k !== 'sources') out.push(path)
  }
  return out
}

function mergeInto (target: Record<string, unknown>, patch: Record<string, unknown>) {
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue
    if (isPlainObject(v) && isPlainObject(target[k])) mergeInto(target[k] as Record<string, unknown>, v)
    else target[k] = structuredClone(v)
  }
}

const LEGACY_NOTICE_KEYS = new Set(['days', 'unit'])

/**
 * Rulesets stored before notice lead times were set per procedure carry one flat `noticeLeadTime: { days, unit }`
 * (sources under `noticeLeadTime.days` / `.unit`). That value bound general hearings only (a simple hearing served
 * too late got a warning, never a refusal), so it becomes `noticeLeadTime.general` and its sources move with it;
 * the simple procedure keeps its own default. Anything else is returned as it is (and validated as usual).
 */
export function upgradeRulesetConfig<T> (config: T): T {
  if (!isPlainObject(config) || !isPlainObject(config.noticeLeadTime)) return config
  const lead = config.noticeLeadTime
  const keys = Object.keys(lead)
  if (keys.length === 0 || !keys.every((k) => LEGACY_NOTICE_KEYS.has(k))) return config
  const out: Record<string, unknown> = { ...config, noticeLeadTime: { general: { ...lead } } }
  if (isPlainObject(config.sources)) {
    out.sources = Object.fromEntries(Object.entries(config.sources).map(([path, ref]) => [path.startsWith('noticeLeadTime.') ? `noticeLeadTime.general.${path.slice('noticeLeadTime.'.length)}` : path, ref]))
  }
  return out as T
}

/**
 * The configuration a hearing was scheduled under, from its stored snapshot: upgraded from older shapes, with
 * settings that did not exist yet when it was stored taken from the national defaults (and their sources).
 */
export function hearingRuleset (snapshot: unknown): RulesetConfig {
  const upgraded = upgradeRulesetConfig(snapshot)
  if (!isPlainObject(upgraded)) return structuredClone(DEFAULT_RULESET)
  const merged: RulesetConfig = structuredClone(DEFAULT_RULESET)
  const { sources, ...values } = upgraded
  mergeInto(merged, values)
  merged.sources = { ...DEFAULT_RULESET.sources, ...(isPlainObject(sources) ? (sources as RulesetConfig['sources']) : {}) }
  return merged
}

/** One link of an inheritance chain: a preset, or a ruleset assigned to a region. */
export type RulesetLayer = { label: string, config: unknown }

/**
 * Merges the layers over `base` (the national defaults unless given), parent first and child last, so a
 * child's setting wins. Objects merge key by key; arrays and scalars replace. A value a layer sets keeps
 * the source that layer gives for it, or else `LOCAL: <layer label>`. The result is validated; any
 * problem throws `scheduling.ruleset_invalid` with `issues: [{ field, message }]`.
 */
export function resolveRuleset (chain: readonly RulesetLayer[], base: RulesetConfig = DEFAULT_RULESET): RulesetConfig {
  const issues: RulesetIssue[] = []
  const merged = structuredClone(base) as Record<string, unknown>
  const sources = { ...base.sources } as Record<string, SourceRef>
  for (const layer of chain) {
    const layerConfig = upgradeRulesetConfig(layer.config)
    const layerIssues = validatePartialRuleset(layerConfig)
    if (layerIssues.length > 0) {
      issues.push(...layerIssues.map((i) => ({ field: i.field, message: `${layer.label}：${i.message}` })))
      continue
    }
    const { sources: layerSources = {}, ...values } = layerConfig as PartialRulesetConfig
    mergeInto(merged, values)
    for (const path of leafPaths(values)) {
      sources[path] = layerSources[path] ?? { tag: 'LOCAL', ref: layer.label }
      for (const key of Object.keys(sources)) if (key.startsWith(`${path}.`)) delete sources[key]
    }
  }
  if (issues.length > 0) throw rulesetInvalid({ issues }, issues.map((i) => `${i.field}：${i.message}`).join('；'))
  merged.sources = Object.fromEntries(Object.entries(sources).sort(([a], [b]) => (a < b ? -1 : 1)))
  const result = validateRuleset(merged)
  if (!result.ok) throw rulesetInvalid({ issues: result.issues }, result.issues.map((i) => `${i.field}：${i.message}`).join('；'))
  return result.config
}

/** SHA-256 of the canonical JSON of a resolved configuration: what a hearing records next to the ruleset version. */
export function rulesetFingerprint (config: RulesetConfig): string {
  return sha256Hex(canonicalJson(config))
}

/** The composition rules that bind a procedure. */
export function compositionFor (config: RulesetConfig, procedure: Procedure): CompositionRule[] {
  return config.composition.filter((r) => r.appliesTo.includes(procedure))
}

const src = (tag: SourceTag, ref: string): SourceRef => ({ tag, ref })

/** National defaults: what applies where no region has chosen otherwise. Every value carries its source. */
export const DEFAULT_RULESET: RulesetConfig = {
  noticeLeadTime: {
    simple: { days: 3, unit: 'working' },
    general: { days: 7, unit: 'calendar' }
  },
  publicity: {
    simple: { defaultPublic: true, announce: false, announceLeadTime: { days: 3, unit: 'working' } },
    general: { defaultPublic: true, announce: true, announceLeadTime: { days: 7, unit: 'calendar' } }
  },
  openingWindow: { minutesBeforeStart: 60, minutesAfterStart: null },
  panel: {
    simple: { min: 0, max: 3, odd: false, default: 3, alternates: 1 },
    general: { min: 5, max: 9, odd: true, default: 5, alternates: 2 }
  },
  composition: [
    { label: '律师或法律工作者', min: 1, match: { field: 'profession', anyOf: ['lawyer', 'grassroots_legal_worker'] }, appliesTo: ['general'] },
    { label: '党代表、人大代表或政协委员', min: 1, match: { field: 'source', anyOf: ['deputy'] }, appliesTo: ['general'] }
  ],
  caps: { perWeek: 2, perMonth: 4 },
  coolingOffDays: 90,
  travelBufferMinutes: 30,
  privacy: 'non_public',
  crossRegion: { allowed: true, localFirst: true },
  hearingStages: ['handling', 'review', 'reReview'],
  deadlines: {
    handling: { days: 60, unit: 'calendar', excludeHearingTime: false },
    handlingExtension: { maxDays: 30, unit: 'calendar' },
    review: { days: 30, unit: 'calendar', excludeHearingTime: false },
    reReview: { days: 30, unit: 'calendar', excludeHearingTime: true },
    reviewRequest: { days: 30, unit: 'calendar' },
    reReviewRequest: { days: 30, unit: 'calendar' }
  },
  hearingTiming: { afterDueSeverity: 'error', minDecisionWorkingDays: 7, shortDecisionSeverity: 'warning' },
  deliberation: { voters: 'panel', majority: 'of_voters', tie: 'refer' },
  assessment: DEFAULT_ASSESSMENT,
  officerAssessment: DEFAULT_OFFICER_ASSESSMENT,
  petitioners: DEFAULT_PETITIONER_LIMITS,
  sources: {
    ...ASSESSMENT_SOURCES,
    ...OFFICER_ASSESSMENT_SOURCES,
    ...PETITIONER_LIMIT_SOURCES,
    'noticeLeadTime.general.days': src('INFER', 'S7、S13：提前 7 日书面通知（类比 S-A1 亦为 7 日）；各地 5 至 10 日不等，取多数'),
    'noticeLeadTime.general.unit': src('INFER', 'S7、S13 按日计：自然日'),
    'noticeLeadTime.simple.days': src('INFER', 'S0 提倡简易听证以节约成本，简易程序通知可缩短并以电话、短信确认；未见规定天数，参照类比 S-A3（检察听证提前 3 日）取 3 日'),
    'noticeLeadTime.simple.unit': src('INFER', 'S0 简易程序缩短通知，但按工作日计，信访人至少有 3 个工作日准备材料、委托代理人（S3b、S13 允许委托 1 至 2 名代理人），不因周末、节假日而落空'),
    'publicity.simple.defaultPublic': src('NAT', 'S2a：听证应当公开举行；S11、S10b、S13、S7 同（WIDE）'),
    'publicity.general.defaultPublic': src('NAT', 'S2a：听证应当公开举行；S11、S10b、S13、S7 同（WIDE）'),
    'publicity.general.announce': src('INFER', 'S2a 公开举行、S5b 公民可报名旁听：公众须事先知道时间地点方能旁听，一般程序公开听证应事先公告'),
    'publicity.general.announceLeadTime.days': src('INFER', '未见公告期限的规定；与一般程序通知期限一致（S7、S13 提前 7 日），旁听人员有时间报名'),
    'publicity.general.announceLeadTime.unit': src('INFER', '与一般程序通知期限一致（S7、S13）：自然日'),
    'publicity.simple.announce': src('INFER', 'S0 提倡简易听证；简易程序多在乡镇、社区现场进行、通知缩短：默认不要求事先公告，公开举行时仍可旁听'),
    'publicity.simple.announceLeadTime.days': src('INFER', 'S0 提倡简易听证，不要求公告；选择公告时与简易程序通知期限一致（3 日）'),
    'publicity.simple.announceLeadTime.unit': src('INFER', '与简易程序通知期限一致（S0 简易听证缩短通知）：工作日'),
    'openingWindow.minutesBeforeStart': src('INFER', 'S16、S17：开始前由记录员核对到场人员身份并报告主持人；人员到齐时最早可在排定时间前 60 分钟宣布开始，不得改在其他日期'),
    'openingWindow.minutesAfterStart': src('INFER', '排定当日（上海时间）内均可开始；当日不能开始的，按 S15 延期并重新通知'),
    'panel.simple.min': src('INFER', '简易程序重在便捷：主持人可单独进行（S3b、S15 未规定简易程序人数）'),
    'panel.simple.max': src('INFER', '简易程序听证员 1–3 名，少于一般程序（S3b 一般程序 5 人以上）'),
    'panel.simple.odd': src('INFER', '简易程序人数可为单数或双数（S3b 仅对一般程序要求单数）'),
    'panel.simple.default': src('INFER', '简易程序默认 3 人：可形成多数意见（S-A8 三人以上单数）'),
    'panel.simple.alternates': src('INFER', 'P1：正式人选与候补人选一并抽取'),
    'panel.general.min': src('INFER', '一般程序不少于 5 人（S3b 五人以上）'),
    'panel.general.max': src('INFER', '所见规定中最多 9 人（S5b）'),
    'panel.general.odd': src('WIDE', '给出人数的规定均为单数（S3b、S5b、S-A8）'),
    'panel.general.default': src('INFER', '一般程序默认取下限 5 人（S3b）'),
    'panel.general.alternates': src('INFER', 'P1：正式人选与候补人选一并抽取'),
    composition: src('INFER', '听证员构成（S25、S5d、S1f：两代表一委员、律师）；P1：构成要求与随机抽取同时满足'),
    'caps.perWeek': src('INFER', 'P1：专家抽取系统每人每周不超过 2 次'),
    'caps.perMonth': src('INFER', 'P1：专家抽取系统每人每月不超过 4 次'),
    coolingOffDays: src('INFER', '轮换听证员，避免固定由少数人参加（P1；S-A4 听证员库随机抽取）'),
    travelBufferMinutes: src('INFER', 'P2：相邻场次在不同场所时留出路程时间，县（市、区）内默认 30 分钟'),
    privacy: src('INFER', '涉及秘密或隐私的：S17、S13 不公开举行；S7、S5a 不予听证'),
    'crossRegion.allowed': src('SEED', 'S0：听证员可突破地域共享；本乡镇（街道）以外的听证员须本人同意跨区域参加（未同意者不予抽取，并在抽取记录中写明原因）'),
    'crossRegion.localFirst': src('INFER', 'S0 要求各县（市、区）建库、听证向社区和村延伸：熟悉当地情况的人员优先。先抽听证所属乡镇（街道）的人员，不足时依次为本县（市、区）、本市其他区域同意跨区域的人员（tz-draw-v2）'),
    hearingStages: src('WIDE', '办理、复核阶段可听证（S1b、S1f），地方规定三个阶段均可（S7、S6、S14、S5a）'),
    'deadlines.handling.days': src('NAT', 'S1c、S2c：60 日'),
    'deadlines.handling.unit': src('NAT', 'S26：自受理次日起算，按日计'),
    'deadlines.handling.excludeHearingTime': src('INFER', '未见全国性扣除规定（S1c、S2c），默认计入'),
    'deadlines.handlingExtension.maxDays': src('NAT', 'S1c、S2c：经批准可延长不超过 30 日'),
    'deadlines.handlingExtension.unit': src('NAT', 'S1c、S2c'),
    'deadlines.review.days': src('NAT', 'S2d、S18：30 日'),
    'deadlines.review.unit': src('NAT', 'S2d'),
    'deadlines.review.excludeHearingTime': src('INFER', '全国性规定仅复核扣除听证时间（S1b、S2b；S19 阿坝复查亦扣除，属地方规定）'),
    'deadlines.reReview.days': src('NAT', 'S1b：30 日'),
    'deadlines.reReview.unit': src('NAT', 'S1b'),
    'deadlines.reReview.excludeHearingTime': src('NAT', 'S1b、S2b：听证所需时间不计入'),
    'deadlines.reviewRequest.days': src('NAT', '《信访工作条例》第三十五条（S2d）：自收到书面答复之日起 30 日内请求复查'),
    'deadlines.reviewRequest.unit': src('NAT', 'S26：期间从次日起算，按日计'),
    'deadlines.reReviewRequest.days': src('NAT', '《信访工作条例》第三十六条（S1b）：自收到书面复查意见之日起 30 日内请求复核'),
    'deadlines.reReviewRequest.unit': src('NAT', 'S26：期间从次日起算，按日计'),
    'hearingTiming.afterDueSeverity': src('INFER', '办理、复查、复核期限为法定期限（S1c、S2c、S2d、S1b）；听证结论是作出意见的依据（S3b、S9），期限届满后才听证，已无法按期作出意见：默认为错误，不能排期'),
    'hearingTiming.minDecisionWorkingDays': src('INFER', '听证后 7 个工作日内形成纪要（类比 S-A5），当场形成结论的 10 日内送达、否则 20 日内作出（S15）：默认听证日后至期限届满至少留 7 个工作日作出意见'),
    'deliberation.voters': src('INFER', 'S15、S16：主持人召集听证员评议，主持人是听证组成人员；S22 听证组成人员讨论后表决；类比 S-A10 合议庭审判长同样参加表决：主持人和听证员均表决'),
    'deliberation.majority': src('ANALOG', 'S-A10：少数服从多数；S22 表决形成结论。弃权既不赞成也不反对，同意或不同意须超过参加表决人数的一半才是多数意见'),
    'deliberation.tie': src('INFER', 'S-A10 少数服从多数：票数相等时没有多数意见；未见主持人投决定票的规定，如实记录两种意见，提请听证组织机关研究决定（S3b、S9：听证结论是组织机关作出意见的依据）'),
    'hearingTiming.shortDecisionSeverity': src('INFER', '听证后所需天数仅见地方和类比规定（S15、S-A5），仅作提醒')
  }
}

export type RulesetPreset = { id: string, name: string, description: string, config: RulesetConfig }

function preset (id: string, name: string, description: string, overrides: PartialRulesetConfig): RulesetPreset {
  return { id, name, description, config: resolveRuleset([{ label: name, config: overrides }]) }
}

/** The provincial variants of docs/sources.md, each a complete configuration over the national defaults. */
export const PRESETS: readonly RulesetPreset[] = [
  { id: 'national-default', name: '全国默认', description: '《信访工作条例》期限与推荐默认值', config: DEFAULT_RULESET },
  preset('shandong-2006', '山东省 2006（试行）', '鲁政办发〔2006〕31号：一般程序提前 10 个工作日通知，听证员 5 人以上单数', {
    noticeLeadTime: { general: { days: 10, unit: 'working' } },
    panel: { general: { min: 5, max: 15, odd: true, default: 5 } },
    sources: {
      'noticeLeadTime.general.days': src('LOCAL', 'S3b：提前 10 个工作日（S3b 未分简易程序，简易程序仍按默认）'),
      'noticeLeadTime.general.unit': src('LOCAL', 'S3b：工作日'),
      'panel.general.min': src('LOCAL', 'S3b：5 人以上'),
      'panel.general.max': src('INFER', 'S3b 未规定上限'),
      'panel.general.odd': src('LOCAL', 'S3b：单数'),
      'panel.general.default': src('LOCAL', 'S3b')
    }
  }),
  preset('anhui-2017', '安徽省 2017', '听证员 7 人或 9 人；涉及秘密或隐私的不予听证', {
    panel: { general: { min: 7, max: 9, odd: true, default: 7 } },
    privacy: 'refuse',
    hearingStages: ['handling', 'review', 'reReview'],
    sources: {
      'panel.general.min': src('LOCAL', 'S5b：每场 7 或 9 名'),
      'panel.general.max': src('LOCAL', 'S5b：每场 7 或 9 名'),
      'panel.general.odd': src('LOCAL', 'S5b'),
      'panel.general.default': src('LOCAL', 'S5b'),
      privacy: src('LOCAL', 'S5a：不予听证'),
      hearingStages: src('LOCAL', 'S5a：办理、复查、复核')
    }
  }),
  preset('guangxi-2024', '广西壮族自治区 2024', '一般程序提前 7 日书面通知；涉及秘密或隐私的不予听证；三个阶段均可听证', {
    noticeLeadTime: { general: { days: 7, unit: 'calendar' } },
    privacy: 'refuse',
    hearingStages: ['handling', 'review', 'reReview'],
    sources: {
      'noticeLeadTime.general.days': src('LOCAL', 'S7：提前 7 日'),
      'noticeLeadTime.general.unit': src('LOCAL', 'S7'),
      privacy: src('LOCAL', 'S7：不予听证'),
      hearingStages: src('LOCAL', 'S7')
    }
  }),
  preset('guangxi-2007', '广西壮族自治区 2007（暂行）', '办理和复核阶段听证', {
    hearingStages: ['handling', 'reReview'],
    sources: { hearingStages: src('LOCAL', 'S8') }
  }),
  preset('jiangsu', '江苏省', '一般程序提前 7 个工作日通知', {
    noticeLeadTime: { general: { days: 7, unit: 'working' } },
    sources: { 'noticeLeadTime.general.days': src('LOCAL', 'S9（二手摘要）'), 'noticeLeadTime.general.unit': src('LOCAL', 'S9') }
  }),
  preset('henan-2006', '河南省 2006 复查复核', '仅复核阶段听证；一般程序提前 10 日通知', {
    noticeLeadTime: { general: { days: 10, unit: 'calendar' } },
    hearingStages: ['reReview'],
    sources: {
      'noticeLeadTime.general.days': src('LOCAL', 'S12：提前 10 日'),
      'noticeLeadTime.general.unit': src('LOCAL', 'S12'),
      hearingStages: src('LOCAL', 'S12：仅复核')
    }
  }),
  preset('shanxi-2020', '山西省 2020', '复查、复核阶段听证', {
    hearingStages: ['review', 'reReview'],
    sources: { hearingStages: src('LOCAL', 'S10：仅复查、复核') }
  }),
  preset('xx-region', '“XX区”试行办法', '办理、复查、复核阶段均可听证（申请即应当听证）', {
    hearingStages: ['handling', 'review', 'reReview'],
    sources: { hearingStages: src('LOCAL', 'S14') }
  })
]

export function findPreset (id: string): RulesetPreset | undefined {
  return PRESETS.find((p) => p.id === id)
}

/** Why `seats` officers do not fit the procedure under the ruleset, or null when they do. */
export function panelSizeIssue (config: RulesetConfig, procedure: Procedure, seats: number): string | null {
  const p = config.panel[procedure]
  const name = PROCEDURE_NAMES[procedure]
  if (!Number.isInteger(seats) || seats < p.min || seats > p.max) return `${name}听证员应为 ${p.min} 至 ${p.max} 人${p.odd ? '（单数）' : ''}，现为 ${seats} 人`
  if (p.odd && seats % 2 === 0) return `${name}听证员人数应为单数，现为 ${seats} 人`
  return null
}
