import { Type, type TSchema } from 'typebox'
import { ApiDate, ApiTime, PageQuery } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { NOTIFIER_KIND_LIST, NOTIFIER_KIND_NAMES, REMINDER_KIND_LIST, REMINDER_KIND_NAMES } from './reminders.rules.js'

const closed = { additionalProperties: false } as const
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

export const ReminderKindSchema = labelledEnum(REMINDER_KIND_LIST, REMINDER_KIND_NAMES, { title: '提醒类别' })
export const NotifierKindSchema = labelledEnum(NOTIFIER_KIND_LIST, NOTIFIER_KIND_NAMES, { title: '通道类型' })

const Days = (title: string, max: number) => Type.Integer({ title, minimum: 0, maximum: max })
const Kind = (title: string, max: number) => Type.Object({ enabled: Type.Optional(Type.Boolean({ title: `${title}·启用` })), days: Type.Optional(Days(`${title}·天数`, max)) }, { ...closed, title })

export const SettingsBody = Type.Object({
  enabled: Type.Optional(Type.Boolean({ title: '启用每日提醒' })),
  dailyTime: Type.Optional(Type.String({ title: '每日提醒时间', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM，北京时间' })),
  hearingUpcoming: Type.Optional(Kind('听证即将举行', 60)),
  minutesOverdue: Type.Optional(Kind('笔录尚未定稿', 60)),
  termEnding: Type.Optional(Kind('任期即将届满', 365)),
  stageDeadline: Type.Optional(Kind('办理期限即将届满（工作日）', 60)),
  noticeDue: Type.Optional(Type.Object({ enabled: Type.Optional(Type.Boolean({ title: '听证通知即将逾期送达·启用' })) }, { ...closed, title: '听证通知即将逾期送达' })),
  version: Type.Optional(Type.Integer({ title: '版本号', minimum: 0, description: 'the settings version last read (0 before the first save); a stale value gets 409' }))
}, closed)

const KindView = Type.Object({ enabled: Type.Boolean(), days: Type.Integer() })
export const SettingsView = Type.Object({
  enabled: Type.Boolean(),
  dailyTime: Type.String(),
  hearingUpcoming: KindView,
  minutesOverdue: KindView,
  termEnding: KindView,
  stageDeadline: KindView,
  noticeDue: Type.Object({ enabled: Type.Boolean() }),
  version: Type.Integer(),
  stored: Type.Boolean({ description: 'false: never saved, the defaults apply' }),
  updatedAt: Nullable(ApiTime),
  updatedBy: Nullable(Type.String())
})

const Url = Type.String({ title: 'Webhook 地址', minLength: 8, maxLength: 2000, description: 'http(s) URL; for WeCom https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' })
const Secret = Type.String({ title: '签名密钥', minLength: 16, maxLength: 200, description: 'generic webhook only: HMAC-SHA256 key; never shown again' })

export const CreateNotifierBody = Type.Object({
  name: Type.String({ title: '名称', minLength: 1, maxLength: 60, pattern: '\\S' }),
  kind: NotifierKindSchema,
  url: Url,
  secret: Type.Optional(Nullable(Secret)),
  enabled: Type.Optional(Type.Boolean({ title: '启用' }))
}, closed)

export const UpdateNotifierBody = Type.Object({
  name: Type.Optional(CreateNotifierBody.properties.name),
  kind: Type.Optional(NotifierKindSchema),
  url: Type.Optional(Url),
  secret: Type.Optional(Nullable(Secret)),
  enabled: Type.Optional(Type.Boolean({ title: '启用' })),
  version: Type.Optional(Type.Integer({ title: '版本号', minimum: 1 }))
}, closed)

export const NotifierMessageView = Type.Object({
  id: Type.Integer(),
  runId: Nullable(Type.Integer()),
  status: Type.String({ description: 'queued, sending, sent or failed' }),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(ApiTime),
  lastError: Nullable(Type.String()),
  sentAt: Nullable(ApiTime),
  createdAt: ApiTime
})

export const NotifierView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: NotifierKindSchema,
  url: Type.String({ description: 'query values (the robot key) masked' }),
  secretSet: Type.Boolean(),
  enabled: Type.Boolean(),
  lastStatus: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  lastAttemptAt: Nullable(ApiTime),
  recent: Type.Array(NotifierMessageView),
  version: Type.Integer(),
  createdAt: ApiTime,
  updatedAt: ApiTime
})

export const RunView = Type.Object({
  id: Type.Integer(),
  scheduledFor: ApiDate,
  trigger: Type.String({ description: 'schedule, catch_up or manual' }),
  status: Type.String({ description: 'running, finished or failed' }),
  startedAt: ApiTime,
  finishedAt: Nullable(ApiTime),
  startedBy: Type.String(),
  counts: Nullable(Type.Object({
    items: Type.Record(Type.String(), Type.Integer(), { description: 'items found per kind' }),
    newItems: Type.Integer({ description: 'items not reminded of before' }),
    mails: Type.Integer(),
    withoutAddress: Type.Integer(),
    digests: Type.Integer()
  })),
  error: Nullable(Type.String())
})

export const DeliveryQuery = Type.Object({
  runId: Type.Optional(Type.Integer({ title: '提醒批次', minimum: 1 })),
  kind: Type.Optional(ReminderKindSchema),
  ...PageQuery
}, closed)

export const DeliveryView = Type.Object({
  id: Type.Integer(),
  runId: Type.Integer(),
  kind: ReminderKindSchema,
  subjectId: Type.Integer(),
  dueOn: ApiDate,
  recipientKey: Type.String(),
  recipientName: Nullable(Type.String()),
  channel: Type.String({ description: 'mail or digest' }),
  status: Type.String({ description: 'queued or no_address' }),
  outboxId: Nullable(Type.Integer()),
  createdAt: ApiTime
})

export const RunsQuery = Type.Object({ limit: Type.Optional(Type.Integer({ title: '条数', minimum: 1, maximum: 200, default: 30 })) }, closed)
