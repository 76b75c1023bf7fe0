import { defineError } from '../../errors.js'

export const invalidCredentials = defineError('auth.invalid_credentials', 401, '用户名或密码错误')
export const tooManyRequests = defineError('request.rate_limited', 429, '请求过于频繁，请稍后再试')
export const tokenNotFound = defineError('auth.token_not_found', 404, '令牌不存在、已撤销或无权访问')
export const tokenLifetimeTooLong = defineError('auth.token_lifetime_too_long', 422, '令牌有效期超过上限')
export const wrongCurrentPassword = defineError('auth.wrong_current_password', 422, '当前密码不正确')

export const userNotFound = defineError('users.not_found', 404, '用户不存在或无权访问')
export const usernameTaken = defineError('users.username_taken', 409, '登录名已被使用')
export const userRegionRequired = defineError('users.region_required', 422, '该角色必须指定所属区划')
export const roleNotAssignable = defineError('users.role_not_assignable', 403, '无权授予该角色')
export const cannotChangeSelf = defineError('users.cannot_change_self', 422, '不能停用自己或修改自己的角色')
export const weakPassword = defineError('users.weak_password', 422, '密码强度不足')
export const poolMemberInvalid = defineError('users.pool_member_invalid', 422, '关联的听证员库人员不存在或无权访问')
export const poolMemberLinked = defineError('users.pool_member_linked', 409, '该听证员库人员已关联其他账号')
