import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { NotModified, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { clientHasCurrent } from '../../common/http-cache.js'
import { ROLES } from '../../common/access.js'
import { CalendarFeedParams, CalendarFeedView, ResponseLinkQuery } from './calendar.schemas.js'
import { memberFeedRoutes } from './calendar.member-feeds.routes.js'
import { myHearingRoutes } from './calendar.my-hearings.routes.js'
import { invitationLinkRoutes } from './calendar.invitation-links.routes.js'
import { invitationMailRoutes } from './calendar.invitation-mails.routes.js'

/** Subscribed clients poll often (Shelf #2390): let them revalidate cheaply instead of refetching. */
const FEED_CACHE_CONTROL = 'private, max-age=300'

export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { calendar } = app.services
  const tags = ['calendar']
  const feedView = (f: { url: string, webcalUrl: string, createdAt: Date }) => ({ ...f, createdAt: toApiTime(f.createdAt) })

  app.services.calendarInvites.useLogger(app.log.child({ module: 'calendar' }))
  // The signing key is created (and stored) on first use: do it now, outside any hearing's transaction, so a
  // rolled-back change cannot take a freshly stored secret with it while links signed with it are in memory.
  app.addHook('onReady', async () => {
    calendar.invitationLink({ hearingId: 1, subject: { kind: 'member', id: 1 }, expiresAt: new Date(0) })
  })
  await app.register(memberFeedRoutes)
  await app.register(myHearingRoutes)
  await app.register(invitationLinkRoutes)
  await app.register(invitationMailRoutes)

  app.get('/me/calendar-feed', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'getMyCalendarFeed', tags, summary: '本人的日历订阅地址（首次调用时生成）', response: { 200: CalendarFeedView, ...problemResponses } }
  }, async (request) => feedView(calendar.getFeed(request.actor, { kind: 'user', id: request.actor.userId! })))

  app.post('/me/calendar-feed/reset', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'resetMyCalendarFeed', tags, summary: '重置本人的日历订阅地址（旧地址立即失效）', response: { 200: CalendarFeedView, ...problemResponses } }
  }, async (request) => feedView(calendar.resetFeed(request.actor, { kind: 'user', id: request.actor.userId! })))

  app.get('/calendar/feeds/:token.ics', {
    config: { access: 'public' },
    schema: {
      operationId: 'getCalendarFeed',
      tags,
      summary: '个人日历订阅（iCalendar）；地址中的令牌即凭证',
      params: CalendarFeedParams,
      produces: ['text/calendar'],
      response: { 200: Type.String({ description: 'text/calendar; METHOD:PUBLISH' }), 304: NotModified, 404: Type.Ref('ProblemDetails') }
    }
  }, async (request, reply) => {
    const feed = calendar.renderFeed(request.params.token)
    void reply.header('cache-control', FEED_CACHE_CONTROL).header('etag', feed.etag)
    if (feed.lastModified) void reply.header('last-modified', feed.lastModified.toUTCString())
    const ifNoneMatch = request.headers['if-none-match']
    const ifModifiedSince = request.headers['if-modified-since']
    const notModified = ifNoneMatch !== undefined
      ? clientHasCurrent(request, feed.etag)
      : ifModifiedSince !== undefined && feed.lastModified !== null && Date.parse(ifModifiedSince) >= Math.floor(feed.lastModified.getTime() / 1000) * 1000
    if (notModified) return reply.code(304).send(null)
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="tingzheng.ics"').send(feed.ics)
  })

  // The links of mails sent before the invitation page existed (one to accept, one to decline, each to a
  // server-rendered confirmation page) lead to that page now, with their token, which it reads either way. The
  // old page's confirm and reason are ignored: answers are given on the page (a POST), never by following a link.
  app.get('/calendar/responses', {
    config: { access: 'public' },
    schema: {
      operationId: 'respondToInvitation',
      tags,
      summary: '旧邮件中的接受/谢绝链接：303 转到界面的邀请页（/invitation?token=…），在那里答复',
      querystring: ResponseLinkQuery,
      response: { 303: Type.Null({ description: 'Location: PUBLIC_BASE_URL/invitation?token=…' }) }
    }
  }, async (request, reply) => {
    return reply.code(303).header('cache-control', 'no-store').redirect(app.services.invitationLinks.pageUrl(request.query.token ?? ''), 303)
  })
}
