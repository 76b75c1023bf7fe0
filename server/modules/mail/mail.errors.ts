import { defineError } from '../../errors.js'

export const outboxMessageNotFound = defineError('mail.message_not_found', 404, '邮件不存在')
export const outboxMessageNotRetryable = defineError('mail.not_retryable', 409, '该邮件已发送或正在发送，不能重发')
