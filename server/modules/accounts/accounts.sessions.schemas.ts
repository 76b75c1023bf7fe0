import { Type } from 'typebox'
import { ApiTime } from '../../common/schemas.js'
import { Password } from './accounts.users.schemas.js'
import { UserView } from './accounts.users.schemas.js'

export const LoginBody = Type.Object({
  username: Type.String({ title: '用户名', minLength: 1, maxLength: 40 }),
  password: Type.String({ title: '密码', minLength: 1, maxLength: 200 })
}, { additionalProperties: false })

export const LoginResponse = Type.Object({
  token: Type.String({ description: 'Bearer token; send as `Authorization: Bearer <token>`' }),
  expiresAt: ApiTime,
  user: UserView
})

export const TokenView = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('session'), Type.Literal('api')]),
  name: Type.Union([Type.String(), Type.Null()]),
  prefix: Type.String(),
  current: Type.Boolean(),
  createdAt: ApiTime,
  expiresAt: ApiTime,
  lastUsedAt: Type.Union([ApiTime, Type.Null()])
})

export const CreateTokenBody = Type.Object({
  name: Type.String({ title: '令牌名称', minLength: 1, maxLength: 60 }),
  expiresInDays: Type.Optional(Type.Integer({ title: '有效天数', minimum: 1, maximum: 3650 }))
}, { additionalProperties: false })

export const CreatedToken = Type.Object({
  ...TokenView.properties,
  token: Type.String({ description: 'shown once; store it now' })
})

export const ChangePasswordBody = Type.Object({
  currentPassword: Type.String({ title: '当前密码', minLength: 1, maxLength: 200 }),
  newPassword: Type.With(Password, { title: '新密码' })
}, { additionalProperties: false })
