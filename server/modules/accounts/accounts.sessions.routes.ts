import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { AuthToken } from '../../../db/schema/index.js'
import type { Actor } from '../../common/actor.js'
import { IdParam, NoContent, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES, SESSION_COOKIE } from '../../common/access.js'
import { userView } from './accounts.users.routes.js'
import { UserView } from './accounts.users.schemas.js'
import { ChangePasswordBody, CreatedToken, CreateTokenBody, LoginBody, LoginResponse, TokenView } from './accounts.sessions.schemas.js'

function tokenView (t: AuthToken, actor: Actor) {
  return {
    id: t.id,
    kind: t.kind,
    name: t.name,
    prefix: t.prefix,
    current: t.id === actor.tokenId,
    createdAt: toApiTime(t.createdAt),
    expiresAt: toApiTime(t.expiresAt),
    lastUsedAt: toApiTime(t.lastUsedAt)
  }
}

export const authRoutes: FastifyPluginAsyncTypebox<{ secureCookie: boolean }> = async (app, opts) => {
  const { auth, users } = app.services
  const tags = ['auth']

  app.post('/auth/login', {
    config: { access: 'public' },
    schema: {
      operationId: 'login',
      tags,
      summary: '登录，取得访问令牌',
      description: '用户名不存在、密码错误、账号已锁定都答复同一个 401 auth.invalid_credentials。连续输错 LOGIN_MAX_FAILURES 次锁定 LOGIN_LOCK_MINUTES 分钟；同一地址每分钟超过 LOGIN_RATE_LIMIT_PER_MINUTE 次答复 429。',
      body: LoginBody,
      response: { 200: LoginResponse, 401: Type.Ref('ProblemDetails'), 400: Type.Ref('ProblemDetails'), 429: Type.Ref('ProblemDetails') }
    }
  }, async (request, reply) => {
    const result = await auth.login({ ...request.body, address: request.ip, requestId: request.id })
    reply.setCookie(SESSION_COOKIE, result.token, { httpOnly: true, sameSite: 'strict', secure: opts.secureCookie, path: '/', expires: result.expiresAt })
    return { token: result.token, expiresAt: toApiTime(result.expiresAt), user: userView(result.user) }
  })

  app.post('/auth/logout', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'logout', tags, summary: '退出登录（吊销当前令牌）', response: { 204: NoContent, ...problemResponses } }
  }, async (request, reply) => {
    auth.logout(request.actor)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.code(204).send(null)
  })

  app.get('/me', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'getMe', tags, summary: '当前用户', response: { 200: UserView, ...problemResponses } }
  }, async (request) => userView(users.get(request.actor, request.actor.userId!)))

  app.post('/me/password', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'changeMyPassword', tags, summary: '修改本人密码（其他会话随之失效）', body: ChangePasswordBody, response: { 204: NoContent, ...problemResponses } }
  }, async (request, reply) => {
    await auth.changeOwnPassword(request.actor, request.body)
    return reply.code(204).send(null)
  })

  app.get('/me/tokens', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'listMyTokens', tags, summary: '本人有效的会话和 API 令牌', response: { 200: Type.Object({ items: Type.Array(TokenView) }), ...problemResponses } }
  }, async (request) => ({ items: auth.listTokens(request.actor).map((t) => tokenView(t, request.actor)) }))

  app.post('/me/tokens', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'createMyToken', tags, summary: '创建长期 API 令牌（供脚本使用）', body: CreateTokenBody, response: { 201: CreatedToken, ...problemResponses } }
  }, async (request, reply) => {
    const { token, row } = auth.createApiToken(request.actor, request.body)
    return reply.code(201).send({ ...tokenView(row, request.actor), token })
  })

  app.delete('/me/tokens/:id', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'revokeMyToken', tags, summary: '吊销本人的令牌', params: IdParam, response: { 204: NoContent, ...problemResponses } }
  }, async (request, reply) => {
    auth.revokeToken(request.actor, request.params.id)
    return reply.code(204).send(null)
  })
}
