import { defineError } from '../../errors.js'

export const invalidCredentials = defineError('auth.invalid_credentials', 401, '用户名或密码错误')
export const tooManyRequests = defineError('request.rate_limited', 429, '请求过于频繁，请稍后再试')
export const tokenNotFound = defineError('auth.token_not_found', 404, '令牌不存在、已撤销或无权访问')
export const tokenLifetimeTooLong = defineError('auth.token_lifetime_too_long', 422, '令牌有效期超过上限')
export const wrongCurrentPassword = defineError('auth.wrong_current_password', 422, '当前密码不正确')
