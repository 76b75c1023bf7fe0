import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { toApiTime } from '../../common/time.js'
import { InvitationAcceptBody, InvitationDeclineBody, InvitationLinkView, InvitationTokenQuery } from './calendar.invitation-links.schemas.js'
import type { InvitationLinkService } from './calendar.invitation-links.service.js'

type View = ReturnType<InvitationLinkService['read']>

function times (v: View) {
  return { ...v, startsAt: toApiTime(v.startsAt), endsAt: toApiTime(v.endsAt), answer: { ...v.answer, respondedAt: toApiTime(v.answer.respondedAt) } }
}

const problem = Type.Ref('ProblemDetails')
const problems = { 400: problem, 409: problem, 410: problem, 429: problem }

/**
 * The invitation page's API (web/src/views/invitation/): public, the signed token from the mail is the credential;
 * every route counts against the per-address limit before anything else.
 */
export const invitationLinkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const links = app.services.invitationLinks
  const tags = ['calendar']
  const admit = async (request: FastifyRequest) => { links.admit(request.ip) }

  app.get('/calendar/invitation', {
    config: { access: 'public' },
    preHandler: admit,
    schema: {
      operationId: 'getInvitationByLink',
      tags,
      summary: '邮件链接打开的听证邀请（无需登录，链接中的 token 即凭证）：听证信息、联系人和本人的答复；只读，不记录答复',
      querystring: InvitationTokenQuery,
      response: { 200: InvitationLinkView, ...problems }
    }
  }, async (request, reply) => {
    void reply.header('cache-control', 'no-store')
    return times(links.read(request.query.token))
  })

  app.post('/calendar/invitation/accept', {
    config: { access: 'public' },
    preHandler: admit,
    schema: {
      operationId: 'acceptInvitationByLink',
      tags,
      summary: '通过邮件链接接受听证员邀请（与登录后答复同一规则）',
      body: InvitationAcceptBody,
      response: { 200: InvitationLinkView, ...problems }
    }
  }, async (request) => times(links.respond(request.body.token, { action: 'accept' })))

  app.post('/calendar/invitation/decline', {
    config: { access: 'public' },
    preHandler: admit,
    schema: {
      operationId: 'declineInvitationByLink',
      tags,
      summary: '通过邮件链接谢绝听证员邀请，须说明理由；随即递补候补人员或留出空缺席位待补抽，并发出更新的邀请',
      body: InvitationDeclineBody,
      response: { 200: InvitationLinkView, 422: problem, ...problems }
    }
  }, async (request) => times(links.respond(request.body.token, { action: 'decline', reason: request.body.reason })))

  app.get('/calendar/invitation.ics', {
    config: { access: 'public' },
    preHandler: admit,
    schema: {
      operationId: 'getInvitationCalendar',
      tags,
      summary: '邮件链接中的听证，作为日历文件（iCalendar，METHOD:PUBLISH，与邀请同一 UID），加入手机或电脑日历',
      querystring: InvitationTokenQuery,
      produces: ['text/calendar'],
      response: { 200: Type.String({ description: 'text/calendar; METHOD:PUBLISH' }), ...problems }
    }
  }, async (request, reply) => {
    const file = links.calendarFile(request.query.token)
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="hearing-${file.hearingId}.ics"`).send(file.ics)
  })
}
