import { Type } from 'typebox'
import { ApiTime } from '../../common/schemas.js'

/** Characters of a decline reason kept; the invitation page's field allows as many. */
export const DECLINE_REASON_MAX = 200

export const CalendarFeedView = Type.Object({
  url: Type.String({ description: 'feed URL over https (http in development); paste it into the calendar as a subscription' }),
  webcalUrl: Type.String({ description: 'the same feed as webcal://, which opens the calendar app directly on most systems' }),
  createdAt: ApiTime
})

export const CalendarFeedParams = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 200 })
}, { additionalProperties: false })

/** The links of earlier mails, and what their confirmation page added (still accepted, ignored: see the route). */
export const ResponseLinkQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 300 })),
  confirm: Type.Optional(Type.Literal('1', { description: 'sent by the former confirmation page; ignored' })),
  reason: Type.Optional(Type.String({ maxLength: DECLINE_REASON_MAX * 2, title: '谢绝理由', description: 'sent by the former decline page; ignored (the invitation page asks again)' }))
}, { additionalProperties: false })
