import { Type } from 'typebox'
import { HEARING_PROCEDURES, HEARING_STATUSES, PARTICIPANT_KINDS, RESPONSES } from '../../../db/schema/index.js'
import { ApiDate, ApiTime, PageQuery, Page } from '../../shared/schemas.js'
import { HEARING_ACTIONS, TERMINATION_GROUNDS } from './hearings.lifecycle.js'
import { PROBLEM_TYPES } from './hearings.problems.js'

const closed = { additionalProperties: false } as const
const Id = Type.Integer({ minimum: 1 })
const Instant = Type.String({ format: 'date-time', description: 'ISO 8601 with offset, e.g. 2026-12-10T09:00:00+08:00' })

export const Problem = Type.Object({
  type: Type.Enum(PROBLEM_TYPES),
  severity: Type.Enum(['error', 'warning']),
  subject: Type.Object({ kind: Type.String(), id: Type.Union([Type.Integer(), Type.Null()]), name: Type.Optional(Type.String()) }),
  message: Type.String(),
  code: Type.Optional(Type.String())
})

const HearingFields = {
  procedure: Type.Enum(HEARING_PROCEDURES, { description: 'simple 简易程序 | general 一般程序' }),
  isPublic: Type.Optional(Type.Boolean({ default: true })),
  nonPublicReason: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 500 }), Type.Null()])),
  startsAt: Instant,
  endsAt: Instant,
  venueId: Id,
  hostMemberId: Id,
  recorderMemberId: Id,
  panelSize: Type.Optional(Type.Integer({ minimum: 0, maximum: 31, description: '正式听证员人数；缺省取规则的默认值' })),
  noticeServedOn: Type.Optional(Type.Union([ApiDate, Type.Null()]))
}

export const HearingBody = Type.Object({ matterId: Id, ...HearingFields, draft: Type.Optional(Type.Boolean({ description: 'true: 保存为草稿（不因问题而拒绝）' })) }, closed)
export const PreviewBody = Type.Object({ matterId: Id, ...HearingFields }, closed)
export const UpdateHearingBody = Type.Object({
  procedure: Type.Optional(HearingFields.procedure),
  isPublic: Type.Optional(Type.Boolean()),
  nonPublicReason: HearingFields.nonPublicReason,
  startsAt: Type.Optional(Instant),
  endsAt: Type.Optional(Instant),
  venueId: Type.Optional(Id),
  hostMemberId: Type.Optional(Id),
  recorderMemberId: Type.Optional(Id),
  panelSize: HearingFields.panelSize,
  noticeServedOn: HearingFields.noticeServedOn,
  version: Type.Integer({ minimum: 1 })
}, closed)

export const TransitionBody = Type.Object({
  action: Type.Enum(Object.keys(HEARING_ACTIONS) as (keyof typeof HEARING_ACTIONS)[]),
  version: Type.Integer({ minimum: 1 }),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  ground: Type.Optional(Type.Enum(Object.keys(TERMINATION_GROUNDS) as (keyof typeof TERMINATION_GROUNDS)[], { description: '终结理由（action=terminate）' })),
  startsAt: Type.Optional(Instant),
  endsAt: Type.Optional(Instant),
  venueId: Type.Optional(Id),
  noticeServedOn: Type.Optional(ApiDate)
}, closed)

export const ParticipantView = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(PARTICIPANT_KINDS),
  memberId: Type.Union([Type.Integer(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  organisation: Type.Union([Type.String(), Type.Null()]),
  position: Type.Union([Type.String(), Type.Null()]),
  rank: Type.Union([Type.Integer(), Type.Null()]),
  response: Type.Enum(RESPONSES),
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
  procedure: Type.Enum(HEARING_PROCEDURES),
  isPublic: Type.Boolean(),
  nonPublicReason: Type.Union([Type.String(), Type.Null()]),
  startsAt: ApiTime,
  endsAt: ApiTime,
  venueId: Type.Integer(),
  hostMemberId: Type.Integer(),
  recorderMemberId: Type.Integer(),
  panelSize: Type.Integer(),
  status: Type.Enum(HEARING_STATUSES),
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
  status: Type.Optional(Type.Enum(HEARING_STATUSES)),
  matterId: Type.Optional(Id),
  memberId: Type.Optional(Id),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
  ...PageQuery
}, closed)

export const HearingPage = Page(HearingView)
