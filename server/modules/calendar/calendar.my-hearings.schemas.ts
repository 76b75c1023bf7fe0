import { Type, type TSchema } from 'typebox'
import { HEARING_PROCEDURES, HEARING_STATUSES, RESPONSES } from '../../../db/schema/enums.js'
import { ApiTime } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { PROCEDURE_NAMES } from '../rulesets/rulesets.config.js'
import { DECLINE_REASON_MAX } from './calendar.schemas.js'
import { RESPONSE_NAMES, SEAT_ROLES, SEAT_ROLE_NAMES } from './calendar.my-hearings.rules.js'
import { HEARING_STATUS_NAMES } from '../hearings/hearings.status.rules.js'

const closed = { additionalProperties: false } as const
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

export const MyHearingParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) }, closed)
export const InvitationParams = Type.Object({ participantId: Type.Integer({ title: '邀请', minimum: 1, maximum: 2 ** 53 - 1 }) }, closed)
export const DeclineBody = Type.Object({
  reason: Type.String({ title: '谢绝理由', maxLength: DECLINE_REASON_MAX, description: '必填：将告知协调员，并记为席位的谢绝理由（控制字符去除、空白合并）' })
}, closed)

export const MyHearing = Type.Object({
  hearingId: Type.Integer(),
  matterNumber: Type.String({ description: '信访事项编号' }),
  title: Type.String({ description: '信访事项标题' }),
  procedure: labelledEnum(HEARING_PROCEDURES, PROCEDURE_NAMES, { title: '听证程序' }),
  procedureName: Type.String(),
  status: labelledEnum(HEARING_STATUSES, HEARING_STATUS_NAMES, { title: '状态' }),
  statusName: Type.String(),
  startsAt: ApiTime,
  endsAt: ApiTime,
  regionName: Type.String({ description: '承办的乡镇（街道）或县（市、区）' }),
  venue: Type.Object({ name: Type.String(), address: Type.String() }),
  upcoming: Type.Boolean({ description: '尚未结束且未取消、终结：列在“即将参加”' }),
  seat: Type.Object({
    role: labelledEnum(SEAT_ROLES, SEAT_ROLE_NAMES, { title: '本人担任' }),
    roleName: Type.String(),
    active: Type.Boolean({ description: 'false：已谢绝、回避、被替换或撤出，本人不再参加' }),
    endedReason: Nullable(Type.String())
  }),
  invitation: Nullable(Type.Object({
    participantId: Type.Integer({ description: 'POST /me/invitations/{participantId}/accept|decline' }),
    response: labelledEnum(RESPONSES, RESPONSE_NAMES, { title: '答复' }),
    responseName: Type.String(),
    reason: Nullable(Type.String({ description: '谢绝的理由' })),
    respondedAt: Nullable(ApiTime),
    mayRespond: Type.Boolean({ description: '现在可以答复：待答复、仍在席位上，听证已排期或已通知且尚未开始（与邮件中的答复链接同一规则）' })
  }, { description: '听证员席位的邀请；主持人、记录员由机关指定，候补和第三方参与人员不经邀请答复：null' }))
})

export const MyHearingList = Type.Object({
  member: Type.Object({ id: Type.Integer(), name: Type.String() }, { description: '账号关联的听证员库人员' }),
  upcoming: Type.Array(MyHearing, { description: '即将参加：按开始时间先后' }),
  past: Type.Array(MyHearing, { description: '已结束、已取消或已终结：最近的在前，至多 100 场' })
})

export const MyHearingDetail = Type.Object({
  ...MyHearing.properties,
  hostName: Type.String(),
  recorderName: Type.String(),
  panel: Type.Array(Type.Object({ name: Type.String(), seat: Nullable(Type.Integer()), response: labelledEnum(RESPONSES, RESPONSE_NAMES, { title: '答复' }), responseName: Type.String() }), { description: '在席的听证员' })
})
