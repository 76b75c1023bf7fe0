import { defineError } from '../../errors.js'

export const poolTooSmall = defineError('scheduling.pool_too_small', 409, '可抽取的听证员人数不足')
export const rulesetInvalid = defineError('scheduling.ruleset_invalid', 422, '听证规则配置不合法')
export const invalidDate = defineError('scheduling.invalid_date', 400, '日期不正确')
export const invalidPause = defineError('scheduling.invalid_pause', 422, '不计入期限的时间段不正确')
export const extensionNotAllowed = defineError('scheduling.extension_not_allowed', 422, '该阶段不能延长办理期限')
export const extensionTooLong = defineError('scheduling.extension_too_long', 422, '延长期限超过规定上限')
export const extensionIncomplete = defineError('scheduling.extension_incomplete', 422, '延长期限须写明批准人和理由')
export const drawInvalidInput = defineError('scheduling.draw_invalid_input', 422, '抽取条件不正确')
export const drawRoundInvalid = defineError('scheduling.draw_round_invalid', 422, '无法进行下一轮抽取')
