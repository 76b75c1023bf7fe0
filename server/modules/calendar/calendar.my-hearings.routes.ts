import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import type { MyHearing } from './calendar.my-hearings.service.js'
import { DeclineBody, InvitationParams, MyHearingDetail, MyHearingList, MyHearingParams } from './calendar.my-hearings.schemas.js'

/** Officer and host accounts: the people the pool's hearings are about (their account linked to a pool member). */
const OFFICERS = ['officer', 'host'] as const

function times<T extends MyHearing> (h: T) {
  return {
    ...h,
    startsAt: toApiTime(h.startsAt),
    endsAt: toApiTime(h.endsAt),
    invitation: h.invitation && { ...h.invitation, respondedAt: toApiTime(h.invitation.respondedAt) }
  }
}

export const myHearingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { myHearings } = app.services
  const tags = ['calendar']

  app.get('/me/hearings', {
    config: { access: OFFICERS },
    schema: { operationId: 'listMyHearings', tags, summary: '本人的听证安排（账号须关联听证员库人员）：即将参加的在前，各有本人担任的角色和邀请答复状态', response: { 200: MyHearingList, ...problemResponses } }
  }, async (request) => {
    const r = myHearings.list(request.actor)
    return { member: r.member, upcoming: r.upcoming.map(times), past: r.past.map(times) }
  })

  app.get('/me/hearings/:id', {
    config: { access: OFFICERS },
    schema: { operationId: 'getMyHearing', tags, summary: '本人参加的一场听证：时间、地点、主持人、记录员、在席听证员和本人的邀请', params: MyHearingParams, response: { 200: MyHearingDetail, ...problemResponses } }
  }, async (request) => times(myHearings.get(request.actor, request.params.id)))

  app.post('/me/invitations/:participantId/accept', {
    config: { access: OFFICERS },
    schema: {
      operationId: 'acceptMyInvitation',
      tags,
      summary: '接受本人的听证员邀请（与邮件中的答复链接同一规则）',
      params: InvitationParams,
      response: { 200: MyHearingDetail, ...problemResponses }
    }
  }, async (request) => times(myHearings.respond(request.actor, request.params.participantId, { action: 'accept' })))

  app.post('/me/invitations/:participantId/decline', {
    config: { access: OFFICERS },
    schema: {
      operationId: 'declineMyInvitation',
      tags,
      summary: '谢绝本人的听证员邀请，须说明理由；随即递补候补人员或留出空缺席位待补抽，并发出更新的邀请',
      params: InvitationParams,
      body: DeclineBody,
      response: { 200: MyHearingDetail, 422: Type.Ref('ProblemDetails'), ...problemResponses }
    }
  }, async (request) => times(myHearings.respond(request.actor, request.params.participantId, { action: 'decline', reason: request.body.reason })))
}
