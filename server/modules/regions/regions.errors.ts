import { defineError } from '../../errors.js'

export const regionNotFound = defineError('regions.not_found', 404, '行政区划不存在或无权访问')
export const regionHasChildren = defineError('regions.has_children', 409, '该区划下还有下级区划，不能删除')
export const regionInUse = defineError('regions.in_use', 409, '该区划仍有关联数据，不能删除')
export const regionInvalidParent = defineError('regions.invalid_parent', 422, '上级区划层级不符')
export const regionDuplicateCode = defineError('regions.duplicate_code', 409, '区划代码已被使用')
export const regionDuplicateName = defineError('regions.duplicate_name', 409, '同一上级下已有同名区划')
