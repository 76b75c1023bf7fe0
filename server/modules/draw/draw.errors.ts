import { defineError } from '../../errors.js'

export const poolTooSmall = defineError('scheduling.pool_too_small', 409, '可抽取的听证员人数不足')
export const drawInvalidInput = defineError('scheduling.draw_invalid_input', 422, '抽取条件不正确')
export const drawRoundInvalid = defineError('scheduling.draw_round_invalid', 422, '无法进行下一轮抽取')
