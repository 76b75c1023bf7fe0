import { defineError } from '../../errors.js'

export const bulletinNotFound = defineError('bulletins.not_found', 404, '通报不存在或无权访问')
export const invalidBulletinPeriod = defineError('bulletins.invalid_period', 422, '通报期间不正确')
export const cityStaffOnly = defineError('bulletins.city_staff_only', 403, '通报由市信访局印发，只有市级工作人员可以印发')
export const noCityRegion = defineError('bulletins.no_city', 409, '尚未建立市级区划，无法印发通报')
