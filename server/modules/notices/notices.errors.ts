import { defineError } from '../../errors.js'

export const documentNotFound = defineError('notices.document_not_found', 404, '文书不存在')
export const recipientMismatch = defineError('notices.recipient_mismatch', 422, '该文书不能发给此收件人')
export const recipientNotFound = defineError('notices.recipient_not_found', 404, '收件人不是本场听证的参加人员')
export const panelNotReady = defineError('notices.panel_not_ready', 409, '尚未抽取听证员，不能出具此文书')
export const nothingToServe = defineError('notices.nothing_to_serve', 409, '尚未向该收件人出具需要送达的文书')
export const serialContention = defineError('notices.serial_contention', 409, '文号分配冲突，请重试')
export const invalidServedOn = defineError('notices.invalid_served_on', 422, '送达日期不能早于出具日期或晚于今天')
