import { Type } from 'typebox'
import { USER_ROLES } from '../../../db/schema/enums.js'
import { ApiTime, PageQuery, Page } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { PASSWORD_RULES } from './accounts.password-policy.rules.js'

export const USER_ROLE_LABELS = {
  admin: '市局管理员', coordinator: '协调员', host: '主持人', officer: '听证员', auditor: '只读审计员'
} as const satisfies Record<typeof USER_ROLES[number], string>

export const UserRole = labelledEnum(USER_ROLES, USER_ROLE_LABELS, { title: '角色' })
export const Username = Type.String({ title: '用户名', minLength: 2, maxLength: 40, pattern: '^[A-Za-z0-9._-]+$' })
/** Length and composition are checked by the password policy, which names every problem at once. */
export const Password = Type.String({ title: '密码', minLength: 1, maxLength: 200, description: `密码：${PASSWORD_RULES}` })
const DisplayName = Type.String({ title: '姓名', minLength: 1, maxLength: 60, pattern: '\\S' })
const RegionId = Type.Integer({ title: '所属区划', minimum: 1 })
const PoolMemberId = Type.Integer({
  title: '关联听证员库人员',
  minimum: 1,
  description: '该账号本人在听证员库中的人员编号；其承办或参与办理过的信访事项，本人不得担任该事项听证的主持人、听证员、记录员或第三方参与人员。null：取消关联'
})

export const UserView = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: UserRole,
  regionId: Type.Union([Type.Integer(), Type.Null()]),
  regionName: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  mustChangePassword: Type.Boolean({ description: '密码由管理员设定或系统生成，须本人先修改密码（界面在登录后先进入修改密码页）' }),
  poolMember: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()], { description: '关联的听证员库人员；未关联为 null' }),
  failedLoginCount: Type.Integer({ description: '自上次成功登录以来连续输错密码的次数' }),
  lockedUntil: Type.Union([ApiTime, Type.Null()], { description: '因连续输错密码被锁定到何时；未锁定为 null（管理员可提前解锁）' }),
  lastLoginAt: Type.Union([ApiTime, Type.Null()]),
  version: Type.Integer(),
  createdAt: ApiTime,
  updatedAt: ApiTime
})

export const UserListQuery = Type.Object({
  role: Type.Optional(UserRole),
  regionId: Type.Optional(RegionId),
  q: Type.Optional(Type.String({ title: '搜索内容', minLength: 1, maxLength: 40 })),
  locked: Type.Optional(Type.Boolean({ title: '是否锁定', description: 'true：只列出当前被锁定的账号；false：只列出未锁定的' })),
  ...PageQuery
}, { additionalProperties: false })

export const UserPage = Page(UserView)

export const CreateUserBody = Type.Object({
  username: Username,
  displayName: DisplayName,
  password: Password,
  role: UserRole,
  regionId: Type.Optional(Type.Union([RegionId, Type.Null()])),
  poolMemberId: Type.Optional(Type.Union([PoolMemberId, Type.Null()]))
}, { additionalProperties: false })

export const UpdateUserBody = Type.Object({
  displayName: Type.Optional(DisplayName),
  role: Type.Optional(UserRole),
  regionId: Type.Optional(Type.Union([RegionId, Type.Null()])),
  disabled: Type.Optional(Type.Boolean({ title: '停用' })),
  poolMemberId: Type.Optional(Type.Union([PoolMemberId, Type.Null()])),
  password: Type.Optional(Password),
  version: Type.Optional(Type.Integer({ title: '版本号', minimum: 1 }))
}, { additionalProperties: false, minProperties: 1 })
