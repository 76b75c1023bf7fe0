import { defineError } from '../../errors.js'

export const lineNotFound = defineError('remuneration.line_not_found', 404, '报酬明细不存在或无权访问')
export const lineNotUnpaid = defineError('remuneration.line_not_unpaid', 409, '只有待支付的报酬明细可以列入支付批次')
export const batchMixedPayers = defineError('remuneration.batch_mixed_payers', 422, '一个支付批次只能包含同一支付单位的报酬明细')
export const batchNegativeTotal = defineError('remuneration.batch_negative_total', 422, '支付批次合计金额不能为负数')
export const lineAlreadyReversed = defineError('remuneration.line_already_reversed', 409, '该报酬明细已冲销，不能再次更正')
export const lineNotCorrectable = defineError('remuneration.line_not_correctable', 409, '冲销明细和已作废的明细不能更正')
export const hearingNotConcluded = defineError('remuneration.hearing_not_concluded', 409, '听证尚未结束，不能生成报酬明细')
export const noLinkedMember = defineError('remuneration.no_linked_member', 404, '您的账号未关联听证员库人员，没有报酬记录')
export const rateAboveCap = defineError('remuneration.rate_above_cap', 422, '每半天报酬超过听证员库规则规定的上限')
export const paidOnInFuture = defineError('remuneration.paid_on_in_future', 422, '支付日期不能晚于今天')
