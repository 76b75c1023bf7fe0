import { Type, type TSchema } from 'typebox'
import { ApiTime } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { ASSESSED_ROLES, ASSESSED_ROLE_NAMES, SCORE_NAMES } from './assessments.rules.js'

const closed = { additionalProperties: false } as const
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
const Score = (title: string) => Type.Integer({ title, minimum: 1, maximum: 5, description: '1–5 分：1 差，3 合格，5 优秀' })
const Role = labelledEnum(ASSESSED_ROLES, ASSESSED_ROLE_NAMES, { title: '担任角色' })

export const HearingMemberParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }),
  memberId: Type.Integer({ title: '人员', minimum: 1, maximum: 2 ** 53 - 1 })
}, closed)

export const AssessmentBody = Type.Object({
  attendance: Score(SCORE_NAMES.attendance),
  preparation: Score(SCORE_NAMES.preparation),
  impartiality: Score(SCORE_NAMES.impartiality),
  conduct: Score(SCORE_NAMES.conduct),
  note: Type.Optional(Nullable(Type.String({ title: '考核意见', maxLength: 500 }))),
  version: Type.Optional(Type.Integer({ title: '版本号', minimum: 1, description: 'when changing: the version last read; a stale one gets 409' }))
}, closed)

const Scores = {
  attendance: Type.Integer(),
  preparation: Type.Integer(),
  impartiality: Type.Integer(),
  conduct: Type.Integer()
}

export const AssessmentView = Type.Object({
  id: Type.Integer(),
  hearingId: Type.Integer(),
  member: Type.Object({ id: Type.Integer(), name: Type.String() }),
  role: Role,
  roleName: Type.String(),
  ...Scores,
  overall: Type.Number({ description: '四项平均分（两位小数）' }),
  note: Nullable(Type.String()),
  assessorName: Type.String(),
  version: Type.Integer(),
  createdAt: ApiTime,
  updatedAt: ApiTime
})

export const HearingAssessments = Type.Object({
  hearingId: Type.Integer(),
  mayAssess: Type.Boolean({ description: 'the caller may assess now (the hearing is concluded and they are its host or hearing staff of its region)' }),
  editableUntil: Nullable(ApiTime),
  items: Type.Array(Type.Object({
    member: Type.Object({ id: Type.Integer(), name: Type.String() }),
    role: Role,
    roleName: Type.String(),
    assessment: Nullable(AssessmentView)
  }))
})

const Averages = Type.Object({
  count: Type.Integer(),
  average: Nullable(Type.Number({ description: '全部考核各项得分的平均分' })),
  byScore: Type.Object({ attendance: Nullable(Type.Number()), preparation: Nullable(Type.Number()), impartiality: Nullable(Type.Number()), conduct: Nullable(Type.Number()) })
})

export const AssessmentStanding = Type.Object({
  count: Type.Integer(),
  average: Nullable(Type.Number()),
  threshold: Type.Number({ description: '听证规则 officerAssessment.threshold' }),
  minAssessments: Type.Integer(),
  belowThreshold: Type.Boolean({ description: '考核次数已达 minAssessments 且平均分低于 threshold：续聘时提示' })
})

export const MemberAssessments = Type.Object({
  member: Type.Object({ id: Type.Integer(), name: Type.String() }),
  summary: Averages,
  standing: AssessmentStanding,
  items: Type.Array(Type.Object({ ...AssessmentView.properties, caseNumber: Type.String(), hearingStartsAt: ApiTime }))
})
