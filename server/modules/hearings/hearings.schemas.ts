import { Type } from 'typebox'
import { HEARING_PROCEDURES, HEARING_STATUSES, NOTICE_WAIVER_METHODS, PARTICIPANT_KINDS, RESPONSES } from '../../../db/schema/enums.js'
import { ApiDate, ApiTime, PageQuery, Page } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { PROCEDURE_NAMES } from '../rulesets/rulesets.config.js'
import { MEMBER_ROLE_LABELS } from '../pool/pool.rules.js'
import { HEARING_ACTIONS, NOTICE_WAIVER_METHOD_NAMES, TERMINATION_GROUNDS } from './hearings.lifecycle.js'
import { HEARING_STATUS_NAMES } from './hearings.status.rules.js'
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
  isPublic: Type.Optional(Type.Boolean({ title: '公开听证', description: '是否公开举行；不填时按规则中该程序的默认（publicity.<程序>.defaultPublic，全国默认公开）' })),
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

/** A change to a stored hearing to check before it is made: the fields of an update, without its version. */
const { version: _version, ...changeFields } = UpdateHearingBody.properties
export const ChangePreviewBody = Type.Object(changeFields, { ...closed, description: '拟修改的时间、场所、人员；送达日期填 null 时按尚未送达预检（延期、恢复后须重新送达）' })

/** `code 名称` pairs of a label table, for descriptions. */
const labelled = (names: Record<string, string>) => Object.entries(names).map(([code, name]) => `${code} ${name}`).join(' | ')

const TerminationGround = labelledEnum(Object.keys(TERMINATION_GROUNDS) as (keyof typeof TERMINATION_GROUNDS)[], TERMINATION_GROUNDS, { title: '终结理由' })
const WaiverMethod = labelledEnum(NOTICE_WAIVER_METHODS, NOTICE_WAIVER_METHOD_NAMES, { title: '取得方式' })
const PersonName = Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' })

export const NoticeWaiverBody = Type.Object({
  date: ApiDate,
  method: WaiverMethod,
  recordedBy: Type.Optional(PersonName)
}, { ...closed, description: '信访人同意缩短通知期限的意见：日期、取得方式、记录人' })

export const TransitionBody = Type.Object({
  action: labelledEnum(Object.keys(HEARING_ACTIONS) as (keyof typeof HEARING_ACTIONS)[], Object.fromEntries(Object.entries(HEARING_ACTIONS).map(([a, s]) => [a, s.label])) as Record<keyof typeof HEARING_ACTIONS, string>, { title: '操作' }),
  version: Type.Integer({ minimum: 1 }),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: '理由（延期、中止、取消必填；终结理由为“其他”时必填）' })),
  ground: Type.Optional({ ...TerminationGround, description: `终结理由（action=terminate 时必填）：${labelled(TERMINATION_GROUNDS)}` }),
  startsAt: Type.Optional(Instant),
  endsAt: Type.Optional(Instant),
  venueId: Type.Optional(Id),
  noticeServedOn: Type.Optional({ ...ApiDate, description: '听证通知书送达信访人的日期（action=notify，不能晚于今天）' }),
  noticeWaiver: Type.Optional(NoticeWaiverBody),
  announcedOn: Type.Optional({ ...ApiDate, description: '听证公告发布日期（action=notify 或 open，不能晚于今天）' })
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
  responseAnsweredBy: Type.Union([Type.String(), Type.Null()], { description: '代为登记的答复由谁给出（登记时填写）' }),
  responseRecordedBy: Type.Union([Type.String(), Type.Null()], { description: '登记答复的用户（本人答复时为其本人；邀请链接答复时为链接）' }),
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
  noticeWaiver: Type.Union([Type.Object({
    date: Type.String(),
    method: Type.Enum(NOTICE_WAIVER_METHODS),
    methodName: Type.String(),
    recordedBy: Type.Union([Type.String(), Type.Null()])
  }), Type.Null()], { description: '信访人同意缩短通知期限的意见' }),
  announcedOn: Type.Union([Type.String(), Type.Null()], { description: '听证公告发布日期' }),
  terminationGround: Type.Union([TerminationGround, Type.Null()]),
  terminationGroundName: Type.Union([Type.String(), Type.Null()]),
  provincialEnteredOn: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: '听证要素录入省信访信息系统的日期' }),
  provincialEntryRef: Type.Union([Type.String(), Type.Null()], { description: '省信访信息系统登记编号' }),
  version: Type.Integer(),
  createdAt: ApiTime,
  updatedAt: ApiTime
})

const NullableString = Type.Union([Type.String(), Type.Null()])

/** One entry of a hearing's timeline. */
export const HearingEventView = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  actionName: Type.String(),
  fromStatus: NullableString,
  fromStatusName: NullableString,
  toStatus: NullableString,
  toStatusName: NullableString,
  reason: NullableString,
  ground: Type.Union([TerminationGround, Type.Null()]),
  groundName: NullableString,
  details: Type.Object({
    startsAt: Type.Optional(ApiTime),
    endsAt: Type.Optional(ApiTime),
    venueId: Type.Optional(Type.Integer()),
    noticeServedOn: Type.Optional(Type.String()),
    noticeWaiver: Type.Optional(Type.Union([Type.Object({ date: Type.String(), method: Type.String(), recordedBy: NullableString }), Type.Null()])),
    leadTime: Type.Optional(Type.Object({ requiredDays: Type.Integer(), unit: Type.String(), clearDays: Type.Integer(), met: Type.Boolean() })),
    announcedOn: Type.Optional(Type.String()),
    waivesHearing: Type.Optional(Type.Boolean()),
    changed: Type.Optional(Type.Array(Type.String())),
    warnings: Type.Optional(Type.Array(Type.String()))
  }, { description: '变更内容（新的时间和场所、送达与公告日期、缩短期限的意见、修改的字段）' }),
  sequence: Type.Integer(),
  actorUserId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.String(),
  requestId: NullableString,
  at: ApiTime
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
  events: Type.Array(HearingEventView),
  draws: Type.Array(Type.Object({ id: Type.Integer(), round: Type.Integer(), commitment: Type.String(), reason: Type.Union([Type.String(), Type.Null()]), operatorName: Type.String(), witnessName: Type.Union([Type.String(), Type.Null()]), createdAt: ApiTime })),
  recusalRequests: Type.Array(Type.Object({ id: Type.Integer(), targetKind: Type.String(), targetMemberId: Type.Integer(), requestedBy: Type.String(), reason: Type.String(), decision: Type.Union([Type.String(), Type.Null()]), decidedBy: Type.Union([Type.String(), Type.Null()]), decisionReason: Type.Union([Type.String(), Type.Null()]), createdAt: Type.With(ApiTime, { description: '提出（登记）时间' }), decidedAt: Type.Union([ApiTime, Type.Null()], { description: '决定时间；未决定时为 null' }) }), { description: '回避申请（decision 为 null：待决定）' }),
  problems: Type.Array(Problem),
  editable: Type.Boolean({ description: '时间、场所、人员尚可修改（PATCH /hearings/{id}）' }),
  actions: Type.Array(Type.Object({
    action: Type.String(),
    label: Type.String(),
    needsReason: Type.Boolean(),
    needsNewTime: Type.Boolean()
  }), { description: '当前状态下可进行的状态变更（POST /hearings/{id}/transitions 的 action）' }),
  terminationGrounds: Type.Array(Type.Object({
    code: TerminationGround,
    name: Type.String(),
    applies: Type.Boolean({ description: '当前状态下可选（信访人无正当理由不到场的，另须已送达通知且已到开始时间）' }),
    needsReason: Type.Boolean()
  }), { description: '终结理由及其适用' })
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
  venueId: Type.Optional(Type.Integer({ title: '听证场所', minimum: 1 })),
  from: Type.Optional(Type.With(Instant, { title: '起始时间' })),
  to: Type.Optional(Type.With(Instant, { title: '截止时间' })),
  ...PageQuery
}, closed)

/** A hearing in a list or calendar: what its title reads (case number, matter title, venue name). */
export const HearingListItem = Type.Object({
  ...HearingView.properties,
  caseNumber: Type.String({ description: '信访事项编号' }),
  matterTitle: Type.String({ description: '信访事项标题' }),
  venueName: Type.String({ description: '听证场所名称' })
})

export const HearingPage = Page(HearingListItem)

/** A calendar range: from and to required; at most CALENDAR_MAX_DAYS apart (a month view's six weeks fit). */
export const HearingCalendarQuery = Type.Object({
  from: Type.With(Instant, { title: '起始时间' }),
  to: Type.With(Instant, { title: '截止时间' }),
  memberId: Type.Optional(Type.Integer({ title: '听证员库人员', minimum: 1 })),
  venueId: Type.Optional(Type.Integer({ title: '听证场所', minimum: 1 }))
}, closed)

/** A calendar entry: what its title and colour read, nothing else (the hearing page has the rest). */
export const HearingCalendarEntry = Type.Object({
  id: Type.Integer(),
  status: HearingStatus,
  statusName: Type.String({ description: '状态名称' }),
  startsAt: ApiTime,
  endsAt: ApiTime,
  caseNumber: Type.String({ description: '信访事项编号' }),
  venueName: Type.String({ description: '听证场所名称' })
})

export const HearingCalendar = Type.Object({
  items: Type.Array(HearingCalendarEntry, { description: '按开始时间排列' }),
  truncated: Type.Boolean({ description: '范围内的听证多于上限（CALENDAR_MAX_ENTRIES），只列出最早的部分' })
})
