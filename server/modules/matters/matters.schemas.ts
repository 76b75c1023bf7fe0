import { Type, type Static, type TSchema } from 'typebox'
import { MATTER_STAGES, NOTIFICATION_METHODS, PETITIONER_KINDS, THIRD_PARTY_SITUATIONS } from '../../../db/schema/index.js'
import { ApiDate, ApiTime, Page, PageQuery } from '../../shared/schemas.js'

const closed = { additionalProperties: false } as const
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
const Text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, pattern: '\\S', ...(description ? { description } : {}) })

export const MatterStage = Type.Enum(MATTER_STAGES, { description: 'handling 办理 → review 复查 → reReview 复核' })
export const PetitionerKind = Type.Enum(PETITIONER_KINDS, { description: 'individual 个人信访 | group 集体信访（代表不超过 5 人）' })
export const ThirdPartySituation = Type.Enum(THIRD_PARTY_SITUATIONS, {
  description: 'review_dissatisfied 办结不满意进入复查复核 | fact_dispute 事实认定重大分歧 | repeat_petition_risk 有重复、越级信访倾向 | refuses_counselling 因认知等因素拒绝疏导 | other_necessary 信访部门认为有必要的其他情形'
})
export const NotificationMethod = Type.Enum(NOTIFICATION_METHODS, { description: 'in_person 当面 | post 邮寄 | sms 短信 | phone 电话 | other 其他' })
const DayUnit = Type.Enum(['calendar', 'working'], { description: 'calendar 自然日 | working 工作日' })

const IdNumber = Type.String({ minLength: 1, maxLength: 30, description: '18-digit resident ID number (GB 11643), checked with its check digit' })
const Phone = Type.String({ maxLength: 30 })

const AgentBody = Type.Object({
  name: Text(40),
  idNumber: IdNumber,
  phone: Type.Optional(Nullable(Phone)),
  powerOfAttorneyNote: Text(500, '授权委托书：委托事项和权限'),
  powerOfAttorneyDate: ApiDate
}, closed)

const PetitionerBody = Type.Object({
  name: Text(40),
  idNumber: IdNumber,
  mobile: Type.Optional(Nullable(Phone)),
  address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  homeVillageRegionId: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'village or community (村/社区) the petitioner lives in, for recusal' }))),
  // the legal maximum (2) is checked by the service so that a third agent gets matters.too_many_agents
  agents: Type.Optional(Type.Array(AgentBody, { maxItems: 10 }))
}, closed)

const FlagsBody = Type.Object({
  involvesPrivacy: Type.Optional(Type.Boolean({ description: '涉及个人隐私' })),
  involvesStateSecret: Type.Optional(Type.Boolean({ description: '涉及国家秘密' })),
  involvesCommercialSecret: Type.Optional(Type.Boolean({ description: '涉及商业秘密' })),
  inLitigation: Type.Optional(Type.Boolean({ description: '已进入诉讼程序' })),
  inArbitration: Type.Optional(Type.Boolean({ description: '已进入仲裁程序' })),
  inAdministrativeReconsideration: Type.Optional(Type.Boolean({ description: '已进入行政复议程序' }))
}, closed)

const Version = Type.Integer({ minimum: 1, description: 'the matter version last read; a stale value gets 409 request.version_conflict' })

export const CreateMatterBody = Type.Object({
  number: Text(60, '信访事项编号，如 滨信复〔2026〕15号'),
  title: Text(200),
  summary: Type.Optional(Type.String({ maxLength: 5000 })),
  specialty: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 60, description: 'code of a pool_vocabulary specialty' }))),
  regionId: Type.Integer({ minimum: 1 }),
  petitionerKind: PetitionerKind,
  groupName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  groupSize: Type.Optional(Nullable(Type.Integer({ minimum: 2, maximum: 100000 }))),
  petitioners: Type.Array(PetitionerBody, { minItems: 1, maxItems: 20 }),
  respondentOrganisationId: Type.Integer({ minimum: 1 }),
  flags: Type.Optional(FlagsBody),
  thirdPartySituations: Type.Optional(Type.Array(ThirdPartySituation, { uniqueItems: true, maxItems: THIRD_PARTY_SITUATIONS.length })),
  handling: Type.Optional(Type.Object({
    acceptingBody: Text(100, '受理机关'),
    acceptedOn: ApiDate
  }, { ...closed, description: 'opens the 办理 stage right away' }))
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
  petitioners: Type.Optional(Type.Array(PetitionerBody, { minItems: 1, maxItems: 20, description: 'replaces every petitioner; one with an unchanged ID number keeps its id' })),
  respondentOrganisationId: Type.Optional(CreateMatterBody.properties.respondentOrganisationId),
  flags: Type.Optional(FlagsBody),
  thirdPartySituations: CreateMatterBody.properties.thirdPartySituations,
  version: Version
}, closed)
export type UpdateMatterBody = Static<typeof UpdateMatterBody>

export const OpenStageBody = Type.Object({
  stage: MatterStage,
  acceptingBody: Text(100, '受理机关'),
  acceptedOn: ApiDate,
  version: Version
}, closed)

export const UpdateStageBody = Type.Object({
  acceptingBody: Type.Optional(Text(100)),
  acceptedOn: Type.Optional(ApiDate),
  version: Version
}, closed)

export const ExtendStageBody = Type.Object({
  days: Type.Integer({ minimum: 1, maximum: 365, description: 'extension in days; the ruleset allows at most 30 for handling' }),
  approvedBy: Text(60, '批准人（机关负责人）'),
  reason: Text(500, '延期理由（应告知信访人）'),
  approvedOn: ApiDate,
  version: Version
}, closed)

export const DecideStageBody = Type.Object({
  decidedOn: ApiDate,
  summary: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: '处理意见摘要' }))),
  version: Version
}, closed)

export const NotificationBody = Type.Object({
  stage: Type.Optional(MatterStage),
  notifiedOn: ApiDate,
  method: NotificationMethod,
  notifiedBy: Text(60, '告知人'),
  note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  version: Version
}, closed)

export const StageParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }),
  stage: MatterStage
}, closed)

export const MatterListQuery = Type.Object({
  regionId: Type.Optional(Type.Integer({ minimum: 1, description: 'matters of this region and its subtree' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'part of the number or title' })),
  answeredWithoutNotice: Type.Optional(Type.Boolean()),
  ...PageQuery
}, closed)

export const DeadlineQuery = Type.Object({
  regionId: Type.Optional(Type.Integer({ minimum: 1 })),
  within: Type.Optional(Type.Integer({ minimum: 0, maximum: 366, default: 14, description: 'days ahead; overdue stages are always listed' }))
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
  deadline: Type.Object({ state: Type.String(), daysRemaining: Type.Integer(), late: Type.Boolean() }),
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
  version: Type.Integer(),
  createdAt: ApiTime
})
export const MatterPage = Page(MatterSummary)

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
  within: Type.Integer(),
  items: Type.Array(Type.Object({
    ...StageRef,
    dueOn: ApiDate,
    daysRemaining: Type.Integer({ description: 'calendar days from today to the due date; negative when overdue' }),
    state: Type.String({ description: 'overdue | due_today | due_soon | open' }),
    dayUnit: DayUnit,
    extended: Type.Boolean(),
    handler: Nullable(Type.Object({ teamMemberId: Type.Integer(), name: Type.String() }))
  }))
})

export const AnsweredWithoutNoticeList = Type.Object({
  items: Type.Array(Type.Object({
    ...StageRef,
    decidedOn: ApiDate,
    notificationsAfterDecision: Type.Integer({ description: 'notifications recorded for the stage but dated after the decision' }),
    consequence: Type.String()
  }))
})
