import { Type } from 'typebox'
import { ApiTime } from '../../common/schemas.js'

/** Characters of a decline reason kept; the page's field allows as many. */
export const DECLINE_REASON_MAX = 200

export const CalendarFeedView = Type.Object({
  url: Type.String({ description: 'feed URL over https (http in development); paste it into the calendar as a subscription' }),
  webcalUrl: Type.String({ description: 'the same feed as webcal://, which opens the calendar app directly on most systems' }),
  createdAt: ApiTime
})

export const CalendarFeedParams = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 200 })
}, { additionalProperties: false })

export const ResponseLinkQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 300 })),
  confirm: Type.Optional(Type.Literal('1', { description: 'set by the confirmation page: record the answer' })),
  reason: Type.Optional(Type.String({ maxLength: DECLINE_REASON_MAX * 2, title: '谢绝理由', description: 'typed on the decline confirmation page; stored with the decline (at most 200 characters are kept)' }))
}, { additionalProperties: false })
