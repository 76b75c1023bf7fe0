import { Type, type Static, type TSchema } from 'typebox'
import { CONCLUSION_TYPES, MATTER_DOCUMENT_KINDS, MATTER_STAGES, NOTIFICATION_METHODS, PETITIONER_KINDS, THIRD_PARTY_SITUATIONS } from '../../../db/schema/enums.js'
import { ApiDate, ApiTime, Page, PageQuery } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { CONCLUSION_TYPE_NAMES, MATTER_STATUSES, MATTER_STATUS_NAMES, NOTIFICATION_METHOD_NAMES, PETITIONER_KIND_NAMES, STAGE_NAMES, THIRD_PARTY_SITUATION_LABELS } from './matters.rules.js'

const closed = { additionalProperties: false } as const
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
const Text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, pattern: '\\S', ...(description ? { description } : {}) })

export const MatterStage = labelledEnum(MATTER_STAGES, STAGE_NAMES, { title: '阶段', description: 'in this order' })
export const PetitionerKind = labelledEnum(PETITIONER_KINDS, PETITIONER_KIND_NAMES, { title: '信访形式', description: 'a group names at most 5 representatives' })
export const ThirdPartySituation = labelledEnum(THIRD_PARTY_SITUATIONS, THIRD_PARTY_SITUATION_LABELS, { title: '邀请第三方的情形' })
export const NotificationMethod = labelledEnum(NOTIFICATION_METHODS, NOTIFICATION_METHOD_NAMES, { title: '告知方式' })
export const ConclusionType = labelledEnum(CONCLUSION_TYPES, CONCLUSION_TYPE_NAMES, { title: '处理结论' })
export const MatterStatus = labelledEnum(MATTER_STATUSES, MATTER_STATUS_NAMES, { title: '办理状态', description: 'overdue: a stage under way past its due date' })
const DayUnit = Type.Enum(['calendar', 'working'], { description: 'calendar 自然日 | working 工作日' })

const IdNumber = Type.String({ title: '身份证号码', minLength: 1, maxLength: 30, description: '18-digit resident ID number (GB 11643), checked with its check digit' })
const Phone = Type.String({ title: '联系电话', maxLength: 30 })
const titled = <T extends TSchema>(title: string, t: T) => Type.With(t, { title })
const AcceptingBody = titled('受理机关', Text(100))
const AcceptedOn = titled('受理日期', ApiDate)

const AgentBody = Type.Object({
  name: titled('代理人姓名', Text(40)),
  idNumber: titled('代理人身份证号码', IdNumber),
  phone: Type.Optional(Nullable(Phone)),
  powerOfAttorneyNote: titled('委托事项和权限', Text(500, '授权委托书：委托事项和权限')),
  powerOfAttorneyDate: titled('授权委托日期', ApiDate)
}, closed)

const PetitionerBody = Type.Object({
  name: titled('姓名', Text(40)),
  idNumber: IdNumber,
  mobile: Type.Optional(Nullable(titled('手机号码', Phone))),
  address: Type.Optional(Nullable(Type.String({ title: '住址', maxLength: 200 }))),
  homeVillageRegionId: Type.Optional(Nullable(Type.Integer({ title: '所在村（社区）', minimum: 1, description: 'village or community (村/社区) the petitioner lives in, for recusal' }))),
  // the legal maximum (2) is checked by the service so that a third agent gets matters.too_many_agents
  agents: Type.Optional(Type.Array(AgentBody, { title: '委托代理人', maxItems: 10 }))
}, closed)

const FlagsBody = Type.Object({
  involvesPrivacy: Type.Optional(Type.Boolean({ title: '涉及个人隐私' })),
  involvesStateSecret: Type.Optional(Type.Boolean({ title: '涉及国家秘密' })),
  involvesCommercialSecret: Type.Optional(Type.Boolean({ title: '涉及商业秘密' })),
  inLitigation: Type.Optional(Type.Boolean({ title: '已进入诉讼程序' })),
  inArbitration: Type.Optional(Type.Boolean({ title: '已进入仲裁程序' })),
  inAdministrativeReconsideration: Type.Optional(Type.Boolean({ title: '已进入行政复议程序' }))
}, { ...closed, title: '涉及情形' })

const Version = Type.Integer({ title: '版本号', minimum: 1, description: 'the matter version last read; a stale value gets 409 request.version_conflict' })
const Petitioners = (description?: string) => Type.Array(PetitionerBody, { title: '信访人', minItems: 1, maxItems: 20, ...(description ? { description } : {}) })

export const CreateMatterBody = Type.Object({
  number: titled('信访事项编号', Text(60, '信访事项编号，如 滨信复〔2026〕15号')),
  title: titled('事项标题', Text(200)),
  summary: Type.Optional(Type.String({ title: '事项摘要', maxLength: 5000 })),
  specialty: Type.Optional(Nullable(Type.String({ title: '专业类别', minLength: 1, maxLength: 60, description: 'code of a pool_vocabulary specialty' }))),
  regionId: Type.Integer({ title: '所属区划', minimum: 1 }),
  petitionerKind: PetitionerKind,
  groupName: Type.Optional(Nullable(Type.String({ title: '群体名称', maxLength: 100 }))),
  groupSize: Type.Optional(Nullable(Type.Integer({ title: '群体人数', minimum: 2, maximum: 100000 }))),
  petitioners: Petitioners(),
  respondentOrganisationId: Type.Integer({ title: '被反映（责任）单位', minimum: 1 }),
  flags: Type.Optional(FlagsBody),
  thirdPartySituations: Type.Optional(Type.Array(ThirdPartySituation, { title: '邀请第三方的情形', uniqueItems: true, maxItems: THIRD_PARTY_SITUATIONS.length })),
  handling: Type.Optional(Type.Object({
    acceptingBody: AcceptingBody,
    acceptedOn: AcceptedOn
  }, { ...closed, title: '办理阶段', description: 'opens the 办理 stage right away' }))
}, closed)
export type CreateMatterBody = Static<typeof CreateMatterBody>

export const UpdateMatterBody = Type.Object({
  number: Type.Optional(CreateMatterBody.properties.number),
  title: Type.Optional(CreateMatterBody.properties.title),
  summary: CreateMatterBody.properties.summary,
  specialty: CreateMatterBody.properties.specialty,
  regionId: Type.Optional(CreateMatterBody.properties.regionId),
  petitionerKind: Type.Optional(PetitionerKind),
  groupName: CreateMatterBody.properties.groupName,
  groupSize: CreateMatterBody.properties.groupSize,
  petitioners: Type.Optional(Petitioners('replaces every petitioner; one with an unchanged ID number keeps its id')),
  respondentOrganisationId: Type.Optional(CreateMatterBody.properties.respondentOrganisationId),
  flags: Type.Optional(FlagsBody),
  thirdPartySituations: CreateMatterBody.properties.thirdPartySituations,
  version: Version
}, closed)
export type UpdateMatterBody = Static<typeof UpdateMatterBody>

const RequestedOn = Type.String({ format: 'date', description: '复查、复核：信访人提出请求的日期（申请日期），用于核对请求期限；不填则以受理日期核对' })

export const OpenStageBody = Type.Object({
  stage: MatterStage,
  acceptingBody: AcceptingBody,
  acceptedOn: AcceptedOn,
  requestedOn: Type.Optional(RequestedOn),
  version: Version
}, closed)

export const UpdateStageBody = Type.Object({
  acceptingBody: Type.Optional(AcceptingBody),
  acceptedOn: Type.Optional(AcceptedOn),
  requestedOn: Type.Optional(Nullable(RequestedOn)),
  version: Version
}, closed)

export const ExtendStageBody = Type.Object({
  days: Type.Integer({ title: '延长天数', minimum: 1, maximum: 365, description: 'extension in days; the ruleset allows at most 30 for handling' }),
  approvedBy: titled('批准人', Text(60, '批准人（机关负责人）')),
  reason: titled('延期理由', Text(500, '延期理由（应告知信访人）')),
  approvedOn: titled('批准日期', ApiDate),
  version: Version
}, closed)

const AnswerReceivedOn = Type.String({ format: 'date', description: '信访人收到书面答复（处理、复查意见）的日期；请求下一阶段的期限自次日起算' })

export const DecideStageBody = Type.Object({
  decidedOn: titled('作出意见日期', ApiDate),
  summary: Type.Optional(Nullable(Type.String({ title: '处理意见摘要', maxLength: 2000 }))),
  answerReceivedOn: Type.Optional(AnswerReceivedOn),
  conclusionType: Type.Optional(Nullable(ConclusionType)),
  revokedForMissingRightsNotice: Type.Optional(Type.Boolean({
    title: '因未告知听证权利而撤销',
    description: '复核：以复查阶段未告知听证权利为由撤销复查意见'
  })),
  petitionerCeased: Type.Optional(Nullable(Type.Boolean({ title: '息诉罢访', description: '回访结果：信访人是否息诉罢访；null 为尚未回访' }))),
  ceasedCheckedOn: Type.Optional(Nullable(titled('回访日期', ApiDate))),
  version: Version
}, closed)

export const CeasedFollowUpBody = Type.Object({
  petitionerCeased: Nullable(Type.Boolean({ title: '息诉罢访', description: '回访结果：信访人是否息诉罢访；null 撤销登记' })),
  checkedOn: Nullable(titled('回访日期', ApiDate)),
  version: Version
}, closed)

export const AnswerReceiptBody = Type.Object({
  receivedOn: AnswerReceivedOn,
  version: Version
}, closed)

export const NotificationBody = Type.Object({
  stage: Type.Optional(MatterStage),
  notifiedOn: titled('告知日期', ApiDate),
  method: NotificationMethod,
  notifiedBy: titled('告知人', Text(60)),
  note: Type.Optional(Nullable(Type.String({ title: '备注', maxLength: 500 }))),
  version: Version
}, closed)

export const StageParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }),
  stage: MatterStage
}, closed)

export const MatterListQuery = Type.Object({
  regionId: Type.Optional(Type.Integer({ title: '区划', minimum: 1, description: 'matters of this region and its subtree' })),
  q: Type.Optional(Type.String({ title: '搜索内容', minLength: 1, maxLength: 60, description: 'part of the number or title' })),
  answeredWithoutNotice: Type.Optional(Type.Boolean({ title: '未告知听证权利即已答复' })),
  stage: Type.Optional(Type.With(MatterStage, { title: '阶段', description: 'the latest stage accepted on the matter (办理, 复查 or 复核)' })),
  status: Type.Optional(MatterStatus),
  dueWithinWorkingDays: Type.Optional(Type.Integer({
    title: '期限届满工作日数',
    minimum: 0,
    maximum: 250,
    description: 'a stage under way whose due date falls from today up to this many working days ahead (on the working-day calendar)'
  })),
  sort: Type.Optional(Type.Enum(['newest', 'due'], { title: '排序', default: 'newest', description: 'newest 登记时间由近及远 | due 在办阶段期限由近及远（无在办阶段的排在最后）' })),
  ...PageQuery
}, closed)

export const DeadlineQuery = Type.Object({
  regionId: Type.Optional(Type.Integer({ minimum: 1 })),
  within: Type.Optional(Type.Integer({ title: '未来天数', minimum: 0, maximum: 366, default: 14, description: 'days ahead; overdue stages are always listed' })),
  withinWorkingDays: Type.Optional(Type.Integer({ title: '未来工作日数', minimum: 0, maximum: 250, description: 'working days ahead on the working-day calendar (holidays and make-up days counted as the calendar says), instead of within; overdue stages are always listed' }))
}, closed)

export const RegionQuery = Type.Object({
  regionId: Type.Optional(Type.Integer({ minimum: 1 }))
}, closed)

// ---------------------------------------------------------------------------------------------------------------
// Responses

const Reason = Type.Object({ code: Type.String(), message: Type.String() })
const Ref = Type.Object({ id: Type.Integer(), name: Type.String() })

const AgentView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  idNumber: Type.String(),
  phone: Nullable(Type.String()),
  powerOfAttorneyNote: Type.String(),
  powerOfAttorneyDate: ApiDate
})

const PetitionerView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  idNumber: Type.String({ description: 'masked unless the reader is an admin or a coordinator of the region' }),
  mobile: Nullable(Type.String()),
  address: Nullable(Type.String()),
  homeVillage: Nullable(Ref),
  agents: Type.Array(AgentView)
})

export const RequestWindowView = Type.Object({
  days: Type.Integer({ description: '请求期限（按 unit 计），自收到上一阶段书面答复之日的次日起算' }),
  unit: DayUnit,
  previousStage: MatterStage,
  previousStageName: Type.String(),
  answerReceivedOn: Nullable(ApiDate),
  requestedOn: ApiDate,
  requestedOnSource: Type.Enum(['requested', 'accepted'], { description: 'requested 登记的请求日期 | accepted 未登记请求日期，按受理日期核对' }),
  endsOn: Nullable(ApiDate),
  state: Type.Enum(['within', 'late', 'unknown'], { description: 'within 在期限内 | late 超过请求期限受理 | unknown 未登记收到答复日期' }),
  daysOver: Type.Integer({ description: '超过期限的自然日数（未超过为 0）' }),
  message: Type.String()
}, { description: '复查、复核：是否在收到上一阶段书面答复后的期限内请求；办理阶段为 null' })

const Handler = Type.Object({
  teamId: Type.Integer(),
  teamName: Type.String(),
  teamMemberId: Type.Integer(),
  userId: Nullable(Type.Integer()),
  name: Type.String(),
  method: Type.String(),
  assignedAt: ApiTime
})

const StageView = Type.Object({
  stage: MatterStage,
  stageName: Type.String(),
  acceptingBody: Type.String(),
  acceptedOn: ApiDate,
  limitDays: Type.Integer(),
  dayUnit: DayUnit,
  excludeHearingTime: Type.Boolean(),
  rulesetLabel: Type.String(),
  baseDueOn: ApiDate,
  dueOn: ApiDate,
  pausedDays: Type.Integer(),
  warnings: Type.Array(Type.Object({ code: Type.String(), year: Type.Integer(), message: Type.String() })),
  extension: Nullable(Type.Object({ days: Type.Integer(), unit: DayUnit, approvedBy: Type.String(), reason: Type.String(), approvedOn: ApiDate })),
  decidedOn: Nullable(ApiDate),
  decisionSummary: Nullable(Type.String()),
  conclusionType: Nullable(ConclusionType),
  conclusionTypeName: Nullable(Type.String()),
  revokedForMissingRightsNotice: Type.Boolean(),
  petitionerCeased: Nullable(Type.Boolean()),
  petitionerCeasedName: Nullable(Type.String({ description: '息诉罢访 | 未息诉罢访' })),
  ceasedCheckedOn: Nullable(ApiDate),
  deadline: Type.Object({ state: Type.String(), daysRemaining: Type.Integer(), late: Type.Boolean() }),
  requestedOn: Nullable(ApiDate),
  requestWindow: Nullable(RequestWindowView),
  answerReceivedOn: Nullable(ApiDate),
  rightsNoticeIssuedOn: Nullable(Type.String({ format: 'date', description: '本阶段首次出具听证权利告知书的日期（视为已告知听证权利）' })),
  answeredWithoutNotice: Type.Boolean(),
  notifications: Type.Array(Type.Object({
    id: Type.Integer(), notifiedOn: ApiDate, method: NotificationMethod, methodName: Type.String(), notifiedBy: Type.String(), note: Nullable(Type.String())
  })),
  hearingPauses: Type.Array(Type.Object({ id: Type.Integer(), hearingId: Nullable(Type.Integer()), from: ApiDate, to: ApiDate })),
  handler: Nullable(Handler)
})

export const MatterView = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  specialty: Nullable(Type.Object({ code: Type.String(), label: Type.String() })),
  region: Ref,
  petitionerKind: PetitionerKind,
  petitionerKindName: Type.String(),
  groupName: Nullable(Type.String()),
  groupSize: Nullable(Type.Integer()),
  petitioners: Type.Array(PetitionerView),
  personalDataMasked: Type.Boolean(),
  respondent: Ref,
  flags: Type.Object({
    involvesPrivacy: Type.Boolean(),
    involvesStateSecret: Type.Boolean(),
    involvesCommercialSecret: Type.Boolean(),
    inLitigation: Type.Boolean(),
    inArbitration: Type.Boolean(),
    inAdministrativeReconsideration: Type.Boolean()
  }),
  thirdPartySituations: Type.Array(Type.Object({ code: ThirdPartySituation, label: Type.String() })),
  stages: Type.Array(StageView),
  currentStage: Nullable(MatterStage),
  answeredWithoutHearingNotice: Type.Boolean(),
  hearability: Type.Object({ hearable: Type.Boolean(), reasons: Type.Array(Reason), confidentiality: Type.Array(Reason) }),
  version: Type.Integer(),
  createdAt: ApiTime,
  updatedAt: ApiTime
})

export const MatterSummary = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  title: Type.String(),
  region: Ref,
  respondent: Ref,
  petitionerKind: PetitionerKind,
  currentStage: Nullable(MatterStage),
  currentDueOn: Nullable(ApiDate),
  answeredWithoutHearingNotice: Type.Boolean(),
  hearable: Type.Boolean(),
  currentStageName: Nullable(Type.String()),
  latestStage: Nullable(MatterStage),
  latestStageName: Nullable(Type.String()),
  status: MatterStatus,
  statusName: Type.String(),
  currentDeadline: Nullable(Type.Object({
    state: Type.String({ description: 'open | due_soon | due_today | overdue' }),
    daysRemaining: Type.Integer({ description: 'calendar days from today to the due date; negative when overdue' }),
    dayUnit: DayUnit,
    warnings: Type.Array(Type.Object({ code: Type.String(), year: Type.Integer(), message: Type.String() }))
  })),
  version: Type.Integer(),
  createdAt: ApiTime
})
export const MatterPage = Type.Object({
  ...Page(MatterSummary).properties,
  today: ApiDate,
  dueBy: Nullable(Type.Object({
    workingDays: Type.Integer(),
    date: ApiDate,
    warnings: Type.Array(Type.Object({ code: Type.String(), year: Type.Integer(), message: Type.String() }), { description: '计算所涉年份中节假日安排未录入的年份' })
  }, { description: 'with dueWithinWorkingDays: the last due date listed' }))
})

const Option = Type.Object({ code: Type.String(), label: Type.String() })

export const MatterVocabulary = Type.Object({
  stages: Type.Array(Option),
  statuses: Type.Array(Option),
  petitionerKinds: Type.Array(Option),
  thirdPartySituations: Type.Array(Option, { description: '邀请第三方参加听证的情形' }),
  flags: Type.Array(Option),
  conclusionTypes: Type.Array(Option),
  notificationMethods: Type.Array(Option)
}, { description: 'the values a matter field takes, with the Chinese each screen shows' })

const StageRef = {
  matterId: Type.Integer(),
  number: Type.String(),
  title: Type.String(),
  region: Ref,
  stage: MatterStage,
  stageName: Type.String(),
  acceptedOn: ApiDate
}

export const DeadlineList = Type.Object({
  today: ApiDate,
  within: Type.Integer({ description: 'calendar days ahead the list reaches (from withinWorkingDays when that was given)' }),
  dueBy: Type.With(ApiDate, { description: 'the last due date listed: today plus within' }),
  items: Type.Array(Type.Object({
    ...StageRef,
    dueOn: ApiDate,
    daysRemaining: Type.Integer({ description: 'calendar days from today to the due date; negative when overdue' }),
    state: Type.String({ description: 'overdue | due_today | due_soon | open' }),
    dayUnit: DayUnit,
    extended: Type.Boolean(),
    warnings: Type.Array(Type.Object({ code: Type.String(), year: Type.Integer(), message: Type.String() }), { description: '期限涉及的年份中节假日安排未录入的年份' }),
    requestWindow: Nullable(RequestWindowView),
    handler: Nullable(Type.Object({ teamMemberId: Type.Integer(), name: Type.String() }))
  }))
})

export const AnsweredWithoutNoticeList = Type.Object({
  items: Type.Array(Type.Object({
    ...StageRef,
    decidedOn: ApiDate,
    rightsNoticeIssuedOn: Nullable(Type.String({ format: 'date', description: 'first 听证权利告知书 of the stage, issued after the decision' })),
    notificationsAfterDecision: Type.Integer({ description: 'notifications recorded for the stage but dated after the decision' }),
    consequence: Type.String()
  }))
})

export const MatterDocumentParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }),
  docId: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 })
}, closed)

export const MatterDocumentView = Type.Object({
  id: Type.Integer(),
  matterId: Type.Integer(),
  stage: MatterStage,
  stageName: Type.String(),
  kind: Type.Enum(MATTER_DOCUMENT_KINDS, { description: 'rights_notice 听证权利告知书' }),
  number: Type.String({ description: '文号，与听证文书同一编号序列' }),
  title: Type.String(),
  recipientRef: Type.String(),
  recipientName: Type.String(),
  issuedAt: ApiTime,
  issuedByName: Type.String(),
  sha256: Type.String({ description: 'SHA-256 of the stored PDF bytes (also sent as X-Content-SHA256 on download)' }),
  pageCount: Type.Integer(),
  byteSize: Type.Integer()
})

export const MatterDocumentVerificationView = Type.Object({
  documentId: Type.Integer(),
  matterId: Type.Integer(),
  stage: MatterStage,
  kind: Type.Enum(MATTER_DOCUMENT_KINDS),
  number: Type.String(),
  title: Type.String(),
  issuedAt: ApiTime,
  checkedAt: ApiTime,
  intact: Type.Boolean({ description: 'true：存储的 PDF 与出具时登记的 SHA-256 和大小一致' }),
  pdf: Type.Object({
    recordedSha256: Nullable(Type.String()),
    actualSha256: Nullable(Type.String()),
    recordedByteSize: Nullable(Type.Integer()),
    actualByteSize: Nullable(Type.Integer()),
    intact: Type.Boolean()
  }),
  issues: Type.Array(Type.String(), { description: '不一致之处' })
})
