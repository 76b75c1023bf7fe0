import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ApiTime, IdParam, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import { labelledEnum } from '../../common/field-labels.js'
import { CALENDAR_PERSON_KINDS } from '../../../db/schema/enums.js'

const PERSON_KIND_LABELS = { user: '系统用户', member: '听证员库人员', participant: '参加人员' } as const
const STATE_LABELS = { queued: '待发送（含重试中）', sent: '已发送', failed: '发送失败' } as const
const METHOD_LABELS = { REQUEST: '邀请或变更', CANCEL: '取消' } as const

const InvitationMailView = Type.Object({
  personKind: labelledEnum(CALENDAR_PERSON_KINDS, PERSON_KIND_LABELS, { title: '收件人类别', description: 'member：memberId 为 personId；participant：参加人员编号为 personId；user：用户编号' }),
  personId: Type.Integer(),
  firstQueuedAt: Type.With(ApiTime, { description: '首次为其生成日历邮件的时间' }),
  method: labelledEnum(['REQUEST', 'CANCEL'] as const, METHOD_LABELS, { title: '最近一封的性质' }),
  latest: Type.Union([Type.Object({
    subject: Type.String(),
    state: labelledEnum(['queued', 'sent', 'failed'] as const, STATE_LABELS, { title: '发送情况' }),
    queuedAt: ApiTime,
    sentAt: Type.Union([ApiTime, Type.Null()]),
    attempts: Type.Integer({ description: '已尝试发送的次数' })
  }), Type.Null()], { description: '最近一封仍有效的邮件（被更新版本取代、不再发送的不计）' }),
  sentCount: Type.Integer({ description: '已发送的邮件数' })
})

export const invitationMailRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { invitationMails } = app.services
  app.get('/hearings/:id/invitation-mails', {
    config: { access: [...ROLES.hearingStaff, 'auditor'] },
    schema: {
      operationId: 'listHearingInvitationMails',
      tags: ['calendar'],
      summary: '本场听证各人的日历邀请邮件发送情况（主持人、记录员、听证员、参加人员）：最近一封是否已发出，便于协调员电话联系未收到的人',
      params: IdParam,
      response: { 200: Type.Object({ items: Type.Array(InvitationMailView) }), ...problemResponses }
    }
  }, async (request) => ({
    items: invitationMails.list(request.actor, request.params.id).map((m) => ({
      ...m,
      firstQueuedAt: toApiTime(m.firstQueuedAt),
      latest: m.latest && { ...m.latest, queuedAt: toApiTime(m.latest.queuedAt), sentAt: m.latest.sentAt && toApiTime(m.latest.sentAt) }
    }))
  }))
}
