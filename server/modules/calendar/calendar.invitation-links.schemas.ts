import { Type } from 'typebox'
import { HEARING_STATUSES, RESPONSES } from '../../../db/schema/enums.js'
import { ApiTime } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { HEARING_STATUS_NAMES } from '../hearings/hearings.status.rules.js'
import { DECLINE_REASON_MAX } from './calendar.schemas.js'
import { RESPONSE_NAMES } from './calendar.my-hearings.rules.js'

const closed = { additionalProperties: false } as const
const Token = Type.String({ title: '邀请链接', minLength: 1, maxLength: 300, description: '邮件链接中的 token：签名的凭证，指明听证和人员，至听证开始时失效' })

export const InvitationTokenQuery = Type.Object({ token: Token }, closed)
export const InvitationAcceptBody = Type.Object({ token: Token }, closed)
export const InvitationDeclineBody = Type.Object({
  token: Token,
  reason: Type.String({ title: '谢绝理由', maxLength: DECLINE_REASON_MAX, description: '必填：将告知协调员，并记为席位的谢绝理由（控制字符去除、空白合并）' })
}, closed)

/** Only what the invitation mail already tells (no petitioner, no phone or ID number), masked as there. */
export const InvitationLinkView = Type.Object({
  hearingId: Type.Integer(),
  invitee: Type.Object({
    memberId: Type.Integer({ description: '听证员库人员编号：登录的账号关联的是该人员时，界面链接到“我的听证”' }),
    name: Type.String()
  }, closed),
  title: Type.String({ description: '信访事项标题，如邀请邮件所写' }),
  matterNumber: Type.String({ description: '信访事项编号' }),
  procedureName: Type.String({ description: '简易程序或一般程序' }),
  status: labelledEnum(HEARING_STATUSES, HEARING_STATUS_NAMES, { title: '听证状态' }),
  statusName: Type.String(),
  startsAt: ApiTime,
  endsAt: ApiTime,
  timeText: Type.String({ description: '如邮件所写，例如 2026年12月10日（星期四）09:00—11:00（北京时间）' }),
  venue: Type.Object({ name: Type.String(), address: Type.String() }, closed),
  roleName: Type.String({ description: '本人担任：听证员' }),
  hostName: Type.String({ description: '主持人' }),
  bring: Type.Array(Type.String(), { description: '请携带' }),
  contact: Type.Object({
    issuerName: Type.String({ description: '承办机关' }),
    person: Type.String({ description: '联系人' }),
    phone: Type.String({ description: '联系电话' })
  }, { ...closed, description: '承办机关的联系人和电话（听证文书设置），如听证员邀请函所写' }),
  answer: Type.Object({
    response: labelledEnum(RESPONSES, RESPONSE_NAMES, { title: '答复' }),
    responseName: Type.String(),
    reason: Type.Union([Type.String(), Type.Null()], { description: '谢绝的理由' }),
    respondedAt: Type.Union([ApiTime, Type.Null()]),
    mayRespond: Type.Boolean({ description: '现在可以答复：待答复、仍在席位上，听证已排期或已通知且尚未开始（与登录后答复同一规则）' })
  }, closed)
}, closed)
