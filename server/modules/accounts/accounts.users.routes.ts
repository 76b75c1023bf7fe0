import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { User } from '../../../db/schema/index.js'
import { IdParam, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import { CreateUserBody, UpdateUserBody, UserListQuery, UserPage, UserView } from './accounts.users.schemas.js'

export function userView ({ user, regionName, poolMemberName, lockedUntil }: { user: User, regionName: string | null, poolMemberName?: string | null | undefined, lockedUntil: Date | null }) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    regionId: user.regionId,
    regionName,
    disabled: user.disabled,
    mustChangePassword: user.mustChangePassword,
    poolMember: user.poolMemberId === null ? null : { id: user.poolMemberId, name: poolMemberName ?? '' },
    failedLoginCount: user.failedLoginCount,
    lockedUntil: toApiTime(lockedUntil),
    lastLoginAt: toApiTime(user.lastLoginAt),
    version: user.version,
    createdAt: toApiTime(user.createdAt),
    updatedAt: toApiTime(user.updatedAt)
  }
}

export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { users } = app.services
  const tags = ['users']

  app.get('/users', {
    config: { access: ROLES.readers },
    schema: { operationId: 'listUsers', tags, summary: '用户列表（按权限范围）', querystring: UserListQuery, response: { 200: UserPage, ...problemResponses } }
  }, async (request) => {
    const page = request.query.page ?? 1
    const pageSize = request.query.pageSize ?? 50
    const result = users.list(request.actor, { ...request.query, page, pageSize })
    return { items: result.items.map(userView), total: result.total, page, pageSize }
  })

  app.get('/users/:id', {
    config: { access: ROLES.readers },
    schema: { operationId: 'getUser', tags, summary: '用户详情', params: IdParam, response: { 200: UserView, ...problemResponses } }
  }, async (request) => userView(users.get(request.actor, request.params.id)))

  app.post('/users', {
    config: { access: ROLES.managers },
    schema: { operationId: 'createUser', tags, summary: '新建用户', body: CreateUserBody, response: { 201: UserView, ...problemResponses } }
  }, async (request, reply) => reply.code(201).send(userView(await users.create(request.actor, request.body))))

  app.patch('/users/:id', {
    config: { access: ROLES.managers },
    schema: { operationId: 'updateUser', tags, summary: '修改用户（角色、区划、停用、重置密码、关联听证员库人员）', params: IdParam, body: UpdateUserBody, response: { 200: UserView, ...problemResponses } }
  }, async (request) => userView(await users.update(request.actor, request.params.id, request.body)))

  app.post('/users/:id/unlock', {
    config: { access: ROLES.managers },
    schema: { operationId: 'unlockUser', tags, summary: '解除因连续输错密码造成的账号锁定', params: IdParam, response: { 200: UserView, ...problemResponses } }
  }, async (request) => userView(users.unlock(request.actor, request.params.id)))
}
