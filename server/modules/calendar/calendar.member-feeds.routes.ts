import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParam, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import { CalendarFeedView } from './calendar.schemas.js'

/** Coordinators hand pool members (who have no login) the address of their personal calendar feed. */
export const memberFeedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { memberFeeds } = app.services
  const tags = ['calendar', 'pool']
  const feedView = (f: { url: string, webcalUrl: string, createdAt: Date }) => ({ ...f, createdAt: toApiTime(f.createdAt) })

  app.get('/pool/members/:id/calendar-feed', {
    config: { access: ROLES.managers },
    schema: {
      operationId: 'getPoolMemberCalendarFeed',
      tags,
      summary: '人员的日历订阅地址（首次调用时生成），供转交本人订阅',
      params: IdParam,
      response: { 200: CalendarFeedView, ...problemResponses }
    }
  }, async (request) => feedView(memberFeeds.get(request.actor, request.params.id)))

  app.post('/pool/members/:id/calendar-feed/reset', {
    config: { access: ROLES.managers },
    schema: {
      operationId: 'resetPoolMemberCalendarFeed',
      tags,
      summary: '重置人员的日历订阅地址（旧地址立即失效）',
      params: IdParam,
      response: { 200: CalendarFeedView, ...problemResponses }
    }
  }, async (request) => feedView(memberFeeds.reset(request.actor, request.params.id)))
}
