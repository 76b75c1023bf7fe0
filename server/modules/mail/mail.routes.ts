import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { OutboxMessage } from '../../../db/schema/index.js'
import { IdParam, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import { OutboxListQuery, OutboxMessageDetail, OutboxMessageSummary, OutboxPage } from './mail.schemas.js'

export function outboxSummaryView (m: OutboxMessage) {
  return {
    id: m.id,
    toAddress: m.toAddress,
    toName: m.toName,
    subject: m.subject,
    status: m.status,
    attempts: m.attempts,
    nextAttemptAt: toApiTime(m.nextAttemptAt),
    lastError: m.lastError,
    dedupeKey: m.dedupeKey,
    attachments: m.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: Buffer.byteLength(a.contentBase64, 'base64'),
      ...(a.method !== undefined ? { method: a.method } : {})
    })),
    createdAt: toApiTime(m.createdAt),
    sentAt: toApiTime(m.sentAt),
    supersededBy: m.supersededBy
  }
}

export const mailRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { mail } = app.services
  const tags = ['mail']

  app.get('/outbox', {
    config: { access: ROLES.admin },
    schema: { operationId: 'listOutboxMessages', tags, summary: '待发/已发邮件（发件箱）', querystring: OutboxListQuery, response: { 200: OutboxPage, ...problemResponses } }
  }, async (request) => {
    const page = request.query.page ?? 1
    const pageSize = request.query.pageSize ?? 50
    const result = mail.list({ status: request.query.status, page, pageSize })
    return { items: result.items.map(outboxSummaryView), total: result.total, page, pageSize }
  })

  app.get('/outbox/:id', {
    config: { access: ROLES.admin },
    schema: { operationId: 'getOutboxMessage', tags, summary: '邮件详情（含正文）', params: IdParam, response: { 200: OutboxMessageDetail, ...problemResponses } }
  }, async (request) => {
    const m = mail.get(request.params.id)
    return { ...outboxSummaryView(m), textBody: m.textBody, htmlBody: m.htmlBody }
  })

  app.post('/outbox/:id/retry', {
    config: { access: ROLES.admin },
    schema: { operationId: 'retryOutboxMessage', tags, summary: '立即重发失败或等待中的邮件', params: IdParam, response: { 200: OutboxMessageSummary, ...problemResponses } }
  }, async (request) => outboxSummaryView(mail.retry(request.actor, request.params.id)))
}
