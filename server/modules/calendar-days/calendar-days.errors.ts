import { defineError } from '../../errors.js'

export const holidayOverrideNotFound = defineError('calendar_days.not_found', 404, '该日期没有节假日调整记录')
export const calendarRangeTooLong = defineError('calendar_days.range_too_long', 400, '查询的日期范围过长')
