import { defineError } from '../../errors.js'

export const holidayOverrideNotFound = defineError('calendar_days.not_found', 404, '该日期没有节假日调整记录')
export const calendarRangeTooLong = defineError('calendar_days.range_too_long', 400, '查询的日期范围过长')
export const calendarYearNotConfirmed = defineError('calendar_days.year_not_confirmed', 404, '该年份没有“已全部录入”的确认')
