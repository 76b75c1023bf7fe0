import { defineError } from '../../errors.js'

export const outboxMessageNotFound = defineError('mail.message_not_found', 404, '邮件不存在')
export const outboxMessageNotRetryable = defineError('mail.not_retryable', 409, '该邮件已发送或正在发送，不能重发')
export const outboxMessageSuperseded = defineError('mail.superseded', 409, '该邮件已被发给同一收件人的更新邮件（变更或取消）取代，不能重发')
