import { Type } from 'typebox'
import { OUTBOX_STATUSES } from '../../../db/schema/enums.js'
import { ApiTime, Page, PageQuery } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'

export const OUTBOX_STATUS_LABELS = { queued: '待发送', sending: '发送中', sent: '已发送', failed: '发送失败', superseded: '已被取代' } as const

export const OutboxStatus = labelledEnum(OUTBOX_STATUSES, OUTBOX_STATUS_LABELS, { title: '发送状态', description: 'a failed message is not retried; a superseded one was overtaken by a newer message to the same recipient about the same event (a later update or the cancellation) before it was delivered, and is never sent' })

const AttachmentInfo = Type.Object({
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer({ description: 'bytes' }),
  method: Type.Optional(Type.String({ description: 'iTIP method of a calendar invitation (REQUEST, CANCEL)' }))
})

export const OutboxMessageSummary = Type.Object({
  id: Type.Integer(),
  toAddress: Type.String(),
  toName: Type.Union([Type.String(), Type.Null()]),
  subject: Type.String(),
  status: OutboxStatus,
  attempts: Type.Integer(),
  nextAttemptAt: ApiTime,
  lastError: Type.Union([Type.String(), Type.Null()]),
  dedupeKey: Type.Union([Type.String(), Type.Null()]),
  attachments: Type.Array(AttachmentInfo),
  createdAt: ApiTime,
  sentAt: Type.Union([ApiTime, Type.Null()]),
  supersededBy: Type.Union([Type.Integer(), Type.Null()], { description: 'the newer message that replaced this one (status superseded)' })
})

export const OutboxMessageDetail = Type.Object({
  ...OutboxMessageSummary.properties,
  textBody: Type.String(),
  htmlBody: Type.Union([Type.String(), Type.Null()])
})

export const OutboxListQuery = Type.Object({
  status: Type.Optional(OutboxStatus),
  ...PageQuery
}, { additionalProperties: false })

export const OutboxPage = Page(OutboxMessageSummary)
