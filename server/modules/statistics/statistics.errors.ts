import { defineError } from '../../errors.js'

export const invalidPeriod = defineError('statistics.invalid_period', 422, '统计期间不正确')
