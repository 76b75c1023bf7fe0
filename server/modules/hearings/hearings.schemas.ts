import { Type } from 'typebox'
import { HEARING_PROCEDURES, HEARING_STATUSES, PARTICIPANT_KINDS, RESPONSES } from '../../../db/schema/index.js'
import { ApiDate, ApiTime, PageQuery, Page } from '../../shared/schemas.js'
import { labelledEnum } from '../../shared/field-labels.js'
import { PROCEDURE_NAMES } from '../scheduling/rulesets.js'
import { MEMBER_ROLE_LABELS } from '../pool/pool.rules.js'
import { HEARING_ACTIONS, HEARING_STATUS_NAMES, TERMINATION_GROUNDS } from './hearings.lifecycle.js'
import { PROBLEM_TYPES } from './hearings.problems.js'

const closed = { additionalProperties: false } as const
const Id = Type.Integer({ minimum: 1 })
const Instant = Type.String({ format: 'date-time', description: 'ISO 8601 with offset, e.g. 2026-12-10T09:00:00+08:00' })

/** Labels of the values a user picks on the hearing and panel forms. */
export const PARTICIPANT_KIND_LABELS = { officer: MEMBER_ROLE_LABELS.officer, alternate: '候补听证员', third_party: MEMBER_ROLE_LABELS.third_party, respondent_rep: '被反映单位代表' } as const
export const RESPONSE_LABELS = { pending: '待答复', accepted: '接受', declined: '谢绝' } as const
export const RECUSAL_DECISION_LABELS = { granted: '决定回避', denied: '驳回申请' } as const
export const DECIDER_ROLE_LABELS = { agency_head: '机关负责人', host: MEMBER_ROLE_LABELS.host } as const

export const HearingProcedure = labelledEnum(HEARING_PROCEDURES, PROCEDURE_NAMES, { title: '听证程序' })
export const HearingStatus = labelledEnum(HEARING_STATUSES, HEARING_STATUS_NAMES, { title: '状态' })
const StartsAt = Type.With(Instant, { title: '开始时间' })
const EndsAt = Type.With(Instant, { title: '结束时间' })
const VenueId = Type.Integer({ title: '听证场所', minimum: 1 })
const MatterId = Type.Integer({ title: '信访事项', minimum: 1 })
const HearingVersion = Type.Integer({ title: '版本号', minimum: 1 })

export const Problem = Type.Object({
  type: Type.Enum(PROBLEM_TYPES),
  severity: Type.Enum(['error', 'warning']),
  subject: Type.Object({ kind: Type.String(), id: Type.Union([Type.Integer(), Type.Null()]), name: Type.Optional(Type.String()) }),
  message: Type.String(),
  code: Type.Optional(Type.String())
})

const HearingFields = {
  procedure: HearingProcedure,
  isPublic: Type.Optional(Type.Boolean({ title: '公开听证', default: true })),
  nonPublicReason: Type.Optional(Type.Union([Type.String({ title: '不公开的理由', minLength: 1, maxLength: 500 }), Type.Null()])),
  startsAt: StartsAt,
  endsAt: EndsAt,
  venueId: VenueId,
  hostMemberId: Type.Integer({ title: '主持人', minimum: 1 }),
  recorderMemberId: Type.Integer({ title: '记录员', minimum: 1 }),
  panelSize: Type.Optional(Type.Integer({ title: '听证员人数', minimum: 0, maximum: 31, description: '正式听证员人数；缺省取规则的默认值' })),
  noticeServedOn: Type.Optional(Type.Union([Type.With(ApiDate, { title: '通知送达日期' }), Type.Null()]))
}

export const HearingBody = Type.Object({ matterId: MatterId, ...HearingFields, draft: Type.Optional(Type.Boolean({ title: '保存为草稿', description: 'true: 保存为草稿（不因问题而拒绝）' })) }, closed)
export const PreviewBody = Type.Object({ matterId: MatterId, ...HearingFields }, closed)
export const UpdateHearingBody = Type.Object({
  procedure: Type.Optional(HearingFields.procedure),
  isPublic: Type.Optional(Type.Boolean({ title: '公开听证' })),
  nonPublicReason: HearingFields.nonPublicReason,
  startsAt: Type.Optional(StartsAt),
  endsAt: Type.Optional(EndsAt),
  venueId: Type.Optional(VenueId),
  hostMemberId: Type.Optional(HearingFields.hostMemberId),
  recorderMemberId: Type.Optional(HearingFields.recorderMemberId),
  panelSize: HearingFields.panelSize,
  noticeServedOn: HearingFields.noticeServedOn,
  version: HearingVersion
}, closed)

export const TransitionBody = Type.Object({
  action: labelledEnum(Object.keys(HEARING_ACTIONS) as (keyof typeof HEARING_ACTIONS)[], Object.fromEntries(Object.entries(HEARING_ACTIONS).map(([a, s]) => [a, s.label])) as Record<keyof typeof HEARING_ACTIONS, string>, { title: '操作' }),
  version: Type.Integer({ minimum: 1 }),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  ground: Type.Optional(labelledEnum(Object.keys(TERMINATION_GROUNDS) as (keyof typeof TERMINATION_GROUNDS)[], TERMINATION_GROUNDS, { title: '终结理由', description: 'action=terminate' })),
  startsAt: Type.Optional(Instant),
  endsAt: Type.Optional(Instant),
  venueId: Type.Optional(Id),
  noticeServedOn: Type.Optional(ApiDate)
}, closed)

export const ParticipantView = Type.Object({
  id: Type.Integer(),
  kind: labelledEnum(PARTICIPANT_KINDS, PARTICIPANT_KIND_LABELS),
  memberId: Type.Union([Type.Integer(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  organisation: Type.Union([Type.String(), Type.Null()]),
  position: Type.Union([Type.String(), Type.Null()]),
  rank: Type.Union([Type.Integer(), Type.Null()]),
  response: labelledEnum(RESPONSES, RESPONSE_LABELS),
  responseReason: Type.Union([Type.String(), Type.Null()]),
  respondedAt: Type.Union([ApiTime, Type.Null()]),
  active: Type.Boolean(),
  endedReason: Type.Union([Type.String(), Type.Null()])
})

export const HearingView = Type.Object({
  id: Type.Integer(),
  matterId: Type.Integer(),
  regionId: Type.Integer(),
  regionName: Type.Optional(Type.String()),
  procedure: HearingProcedure,
  isPublic: Type.Boolean(),
  nonPublicReason: Type.Union([Type.String(), Type.Null()]),
  startsAt: ApiTime,
  endsAt: ApiTime,
  venueId: Type.Integer(),
  hostMemberId: Type.Integer(),
  recorderMemberId: Type.Integer(),
  panelSize: Type.Integer(),
  status: HearingStatus,
  statusName: Type.String(),
  statusReason: Type.Union([Type.String(), Type.Null()]),
  rulesetLabel: Type.String(),
  rulesetFingerprint: Type.String(),
  uid: Type.String(),
  sequence: Type.Integer(),
  noticeServedOn: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  createdAt: ApiTime,
  updatedAt: ApiTime
})

export const HearingWithProblems = Type.Object({ hearing: HearingView, problems: Type.Array(Problem) })

/** A pool member seated on the hearing as shown to everyone who may see it: name and unit only. */
export const SeatedPerson = Type.Object({
  memberId: Type.Integer(),
  name: Type.String(),
  unit: Type.Union([Type.String(), Type.Null()], { description: '工作单位' })
})

export const HearingDetail = Type.Object({
  ...HearingView.properties,
  host: Type.Union([SeatedPerson, Type.Null()], { description: '主持人（姓名、单位）' }),
  recorder: Type.Union([SeatedPerson, Type.Null()], { description: '记录员（姓名、单位）' }),
  participants: Type.Array(ParticipantView),
  events: Type.Array(Type.Object({ action: Type.String(), fromStatus: Type.Union([Type.String(), Type.Null()]), toStatus: Type.Union([Type.String(), Type.Null()]), reason: Type.Union([Type.String(), Type.Null()]), sequence: Type.Integer(), actorName: Type.String(), at: ApiTime })),
  draws: Type.Array(Type.Object({ id: Type.Integer(), round: Type.Integer(), commitment: Type.String(), reason: Type.Union([Type.String(), Type.Null()]), operatorName: Type.String(), witnessName: Type.Union([Type.String(), Type.Null()]), createdAt: ApiTime })),
  recusalRequests: Type.Array(Type.Object({ id: Type.Integer(), targetKind: Type.String(), targetMemberId: Type.Integer(), requestedBy: Type.String(), reason: Type.String(), decision: Type.Union([Type.String(), Type.Null()]), decidedBy: Type.Union([Type.String(), Type.Null()]), decisionReason: Type.Union([Type.String(), Type.Null()]) })),
  problems: Type.Array(Problem)
})

export const PreviewResult = Type.Object({
  problems: Type.Array(Problem),
  ruleset: Type.Object({ label: Type.String(), fingerprint: Type.String() }),
  panelSize: Type.Integer()
})

export const HearingListQuery = Type.Object({
  status: Type.Optional(HearingStatus),
  matterId: Type.Optional(MatterId),
  memberId: Type.Optional(Type.Integer({ title: '听证员库人员', minimum: 1 })),
  from: Type.Optional(Type.With(Instant, { title: '起始时间' })),
  to: Type.Optional(Type.With(Instant, { title: '截止时间' })),
  ...PageQuery
}, closed)

export const HearingPage = Page(HearingView)
