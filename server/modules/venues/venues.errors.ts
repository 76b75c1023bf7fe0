import { defineError } from '../../errors.js'

export const venueNotFound = defineError('venues.not_found', 404, '听证场所不存在或无权访问')
export const venueDuplicateName = defineError('venues.duplicate_name', 409, '同一区划内已有同名场所')
export const venueInUse = defineError('venues.in_use', 409, '该场所已安排听证，不能删除')
