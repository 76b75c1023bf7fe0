import { Type, type Static } from 'typebox'
import {
  BASIC_CONDITIONS, GENDERS, MEMBER_ROLES, REMOVAL_GROUNDS, REMUNERATION_KINDS, SOURCE_CATEGORIES, UNAVAILABILITY_KINDS, VOCABULARY_KINDS
} from '../../../db/schema/enums.js'
import { ApiDate, ApiTime, Page, PageQuery } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import {
  BASIC_CONDITION_LABELS, EFFECTIVE_STATUSES, GENDER_LABELS, MEMBER_ACTIONS, MEMBER_ROLE_LABELS, REMOVAL_GROUND_LABELS, REMUNERATION_KIND_LABELS,
  SOURCE_CATEGORY_LABELS, STATUS_LABELS, UNAVAILABILITY_KIND_LABELS
} from './pool.rules.js'

export const VOCABULARY_KIND_LABELS = { profession: '职业', specialty: '专业特长' } as const satisfies Record<typeof VOCABULARY_KINDS[number], string>

export const Gender = labelledEnum(GENDERS, GENDER_LABELS, { title: '性别' })
export const MemberRole = labelledEnum(MEMBER_ROLES, MEMBER_ROLE_LABELS, { title: '角色' })
/** The seed's six sources (S0). */
export const SourceCategory = labelledEnum(SOURCE_CATEGORIES, SOURCE_CATEGORY_LABELS, { title: '人员来源' })
export const EffectiveStatus = labelledEnum(EFFECTIVE_STATUSES, STATUS_LABELS, { title: '状态', description: 'expired is derived from the term end' })
export const RemovalGround = labelledEnum(REMOVAL_GROUNDS, REMOVAL_GROUND_LABELS, { title: '除名事由' })
export const UnavailabilityKind = labelledEnum(UNAVAILABILITY_KINDS, UNAVAILABILITY_KIND_LABELS, { title: '不能参加的原因' })
export const VocabularyKind = labelledEnum(VOCABULARY_KINDS, VOCABULARY_KIND_LABELS, { title: '词表' })
export const RemunerationKind = labelledEnum(REMUNERATION_KINDS, REMUNERATION_KIND_LABELS, { title: '报酬方式' })
export const BasicCondition = labelledEnum(BASIC_CONDITIONS, BASIC_CONDITION_LABELS, { title: '基本条件' })

const Text = (max: number, title: string, description?: string) => Type.String({ title, minLength: 1, maxLength: max, pattern: '\\S', ...(description ? { description } : {}) })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const VocabularyCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' })

const Attestation = Type.Object({
  attestedBy: Text(40, '证明人（单位）', 'who attested the condition (person or body)'),
  attestedAt: Type.With(ApiDate, { title: '证明日期' })
}, { additionalProperties: false })

const attestation = (condition: typeof BASIC_CONDITIONS[number]) => Type.Optional(Nullable(Type.With(Attestation, { title: BASIC_CONDITION_LABELS[condition] })))
const ConditionsBody = Type.Object({
  political: attestation('political'),
  legal_knowledge: attestation('legal_knowledge'),
  integrity: attestation('integrity'),
  local_standing: attestation('local_standing')
}, { additionalProperties: false, title: '基本条件', description: 'the four basic conditions; null withdraws an attestation' })

const RemunerationBody = Type.Object({
  kind: RemunerationKind,
  feePerHalfDayYuan: Type.Optional(Nullable(Type.Integer({ title: '每半天报酬（元）', minimum: 1, maximum: 100000, description: 'yuan per half day; capped by the pool settings' })))
}, { additionalProperties: false, title: '报酬' })

const RelativeBody = Type.Object({
  name: Text(40, '亲属姓名'),
  relation: Type.Optional(Nullable(Type.String({ title: '关系', maxLength: 20, description: '配偶、父母、子女…' }))),
  idNumber: Type.Optional(Nullable(Type.String({ title: '亲属身份证号码', maxLength: 30 })))
}, { additionalProperties: false })

const EmployerBody = Type.Object({
  organisationId: Type.Integer({ title: '单位', minimum: 1 }),
  position: Type.Optional(Nullable(Type.String({ title: '职务', maxLength: 60 }))),
  fromDate: Type.Optional(Nullable(Type.With(ApiDate, { title: '任职起始日期' }))),
  toDate: Type.Optional(Nullable(Type.With(ApiDate, { title: '任职截止日期' })))
}, { additionalProperties: false })

const memberFields = {
  name: Text(40, '姓名'),
  gender: Type.Optional(Gender),
  birthDate: Type.Optional(Type.With(ApiDate, { title: '出生日期' })),
  idNumber: Type.String({ title: '身份证号码', minLength: 1, maxLength: 30, description: '18-character resident ID number (GB 11643 check digit)' }),
  mobile: Type.String({ title: '手机号码', minLength: 1, maxLength: 20, description: 'mainland mobile number' }),
  email: Type.Optional(Nullable(Type.String({ title: '电子邮箱', maxLength: 120 }))),
  employerOrganisationId: Type.Optional(Nullable(Type.Integer({ title: '工作单位', minimum: 1 }))),
  title: Type.Optional(Nullable(Type.String({ title: '职务或职称', maxLength: 60 }))),
  seniorTitle: Type.Optional(Type.Boolean({ title: '高级职称', description: 'raises the fee cap' })),
  homeRegionId: Type.Integer({ title: '常住区划', minimum: 1 }),
  roles: Type.Array(MemberRole, { title: '角色', minItems: 1, maxItems: 4, uniqueItems: true }),
  sourceCategory: SourceCategory,
  professions: Type.Optional(Type.Array(VocabularyCode, { title: '职业', maxItems: 20, description: 'codes from GET /pool/vocabulary?kind=profession' })),
  specialties: Type.Optional(Type.Array(VocabularyCode, { title: '专业特长', maxItems: 20, description: 'codes from GET /pool/vocabulary?kind=specialty' })),
  conditions: Type.Optional(ConditionsBody),
  consentCrossRegion: Type.Optional(Type.Boolean({ title: '同意跨区域参加听证', description: 'agrees to serve outside the home region (shared pool)' })),
  remuneration: Type.Optional(RemunerationBody),
  relatives: Type.Optional(Type.Array(RelativeBody, { title: '近亲属', maxItems: 30, description: 'declared close relatives (replaces the list)' })),
  employers: Type.Optional(Type.Array(EmployerBody, { title: '任职单位', maxItems: 30, description: 'declared past or present employers (replaces the list)' })),
  note: Type.Optional(Nullable(Type.String({ title: '备注', maxLength: 1000 })))
}

export const CreateMemberBody = Type.Object(memberFields, { additionalProperties: false })

export const UpdateMemberBody = Type.Object({
  name: Type.Optional(memberFields.name),
  gender: memberFields.gender,
  birthDate: memberFields.birthDate,
  idNumber: Type.Optional(memberFields.idNumber),
  mobile: Type.Optional(memberFields.mobile),
  email: memberFields.email,
  employerOrganisationId: memberFields.employerOrganisationId,
  title: memberFields.title,
  seniorTitle: memberFields.seniorTitle,
  homeRegionId: Type.Optional(memberFields.homeRegionId),
  roles: Type.Optional(memberFields.roles),
  sourceCategory: Type.Optional(memberFields.sourceCategory),
  professions: memberFields.professions,
  specialties: memberFields.specialties,
  conditions: memberFields.conditions,
  consentCrossRegion: memberFields.consentCrossRegion,
  remuneration: memberFields.remuneration,
  relatives: memberFields.relatives,
  employers: memberFields.employers,
  note: memberFields.note,
  version: Type.Integer({ minimum: 1, description: 'the version read; a stale value gets 409 request.version_conflict' })
}, { additionalProperties: false })

const Version = Type.Integer({ title: '版本号', minimum: 1, description: 'the version read; a stale value gets 409 request.version_conflict' })

export const AppointBody = Type.Object({
  appointmentDate: Type.With(ApiDate, { title: '聘任日期' }),
  appointingBody: Text(100, '聘任机关'),
  letterNumber: Type.Optional(Nullable(Type.String({ title: '聘任文号', maxLength: 60 }))),
  termEnd: Type.Optional(Type.With(ApiDate, { title: '任期届满日期' })),
  version: Version
}, { additionalProperties: false })

export const SuspendBody = Type.Object({
  reason: Text(500, '暂停原因'),
  until: Type.Optional(Nullable(Type.With(ApiDate, { title: '暂停截止日期' }))),
  version: Version
}, { additionalProperties: false })

export const NoteBody = Type.Object({
  note: Type.Optional(Type.String({ title: '说明', maxLength: 500 })),
  version: Version
}, { additionalProperties: false })

export const RemoveBody = Type.Object({
  ground: RemovalGround,
  note: Type.Optional(Type.String({ title: '具体情况', maxLength: 500 })),
  version: Version
}, { additionalProperties: false })

export const TrainingBody = Type.Object({
  course: Text(100, '培训课程'),
  trainedOn: Type.With(ApiDate, { title: '培训日期' }),
  hours: Type.Number({ title: '学时', exclusiveMinimum: 0, maximum: 1000 }),
  certificateNo: Type.Optional(Nullable(Type.String({ title: '证书编号', maxLength: 60 }))),
  provider: Type.Optional(Nullable(Type.String({ title: '培训机构', maxLength: 100 })))
}, { additionalProperties: false })

const MemberIds = Type.Array(Type.Integer({ minimum: 1 }), { title: '人员', minItems: 1, maxItems: 500, description: '听证员库人员编号，不可重复；全部可办理才一次写入' })

export const BulkAppointmentBody = Type.Object({
  memberIds: MemberIds,
  action: Type.Optional(labelledEnum(['appoint', 'renew'] as const, { appoint: '聘任', renew: '续聘' }, { title: '聘任方式', description: '默认 appoint（候选 → 在聘）；renew 为在聘或任期届满人员续聘' })),
  appointmentDate: AppointBody.properties.appointmentDate,
  appointingBody: AppointBody.properties.appointingBody,
  letterNumber: AppointBody.properties.letterNumber,
  termEnd: AppointBody.properties.termEnd
}, { additionalProperties: false })

export const BulkTrainingBody = Type.Object({
  memberIds: MemberIds,
  ...TrainingBody.properties
}, { additionalProperties: false })

const DateOrTime = Type.String({ title: '开始', minLength: 10, maxLength: 40, description: 'YYYY-MM-DD (whole day, China time) or an instant with offset' })
export const UnavailabilityBody = Type.Object({
  startsAt: DateOrTime,
  endsAt: Type.String({ title: '结束', minLength: 10, maxLength: 40, description: 'YYYY-MM-DD (inclusive, to the end of that day) or an instant with offset (exclusive)' }),
  kind: UnavailabilityKind,
  note: Type.Optional(Nullable(Type.String({ title: '备注', maxLength: 500 })))
}, { additionalProperties: false })

export const SubIdParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  subId: Type.Integer({ minimum: 1 })
}, { additionalProperties: false })

const SORT_LABELS = { name: '姓名', termEnd: '任期届满日期', createdAt: '登记时间', updatedAt: '更新时间', id: '编号' } as const
const filterFields = {
  regionId: Type.Optional(Type.Integer({ title: '常住区划', minimum: 1, description: 'home region in this region\'s subtree' })),
  role: Type.Optional(MemberRole),
  sourceCategory: Type.Optional(SourceCategory),
  profession: Type.Optional(Type.With(VocabularyCode, { title: '职业' })),
  specialty: Type.Optional(Type.With(VocabularyCode, { title: '专业特长' })),
  status: Type.Optional(EffectiveStatus),
  termEndingWithinDays: Type.Optional(Type.Integer({ title: '任期届满天数', minimum: 0, maximum: 3650 })),
  trainedHost: Type.Optional(Type.Boolean({ title: '已培训的主持人' })),
  consentCrossRegion: Type.Optional(Type.Boolean({ title: '同意跨区域参加听证' })),
  sharedFromOtherRegion: Type.Optional(Type.Boolean({ title: '其他区域共享的人员', description: 'true: only members outside the caller\'s region seen because they consented to cross-region service; false: only the caller\'s own region' })),
  assessmentBelow: Type.Optional(Type.Number({ title: '考核平均分低于', minimum: 1, maximum: 5, description: 'members with at least one assessment whose average (1–5) is below this value' })),
  q: Type.Optional(Type.String({ title: '搜索内容', minLength: 1, maxLength: 60, description: 'substring of the name, the employer or one of its aliases; or a full ID number or mobile' })),
  sort: Type.Optional(labelledEnum(['name', 'termEnd', 'createdAt', 'updatedAt', 'id'], SORT_LABELS, { title: '排序依据' })),
  order: Type.Optional(labelledEnum(['asc', 'desc'], { asc: '升序', desc: '降序' }, { title: '排序方向' }))
}

export const MemberListQuery = Type.Object({ ...filterFields, ...PageQuery }, { additionalProperties: false })
export const MemberExportQuery = Type.Object(filterFields, { additionalProperties: false })

const Labelled = Type.Object({ code: Type.String(), label: Type.String() })

export const MemberSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  gender: Gender,
  birthDate: Type.String({ description: 'YYYY-MM-DD, or YYYY-**-** when personal data is masked' }),
  idNumber: Type.String(),
  mobile: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  personalDataMasked: Type.Boolean(),
  sharedFromOtherRegion: Type.Boolean({ description: 'visible only because the member consented to cross-region service' }),
  employer: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
  title: Type.Union([Type.String(), Type.Null()]),
  seniorTitle: Type.Boolean(),
  homeRegion: Type.Object({ id: Type.Integer(), name: Type.String() }),
  roles: Type.Array(MemberRole),
  roleLabels: Type.Array(Type.String()),
  sourceCategory: SourceCategory,
  sourceCategoryLabel: Type.String(),
  professions: Type.Array(Labelled),
  specialties: Type.Array(Labelled),
  status: EffectiveStatus,
  statusLabel: Type.String(),
  eligible: Type.Boolean({ description: 'active and within the term: may be drawn or assigned' }),
  termEnd: Type.Union([ApiDate, Type.Null()]),
  trainedHost: Type.Boolean(),
  consentCrossRegion: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: ApiTime
})

export const MemberPage = Page(MemberSummary)

const StatusChange = Type.Object({
  action: Type.String(),
  actionLabel: Type.String(),
  fromStatus: Type.Union([Type.String(), Type.Null()]),
  toStatus: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  ground: Type.Union([RemovalGround, Type.Null()]),
  groundLabel: Type.Union([Type.String(), Type.Null()]),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  actorName: Type.String(),
  at: ApiTime
})

export const TrainingView = Type.Object({
  id: Type.Integer(),
  course: Type.String(),
  trainedOn: ApiDate,
  hours: Type.Number(),
  certificateNo: Type.Union([Type.String(), Type.Null()]),
  provider: Type.Union([Type.String(), Type.Null()])
})

/** A renewal's warning (never a refusal): the member's assessment average is below the ruleset's threshold. */
const RenewalWarning = Type.Object({
  code: Type.String(),
  message: Type.String(),
  average: Type.Number(),
  threshold: Type.Number(),
  count: Type.Integer()
})

const BulkMember = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  appointmentDate: Type.Union([ApiDate, Type.Null()]),
  termEnd: Type.Union([ApiDate, Type.Null()]),
  lastTrainingOn: Type.Union([ApiDate, Type.Null()]),
  version: Type.Integer()
})

export const BulkAppointmentResult = Type.Object({
  action: Type.String(),
  count: Type.Integer(),
  members: Type.Array(Type.Object({ ...BulkMember.properties, warnings: Type.Optional(Type.Array(RenewalWarning, { description: '续聘时的提示（不影响续聘）' })) }))
})
export const BulkTrainingResult = Type.Object({ count: Type.Integer(), members: Type.Array(Type.Object({ ...BulkMember.properties, training: TrainingView })) })

export const UnavailabilityView = Type.Object({
  id: Type.Integer(),
  startsAt: ApiTime,
  endsAt: ApiTime,
  kind: UnavailabilityKind,
  kindLabel: Type.String(),
  note: Type.Union([Type.String(), Type.Null()])
})

export const MemberDetail = Type.Object({
  ...MemberSummary.properties,
  remuneration: Type.Object({ kind: RemunerationKind, kindLabel: Type.String(), feePerHalfDayYuan: Type.Union([Type.Integer(), Type.Null()]), capYuan: Type.Integer() }),
  conditions: Type.Array(Type.Object({
    condition: BasicCondition,
    label: Type.String(),
    attested: Type.Boolean(),
    attestedBy: Type.Union([Type.String(), Type.Null()]),
    attestedAt: Type.Union([ApiDate, Type.Null()])
  })),
  appointment: Type.Object({
    appointmentDate: Type.Union([ApiDate, Type.Null()]),
    appointingBody: Type.Union([Type.String(), Type.Null()]),
    letterNumber: Type.Union([Type.String(), Type.Null()]),
    termEnd: Type.Union([ApiDate, Type.Null()])
  }),
  suspension: Type.Union([Type.Object({ reason: Type.Union([Type.String(), Type.Null()]), until: Type.Union([ApiDate, Type.Null()]) }), Type.Null()]),
  removal: Type.Union([Type.Object({ ground: RemovalGround, groundLabel: Type.String(), note: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  relatives: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), relation: Type.Union([Type.String(), Type.Null()]), idNumber: Type.Union([Type.String(), Type.Null()]) })),
  employers: Type.Array(Type.Object({
    id: Type.Integer(),
    organisationId: Type.Integer(),
    organisationName: Type.String(),
    position: Type.Union([Type.String(), Type.Null()]),
    fromDate: Type.Union([ApiDate, Type.Null()]),
    toDate: Type.Union([ApiDate, Type.Null()])
  })),
  trainings: Type.Array(TrainingView),
  unavailability: Type.Array(UnavailabilityView),
  history: Type.Array(StatusChange),
  allowedActions: Type.Array(Type.Enum(MEMBER_ACTIONS), { description: 'lifecycle actions the caller may take now' }),
  linkedUser: Type.Union([Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() }), Type.Null()], {
    description: '关联的系统账号（在用户管理中设置）；该账号承办或参与办理过的信访事项，本人须回避该事项的听证'
  }),
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: ApiTime,
  assessment: Type.Union([Type.Object({
    count: Type.Integer(),
    average: Type.Union([Type.Number(), Type.Null()]),
    threshold: Type.Number(),
    minAssessments: Type.Integer(),
    belowThreshold: Type.Boolean({ description: '考核次数已达 minAssessments 且平均分低于 threshold（听证规则 officerAssessment）：续聘时提示' })
  }), Type.Null()], { description: '考核情况（详见 GET /pool/members/{id}/assessments）' }),
  warnings: Type.Optional(Type.Array(RenewalWarning, { description: '续聘时的提示（不影响续聘）' }))
})

export const HistoryList = Type.Object({ items: Type.Array(StatusChange) })

export const VocabularyTermView = Type.Object({
  id: Type.Integer(),
  kind: VocabularyKind,
  code: Type.String(),
  label: Type.String(),
  active: Type.Boolean(),
  sortOrder: Type.Integer(),
  version: Type.Integer()
})

export const VocabularyQuery = Type.Object({ kind: Type.Optional(VocabularyKind) }, { additionalProperties: false })

export const CreateTermBody = Type.Object({
  kind: VocabularyKind,
  code: Type.With(VocabularyCode, { title: '代码' }),
  label: Text(30, '名称'),
  sortOrder: Type.Optional(Type.Integer({ title: '排序号', minimum: 0, maximum: 100000 })),
  active: Type.Optional(Type.Boolean({ title: '启用' }))
}, { additionalProperties: false })

export const UpdateTermBody = Type.Object({
  label: Type.Optional(Text(30, '名称')),
  active: Type.Optional(Type.Boolean({ title: '启用', description: 'inactive terms cannot be newly assigned; members keep them' })),
  sortOrder: Type.Optional(Type.Integer({ title: '排序号', minimum: 0, maximum: 100000 })),
  version: Type.Optional(Version)
}, { additionalProperties: false, minProperties: 1 })

export const SettingsView = Type.Object({
  feeCapYuan: Type.Integer(),
  seniorFeeCapYuan: Type.Integer(),
  trainedHostYears: Type.Integer(),
  defaultTermYears: Type.Integer(),
  termEndingSoonDays: Type.Integer(),
  version: Type.Integer(),
  updatedAt: Type.Union([ApiTime, Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()])
})

export const UpdateSettingsBody = Type.Object({
  feeCapYuan: Type.Optional(Type.Integer({ title: '每半天报酬上限（元）', minimum: 0, maximum: 100000, description: 'yuan per half day (S21: 200)' })),
  seniorFeeCapYuan: Type.Optional(Type.Integer({ title: '高级职称每半天报酬上限（元）', minimum: 0, maximum: 100000, description: 'for senior titles (example: 300)' })),
  trainedHostYears: Type.Optional(Type.Integer({ title: '主持人培训有效年限', minimum: 1, maximum: 20 })),
  defaultTermYears: Type.Optional(Type.Integer({ title: '默认任期（年）', minimum: 1, maximum: 10 })),
  termEndingSoonDays: Type.Optional(Type.Integer({ title: '任期即将届满提醒天数', minimum: 1, maximum: 730 })),
  version: Type.Optional(Version)
}, { additionalProperties: false, minProperties: 1 })

export const CoverageQuery = Type.Object({
  regionId: Type.Optional(Type.Integer({ minimum: 1, description: 'root of the subtree; default: the caller\'s region (the whole city for admins)' }))
}, { additionalProperties: false })

export const CoverageReport = Type.Object({
  region: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
  today: ApiDate,
  trainedHostYears: Type.Integer(),
  termEndingSoonDays: Type.Integer(),
  summary: Type.Object({ villages: Type.Integer(), covered: Type.Integer(), uncovered: Type.Integer() }),
  villages: Type.Array(Type.Object({
    regionId: Type.Integer(), name: Type.String(), parents: Type.Array(Type.String()), activeTrainedHosts: Type.Integer()
  })),
  villagesWithoutTrainedHost: Type.Array(Type.Object({ regionId: Type.Integer(), name: Type.String(), parents: Type.Array(Type.String()) })),
  termEndingSoon: Type.Array(MemberSummary),
  termEndingSoonTotal: Type.Integer()
})

export const ImportQuery = Type.Object({
  mode: Type.Optional(labelledEnum(['dry-run', 'commit'], { 'dry-run': '只检查，不导入', commit: '导入' }, { title: '导入方式', default: 'dry-run', description: 'dry-run (default) validates and writes nothing; commit checks every row, then applies the file as an import job, in chunks of rows each committed with the job\'s progress (docs/pool-import.md)' }))
}, { additionalProperties: false })

export const ImportReport = Type.Object({
  mode: Type.Enum(['dry-run', 'commit'] as const),
  committed: Type.Boolean(),
  fileName: Type.String(),
  format: Type.Enum(['xlsx', 'csv'] as const),
  encoding: Type.Union([Type.String(), Type.Null()]),
  rows: Type.Integer(),
  validRows: Type.Integer(),
  errorRows: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  appointed: Type.Integer({ description: '导入时聘任（或续聘）的人数' }),
  trained: Type.Integer({ description: '导入时登记培训记录的人数' }),
  organisationsCreated: Type.Array(Type.String()),
  errors: Type.Array(Type.Object({ row: Type.Integer(), column: Type.String(), message: Type.String() }))
})

export const ReferenceData = Type.Object({
  roles: Type.Array(Labelled),
  sourceCategories: Type.Array(Labelled),
  statuses: Type.Array(Labelled),
  removalGrounds: Type.Array(Labelled),
  basicConditions: Type.Array(Labelled),
  unavailabilityKinds: Type.Array(Labelled),
  remunerationKinds: Type.Array(Labelled),
  actions: Type.Array(Labelled)
})

export type CreateMemberBody = Static<typeof CreateMemberBody>
export type UpdateMemberBody = Static<typeof UpdateMemberBody>
