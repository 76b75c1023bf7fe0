import { defineError } from '../../errors.js'

export const organisationNotFound = defineError('organisations.not_found', 404, '单位不存在')
export const organisationDuplicateName = defineError('organisations.duplicate_name', 409, '已有同名单位')
export const organisationInUse = defineError('organisations.in_use', 409, '该单位仍被听证员等数据引用，不能删除')
export const organisationInvalidAlias = defineError('organisations.invalid_alias', 422, '别名不能为空，也不能与单位名称相同')
export const organisationNotEditable = defineError('organisations.not_editable', 403, '只能修改本辖区的单位；市级单位由管理员维护')
